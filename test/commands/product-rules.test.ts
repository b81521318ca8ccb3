// docs/product-rules.md "Rules" 1–8, one describe per rule and named after it, driven through
// engine.execute on a memory store with a fixed clock and a seeded random.
import { describe, expect, test } from 'vitest';
import { buildBoard } from '../../src/board/board.ts';
import { findConflicts } from '../../src/domain/conflicts.ts';
import { decodeAction, encodeAction } from '../../src/commands/action-id.ts';
import { SYSTEM_ACTOR } from '../../src/engine/engine.ts';
import {
  actor,
  conflictPrompts,
  createHarness,
  expectUnchanged,
  HOST,
  layout,
  roomOf,
  roster,
  type Harness,
} from '../engine/helpers.ts';

function sizes(rooms: string[][]): number[] {
  return rooms.slice(1).map((r) => r.length);
}

describe('Rule 1: Smart Distribute spreads attendees evenly into the existing rooms, keeping audio connections compatible', () => {
  test('distribute places everyone into the rooms that exist, evenly, with no audio conflict', async () => {
    const h = createHarness(11);
    await h.setup(roster({ phone: 5, voip: 13, listening: 6 }), 6);
    const out = await h.ok('distribute');
    const m = out.meeting;
    expect(m.rooms).toHaveLength(6);
    expect(findConflicts(m).size).toBe(0);
    const placed = m.attendees.filter((a) => a.role !== 'facilitator');
    expect(placed.every((a) => a.room !== null)).toBe(true);
    expect(out.reply).toContain('No audio conflicts');
    // 5 phone → 2 phone rooms (3+2), 19 others in 4 rooms (5,5,5,4)
    const s = sizes(layout(m)).slice(0); // facilitator stays in main
    expect(Math.max(...s.slice(2)) - Math.min(...s.slice(2))).toBeLessThanOrEqual(1);
    expect(Math.max(...s.slice(0, 2)) - Math.min(...s.slice(0, 2))).toBeLessThanOrEqual(1);
  });

  test('distribute with no rooms yet creates one room per five people and then distributes', async () => {
    const h = createHarness(12);
    await h.ok('import', { people: roster({ voip: 12 }).map(([id, audio]) => ({ id, name: id, audio })) });
    const out = await h.ok('distribute');
    expect(out.meeting.rooms).toHaveLength(3);
    expect(sizes(layout(out.meeting))).toEqual([4, 4, 4]);
  });
});

describe('Rule 2: phone attendees may only be in rooms 1 to phoneRoomLimit (default 7)', () => {
  test('moving a phone attendee above the limit is refused with the allowed rooms named, and nothing changes', async () => {
    const h = createHarness(21);
    await h.setup(roster({ phone: 1, voip: 1 }), 9);
    const before = structuredClone(await h.meeting());
    const refusal = await h.refused('move', { user: { id: 'p0' }, to: 8 });
    expect(refusal.code).toBe('phone-room-limit');
    expect(refusal.message).toContain('rooms 1–7');
    expect(refusal.message).toContain('Name p0');
    await expectUnchanged(h, before);
  });

  test('a phone attendee can be moved into the highest allowed room', async () => {
    const h = createHarness(22);
    await h.setup(roster({ phone: 1 }), 9);
    await h.move('p0', 7);
    expect(roomOf(await h.meeting(), 'p0')).toBe(7);
  });

  test('the limit follows the phone-rooms setting and lowering it sends phone attendees above it back to main', async () => {
    const h = createHarness(23);
    await h.setup(roster({ phone: 2 }), 6);
    await h.move('p0', 5);
    await h.move('p1', 2);
    const out = await h.ok('phone-rooms', { limit: 3 });
    expect(roomOf(out.meeting, 'p0')).toBeNull();
    expect(out.meeting.attendees.find((a) => a.id === 'p0')?.waiting).toBe('Phone attendees can only be in rooms 1–3: Distribute places them in one of those, or move them there.');
    expect(roomOf(out.meeting, 'p1')).toBe(2);
    const refusal = await h.refused('move', { user: { id: 'p0' }, to: 4 });
    expect(refusal.message).toContain('rooms 1–3');
  });

  test('someone in room 9 who joins again on the phone is told they are back in the main room', async () => {
    const h = createHarness(25);
    await h.setup(roster({ voip: 1 }), 9);
    await h.move('v0', 9);
    const out = await h.ok('join', { audio: 'phone' }, actor('v0'));
    expect(roomOf(out.meeting, 'v0')).toBeNull();
    expect(out.reply).toBe('You are on the roster; your audio is now phone. Phone attendees can only be in rooms 1–7, so you are back in the main room until a facilitator moves you.');
  });

  test('a voice update that reports a phone connection above the phone rooms sends that attendee back to main', async () => {
    const h = createHarness(26);
    await h.setup(roster({ voip: 1 }), 9);
    await h.move('v0', 9);
    const m = await h.meeting();
    const person = { id: 'v0', name: 'Name v0', audio: 'phone' };
    const out = await h.engine.execute({ target: { meetingId: m.id }, actor: SYSTEM_ACTOR, command: 'voice', input: { person, present: true } });
    expect(out.ok).toBe(true);
    expect(roomOf(await h.meeting(), 'v0')).toBeNull();
  });

  test('distribute never places a phone attendee above the limit', async () => {
    const h = createHarness(24);
    await h.setup(roster({ phone: 40, voip: 3 }), 12);
    const m = (await h.ok('distribute')).meeting;
    for (const a of m.attendees) if (a.audio === 'phone') expect(a.room).toBeLessThanOrEqual(7);
  });
});

describe('Rule 3: a phone attendee may not share a room with VOIP or listening attendees; a manual move may create such a conflict', () => {
  test('VOIP and listening attendees may share a room without a conflict', async () => {
    const h = createHarness(31);
    await h.setup(roster({ voip: 1, listening: 1 }), 2);
    await h.move('v0', 1);
    const out = await h.move('l0', 1);
    expect(findConflicts(out.meeting).size).toBe(0);
    expect(conflictPrompts(out.effects)).toEqual([]);
  });

  test('a move that creates a conflict is allowed and reported', async () => {
    const h = createHarness(32);
    await h.setup(roster({ phone: 1, voip: 1 }), 2);
    await h.move('p0', 1);
    const out = await h.move('v0', 1);
    expect(roomOf(out.meeting, 'v0')).toBe(1);
    expect(out.reply).toContain('audio conflict');
    expect(out.reply).toContain('Name v0');
    expect([...findConflicts(out.meeting).keys()]).toEqual([1]);
  });

  test('the answer to a move names only the people it asks to switch, not those asked before', async () => {
    const h = createHarness(33);
    await h.setup(roster({ phone: 2, voip: 2 }), 2);
    await h.place({ p0: 1, v0: 1 });
    const out = await h.move('v1', 1);
    expect(out.reply).toContain('Name v1 will be asked to switch to phone.');
    expect(out.reply).not.toContain('Name v0');
    expect(conflictPrompts(out.effects).map((p) => p.to)).toEqual(['v1']);
    const phone = await h.move('p1', 1);
    expect(phone.reply).toContain('Everyone affected there has already been asked to switch to phone.');
    expect(conflictPrompts(phone.effects)).toEqual([]);
  });
});

async function conflictRoom(h: Harness): Promise<void> {
  // Room 1: p0, p1 on the phone; then v0 and l0 are dragged in.
  await h.setup([...roster({ phone: 2, voip: 2, listening: 1 })], 3);
  await h.move('p0', 1);
  await h.move('p1', 1);
}

describe('Rule 4: a conflict is shown in red with the reason, and every affected VOIP and listening attendee gets one switch-to-phone prompt', () => {
  test('the board marks the conflict room with a reason naming who is on the phone', async () => {
    const h = createHarness(41);
    await conflictRoom(h);
    const out = await h.move('v0', 1);
    const room = buildBoard(out.meeting).rooms[0]!;
    expect(room.conflict?.reason).toContain('Name p0');
    expect(room.conflict?.reason).toContain('Name v0');
    expect(room.conflict?.affected).toEqual(['v0']);
    expect(room.attendees.every((a) => a.conflict)).toBe(true);
  });

  test('exactly one DM per affected attendee, saying which room, who is on the phone and the dial-in for that room', async () => {
    const h = createHarness(42);
    await conflictRoom(h);
    await h.ok('dialin', { number: '+1 555 0100', codes: '111# 222# 333#' });
    const first = await h.move('v0', 1);
    const prompts = conflictPrompts(first.effects);
    expect(prompts.map((p) => p.to)).toEqual(['v0']);
    const msg = prompts[0]!.message;
    expect(msg.room).toBe(1);
    expect(msg.roomName).toBe('Breakout 1');
    expect(msg.phoneAttendees).toEqual(['Name p0', 'Name p1']);
    expect(msg.dialIn).toEqual({ number: '+1 555 0100', code: '111#' });
    expect(msg.text).toContain('Breakout 1');
    expect(msg.text).toContain('111#');
    // A second person joins the conflict: only they are prompted.
    const second = await h.move('l0', 1);
    expect(conflictPrompts(second.effects).map((p) => p.to)).toEqual(['l0']);
  });

  test('a phone attendee dragged into a VOIP/listening room prompts each person there once', async () => {
    const h = createHarness(48);
    await h.setup(roster({ phone: 1, voip: 2, listening: 1 }), 2);
    for (const id of ['v0', 'v1', 'l0']) await h.move(id, 2);
    const out = await h.move('p0', 2);
    expect(conflictPrompts(out.effects).map((p) => p.to).sort()).toEqual(['l0', 'v0', 'v1']);
    expect(new Set(conflictPrompts(out.effects).map((p) => p.message.promptId)).size).toBe(3);
  });

  test('someone switching to phone inside a VOIP room prompts the others there', async () => {
    const h = createHarness(49);
    await h.setup(roster({ voip: 3 }), 1);
    for (const id of ['v0', 'v1', 'v2']) await h.move(id, 1);
    const out = await h.ok('audio', { audio: 'phone' }, actor('v0'));
    expect(conflictPrompts(out.effects).map((p) => p.to).sort()).toEqual(['v1', 'v2']);
  });

  test('switching between VOIP and listening inside the conflict sends no second prompt', async () => {
    const h = createHarness(50);
    await conflictRoom(h);
    await h.move('v0', 1);
    const out = await h.ok('audio', { audio: 'listening' }, actor('v0'));
    expect(conflictPrompts(out.effects)).toEqual([]);
  });

  test('no second DM on re-render or on unrelated changes', async () => {
    const h = createHarness(43);
    await conflictRoom(h);
    await h.move('v0', 1);
    const status = await h.ok('status');
    expect(status.effects).toEqual([]);
    for (const out of [await h.ok('rename', { room: 2, title: 'Garden' }), await h.move('v1', 2), await h.ok('rooms', { count: 4 })]) {
      expect(out.effects.filter((e) => e.type === 'dm')).toEqual([]);
      expect(out.effects).toContainEqual({ type: 'board' });
    }
  });

  test('a new prompt is sent only after leaving the conflict and coming back into it', async () => {
    const h = createHarness(44);
    await conflictRoom(h);
    const first = conflictPrompts((await h.move('v0', 1)).effects);
    expect(first).toHaveLength(1);
    expect(conflictPrompts((await h.move('v0', 2)).effects)).toEqual([]);
    const again = conflictPrompts((await h.move('v0', 1)).effects);
    expect(again.map((p) => p.to)).toEqual(['v0']);
    expect(again[0]!.message.promptId).not.toBe(first[0]!.message.promptId);
  });

  test('confirming the prompt makes the attendee phone, updates the board and clears the conflict once nobody is left on VOIP/listening', async () => {
    const h = createHarness(45);
    await conflictRoom(h);
    const v0 = conflictPrompts((await h.move('v0', 1)).effects)[0]!.message.promptId;
    const l0 = conflictPrompts((await h.move('l0', 1)).effects)[0]!.message.promptId;
    const one = await h.ok('confirm-phone', { promptId: v0 }, actor('v0'));
    expect(one.meeting.attendees.find((a) => a.id === 'v0')?.audio).toBe('phone');
    expect(one.effects).toContainEqual({ type: 'board' });
    expect(findConflicts(one.meeting).size).toBe(1);
    const two = await h.ok('confirm-phone', { promptId: l0 }, actor('l0'));
    expect(findConflicts(two.meeting).size).toBe(0);
    expect(two.meeting.prompts).toEqual({});
  });

  test('a prompt clicked after the conflict is gone says it no longer applies and changes nothing', async () => {
    const h = createHarness(46);
    await conflictRoom(h);
    const promptId = conflictPrompts((await h.move('v0', 1)).effects)[0]!.message.promptId;
    await h.move('v0', 2);
    const before = structuredClone(await h.meeting());
    const refusal = await h.refused('confirm-phone', { promptId }, actor('v0'));
    expect(refusal.code).toBe('prompt-gone');
    expect(refusal.message).toContain('no longer applies');
    await expectUnchanged(h, before);
  });

  test('when the phone attendees leave the roster the conflict and its prompts are gone; a late click changes nothing', async () => {
    const h = createHarness(48);
    await conflictRoom(h);
    const promptId = conflictPrompts((await h.move('v0', 1)).effects)[0]!.message.promptId;
    await h.ok('leave', {}, actor('p0'));
    const out = await h.ok('leave', {}, actor('p1'));
    expect(findConflicts(out.meeting).size).toBe(0);
    expect(out.meeting.prompts).toEqual({});
    expect(conflictPrompts(out.effects)).toEqual([]);
    const before = structuredClone(await h.meeting());
    expect((await h.refused('confirm-phone', { promptId }, actor('v0'))).code).toBe('prompt-gone');
    await expectUnchanged(h, before);
  });

  test('an affected attendee who leaves while in a conflict takes their prompt with them, and nobody else is prompted again', async () => {
    const h = createHarness(49);
    await conflictRoom(h);
    await h.move('v0', 1);
    await h.move('l0', 1);
    const out = await h.ok('leave', {}, actor('v0'));
    expect(Object.keys(out.meeting.prompts)).toEqual(['l0']);
    expect(conflictPrompts(out.effects)).toEqual([]);
  });

  test('an old prompt clicked after a newer one was sent is refused too', async () => {
    const h = createHarness(47);
    await conflictRoom(h);
    const old = conflictPrompts((await h.move('v0', 1)).effects)[0]!.message.promptId;
    await h.move('v0', 2);
    await h.move('v0', 1);
    const before = structuredClone(await h.meeting());
    const refusal = await h.refused('confirm-phone', { promptId: old }, actor('v0'));
    expect(refusal.code).toBe('prompt-gone');
    // They are in a conflict again: the answer points at the newer prompt instead of saying there is none.
    expect(refusal.message).toContain('Breakout 1, which has an audio conflict: use the newer message about it');
    expect(refusal.message).not.toContain('no audio conflict');
    await expectUnchanged(h, before);
  });
});

describe('Rule 5: Apply saves the layout without opening rooms; Apply and Start opens them; an applied meeting can start later', () => {
  test('status goes draft → applied → started → ended, and an ended meeting can start again', async () => {
    const h = createHarness(51);
    await h.setup(roster({ voip: 4 }), 2);
    expect((await h.meeting()).status).toBe('draft');
    await h.ok('distribute');
    const applied = await h.ok('apply');
    expect(applied.meeting.status).toBe('applied');
    expect(applied.meeting.run?.steps.map((s) => s.kind)).toEqual(['prepare', 'prepare']);
    const started = await h.ok('start');
    expect(started.meeting.status).toBe('started');
    const ended = await h.ok('end');
    expect(ended.meeting.status).toBe('ended');
    const again = await h.ok('start');
    expect(again.meeting.status).toBe('started');
  });

  test('apply prepares rooms but never opens them', async () => {
    const h = createHarness(52);
    await h.setup(roster({ voip: 6 }), 3);
    await h.ok('distribute');
    const out = await h.ok('apply');
    const kinds = new Set(out.meeting.run?.steps.map((s) => s.kind));
    expect([...kinds]).toEqual(['prepare']);
    expect(out.effects).toContainEqual({ type: 'run', runId: out.meeting.run?.id });
    expect(out.reply).toBe('Layout saved. Preparing 3 rooms; press Apply and Start when it is time.');
  });

  test('applying again when every room is prepared says so in a proper sentence', async () => {
    const h = createHarness(57);
    await h.setup(roster({ voip: 2 }), 1);
    await h.ok('distribute');
    await h.ok('apply');
    await h.recordStep('prepare:1', { resourceId: 'R1' });
    expect((await h.ok('apply')).reply).toBe('Layout saved. Press Apply and Start when it is time.');
  });

  test('a started meeting stays editable: a move applies live', async () => {
    const h = createHarness(53);
    await h.setup(roster({ voip: 4 }), 2);
    await h.ok('distribute');
    await h.ok('start');
    const from = roomOf(await h.meeting(), 'v0');
    const to = from === 1 ? 2 : 1;
    const out = await h.move('v0', to);
    expect(out.effects).toContainEqual({ type: 'live-move', attendeeId: 'v0', from, to });
  });

  test('late joiners while breakouts run: Distribute places them and moves only them, live', async () => {
    const h = createHarness(55);
    await h.setup(roster({ phone: 2, voip: 4 }), 3);
    await h.ok('distribute');
    await h.ok('start');
    const before = layout(await h.meeting());
    await h.ok('join', { audio: 'voip' }, actor('late'));
    const out = await h.ok('distribute');
    const to = roomOf(out.meeting, 'late');
    expect(to).not.toBeNull();
    expect(out.effects.filter((e) => e.type === 'live-move')).toEqual([{ type: 'live-move', attendeeId: 'late', from: null, to }]);
    const after = layout(out.meeting).map((ids) => ids.filter((id) => id !== 'late'));
    expect(after).toEqual(before);
    expect(findConflicts(out.meeting).size).toBe(0);
  });

  test('End while a start is still under way replaces its run; the start’s late step results change nothing', async () => {
    const h = createHarness(56);
    await h.setup(roster({ voip: 4 }), 2);
    await h.ok('distribute');
    const start = await h.ok('start');
    const startRun = start.meeting.run!.id;
    const end = await h.ok('end');
    expect(end.meeting.status).toBe('ended');
    expect(end.meeting.run?.kind).toBe('end');
    const before = structuredClone(await h.meeting());
    const late = await h.engine.execute({ target: { meetingId: before.id }, actor: SYSTEM_ACTOR, command: 'step', input: { runId: startRun, done: [{ key: 'open:1' }] } });
    expect(!late.ok && late.code).toBe('stale');
    await expectUnchanged(h, before);
  });

  test('apply and start with nobody in a room are refused', async () => {
    const h = createHarness(54);
    await h.setup(roster({ voip: 2 }), 2);
    expect((await h.refused('apply')).code).toBe('wrong-status');
    expect((await h.refused('start')).code).toBe('wrong-status');
    expect((await h.refused('end')).code).toBe('wrong-status');
  });
});

describe('Rule 6: every attendee can be moved to any room or back to the main room from the board', () => {
  test('a facilitator moves someone to each room in turn and back to main', async () => {
    const h = createHarness(61);
    await h.setup(roster({ voip: 1 }), 50);
    for (const to of [1, 25, 50]) expect(roomOf((await h.move('v0', to)).meeting, 'v0')).toBe(to);
    expect(roomOf((await h.move('v0', 'main')).meeting, 'v0')).toBeNull();
  });

  test('the board offers the move dialog, and the move buttons for any room fit the action-id budget', async () => {
    const h = createHarness(62);
    const m = await h.setup(roster({ voip: 1 }), 50);
    expect(buildBoard(m, HOST).actions.map((a) => a.verb)).toContain('move-open');
    const attendee = 'U'.repeat(32);
    for (const room of ['main', '1', '50']) {
      const id = encodeAction({ verb: 'move', meetingId: m.id, version: m.version, args: [attendee, room] });
      expect(decodeAction(id)).toEqual({ ok: true, ref: { verb: 'move', meetingId: m.id, version: m.version, args: [attendee, room] } });
    }
  });

  test('moving someone into a room that does not exist is refused and names the room count', async () => {
    const h = createHarness(63);
    await h.setup(roster({ voip: 1 }), 3);
    const refusal = await h.refused('move', { user: { id: 'v0' }, to: 4 });
    expect(refusal.code).toBe('bad-input');
    expect(refusal.message).toContain('3 rooms');
  });
});

describe('Rule 7: the board shows each attendee’s audio connection with an icon and a key', () => {
  test('every attendee carries the icon of their audio and the board has the key', async () => {
    const h = createHarness(71);
    await h.setup(roster({ phone: 1, voip: 1, listening: 1 }), 3);
    const board = buildBoard((await h.ok('distribute')).meeting);
    const all = [...board.main, ...board.rooms.flatMap((r) => r.attendees)];
    const icons = Object.fromEntries(all.map((a) => [a.id, a.icon]));
    expect(icons).toMatchObject({ p0: '📞', v0: '💻', l0: '🎧' });
    expect(board.key.map((k) => `${k.icon} ${k.audio}`)).toEqual(['📞 phone', '💻 voip', '🎧 listening']);
  });
});

describe('Rule 8: Smart Distribute on a meeting with a layout keeps it and places only late joiners; shuffle redoes all', () => {
  test('late joiners go to the smallest compatible room and nobody placed moves', async () => {
    const h = createHarness(81);
    await h.setup(roster({ phone: 4, voip: 6 }), 4);
    const first = (await h.ok('distribute')).meeting;
    const before = new Map(first.attendees.map((a) => [a.id, a.room]));
    // Make room sizes uneven by hand, then two people join.
    const voipRooms = [...new Set(first.attendees.filter((a) => a.audio === 'voip').map((a) => a.room))].sort();
    const bigger = voipRooms[0]!;
    const smaller = voipRooms[1]!;
    const mover = first.attendees.find((a) => a.audio === 'voip' && a.room === smaller)!;
    await h.move(mover.id, bigger);
    before.set(mover.id, bigger);
    await h.ok('join', { audio: 'listening' }, actor('late1'));
    await h.ok('join', { audio: 'phone' }, actor('late2'));
    const out = await h.ok('distribute');
    expect(out.reply).toContain('Kept the layout and placed 2 late joiners');
    for (const [id, room] of before) expect(roomOf(out.meeting, id)).toBe(room);
    expect(roomOf(out.meeting, 'late1')).toBe(smaller);
    const late2 = roomOf(out.meeting, 'late2');
    expect(out.meeting.attendees.filter((a) => a.room === late2).every((a) => a.audio === 'phone')).toBe(true);
    expect(findConflicts(out.meeting).size).toBe(0);
  });

  test('distribute with everyone placed keeps the layout and changes nothing', async () => {
    const h = createHarness(82);
    await h.setup(roster({ voip: 6 }), 2);
    await h.ok('distribute');
    const before = structuredClone(await h.meeting());
    const out = await h.ok('distribute');
    expect(out.changed).toBe(false);
    expect(out.reply).toContain('shuffle');
    await expectUnchanged(h, before);
  });

  test('distribute with a new room count on a placed meeting keeps the layout and saves the new count', async () => {
    const h = createHarness(85);
    await h.setup(roster({ voip: 10 }), 5);
    const before = layout((await h.ok('distribute')).meeting);
    const out = await h.ok('distribute', { rooms: 7 });
    expect(out.changed).toBe(true);
    expect(out.reply).toContain('The meeting now has 7 rooms.');
    expect((await h.meeting()).rooms).toHaveLength(7);
    expect(layout(out.meeting).slice(0, 6)).toEqual(before);
  });

  test('fewer rooms: people from the removed rooms wait in main, told which room was removed, and distribute places them', async () => {
    const h = createHarness(86);
    await h.setup(roster({ voip: 10 }), 5);
    await h.ok('distribute');
    const out = await h.ok('rooms', { count: 3 });
    const waiting = out.meeting.attendees.filter((a) => a.waiting).map((a) => a.waiting);
    const told = (room: number) => `Breakout ${room} was removed: Distribute places them in another room.`;
    expect(waiting.sort()).toEqual([told(4), told(4), told(5), told(5)]);
    const placed = await h.ok('distribute');
    expect(placed.meeting.attendees.filter((a) => a.role === 'attendee').every((a) => a.room !== null && a.room <= 3)).toBe(true);
  });

  test('shuffle re-splits everyone from scratch', async () => {
    const h = createHarness(83);
    await h.setup(roster({ voip: 30 }), 5);
    const first = layout((await h.ok('distribute')).meeting);
    // Make the layout uneven by hand and add a late joiner: shuffle ignores all of it.
    await h.place(Object.fromEntries(first[2]!.map((id) => [id, 1])));
    await h.ok('join', {}, actor('late'));
    const shuffled = layout((await h.ok('shuffle')).meeting);
    expect(shuffled).not.toEqual(first);
    expect(shuffled[0]).toEqual(['UHOST']);
    expect(sizes(shuffled).sort()).toEqual([6, 6, 6, 6, 7]);
  });

  test('shuffle on a started meeting moves people live', async () => {
    const h = createHarness(84);
    await h.setup(roster({ voip: 30 }), 5);
    await h.ok('distribute');
    await h.ok('start');
    const out = await h.ok('shuffle', { confirm: 'confirm' });
    const live = out.effects.filter((e) => e.type === 'live-move');
    expect(live.length).toBeGreaterThan(0);
    for (const e of live) if (e.type === 'live-move') expect(roomOf(out.meeting, e.attendeeId)).toBe(e.to);
  });
});
