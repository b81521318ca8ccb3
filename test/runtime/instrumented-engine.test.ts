// The engine main.ts hands to the adapters reports each command's result and time, and answers
// exactly as the engine itself does.
import { describe, expect, it } from 'vitest';
import { createEngine, type EngineRequest } from '../../src/engine/engine.ts';
import type { CommandResult, Metrics } from '../../src/runtime/metrics.ts';
import { noMetrics } from '../../src/runtime/metrics.ts';
import { instrumentEngine } from '../../src/runtime/instrumented-engine.ts';
import { createMemoryStore } from '../../src/store/store.ts';
import { createFixedClock, HOST, PLACE, seeded } from '../engine/helpers.ts';

interface Finished {
  readonly command: string;
  readonly result: CommandResult;
  readonly code: string | undefined;
  readonly seconds: number;
}

/** A working Metrics that remembers the commands it heard of. */
function recordingMetrics(): Metrics & { readonly finished: Finished[] } {
  const finished: Finished[] = [];
  return { ...noMetrics, finished, commandFinished: (command, result, code, seconds) => finished.push({ command, result, code, seconds }) };
}

describe('the instrumented engine', () => {
  it('reports changed, unchanged, duplicate and refused commands with the refusal code and the time taken', async () => {
    const store = createMemoryStore();
    const engine = createEngine({ store, clock: createFixedClock(), random: seeded(1) });
    const metrics = recordingMetrics();
    let ms = 0;
    // Each call to the timer moves it on by 250 ms: every command "takes" a quarter second.
    const instrumented = instrumentEngine(engine, metrics, () => (ms += 250));
    const req = (command: EngineRequest['command'], input: unknown, requestId?: string): EngineRequest => ({ target: { place: PLACE }, actor: HOST, command, input, ...(requestId ? { requestId } : {}) });

    expect(await instrumented.execute(req('join', { audio: 'voip' }, 'r1'))).toMatchObject({ ok: true, changed: true });
    expect(await instrumented.execute(req('join', { audio: 'voip' }, 'r1'))).toMatchObject({ ok: true, duplicate: true });
    expect(await instrumented.execute(req('status', {}))).toMatchObject({ ok: true, changed: false });
    expect(await instrumented.execute(req('rooms', { count: 999 }))).toMatchObject({ ok: false, code: 'bad-input' });

    expect(metrics.finished).toEqual([
      { command: 'join', result: 'changed', code: undefined, seconds: 0.25 },
      { command: 'join', result: 'duplicate', code: undefined, seconds: 0.25 },
      { command: 'status', result: 'unchanged', code: undefined, seconds: 0.25 },
      { command: 'rooms', result: 'refused', code: 'bad-input', seconds: 0.25 },
    ]);
  });

  it('answers get and can exactly as the engine does', async () => {
    const store = createMemoryStore();
    const engine = createEngine({ store, clock: createFixedClock(), random: seeded(1) });
    const instrumented = instrumentEngine(engine, recordingMetrics());
    await instrumented.execute({ target: { place: PLACE }, actor: HOST, command: 'join', input: { audio: 'phone' } });
    expect(await instrumented.get({ place: PLACE })).toEqual(await engine.get({ place: PLACE }));
    const ask = { target: { place: PLACE }, actor: { id: 'USOMEONE', name: 'Someone' }, command: 'distribute' as const };
    expect(await instrumented.can(ask)).toEqual(await engine.can(ask));
  });
});
