// Operations around the rules: permission refusals, stale board versions, and the resumable
// apply/start/end runs (planned by the engine, carried out by the runner on a recording platform).
import { describe, expect, test } from 'vitest';
import type { CommandName } from '../../src/engine/engine.ts';
import { createCarrier } from '../delivery/carrier.ts';
import { actor, createHarness, expectUnchanged, HOST, roomOf, roster, type Harness } from '../engine/helpers.ts';
import { createRecordingLogger, createRecordingPlatform } from '../delivery/recording-platform.ts';

const PARTICIPANT = actor('v0');

describe('permission refusals change nothing', () => {
  const facilitatorOnly: [CommandName, unknown][] = [
    ['distribute', {}],
    ['shuffle', {}],
    ['rooms', { count: 5 }],
    ['rename', { room: 1, title: 'Mine' }],
    ['move', { user: { id: 'v1' }, to: 2 }],
    ['facilitator', { action: 'add', user: { id: 'v0' } }],
    ['phone-rooms', { limit: 2 }],
    ['dialin', { number: '+1 555 0100' }],
    ['import', { people: [{ id: 'x', name: 'X' }] }],
    ['apply', {}],
    ['start', {}],
    ['end', {}],
  ];

  test.each(facilitatorOnly)('a participant who is not a facilitator cannot use %s', async (command, input) => {
    const h = createHarness('perm');
    await h.setup(roster({ voip: 4 }), 2);
    await h.ok('distribute');
    const before = structuredClone(await h.meeting());
    const refusal = await h.refused(command, input, PARTICIPANT);
    expect(refusal.code).toBe('forbidden');
    expect(refusal.message).toContain('Only a facilitator');
    expect(refusal.message).toContain('Host');
    expect(refusal.meeting).toEqual(before);
    await expectUnchanged(h, before);
  });

  test('the refusal says in words what only a facilitator can do', async () => {
    const h = createHarness('perm-words');
    await h.setup(roster({ voip: 4 }), 2);
    const said = async (command: CommandName, input: unknown) => (await h.refused(command, input, PARTICIPANT)).message;
    expect(await said('rooms', { count: 5 })).toBe('Only a facilitator can change the number of rooms. Ask one of: Host.');
    expect(await said('phone-rooms', { limit: 2 })).toMatch(/^Only a facilitator can change which rooms take phone attendees\./);
    expect(await said('dialin', { number: '+1 555 0100' })).toMatch(/^Only a facilitator can set the dial-in details\./);
    expect(await said('add-room', {})).toMatch(/^Only a facilitator can add a room\./);
  });

  test('a participant cannot change someone else’s audio or remove them, but can change their own', async () => {
    const h = createHarness('perm-self');
    await h.setup(roster({ voip: 2 }), 2);
    const before = structuredClone(await h.meeting());
    expect((await h.refused('audio', { audio: 'phone', user: { id: 'v1' } }, PARTICIPANT)).code).toBe('forbidden');
    expect((await h.refused('leave', { user: { id: 'v1' } }, PARTICIPANT)).code).toBe('forbidden');
    await expectUnchanged(h, before);
    const own = await h.ok('audio', { audio: 'listening' }, PARTICIPANT);
    expect(own.meeting.attendees.find((a) => a.id === 'v0')?.audio).toBe('listening');
  });

  test('commands only Breakouts itself may send are refused to people, even facilitators', async () => {
    const h = createHarness('perm-system');
    await h.setup(roster({ voip: 2 }), 2);
    const before = structuredClone(await h.meeting());
    for (const [command, input] of [
      ['voice', { person: { id: 'z', name: 'Z' }, present: true }],
      ['step', { runId: 'r1', key: 'prepare:1' }],
      ['resource', { room: 1, resourceId: 'C9' }],
      ['remember', { resources: { boardTs: '1.2' } }],
    ] as const) {
      expect((await h.refused(command, input, HOST)).code).toBe('forbidden');
    }
    await expectUnchanged(h, before);
  });

  test('a platform manager (Discord Move Members) counts as a facilitator', async () => {
    const h = createHarness('perm-manage');
    await h.setup(roster({ voip: 4 }), 2);
    const out = await h.ok('distribute', {}, { id: 'mod', name: 'Mod', canManage: true });
    expect(out.meeting.attendees.every((a) => a.role === 'facilitator' || a.room !== null)).toBe(true);
  });

  test('the last facilitator cannot leave or be removed', async () => {
    const h = createHarness('perm-last');
    await h.setup(roster({ voip: 1 }), 1);
    const before = structuredClone(await h.meeting());
    expect((await h.refused('leave')).code).toBe('last-facilitator');
    expect((await h.refused('facilitator', { action: 'remove', user: { id: 'UHOST' } })).code).toBe('last-facilitator');
    await expectUnchanged(h, before);
  });
});

describe('stale board versions', () => {
  async function boardThenChange(h: Harness): Promise<number> {
    await h.setup(roster({ voip: 6 }), 3);
    const board = await h.ok('distribute');
    const version = board.meeting.version;
    // Someone else changes the board: v1 moves to another room.
    const v1 = roomOf(board.meeting, 'v1')!;
    await h.move('v1', v1 === 3 ? 1 : v1 + 1);
    return version;
  }

  test('a non-move action built on an older board is refused with code stale and the current meeting', async () => {
    const h = createHarness('stale-1');
    const version = await boardThenChange(h);
    const before = structuredClone(await h.meeting());
    for (const command of ['shuffle', 'apply', 'start', 'distribute'] as const) {
      const refusal = await h.refused(command, {}, HOST, version);
      expect(refusal.code).toBe('stale');
      expect(refusal.message).toMatch(/board changed.*current one/);
      expect(refusal.meeting).toEqual(before);
    }
    await expectUnchanged(h, before);
  });

  test('a stale move of an attendee nobody touched since is re-applied', async () => {
    const h = createHarness('stale-2');
    const version = await boardThenChange(h);
    const v0 = roomOf(await h.meeting(), 'v0')!;
    const to = v0 === 1 ? 2 : 1;
    const out = await h.ok('move', { user: { id: 'v0' }, to }, HOST, version);
    expect(roomOf(out.meeting, 'v0')).toBe(to);
  });

  test('a stale move of someone who was moved since is refused and changes nothing', async () => {
    const h = createHarness('stale-3');
    const version = await boardThenChange(h);
    const before = structuredClone(await h.meeting());
    const refusal = await h.refused('move', { user: { id: 'v1' }, to: 'main' }, HOST, version);
    expect(refusal.code).toBe('stale');
    expect(refusal.meeting).toEqual(before);
    await expectUnchanged(h, before);
  });

  test('personal buttons (join, my audio) work on an older board', async () => {
    const h = createHarness('stale-4');
    const version = await boardThenChange(h);
    const out = await h.ok('audio', { audio: 'listening' }, PARTICIPANT, version);
    expect(out.meeting.attendees.find((a) => a.id === 'v0')?.audio).toBe('listening');
  });

  test('every change bumps the version by exactly one; a no-op keeps it', async () => {
    const h = createHarness('stale-5');
    await h.setup(roster({ voip: 2 }), 2);
    const v = (await h.meeting()).version;
    expect((await h.move('v0', 1)).meeting.version).toBe(v + 1);
    const same = await h.move('v0', 1);
    expect(same.changed).toBe(false);
    expect(same.meeting.version).toBe(v + 1);
  });

  test('Distribute with nobody to place and the rooms already there is a no-op: same version, no board update', async () => {
    const h = createHarness('stale-6');
    await h.ok('rooms', { count: 3 });
    const before = structuredClone(await h.meeting());
    const out = await h.ok('distribute');
    expect(out.reply).toContain('Nobody to distribute yet');
    expect(out.changed).toBe(false);
    expect(out.effects).toEqual([]);
    await expectUnchanged(h, before);
    // Giving a room count still saves it.
    expect((await h.ok('distribute', { rooms: 4 })).meeting.rooms).toHaveLength(4);
  });

  test('Shuffle with nobody to place is a no-op too', async () => {
    const h = createHarness('stale-7');
    await h.ok('rooms', { count: 3 });
    const before = structuredClone(await h.meeting());
    const out = await h.ok('shuffle');
    expect(out.reply).toContain('Nobody to shuffle yet');
    expect(out.changed).toBe(false);
    await expectUnchanged(h, before);
  });
});

async function startedMeeting(seed: string) {
  const h = createHarness(seed);
  await h.setup(roster({ phone: 2, voip: 4 }), 3);
  await h.place({ p0: 1, p1: 1, v0: 2, v1: 2, v2: 3, v3: 3 });
  return h;
}

function runnerFor(h: Harness) {
  const platform = createRecordingPlatform();
  const logger = createRecordingLogger();
  const runner = createCarrier(h.engine, h.store, platform, { clock: h.clock, logger, stepsAtOnce: 1, boardIntervalMs: 0 });
  return { platform, logger, runner };
}

describe('apply / start / end runs', () => {
  test('start plans prepare, open and welcome per occupied room and a dial-in notice per phone attendee', async () => {
    const h = await startedMeeting('run-1');
    const out = await h.ok('start');
    expect(out.meeting.run?.steps.map((s) => s.key)).toEqual([
      'prepare:1',
      'prepare:2',
      'prepare:3',
      'open:1',
      'open:2',
      'open:3',
      'welcome:1',
      'welcome:2',
      'welcome:3',
      'notify:p0',
      'notify:p1',
    ]);
    expect(out.meeting.run?.steps.every((s) => s.state === 'pending')).toBe(true);
    expect(out.meeting.run?.steps.filter((s) => s.kind === 'notify').every((s) => s.reason === 'phone-dial-in')).toBe(true);
  });

  test('step results are recorded without bumping the board version; unreachable people get a notify step', async () => {
    const h = await startedMeeting('run-2');
    const { meeting } = await h.ok('start');
    const step = h.recordStep;
    await step('prepare:2', { resourceId: 'C2' });
    await step('prepare:3', { failed: 'channel name taken' });
    const opened = await step('open:2', { unreachable: ['v1'] });
    if (!opened.ok) throw new Error(opened.message);
    const m = opened.meeting;
    expect(m.version).toBe(meeting.version);
    expect(m.rooms[1]?.resourceId).toBe('C2');
    const byKey = Object.fromEntries(m.run!.steps.map((s) => [s.key, s]));
    expect(byKey['prepare:2']?.state).toBe('done');
    expect(byKey['prepare:3']).toMatchObject({ state: 'failed', note: 'channel name taken' });
    expect(byKey['notify:v1']).toMatchObject({ kind: 'notify', to: 'v1', reason: 'not-reached', room: 2, state: 'pending' });
    expect(opened.effects).toEqual([]);
  });

  test('the runner carries out a start: rooms prepared, opened, welcomed, phone attendees told their dial-in', async () => {
    const h = await startedMeeting('run-3');
    const { platform, runner } = runnerFor(h);
    platform.unreachable.add('v3');
    await runner.carryOut(await h.ok('start'));
    const work = platform.calls.filter((c) => c !== 'board' && !c.startsWith('status:'));
    expect(work).toEqual(['prepare:1', 'prepare:2', 'prepare:3', 'open:1', 'open:2', 'open:3', 'welcome:1', 'welcome:2', 'welcome:3', 'dm:p0', 'dm:p1', 'dm:v3']);
    // Each room, once open, shows its state at a glance.
    expect(platform.calls.filter((c) => c.startsWith('status:')).sort()).toEqual(['status:1', 'status:2', 'status:3']);
    const m = await h.meeting();
    expect(m.run?.finished).toBe(true);
    expect(m.run?.steps.every((s) => s.state === 'done')).toBe(true);
    expect(platform.dms.find((d) => d.to === 'v3')?.message).toMatchObject({ kind: 'room-notice', reason: 'not-reached', room: 3 });
  });

  test('a platform refusal is recorded on the step and the run goes on', async () => {
    const h = await startedMeeting('run-4');
    const { platform, runner } = runnerFor(h);
    platform.failAt('welcome:2', 'refuse');
    await runner.carryOut(await h.ok('start'));
    const m = await h.meeting();
    expect(m.run?.finished).toBe(true);
    expect(m.run?.steps.find((s) => s.key === 'welcome:2')).toMatchObject({ state: 'failed', note: 'welcome:2 was refused by the platform' });
    expect(platform.calls).toContain('dm:p1');
  });

  test('a start that crashed half-way resumes with only the pending steps', async () => {
    const h = await startedMeeting('run-5');
    const first = runnerFor(h);
    first.platform.failAt('open:2', 'crash');
    await first.runner.carryOut(await h.ok('start'));
    expect(first.logger.lines.some((l) => l.level === 'error' && l.message === 'effect failed')).toBe(true);
    const crashed = await h.meeting();
    expect(crashed.run?.finished).toBe(false);
    const pending = crashed.run!.steps.filter((s) => s.state === 'pending').map((s) => s.key);
    expect(pending).toEqual(['open:2', 'open:3', 'welcome:1', 'welcome:2', 'welcome:3', 'notify:p0', 'notify:p1']);

    const second = runnerFor(h);
    const resumed = await h.ok('start');
    expect(resumed.changed).toBe(false);
    expect(resumed.reply).toContain('Carrying on with the start');
    await second.runner.carryOut(resumed);
    expect(second.platform.calls.filter((c) => c !== 'board' && !c.startsWith('status:'))).toEqual(['open:2', 'open:3', 'welcome:1', 'welcome:2', 'welcome:3', 'dm:p0', 'dm:p1']);
    expect((await h.meeting()).run?.finished).toBe(true);
  });

  test('recording steps never changes a meeting value handed out before (runs share the roster, not the run)', async () => {
    const h = await startedMeeting('run-10');
    await h.ok('start');
    const earlier = await h.meeting();
    const snapshot = structuredClone(earlier);
    await h.recordStep('prepare:1', { resourceId: 'R1', resources: { category: 'K1' } });
    await h.recordStep('open:1', { unreachable: ['p0'] });
    await h.recordStep('welcome:1', { failed: 'refused' });
    expect(earlier).toEqual(snapshot);
    const now = await h.meeting();
    expect(now.rooms[0]?.resourceId).toBe('R1');
    expect(now.resources).toMatchObject({ category: 'K1' });
    expect(now.run?.steps.find((s) => s.key === 'welcome:1')).toMatchObject({ state: 'failed', note: 'refused' });
  });

  test('Apply during an end that stopped half-way is refused, saying how to resume the end', async () => {
    const h = await startedMeeting('run-8');
    const first = runnerFor(h);
    await first.runner.carryOut(await h.ok('start'));
    first.platform.failAt('close:2', 'crash');
    await first.runner.carryOut(await h.ok('end'));
    const before = structuredClone(await h.meeting());
    const refusal = await h.refused('apply');
    expect(refusal.code).toBe('busy');
    expect(refusal.message).toMatch(/^An end is under way \(1 of 5 steps done\): wait for it to finish, or type \/breakouts end to resume it/);
    await expectUnchanged(h, before);
    const second = runnerFor(h);
    await second.runner.carryOut(await h.ok('end'));
    expect(second.platform.calls.filter((c) => c !== 'board' && !c.startsWith('status:'))).toEqual(['close:2', 'close:3', 'dm:p0', 'dm:p1']);
  });

  test('an Apply resumed after the layout changed also prepares the rooms occupied since', async () => {
    const h = createHarness('run-9');
    await h.setup(roster({ voip: 3 }), 3);
    await h.place({ v0: 1, v1: 1, v2: 2 });
    const first = runnerFor(h);
    first.platform.failAt('prepare:2', 'crash');
    await first.runner.carryOut(await h.ok('apply'));
    const runId = (await h.meeting()).run?.id;
    await h.move('v0', 3);
    const again = await h.ok('apply');
    expect(again.meeting.run?.id).toBe(runId);
    expect(again.meeting.run?.steps.map((s) => [s.key, s.state])).toEqual([
      ['prepare:1', 'done'],
      ['prepare:2', 'pending'],
      ['prepare:3', 'pending'],
    ]);
    expect(again.reply).toContain('Preparing 2 rooms');
    const second = runnerFor(h);
    await second.runner.carryOut(again);
    expect(second.platform.calls.filter((c) => c !== 'board')).toEqual(['prepare:2', 'prepare:3']);
  });

  test('removing a room after Apply sends its people to main; the next start uses the prepared rooms that are left', async () => {
    const h = await startedMeeting('run-11');
    const { runner } = runnerFor(h);
    await runner.carryOut(await h.ok('apply'));
    const out = await h.ok('rooms', { count: 2 });
    expect(out.meeting.status).toBe('applied');
    expect(out.meeting.attendees.filter((a) => a.room === null && a.role === 'attendee').map((a) => a.id).sort()).toEqual(['v2', 'v3']);
    const start = await h.ok('start');
    expect(start.meeting.run?.steps.map((s) => s.key)).toEqual(['open:1', 'open:2', 'welcome:1', 'welcome:2', 'notify:p0', 'notify:p1']);
  });

  test('a meeting applied earlier starts later without preparing its rooms again', async () => {
    const h = await startedMeeting('run-6');
    const { platform, runner } = runnerFor(h);
    await runner.carryOut(await h.ok('apply'));
    expect(platform.calls.filter((c) => c !== 'board')).toEqual(['prepare:1', 'prepare:2', 'prepare:3']);
    const start = await h.ok('start');
    expect(start.meeting.run?.steps.some((s) => s.kind === 'prepare')).toBe(false);
  });

  test('end closes every prepared room and a live move during breakouts reaches the platform', async () => {
    const h = await startedMeeting('run-7');
    const { platform, runner } = runnerFor(h);
    await runner.carryOut(await h.ok('start'));
    await runner.carryOut(await h.move('v0', 3));
    expect(platform.calls).toContain('live:v0:2>3');
    platform.calls.length = 0;
    const end = await h.ok('end');
    // Phone callers cannot be moved back: they are told to hang up and rejoin the main session.
    expect(end.meeting.run?.steps.map((s) => s.key)).toEqual(['close:1', 'close:2', 'close:3', 'notify:p0', 'notify:p1']);
    await runner.carryOut(end);
    // The round's digest goes to the main channel ('main'), then every room closes.
    expect(platform.calls.filter((c) => c !== 'board' && !c.startsWith('status:'))).toEqual(['main', 'close:1', 'close:2', 'close:3', 'dm:p0', 'dm:p1']);
    // Every closed room's status is cleared.
    expect(platform.calls.filter((c) => c.startsWith('status:')).sort()).toEqual(['status:1', 'status:2', 'status:3']);
    expect((await h.meeting()).status).toBe('ended');
  });
});
