// The breakouts timer through the real engine, store and deliverer with a clock the tests move:
// warnings once per room and per phone caller, time up, the automatic end, changes along the way,
// a plan before the start, refusals in plain words, and a restart half-way (deadlines on disk).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { buildBoard } from '../../src/board/board.ts';
import { parseCommandText } from '../../src/commands/parse-text.ts';
import { createDeliverer, type Deliverer } from '../../src/delivery/deliverer.ts';
import type { Meeting, Place } from '../../src/domain/meeting.ts';
import type { Outcome, Refusal, RoomMessageKind, Success } from '../../src/domain/outcome.ts';
import { createEngine, type Actor, type CommandName, type Engine } from '../../src/engine/engine.ts';
import { silentLogger } from '../../src/runtime/logger.ts';
import type { MeetingStore } from '../../src/store/port.ts';
import { createMemoryStore, openFileStore } from '../../src/store/store.ts';
import { createRecordingPlatform, type RecordingPlatform } from '../delivery/recording-platform.ts';
import { createFixedClock, nameOf, seeded, type FixedClock } from '../engine/helpers.ts';

const PLACE: Place = { platform: 'playground', workspaceId: 'w1', channelId: 'c1', mainRoomId: 'c1' };
const HOST: Actor = { id: 'host', name: 'Host' };
const MINUTE = 60_000;
/** Room 1: two phone callers; rooms 2 and 3: two on computer audio each. */
const LAYOUT: Readonly<Record<string, number>> = { p0: 1, p1: 1, v0: 2, v1: 2, v2: 3, v3: 3 };
const PHONE_CALLERS = ['p0', 'p1'];

/** One process: an engine and a deliverer over a store, with a platform that records every call. */
interface Rig {
  readonly store: MeetingStore;
  readonly engine: Engine;
  readonly deliverer: Deliverer;
  readonly platform: RecordingPlatform;
  /** Type a command as the host (or `actor`) and deliver what it did, as an adapter would. */
  type(text: string, actor?: Actor): Promise<Outcome>;
  ok(text: string, actor?: Actor): Promise<Success>;
  refused(text: string, actor?: Actor): Promise<Refusal>;
  meeting(): Promise<Meeting>;
  /** The process's sweep after the clock moved: whatever came due is done. */
  sweep(): Promise<void>;
}

const running: Deliverer[] = [];
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((d) => d.stop()));
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function createRig(store: MeetingStore, clock: FixedClock, seed = 'timer'): Rig {
  const engine = createEngine({ store, clock, random: seeded(seed) });
  const platform = createRecordingPlatform();
  const deliverer = createDeliverer({ store, engine, platform, clock, logger: silentLogger, serves: 'playground', boardPaceMs: 0, boardIntervalMs: 0, graceMs: 0 });
  running.push(deliverer);
  async function type(text: string, actor: Actor = HOST): Promise<Outcome> {
    const parsed = parseCommandText(text);
    if (!parsed.ok) throw new Error(`“${text}” did not parse: ${parsed.message}`);
    return run(parsed.name, parsed.args, actor);
  }
  async function run(command: CommandName, input: unknown, actor: Actor = HOST): Promise<Outcome> {
    const outcome = await engine.execute({ target: { place: PLACE }, actor, command, input });
    if (outcome.ok && !outcome.duplicate) await deliverer.deliver(outcome);
    await deliverer.idle();
    return outcome;
  }
  const rig: Rig = {
    store,
    engine,
    deliverer,
    platform,
    type,
    async ok(text, actor) {
      const outcome = await type(text, actor);
      if (!outcome.ok) throw new Error(`${text} was refused (${outcome.code}): ${outcome.message}`);
      return outcome;
    },
    async refused(text, actor) {
      const outcome = await type(text, actor);
      if (outcome.ok) throw new Error(`${text} went through but should have been refused: ${outcome.reply}`);
      return outcome;
    },
    async meeting() {
      const m = await store.get(`${PLACE.platform}:${PLACE.workspaceId}:${PLACE.channelId}`);
      if (!m) throw new Error('no meeting stored');
      return m;
    },
    async sweep() {
      await deliverer.sweep({ olderThanMs: 0 });
      await deliverer.idle();
    },
  };
  return rig;
}

/** The meeting "Standup" with its people placed (not started), on a clock at 14:00 UTC. */
async function meetingReady(rig: Rig): Promise<void> {
  const people = Object.keys(LAYOUT).map((id) => ({ id, name: nameOf(id), audio: id.startsWith('p') ? 'phone' : 'voip' }));
  await rig.engine.execute({ target: { place: PLACE }, actor: HOST, command: 'import', input: { people } });
  await rig.ok('rooms 3');
  await rig.ok('title Standup');
  for (const [id, room] of Object.entries(LAYOUT)) {
    const moved = await rig.engine.execute({ target: { place: PLACE }, actor: HOST, command: 'move', input: { user: { id }, to: room } });
    if (!moved.ok) throw new Error(moved.message);
  }
}

async function memoryRig(): Promise<{ rig: Rig; clock: FixedClock }> {
  const clock = createFixedClock('2026-03-01T14:00:00.000Z');
  const rig = createRig(createMemoryStore(), clock);
  await meetingReady(rig);
  return { rig, clock };
}

/** Posts of one kind, per room: { 1: [...texts], 2: [...], 3: [...] }. */
function postsByRoom(platform: RecordingPlatform, kind: RoomMessageKind): Record<number, string[]> {
  const out: Record<number, string[]> = { 1: [], 2: [], 3: [] };
  for (const p of platform.posts) if (p.message.kind === kind) (out[p.room] ??= []).push(p.message.text);
  return out;
}

/** The announcements each phone caller got by DM (the timer's words they cannot read in chat). */
function announcements(platform: RecordingPlatform): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const d of platform.dms) if (d.message.kind === 'announcement') (out[d.to] ??= []).push(d.message.text);
  return out;
}

const closes = (platform: RecordingPlatform): string[] => platform.calls.filter((c) => c.startsWith('close:')).sort();

describe('a timed run', () => {
  test('20 minutes with +5m and -2m along the way: each room and each phone caller is warned once per notice, told when it closes, and the meeting ends by itself', async () => {
    const { rig, clock } = await memoryRig();
    const started = await rig.ok('start 20m');
    expect(started.reply).toContain('Timer: 20 min. Rooms close at 14:20 UTC (in 20 min)');
    expect(started.meeting.timer).toEqual({ startedAt: '2026-03-01T14:00:00.000Z', endsAt: '2026-03-01T14:20:00.000Z', totalSeconds: 1200, sent: [] });
    expect(started.effects).toContainEqual({ type: 'tick', due: '2026-03-01T14:15:00.000Z' });
    expect(rig.platform.calls.filter((c) => c.startsWith('open:')).sort()).toEqual(['open:1', 'open:2', 'open:3']);

    clock.advance(5 * MINUTE);
    await rig.sweep();
    const extended = await rig.ok('timer +5m');
    expect(extended.reply).toBe('Extended by 5 min. Rooms close at 14:25 UTC (in 20 min), then 60 s of grace before everyone is brought back.');
    expect(extended.effects).toContainEqual({ type: 'tick', due: '2026-03-01T14:20:00.000Z' });
    // Every open room's status line shows the new end.
    expect(extended.effects.filter((e) => e.type === 'room-status')).toEqual([1, 2, 3].map((room) => ({ type: 'room-status', room })));
    expect(rig.platform.statuses.filter((s) => s.line.includes('14:25 UTC')).map((s) => s.room).sort()).toEqual([1, 2, 3]);

    // The first deadline (14:15) moved: its tick comes and finds nothing to do.
    clock.advance(10 * MINUTE);
    await rig.sweep();
    expect(rig.platform.posts).toEqual([]);

    const shortened = await rig.ok('timer -2m');
    expect(shortened.meeting.timer).toMatchObject({ endsAt: '2026-03-01T14:23:00.000Z', totalSeconds: 1380, sent: [] });
    expect(shortened.reply).toContain('Shortened by 2 min. Rooms close at 14:23 UTC (in 8 min)');

    clock.advance(3 * MINUTE); // 14:18: 5 minutes left
    await rig.sweep();
    expect(postsByRoom(rig.platform, 'timer-warning')).toEqual({
      1: ['5 minutes left in Breakout 1 (Standup): rooms close at 14:23 UTC.'],
      2: ['5 minutes left in Breakout 2 (Standup): rooms close at 14:23 UTC.'],
      3: ['5 minutes left in Breakout 3 (Standup): rooms close at 14:23 UTC.'],
    });
    expect(announcements(rig.platform)).toEqual({ p0: ['5 minutes left in Breakout 1 (Standup): rooms close at 14:23 UTC.'], p1: ['5 minutes left in Breakout 1 (Standup): rooms close at 14:23 UTC.'] });

    clock.advance(2 * MINUTE); // 14:20: the tick of the deadline before -2m finds nothing due
    await rig.sweep();
    expect(rig.platform.posts).toHaveLength(3);

    clock.advance(2 * MINUTE); // 14:22: 1 minute left
    await rig.sweep();
    expect(postsByRoom(rig.platform, 'timer-warning')[3]).toEqual(['5 minutes left in Breakout 3 (Standup): rooms close at 14:23 UTC.', '1 minute left in Breakout 3 (Standup): rooms close at 14:23 UTC.']);

    clock.advance(MINUTE); // 14:23: time is up
    await rig.sweep();
    expect(postsByRoom(rig.platform, 'timer-closing')).toEqual({
      1: ['Time is up in Breakout 1 (Standup): this room closes in 60 s (at 14:24 UTC).'],
      2: ['Time is up in Breakout 2 (Standup): this room closes in 60 s (at 14:24 UTC).'],
      3: ['Time is up in Breakout 3 (Standup): this room closes in 60 s (at 14:24 UTC).'],
    });
    const closing = await rig.meeting();
    expect(closing.timer).toMatchObject({ sent: ['5m', '1m', 'zero'], closesAt: '2026-03-01T14:24:00.000Z' });
    expect(buildBoard(closing, undefined, clock.now()).timer?.line).toBe('Time is up: rooms close at 14:24 UTC (in 1 min)');
    expect(closes(rig.platform)).toEqual([]);

    clock.advance(MINUTE); // 14:24: the grace is over, breakouts end by themselves
    await rig.sweep();
    expect(closes(rig.platform)).toEqual(['close:1', 'close:2', 'close:3']);
    const ended = await rig.meeting();
    expect(ended.status).toBe('ended');
    expect(ended.timer).toBeUndefined();
    expect(ended.timerEnded).toEqual({ at: '2026-03-01T14:24:00.000Z', lateSeconds: 0 });
    expect(ended.run).toMatchObject({ kind: 'end', finished: true });
    expect(buildBoard(ended, undefined, clock.now()).timerNote).toBeUndefined();

    // Much later: nothing more happens, and every notice went out exactly once per room and caller.
    clock.advance(30 * MINUTE);
    await rig.sweep();
    const kinds = (room: number) => rig.platform.posts.filter((p) => p.room === room).map((p) => p.message.kind);
    for (const room of [1, 2, 3]) expect(kinds(room)).toEqual(['timer-warning', 'timer-warning', 'timer-closing']);
    for (const caller of PHONE_CALLERS) expect(announcements(rig.platform)[caller]).toHaveLength(3);
    // Nobody on computer audio is sent the timer by DM: they read it in their room.
    expect(rig.platform.dms.filter((d) => d.message.kind === 'announcement' && !PHONE_CALLERS.includes(d.to))).toEqual([]);
    expect(closes(rig.platform)).toHaveLength(3);
  });

  test('an extension after the 1-minute warning warns again before the new end (and the 5-minute warning, now that the run is long enough)', async () => {
    const { rig, clock } = await memoryRig();
    await rig.ok('start 10m');
    clock.advance(9 * MINUTE);
    await rig.sweep();
    expect(postsByRoom(rig.platform, 'timer-warning')[2]).toEqual(['1 minute left in Breakout 2 (Standup): rooms close at 14:10 UTC.']);
    clock.advance(10_000);
    const extended = await rig.ok('timer +5m');
    expect(extended.meeting.timer).toMatchObject({ endsAt: '2026-03-01T14:15:00.000Z', totalSeconds: 900, sent: [] });
    clock.advance(50_000); // 14:10: 5 minutes left
    await rig.sweep();
    clock.advance(4 * MINUTE); // 14:14: 1 minute left, again
    await rig.sweep();
    expect(postsByRoom(rig.platform, 'timer-warning')[2]).toEqual([
      '1 minute left in Breakout 2 (Standup): rooms close at 14:10 UTC.',
      '5 minutes left in Breakout 2 (Standup): rooms close at 14:15 UTC.',
      '1 minute left in Breakout 2 (Standup): rooms close at 14:15 UTC.',
    ]);
    expect(postsByRoom(rig.platform, 'timer-closing')[2]).toEqual([]);
  });

  test('shortened past zero, time is up at once: every room is told it closes after the grace, then it ends', async () => {
    const { rig, clock } = await memoryRig();
    await rig.ok('start 20m');
    clock.advance(3 * MINUTE);
    const shortened = await rig.ok('timer -30m');
    expect(shortened.reply).toBe('Shortened by 30 min. Time is up now: every room is told it closes at 14:04 UTC.');
    expect(postsByRoom(rig.platform, 'timer-closing')[1]).toEqual(['Time is up in Breakout 1 (Standup): this room closes in 60 s (at 14:04 UTC).']);
    // Never a warning for minutes that no longer exist.
    expect(postsByRoom(rig.platform, 'timer-warning')).toEqual({ 1: [], 2: [], 3: [] });
    expect(shortened.meeting.timer).toMatchObject({ endsAt: '2026-03-01T14:03:00.000Z', totalSeconds: 180, sent: ['1m', 'zero'], closesAt: '2026-03-01T14:04:00.000Z' });
    clock.advance(MINUTE);
    await rig.sweep();
    expect((await rig.meeting()).status).toBe('ended');
    expect(closes(rig.platform)).toEqual(['close:1', 'close:2', 'close:3']);
  });

  test('a tick that comes late gives only the most urgent notice: never “5 minutes left” when 30 seconds are left', async () => {
    const { rig, clock } = await memoryRig();
    await rig.ok('start 20m');
    clock.advance(19 * MINUTE + 30_000); // nobody swept at 14:15 or 14:19
    await rig.sweep();
    expect(postsByRoom(rig.platform, 'timer-warning')).toEqual({
      1: ['30 seconds left in Breakout 1 (Standup): rooms close at 14:20 UTC.'],
      2: ['30 seconds left in Breakout 2 (Standup): rooms close at 14:20 UTC.'],
      3: ['30 seconds left in Breakout 3 (Standup): rooms close at 14:20 UTC.'],
    });
    expect((await rig.meeting()).timer?.sent).toEqual(['5m', '1m']);
  });

  test('End during a timed run ends the timer too: the deadlines still waiting find nothing to do', async () => {
    const { rig, clock } = await memoryRig();
    await rig.ok('start 20m');
    clock.advance(2 * MINUTE);
    const ended = await rig.ok('end');
    expect(ended.reply).toBe('Ending breakouts: everyone is going back to the main room.');
    expect(ended.meeting.timer).toBeUndefined();
    expect(ended.meeting.timerEnded).toEqual({ at: '2026-03-01T14:02:00.000Z', lateSeconds: 0 });
    for (let i = 0; i < 4; i++) {
      clock.advance(6 * MINUTE);
      await rig.sweep();
    }
    expect(rig.platform.posts).toEqual([]);
    expect(closes(rig.platform)).toEqual(['close:1', 'close:2', 'close:3']);
  });
});

describe('setting the timer', () => {
  test('timer 10m before the start plans the next run; start runs it (no 5-minute warning for 10 minutes) and uses the plan up', async () => {
    const { rig, clock } = await memoryRig();
    const planned = await rig.ok('timer 10m');
    expect(planned.reply).toBe('Timer planned: 10 min, from Start. Rooms are warned at 5 and 1 minutes left and close 60 s after time is up.');
    expect(planned.meeting.settings.plannedTimerSeconds).toBe(600);
    expect(buildBoard(planned.meeting).plannedTimer).toBe('Timer: 10 min, from Start');
    expect((await rig.ok('timer')).reply).toContain('Timer planned: 10 min, from Start.');

    const started = await rig.ok('start');
    expect(started.reply).toContain('Timer: 10 min. Rooms close at 14:10 UTC (in 10 min)');
    expect(started.meeting.timer).toMatchObject({ endsAt: '2026-03-01T14:10:00.000Z', totalSeconds: 600 });
    expect(started.meeting.settings.plannedTimerSeconds).toBeUndefined();
    expect(started.effects).toContainEqual({ type: 'tick', due: '2026-03-01T14:09:00.000Z' });
    expect(buildBoard(started.meeting, undefined, clock.now()).timer).toEqual({
      endsAt: '2026-03-01T14:10:00.000Z',
      endsAtSeconds: Date.parse('2026-03-01T14:10:00.000Z') / 1000,
      closing: false,
      leftSeconds: 600,
      line: 'Rooms close at 14:10 UTC (in 10 min)',
    });

    clock.advance(9 * MINUTE);
    await rig.sweep();
    expect(postsByRoom(rig.platform, 'timer-warning')[1]).toEqual(['1 minute left in Breakout 1 (Standup): rooms close at 14:10 UTC.']);
    expect(rig.platform.posts.filter((p) => p.message.text.startsWith('5 minutes'))).toEqual([]);
    const shown = await rig.ok('timer');
    expect(shown.reply).toBe('1 min left: rooms close at 14:10 UTC. Grace after time is up: 60 s.');
    expect(shown.changed).toBe(false);
  });

  test('timer 10m while rooms are open sets what is left; without a timer it starts one', async () => {
    const { rig, clock } = await memoryRig();
    await rig.ok('start');
    expect((await rig.meeting()).timer).toBeUndefined();
    clock.advance(MINUTE);
    const set = await rig.ok('timer 10m');
    expect(set.reply).toBe('Timer set: 10 min. Rooms close at 14:11 UTC (in 10 min), then 60 s of grace before everyone is brought back.');
    clock.advance(2 * MINUTE);
    const reset = await rig.ok('timer 3m');
    expect(reset.meeting.timer).toMatchObject({ startedAt: '2026-03-01T14:01:00.000Z', endsAt: '2026-03-01T14:06:00.000Z', totalSeconds: 300 });
  });

  test('timer off removes the running timer (its deadlines then do nothing) or the plan; with neither it says so', async () => {
    const { rig, clock } = await memoryRig();
    expect((await rig.ok('timer off')).reply).toBe('There is no timer to turn off.');
    await rig.ok('timer 15m');
    const unplanned = await rig.ok('timer off');
    expect(unplanned.reply).toBe('Planned timer removed: the next start runs without one.');
    expect(unplanned.meeting.settings.plannedTimerSeconds).toBeUndefined();

    await rig.ok('start 15m');
    clock.advance(MINUTE);
    const statusesBefore = rig.platform.statuses.length;
    const off = await rig.ok('timer off');
    expect(off.reply).toBe('Timer off: the rooms stay open until someone presses End.');
    expect(off.meeting.timer).toBeUndefined();
    // The rooms' status lines no longer show an end.
    expect(rig.platform.statuses.slice(statusesBefore).map((s) => s.room).sort()).toEqual([1, 2, 3]);
    for (const s of rig.platform.statuses.slice(statusesBefore)) expect(s.line).not.toContain('⏱');
    for (let i = 0; i < 4; i++) {
      clock.advance(5 * MINUTE);
      await rig.sweep();
    }
    expect(rig.platform.posts).toEqual([]);
    expect((await rig.meeting()).status).toBe('started');
  });

  test('timer grace 30s: the rooms are told they close 30 s after time is up, and they do', async () => {
    const { rig, clock } = await memoryRig();
    const grace = await rig.ok('timer grace 30s');
    expect(grace.reply).toBe('Grace set: rooms close 30 s after time is up.');
    expect(grace.meeting.settings.timerGraceSeconds).toBe(30);
    await rig.ok('start 2m');
    clock.advance(2 * MINUTE);
    await rig.sweep();
    expect(postsByRoom(rig.platform, 'timer-closing')[3]).toEqual(['Time is up in Breakout 3 (Standup): this room closes in 30 s (at 14:02 UTC).']);
    expect((await rig.meeting()).timer?.closesAt).toBe('2026-03-01T14:02:30.000Z');
    clock.advance(29_000);
    await rig.sweep();
    expect((await rig.meeting()).status).toBe('started');
    clock.advance(1_000);
    await rig.sweep();
    expect((await rig.meeting()).status).toBe('ended');
  });

  test('a grace changed after time is up moves the close with it', async () => {
    const { rig, clock } = await memoryRig();
    await rig.ok('start 2m');
    clock.advance(2 * MINUTE);
    await rig.sweep();
    expect((await rig.meeting()).timer?.closesAt).toBe('2026-03-01T14:03:00.000Z');
    const longer = await rig.ok('timer grace 5m');
    expect(longer.meeting.timer?.closesAt).toBe('2026-03-01T14:07:00.000Z');
    clock.advance(2 * MINUTE);
    await rig.sweep();
    expect((await rig.meeting()).status).toBe('started');
    clock.advance(3 * MINUTE);
    await rig.sweep();
    expect((await rig.meeting()).status).toBe('ended');
  });

  test('bad input is refused in plain words and changes nothing', async () => {
    const { rig } = await memoryRig();
    const before = await rig.meeting();
    const cases: [string, string][] = [
      ['start 15x', '/breakouts start: duration “15x” is not a duration: write it like 90s, 15m or 1h. Nothing was changed.'],
      ['start 25h', 'duration “25h” is longer than a timer can run (at most 24 h)'],
      ['start 0s', 'duration must be at least 1 second'],
      ['timer banana', '“banana” is not a duration: write it like 90s, 15m or 1h. Type /breakouts timer 10m (what is left), timer +5m, timer -2m, timer off, or timer grace 30s. Nothing was changed.'],
      ['timer +5x', '“5x” is not a duration: write it like 90s, 15m or 1h.'],
      ['timer grace', 'Say how long the grace is: write it like /breakouts timer grace 30s. Nothing was changed.'],
      ['timer grace 20m', 'The grace can be at most 10 min. Nothing was changed.'],
      ['timer 30h', 'A timer runs at most 24 h. Nothing was changed.'],
      ['timer 0', 'A timer needs at least 1 second.'],
      ['timer +5m', 'There is no timer to change: type /breakouts timer 15m to plan one for the next start. Nothing was changed.'],
    ];
    for (const [text, words] of cases) {
      const refusal = await rig.refused(text);
      expect(refusal.code, text).toBe('bad-input');
      expect(refusal.message, text).toContain(words);
    }
    expect(await rig.meeting()).toEqual(before);

    await rig.ok('start');
    const started = await rig.meeting();
    expect((await rig.refused('timer -2m')).message).toBe('No timer is running, so there is nothing to shorten. Type /breakouts timer 10m to set one. Nothing was changed.');
    expect((await rig.refused('timer 10m', { id: 'v0', name: nameOf('v0') })).code).toBe('forbidden');
    expect(await rig.meeting()).toEqual(started);
    expect(rig.platform.posts).toEqual([]);
  });
});

describe('a restart half-way through a timed run', () => {
  async function fileRigs(): Promise<{ first: Rig; clock: FixedClock; reopen: () => Promise<Rig> }> {
    const folder = await mkdtemp(join(tmpdir(), 'breakouts-timer-'));
    cleanups.push(() => rm(folder, { recursive: true, force: true }));
    const clock = createFixedClock('2026-03-01T14:00:00.000Z');
    const stores: MeetingStore[] = [];
    cleanups.push(async () => {
      for (const s of stores) await s.close().catch(() => undefined);
    });
    const open = async (seed: string): Promise<Rig> => {
      const store = await openFileStore(folder);
      stores.push(store);
      return createRig(store, clock, seed);
    };
    const first = await open('first');
    await meetingReady(first);
    return {
      first,
      clock,
      async reopen() {
        // The first process stops (its lock on the data folder goes with it), then a new one starts.
        await first.deliverer.stop();
        await first.store.close();
        return open('second');
      },
    };
  }

  test('deadlines live on disk: a warning due while Breakouts was down is given once, and a long-past end ends the meeting with a note that it was late', async () => {
    const { first, clock, reopen } = await fileRigs();
    await first.ok('start 20m');
    clock.advance(10 * MINUTE);
    await first.sweep();
    expect(first.platform.posts).toEqual([]);

    // Down from 14:10 to 14:16: the 5-minute warning (14:15) is given once when it comes back.
    clock.advance(6 * MINUTE);
    const second = await reopen();
    await second.sweep();
    await second.sweep();
    expect(postsByRoom(second.platform, 'timer-warning')).toEqual({
      1: ['4 minutes left in Breakout 1 (Standup): rooms close at 14:20 UTC.'],
      2: ['4 minutes left in Breakout 2 (Standup): rooms close at 14:20 UTC.'],
      3: ['4 minutes left in Breakout 3 (Standup): rooms close at 14:20 UTC.'],
    });
    expect(announcements(second.platform)).toEqual({ p0: ['4 minutes left in Breakout 1 (Standup): rooms close at 14:20 UTC.'], p1: ['4 minutes left in Breakout 1 (Standup): rooms close at 14:20 UTC.'] });

    // Then nothing runs until 14:40: the end (planned for 14:21) happens at once, 19 minutes late.
    clock.advance(24 * MINUTE);
    await second.sweep();
    const ended = await second.meeting();
    expect(ended.status).toBe('ended');
    expect(ended.timerEnded).toEqual({ at: '2026-03-01T14:40:00.000Z', lateSeconds: 19 * 60 });
    expect(buildBoard(ended, undefined, clock.now()).timerNote).toBe('Breakouts ended 19 min late: Breakouts was not running when the timer ran out.');
    expect(closes(second.platform)).toEqual(['close:1', 'close:2', 'close:3']);
    // No "1 minute left" or "time is up" for moments long gone.
    expect(postsByRoom(second.platform, 'timer-warning')[1]).toHaveLength(1);
    expect(postsByRoom(second.platform, 'timer-closing')).toEqual({ 1: [], 2: [], 3: [] });

    clock.advance(10 * MINUTE);
    await second.sweep();
    expect(second.platform.posts).toHaveLength(3);
    expect(closes(second.platform)).toHaveLength(3);
  });

  test('a restart during the grace ends on time: the close announced before the restart is kept', async () => {
    const { first, clock, reopen } = await fileRigs();
    await first.ok('start 5m');
    clock.advance(5 * MINUTE);
    await first.sweep();
    expect(postsByRoom(first.platform, 'timer-closing')[1]).toEqual(['Time is up in Breakout 1 (Standup): this room closes in 60 s (at 14:06 UTC).']);
    clock.advance(30_000);
    const second = await reopen();
    await second.sweep();
    expect((await second.meeting()).status).toBe('started');
    clock.advance(30_000);
    await second.sweep();
    const ended = await second.meeting();
    expect(ended.timerEnded).toEqual({ at: '2026-03-01T14:06:00.000Z', lateSeconds: 0 });
    expect(second.platform.posts).toEqual([]);
    expect(closes(second.platform)).toEqual(['close:1', 'close:2', 'close:3']);
  });
});
