// Timer deadlines with several processes on one PostgreSQL database: each deliverer claims a tick
// only once it is due by its clock, and whatever two processes sweep at the same moment, every
// warning, the time-up notice and the automatic end happen once.
import { describe, expect, test } from 'vitest';
import { createDeliverer, type Deliverer } from '../../src/delivery/deliverer.ts';
import type { Place } from '../../src/domain/meeting.ts';
import { createEngine, SYSTEM_ACTOR, type Actor, type CommandName, type Engine } from '../../src/engine/engine.ts';
import { silentLogger } from '../../src/runtime/logger.ts';
import type { MeetingStore } from '../../src/store/port.ts';
import { createRecordingPlatform, type RecordingPlatform } from '../delivery/recording-platform.ts';
import { createFixedClock, seeded, type FixedClock } from '../engine/helpers.ts';
import { describePostgres, findPostgres, START_HINT } from './postgres-helpers.ts';

const PLACE: Place = { platform: 'playground', workspaceId: 'w1', channelId: 'c1', mainRoomId: 'c1' };
const HOST: Actor = { id: 'host', name: 'Host' };
const MINUTE = 60_000;

/** One process: its own connection pool, engine, deliverer (one entry per claim) and platform. */
interface Process {
  readonly engine: Engine;
  readonly deliverer: Deliverer;
  readonly platform: RecordingPlatform;
  /** Ticks this process's deliverer ran (each a due deadline it claimed). */
  readonly ticks: string[];
}

function openProcess(store: MeetingStore, clock: FixedClock, name: string): Process {
  const inner = createEngine({ store, clock, random: seeded(name) });
  const ticks: string[] = [];
  const engine: Engine = {
    ...inner,
    execute(request) {
      if (request.command === 'tick') ticks.push((request.input as { due: string }).due);
      return inner.execute(request);
    },
  };
  const platform = createRecordingPlatform();
  const deliverer = createDeliverer({ store, engine, platform, clock, logger: silentLogger, serves: 'playground', boardPaceMs: 0, boardIntervalMs: 0, graceMs: 0, concurrency: 1 });
  return { engine, deliverer, platform, ticks };
}

async function act(p: Process, command: CommandName, input: unknown): Promise<void> {
  const outcome = await p.engine.execute({ target: { place: PLACE }, actor: HOST, command, input });
  if (!outcome.ok) throw new Error(`${command} was refused: ${outcome.message}`);
  await p.deliverer.deliver(outcome);
  await p.deliverer.idle();
}

/** Both processes sweep at the same moment. */
async function sweepBoth(processes: readonly Process[]): Promise<void> {
  await Promise.all(processes.map((p) => p.deliverer.sweep({ olderThanMs: 0 })));
  await Promise.all(processes.map((p) => p.deliverer.idle()));
}

const server = await findPostgres();
if (!server.ok && process.env['CI']) {
  // CI always has PostgreSQL: never skip there.
  describe('timer deadlines on PostgreSQL', () => {
    test('has a PostgreSQL server to run against (CI is set)', () => {
      throw new Error(`CI is set but ${server.reason}. ${START_HINT}.`);
    });
  });
} else {
  describePostgres(server, 'timer deadlines on PostgreSQL', ({ open }) => {
    test('two processes sweeping the same due ticks give each notice once per room and per phone caller, and end the meeting once', async () => {
      const clock = createFixedClock('2026-03-01T14:00:00.000Z');
      const [storeA, storeB] = await Promise.all([open(), open()]);
      const a = openProcess(storeA!, clock, 'a');
      const b = openProcess(storeB!, clock, 'b');
      try {
        const people = [
          { id: 'p0', name: 'Pat', audio: 'phone' },
          { id: 'v0', name: 'Val', audio: 'voip' },
          { id: 'v1', name: 'Vic', audio: 'voip' },
          { id: 'v2', name: 'Viv', audio: 'voip' },
        ];
        await act(a, 'import', { people });
        await act(a, 'rooms', { count: 2 });
        for (const [id, to] of [['p0', 1], ['v0', 2], ['v1', 2], ['v2', 2]] as const) await act(a, 'move', { user: { id }, to });
        await act(a, 'start', { duration: '20m' });
        clock.advance(MINUTE);
        // Two deadlines of the 5-minute warning wait now: 14:15 (before) and 14:14 (after -1m).
        await act(b, 'timer', { change: '-1m' });

        // Not due yet by either clock: nobody takes a tick early.
        clock.advance(12 * MINUTE);
        await sweepBoth([a, b]);
        expect([...a.platform.posts, ...b.platform.posts]).toEqual([]);

        clock.advance(3 * MINUTE); // 14:16: both ticks are due, each process takes one
        await sweepBoth([a, b]);
        const posts = () => [...a.platform.posts, ...b.platform.posts];
        const dms = () => [...a.platform.dms, ...b.platform.dms].filter((d) => d.message.kind === 'announcement');
        // Both deadlines were run (by whichever process claimed each), and the warning went out once.
        expect([...a.ticks, ...b.ticks].sort()).toEqual(['2026-03-01T14:14:00.000Z', '2026-03-01T14:15:00.000Z']);
        expect(posts().map((p) => `${p.room}:${p.message.kind}`).sort()).toEqual(['1:timer-warning', '2:timer-warning']);
        expect(dms().map((d) => d.to)).toEqual(['p0']);

        // A tick of a deadline already handled (another process, a repeat) finds nothing to do.
        const again = await b.engine.execute({ target: { meetingId: (await storeB!.get('playground:w1:c1'))!.id }, actor: SYSTEM_ACTOR, command: 'tick', input: { due: '2026-03-01T14:14:00.000Z' } });
        expect(again.ok && again.changed).toBe(false);

        for (const step of [2 * MINUTE, MINUTE, 30_000, 30_000, 5 * MINUTE]) {
          clock.advance(step); // 14:18 one minute left, 14:19 time up, 14:20 the end, then later
          await sweepBoth([a, b]);
        }
        // Whichever process gave each notice: the two processes' calls, counted together.
        const kinds = (room: number) => posts().filter((p) => p.room === room).map((p) => p.message.kind).sort();
        for (const room of [1, 2]) expect(kinds(room)).toEqual(['timer-closing', 'timer-warning', 'timer-warning']);
        expect(dms().map((d) => d.to)).toEqual(['p0', 'p0', 'p0']);
        const closes = [...a.platform.calls, ...b.platform.calls].filter((c) => c.startsWith('close:')).sort();
        expect(closes).toEqual(['close:1', 'close:2']);
        const ended = await storeA!.get('playground:w1:c1');
        expect(ended?.status).toBe('ended');
        expect(ended?.timerEnded).toEqual({ at: '2026-03-01T14:20:00.000Z', lateSeconds: 0 });
      } finally {
        await Promise.all([a.deliverer.stop(), b.deliverer.stop()]);
      }
    });
  });
}
