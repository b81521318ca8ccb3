// The neutral board model: conflict rooms with their reason, warnings, counts, progress of a
// run, actions by viewer, and the plain-text rendering adapters use as fallback.
import { describe, expect, test } from 'vitest';
import { buildBoard, renderBoardText } from '../../src/board/board.ts';
import { actor, createHarness, HOST, roster } from '../engine/helpers.ts';

async function conflictMeeting() {
  const h = createHarness('board');
  await h.setup(roster({ phone: 1, voip: 2, listening: 2 }), 3);
  await h.place({ p0: 1, v0: 1, v1: 2, l0: 3, l1: 3 });
  return h;
}

describe('the board model', () => {
  test('a conflict room carries the reason and the affected attendees; its attendees are marked', async () => {
    const h = await conflictMeeting();
    const board = buildBoard(await h.meeting());
    const [one, two] = board.rooms;
    expect(one?.conflict).toEqual({
      reason: 'Audio conflict: 📞 Name p0 is on the phone and cannot hear 💻 Name v0, who was asked to switch to phone.',
      affected: ['v0'],
    });
    expect(one?.attendees.map((a) => [a.id, a.conflict])).toEqual([
      ['p0', true],
      ['v0', true],
    ]);
    expect(two?.conflict).toBeUndefined();
    expect(board.conflictCount).toBe(1);
    expect(board.warnings[0]).toBe('1 room has an audio conflict (in red).');
  });

  test('rooms carry their warnings and counts; the board sums them up', async () => {
    const h = await conflictMeeting();
    const board = buildBoard(await h.meeting());
    expect(board.rooms.map((r) => r.warnings)).toEqual([[], ['Only one person: nobody to talk to.'], ['Only listeners: nobody here can speak.']]);
    expect(board.rooms.map((r) => r.counts)).toEqual([
      { phone: 1, voip: 1, listening: 0 },
      { phone: 0, voip: 1, listening: 0 },
      { phone: 0, voip: 0, listening: 2 },
    ]);
    expect(board.counts).toEqual({ total: 6, placed: 5, waiting: 0, phone: 1, voip: 3, listening: 2 });
    expect(board.main.map((a) => a.id)).toEqual(['UHOST']);
    expect(board.rooms.map((r) => r.phoneAllowed)).toEqual([true, true, true]);
  });

  test('rooms above the phone-room limit are marked as closed to phone', async () => {
    const h = createHarness('board-limit');
    await h.setup(roster({ voip: 1 }), 4);
    await h.ok('phone-rooms', { limit: 2 });
    const board = buildBoard(await h.meeting());
    expect(board.rooms.map((r) => r.phoneAllowed)).toEqual([true, true, false, false]);
    expect(board.phoneRooms).toBe(2);
  });

  test('Add a room is suggested for waiting phone attendees only while a new room could take them', async () => {
    const h = createHarness('board-suggest');
    await h.setup(roster({ phone: 1, voip: 2 }), 1);
    await h.ok('distribute');
    expect(buildBoard(await h.meeting()).suggestAddRoom).toBe(true);
    // Phone rooms are 1–1 now: a second room would be closed to phone, so it is no way out.
    await h.ok('phone-rooms', { limit: 1 });
    const board = buildBoard(await h.meeting());
    expect(board.main.find((a) => a.id === 'p0')?.waiting).toBeDefined();
    expect(board.suggestAddRoom).toBe(false);
    expect(board.actions.find((a) => a.verb === 'add-room')?.style).toBe('default');
  });

  test('a facilitator sees the managing actions; a participant sees only Join and My audio', async () => {
    const h = await conflictMeeting();
    const m = await h.meeting();
    expect(buildBoard(m, HOST).actions.map((a) => a.verb)).toEqual(['distribute', 'shuffle', 'add-room', 'move-open', 'apply', 'start', 'join', 'audio']);
    expect(buildBoard(m, actor('v0')).actions.map((a) => a.label)).toEqual(['Join', 'My audio']);
    expect(buildBoard(m, { id: 'mod', name: 'Mod', canManage: true }).actions.length).toBe(8);
  });

  test('while breakouts run, End replaces Apply and Apply and Start; actions that affect everyone ask first', async () => {
    const h = await conflictMeeting();
    await h.ok('start');
    const started = buildBoard(await h.meeting(), HOST);
    const verbs = started.actions.map((a) => a.verb);
    expect(verbs).toContain('end');
    expect(verbs).not.toContain('apply');
    expect(started.actions.find((a) => a.verb === 'end')).toMatchObject({ style: 'danger', confirm: 'Bring everyone back to the main room?' });
    expect(started.actions.find((a) => a.verb === 'shuffle')?.confirm).toBe('Rooms are open: re-split everyone and move them to their new rooms now?');
    // The start has not finished: it can be resumed from the board.
    expect(started.actions.find((a) => a.verb === 'start')?.label).toBe('Resume start');
  });

  test('an end that stopped half-way can be resumed from the board', async () => {
    const h = await conflictMeeting();
    await h.ok('start');
    await h.recordStep('prepare:1', { resourceId: 'R1' });
    await h.ok('end');
    const m = await h.meeting();
    expect(m.status).toBe('ended');
    expect(m.run?.finished).toBe(false);
    expect(buildBoard(m, HOST).actions.find((a) => a.verb === 'end')?.label).toBe('Resume end');
    expect(buildBoard(m, actor('v0')).actions.some((a) => a.verb === 'end')).toBe(false);
    expect((await h.ok('end')).reply).toContain('Carrying on with the end');
  });

  test('the progress of a run counts done and failed steps, with their notes', async () => {
    const h = await conflictMeeting();
    const { meeting } = await h.ok('start');
    const step = h.recordStep;
    await step('prepare:1', { resourceId: 'C1' });
    await step('prepare:2', { failed: 'Could not create the channel' });
    const board = buildBoard(await h.meeting());
    expect(board.progress).toEqual({
      kind: 'start',
      done: 1,
      failed: 1,
      total: meeting.run!.steps.length,
      finished: false,
      label: 'Opening rooms',
      notes: ['Could not create the channel'],
    });
    expect(renderBoardText(board)).toContain(`Opening rooms: 1/${meeting.run!.steps.length} (1 failed)`);
  });

  test('the plain text shows the status, key, conflict in red with its reason, warnings and the main room', async () => {
    const h = await conflictMeeting();
    await h.ok('dialin', { number: '+1 555 0100' });
    const text = renderBoardText(buildBoard(await h.meeting()));
    const lines = text.split('\n');
    expect(lines[0]).toBe('Breakouts — Draft — layout being edited');
    expect(lines[1]).toBe('Key: 📞 Phone   💻 VOIP (computer audio)   🎧 Just listening');
    expect(text).toContain('🟥 1. Breakout 1 (2) · phone ok');
    expect(text).toContain('   Audio conflict: 📞 Name p0 is on the phone');
    expect(text).toContain('   ⚠️ Only listeners: nobody here can speak.');
    expect(text).toContain('Main room (1)');
    expect(text).toContain('💻 Host (facilitator)');
  });

  test('the plain text shortens long rooms but always says how many more there are', async () => {
    const h = createHarness('board-long');
    await h.setup(roster({ voip: 30 }), 1);
    await h.ok('distribute');
    const text = renderBoardText(buildBoard(await h.meeting()), { maxNamesPerRoom: 5 });
    expect(text).toContain('1. Breakout 1 (30)');
    expect(text).toContain('… and 25 more');
  });

  test('the board carries the meeting version that buttons are built on', async () => {
    const h = await conflictMeeting();
    const m = await h.meeting();
    expect(buildBoard(m).version).toBe(m.version);
    expect(buildBoard(m).meetingId).toBe(m.id);
  });
});
