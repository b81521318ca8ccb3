// Attendees choosing their own room (mode choose, pick, the rooms open to them) and pre-assignment
// (import-layout: matching by id, e-mail and name, rows kept for people who join later, phone callers
// above the phone rooms, bad CSV refused with its line), in the engine.
import { describe, expect, test } from 'vitest';
import { buildBoard } from '../../src/board/board.ts';
import { choosableRooms } from '../../src/commands/choose.ts';
import { layoutEmails, parseLayoutCsv } from '../../src/domain/layout-csv.ts';
import { SYSTEM_ACTOR } from '../../src/engine/engine.ts';
import { actor, conflictPrompts, createHarness, expectUnchanged, PLACE, roomNotices, roomOf, roster, type Harness } from '../engine/helpers.ts';

/** p0, p1 on the phone in room 1; v0, v1 in room 2; v2 in room 3; rooms 1–2 take phone callers. */
async function chooseMeeting(seed: string): Promise<Harness> {
  const h = createHarness(seed);
  await h.setup([...roster({ phone: 3, voip: 4 })], 4);
  await h.ok('phone-rooms', { limit: 2 });
  await h.place({ p0: 1, p1: 1, v0: 2, v1: 2, v2: 3 });
  return h;
}

describe('choose your room', () => {
  test('pick is refused until a facilitator turns on mode choose; then the board offers “Choose your room” to everyone', async () => {
    const h = await chooseMeeting('choose-mode');
    const before = await h.meeting();
    expect((await h.refused('pick', { room: 3 }, actor('v3'))).code).toBe('wrong-status');
    await expectUnchanged(h, before);
    expect(buildBoard(before, actor('v3')).actions.map((a) => a.verb)).not.toContain('pick-open');
    expect((await h.refused('mode', { mode: 'choose' }, actor('v3'))).code).toBe('forbidden');
    const on = await h.ok('mode', { mode: 'choose' });
    expect(on.meeting.settings.mode).toBe('choose');
    const board = buildBoard(on.meeting, actor('v3'));
    expect(board.mode).toBe('choose');
    expect(board.actions).toContainEqual({ verb: 'pick-open', label: 'Choose your room', style: 'primary', facilitatorOnly: false });
    const off = await h.ok('mode', { mode: 'assign' });
    expect(off.meeting.settings.mode).toBeUndefined();
    expect(buildBoard(off.meeting).mode).toBe('assign');
  });

  test('attendees see only the rooms open to their audio and under the cap', async () => {
    const h = await chooseMeeting('choose-rooms');
    await h.ok('mode', { mode: 'choose' });
    await h.ok('room-cap', { cap: 2 });
    const m = await h.meeting();
    // Computer audio: not room 1 (phone callers), not room 2 (full at the cap of 2).
    expect(choosableRooms(m, 'v3')).toEqual([3, 4]);
    // Phone: rooms 1–2 only, without computer audio; room 1 is full at the cap.
    expect(choosableRooms(m, 'p2')).toEqual([]);
    await h.ok('room-cap', { cap: 'off' });
    expect(choosableRooms(await h.meeting(), 'p2')).toEqual([1]);
    // Someone not on the roster yet is taken as VOIP.
    expect(choosableRooms(await h.meeting(), 'newcomer')).toEqual([2, 3, 4]);
  });

  test('a pick moves the attendee; a room that does not fit their audio, or a full one, is refused with the reason', async () => {
    const h = await chooseMeeting('choose-pick');
    await h.ok('mode', { mode: 'choose' });
    const picked = await h.ok('pick', { room: 3 }, actor('v3'));
    expect(roomOf(picked.meeting, 'v3')).toBe(3);
    expect(picked.reply).toBe('You are in Breakout 3.');
    const mixed = await h.refused('pick', { room: 1 }, actor('v3'));
    expect(mixed.message).toContain('Breakout 1 has phone callers, who cannot share a room with computer audio');
    expect(mixed.message).toContain('You can choose rooms 2 and 4.');
    const above = await h.refused('pick', { room: 3 }, actor('p2'));
    expect(above.code).toBe('phone-room-limit');
    expect(above.message).toContain('phone callers can only be in rooms 1–2');
    await h.ok('room-cap', { cap: 2 });
    expect((await h.refused('pick', { room: 2 }, actor('v2'))).message).toContain('Breakout 2 is full (the room cap is 2)');
    // Someone not on the roster joins by picking.
    const joined = await h.ok('pick', { room: 4 }, actor('n0'));
    expect(roomOf(joined.meeting, 'n0')).toBe(4);
    expect(joined.reply).toContain('You joined Breakouts with voip audio.');
  });

  test('a pick while rooms are open moves them live and is recorded in the round', async () => {
    const h = await chooseMeeting('choose-live');
    await h.ok('mode', { mode: 'choose' });
    await h.ok('start');
    const picked = await h.ok('pick', { room: 3 }, actor('v0'));
    expect(picked.effects).toContainEqual({ type: 'live-move', attendeeId: 'v0', from: 2, to: 3 });
    expect(picked.meeting.rounds![0]!.stints.filter((s) => s.id === 'v0').map((s) => s.room)).toEqual([2, 3]);
    // The pick button's own id (verb pick, the room) needs no current board: it is the person's own choice.
    const stale = await h.exec('pick', { room: 4 }, actor('v1'), 0);
    expect(stale.ok).toBe(true);
  });
});

const LAYOUT = ['id,email,name,room,audio', 'v0,,,2,', ',ana@example.com,,1,phone', ',,Name v3,3,listening', 'later1,,,3,', ',nobody@example.com,,4,', ',,Someone Else,4,'].join('\n');

describe('import-layout', () => {
  test('matches rows by id, by the e-mails the adapter resolved and by name; lists and keeps the rest', async () => {
    const h = createHarness('import');
    await h.setup(roster({ phone: 1, voip: 4 }), 2);
    expect(layoutEmails(LAYOUT)).toEqual(['ana@example.com', 'nobody@example.com']);
    const out = await h.ok('import-layout', { csv: LAYOUT, emails: { 'ANA@example.com': 'v1' } });
    expect(out.meeting.rooms).toHaveLength(4);
    expect(roomOf(out.meeting, 'v0')).toBe(2);
    expect(roomOf(out.meeting, 'v1')).toBe(1);
    expect(out.meeting.attendees.find((a) => a.id === 'v1')?.audio).toBe('phone');
    expect(roomOf(out.meeting, 'v3')).toBe(3);
    expect(out.meeting.attendees.find((a) => a.id === 'v3')?.audio).toBe('listening');
    expect(out.reply).toContain('Imported the layout: 3 people placed in their rooms.');
    expect(out.reply).toContain('The meeting now has 4 rooms (the layout uses room 4).');
    expect(out.reply).toContain(
      '3 rows match nobody on the roster yet: line 5 later1, line 6 nobody@example.com (nobody in the workspace has this e-mail) and line 7 Someone Else. 3 rows are kept: each person lands in their room the moment they join.',
    );
    expect(out.meeting.layoutPlan).toEqual([
      { match: 'id', value: 'later1', room: 3 },
      { match: 'email', value: 'nobody@example.com', room: 4 },
      { match: 'name', value: 'Someone Else', room: 4 },
    ]);
  });

  test('someone the layout names lands in their room the moment they join: join, import, the voice channel', async () => {
    const h = createHarness('import-join');
    await h.setup(roster({ voip: 2 }), 2);
    await h.ok('import-layout', { csv: 'id,room,audio\nlater1,2,\nlater2,1,listening\nlater3,2,' });
    const joined = await h.ok('join', {}, actor('later1'));
    expect(roomOf(joined.meeting, 'later1')).toBe(2);
    expect(joined.reply).toContain('You are in Breakout 2, as the imported layout says.');
    const imported = await h.ok('import', { people: [{ id: 'later2', name: 'Later Two' }] });
    expect(roomOf(imported.meeting, 'later2')).toBe(1);
    expect(imported.meeting.attendees.find((a) => a.id === 'later2')?.audio).toBe('listening');
    expect(imported.reply).toContain('1 of them was in the imported layout and placed by it.');
    await h.ok('start');
    const voice = await h.engine.execute({ target: { place: PLACE }, actor: SYSTEM_ACTOR, command: 'voice', input: { person: { id: 'later3', name: 'Later Three' }, present: true } });
    if (!voice.ok) throw new Error(voice.message);
    expect(roomOf(voice.meeting, 'later3')).toBe(2);
    // Rooms are open: the newcomer is moved there on the platform and the round records them.
    expect(voice.effects).toContainEqual({ type: 'live-move', attendeeId: 'later3', from: null, to: 2 });
    expect(voice.meeting.rounds![0]!.stints.some((s) => s.id === 'later3' && s.room === 2)).toBe(true);
    expect(voice.meeting.layoutPlan).toBeUndefined();
  });

  test('a phone caller above the phone rooms stays in the main room with the reason; a conflict is prompted as usual', async () => {
    const h = createHarness('import-phone');
    await h.setup(roster({ phone: 2, voip: 2 }), 3);
    await h.ok('phone-rooms', { limit: 1 });
    const out = await h.ok('import-layout', { csv: 'id,room\np0,1\np1,3\nv0,1\nv1,2' });
    expect(roomOf(out.meeting, 'p1')).toBeNull();
    expect(out.meeting.attendees.find((a) => a.id === 'p1')?.waiting).toBe('The imported layout puts them in room 3, but phone attendees can only be in room 1.');
    expect(out.reply).toContain('1 phone caller stays in the main room, as phone attendees can only be in room 1: Name p1 (room 3).');
    // p0 (phone) and v0 (computer) share room 1: an audio conflict, prompted like any other.
    expect(out.reply).toContain('Room 1 has an audio conflict (shown in red)');
    expect(conflictPrompts(out.effects).map((p) => p.to)).toEqual(['v0']);
    expect(out.warning).toBe(true);
  });

  test.each([
    ['no room column', 'id,name\nv0,Ana', 'line 1: no room column (found: id,name)'],
    ['no id, email or name column', 'room,audio\n1,voip', 'line 1: no id, email or name column'],
    ['a room that is no number', 'id,room\nv0,1\nv1,two', 'line 3: the room “two” is not a room number from 1 to 50'],
    ['an unknown audio', 'id,room,audio\nv0,1,radio', 'line 2: unknown audio “radio”'],
    ['a person twice', 'id,room\nv0,1\nv0,2', 'line 3: v0 is already on line 2'],
    ['an unclosed quote', 'name,room\n"Ana,1', 'line 2: a quoted field is never closed'],
    ['an empty file', '   ', 'No layout to import'],
  ])('a CSV with %s is refused naming the problem and its line; nothing changes', async (_what, csv, message) => {
    const h = createHarness(`import-bad-${_what}`);
    await h.setup(roster({ voip: 2 }), 2);
    const before = await h.meeting();
    const refused = await h.refused('import-layout', { csv });
    expect(refused.code).toBe('bad-input');
    expect(refused.message).toContain(message);
    await expectUnchanged(h, before);
  });

  test('the CSV reader takes quotes, a byte-order mark, CRLF and typed one-line rows separated by ;', () => {
    expect(parseLayoutCsv('\ufeffName,Room\r\n"Lopez, Ana",2\r\n')).toEqual({ ok: true, rows: [{ line: 2, match: 'name', value: 'Lopez, Ana', room: 2 }] });
    expect(parseLayoutCsv('id,room;U1,1;U2,3')).toEqual({
      ok: true,
      rows: [
        { line: 2, match: 'id', value: 'U1', room: 1 },
        { line: 3, match: 'id', value: 'U2', room: 3 },
      ],
    });
    expect(parseLayoutCsv('email,room,audio\nAna@Example.com,1,Just Listening\nbo@example.com,2,VOIP')).toMatchObject({
      ok: true,
      rows: [{ audio: 'listening' }, { audio: 'voip' }],
    });
    expect(layoutEmails('not,a,layout')).toEqual([]);
  });

  test('only facilitators import a layout; while rooms are open the people it moves are moved live', async () => {
    const h = createHarness('import-live');
    await h.setup(roster({ phone: 1, voip: 3 }), 2);
    await h.place({ p0: 1, v0: 2, v1: 2, v2: 2 });
    expect((await h.refused('import-layout', { csv: 'id,room\nv0,1' }, actor('v0'))).code).toBe('forbidden');
    await h.ok('start');
    const out = await h.ok('import-layout', { csv: 'id,room\np0,1\nv0,3', confirm: 'confirm' });
    expect(out.effects).toContainEqual({ type: 'live-move', attendeeId: 'v0', from: 2, to: 3 });
    expect(out.reply).toContain('Rooms are open: people are moved to their rooms now.');
    expect(roomNotices(out.effects)).toEqual([]);
  });

  test('while rooms are open, an import that moves people already in rooms names them and who is told, asks, and changes nothing', async () => {
    const h = createHarness('import-live-ask');
    await h.setup(roster({ phone: 1, voip: 4 }), 3);
    await h.ok('dialin', { number: '+1 555 0100', codes: '111# 222# 333# 444#' });
    await h.place({ p0: 1, v0: 2, v1: 2, v2: 3 });
    await h.ok('start');
    const before = await h.meeting();
    // p0, v0 and v2 leave the room they are in (v2 for a room the layout adds); v1 stays; v3 only
    // comes from the main room, which moves nobody out of a room.
    const csv = 'id,room\np0,2\nv0,1\nv1,2\nv2,4\nv3,3';
    const refusal = await h.refused('import-layout', { csv });
    expect(refusal.code).toBe('needs-confirmation');
    expect(refusal.message).toBe(
      'Rooms are open, so this moves 3 people to other rooms right away: Name p0, Name v0 and Name v2. Phone caller Name p0 is sent what to dial now by direct message. Nothing was changed yet. To go ahead, import it again with confirm: type /breakouts import-layout confirm followed by the CSV, tick “Move people now” in Slack’s dialog, or choose confirm in Discord’s option.',
    );
    await expectUnchanged(h, before);

    const done = await h.ok('import-layout', { csv, confirm: true });
    expect(done.meeting.rooms).toHaveLength(4);
    expect([roomOf(done.meeting, 'p0'), roomOf(done.meeting, 'v0'), roomOf(done.meeting, 'v1'), roomOf(done.meeting, 'v2'), roomOf(done.meeting, 'v3')]).toEqual([2, 1, 2, 4, 3]);
    const live = done.effects.flatMap((e) => (e.type === 'live-move' ? [e] : []));
    expect(live).toEqual(
      expect.arrayContaining([
        { type: 'live-move', attendeeId: 'p0', from: 1, to: 2 },
        { type: 'live-move', attendeeId: 'v0', from: 2, to: 1 },
        { type: 'live-move', attendeeId: 'v2', from: 3, to: 4 },
        { type: 'live-move', attendeeId: 'v3', from: null, to: 3 },
      ]),
    );
    expect(live).toHaveLength(4);
    // The phone caller is told once what to dial now: room 2's code.
    const told = roomNotices(done.effects);
    expect(told.map((n) => [n.to, n.message.reason, n.message.room])).toEqual([['p0', 'moved', 2]]);
    expect(told[0]!.message.text).toContain('222#');
    expect(done.reply).toContain('Rooms are open: people are moved to their rooms now.');
  });

  test('while rooms are open, an import that only places people from the main room goes ahead without asking', async () => {
    const h = createHarness('import-live-no-ask');
    await h.setup(roster({ voip: 3 }), 2);
    await h.place({ v0: 1 });
    await h.ok('start');
    const out = await h.ok('import-layout', { csv: 'id,room\nv0,1\nv1,2\nv2,2' });
    expect(out.effects.filter((e) => e.type === 'live-move')).toEqual([
      { type: 'live-move', attendeeId: 'v1', from: null, to: 2 },
      { type: 'live-move', attendeeId: 'v2', from: null, to: 2 },
    ]);
  });
});
