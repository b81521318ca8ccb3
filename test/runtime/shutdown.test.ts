// The drain on a shutdown signal: health turns to draining first, adapters finish their work, the
// store closes, then exit 0; work that outlasts the drain time is named in the log and exit is 1;
// a second signal exits at once.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { RunningAdapter } from '../../src/runtime/adapter.ts';
import { createLogger } from '../../src/runtime/logger.ts';
import { createShutdown, type ShutdownOptions } from '../../src/runtime/shutdown.ts';

const Line = z.object({ level: z.string(), message: z.string() }).catchall(z.unknown());

/** An adapter whose stop() waits until the test lets it finish. */
function slowAdapter(name: string, events: string[]): RunningAdapter & { finish(): void } {
  let finish = (): void => {};
  const done = new Promise<void>((resolve) => (finish = resolve));
  return {
    name,
    description: name,
    health: () => ({ ok: true }),
    async stop() {
      events.push(`${name} stopping`);
      await done;
      events.push(`${name} stopped`);
    },
    finish: () => finish(),
  };
}

function rig(adapters: RunningAdapter[], events: string[], overrides: Partial<ShutdownOptions> = {}) {
  const logs: string[] = [];
  let exited: (code: number) => void = () => {};
  const exit = new Promise<number>((resolve) => (exited = resolve));
  const codes: number[] = [];
  const shutdown = createShutdown({
    adapters: () => adapters,
    store: { close: async () => void events.push('store closed') },
    opsServer: { close: async () => void events.push('ops server closed') },
    markDraining: () => events.push('draining'),
    drainMs: 30_000,
    logger: createLogger({ write: (l) => logs.push(l) }),
    exit: (code) => {
      codes.push(code);
      events.push(`exit ${code}`);
      exited(code);
    },
    ...overrides,
  });
  const messages = (): string[] => logs.map((l) => Line.parse(JSON.parse(l)).message);
  return { shutdown, exit, codes, logs, messages };
}

describe('shutdown on a signal', () => {
  it('marks draining first, waits for every adapter, closes the store, then the ops server, and exits 0', async () => {
    const events: string[] = [];
    const slack = slowAdapter('slack', events);
    const discord = slowAdapter('discord', events);
    const r = rig([slack, discord], events);
    const stopping = r.shutdown.onSignal('SIGTERM');
    await Promise.resolve();
    expect(events).toEqual(['draining', 'slack stopping', 'discord stopping']);
    slack.finish();
    discord.finish();
    expect(await r.exit).toBe(0);
    await stopping;
    expect(events).toEqual(['draining', 'slack stopping', 'discord stopping', 'slack stopped', 'discord stopped', 'store closed', 'ops server closed', 'exit 0']);
    expect(r.messages()).toEqual([
      'stopping: health answers 503 draining; finishing the work under way',
      'stopping: adapter stopped',
      'stopping: adapter stopped',
      'stopping: store closed',
      'stopped',
    ]);
  });

  it('exits 1 past the drain time, naming what was still running, and only once', async () => {
    const events: string[] = [];
    const slack = slowAdapter('slack', events);
    const stuck = slowAdapter('discord', events);
    const r = rig([slack, stuck], events, { drainMs: 20 });
    const draining = r.shutdown.onSignal('SIGTERM');
    // Slack finishes its work; Discord's goes on past the drain time.
    slack.finish();
    expect(await r.exit).toBe(1);
    const timedOut = r.logs.map((l) => Line.parse(JSON.parse(l))).find((l) => l.message.includes('took longer than BREAKOUTS_DRAIN_SECONDS'));
    expect(timedOut).toMatchObject({ level: 'error', stillRunning: ['discord'] });
    expect(events).not.toContain('store closed');
    stuck.finish();
    await draining;
    expect(r.codes).toEqual([1]);
  });

  it('exits at once with 1 on a second signal, and does not exit again when the drain ends', async () => {
    const events: string[] = [];
    const slack = slowAdapter('slack', events);
    const r = rig([slack], events);
    const first = r.shutdown.onSignal('SIGTERM');
    await r.shutdown.onSignal('SIGINT');
    expect(r.codes).toEqual([1]);
    expect(r.messages()).toContain('stopping now: a second signal, so the work under way is left unfinished');
    slack.finish();
    await first;
    expect(r.codes).toEqual([1]);
  });

  it('exits 1 when an adapter or the store fails to stop, after logging it and still closing the rest', async () => {
    const events: string[] = [];
    const broken: RunningAdapter = {
      name: 'slack',
      description: 'slack',
      health: () => ({ ok: true }),
      stop: () => Promise.reject(new Error('receiver would not close')),
    };
    const r = rig([broken], events, { store: { close: () => Promise.reject(new Error('pool end failed')) } });
    await r.shutdown.onSignal('SIGTERM');
    expect(r.codes).toEqual([1]);
    expect(events).toEqual(['draining', 'ops server closed', 'exit 1']);
    expect(r.messages()).toEqual([
      'stopping: health answers 503 draining; finishing the work under way',
      'stopping: an adapter failed to stop cleanly',
      'stopping: the store failed to close cleanly',
      'stopped',
    ]);
  });
});
