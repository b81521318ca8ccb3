// Who goes with whom, in the engine: together and apart (honoured at the next distribute or
// shuffle, and reported with their reason when the audio rules make them impossible), the
// constraints list, rooms of about n, the room cap (more rooms, Discord user limits, a warning when a
// facilitator fills a room past it), and one facilitator in each room.
import { describe, expect, test } from 'vitest';
import { buildBoard } from '../../src/board/board.ts';
import type { Meeting } from '../../src/domain/meeting.ts';
import { actor, createHarness, layout, roomOf, roster, type Harness } from '../engine/helpers.ts';

const mention = (id: string) => `<@${id}|Name ${id}>`;

/** Every room holds one kind of audio, and phone callers are within the phone rooms. */
function expectAudioRules(meeting: Meeting): void {
  const limit = Math.min(meeting.settings.phoneRoomLimit, meeting.rooms.length);
  for (const a of meeting.attendees) if (a.audio === 'phone' && a.room !== null) expect(a.room).toBeLessThanOrEqual(limit);
  for (let r = 1; r <= meeting.rooms.length; r++) {
    const here = meeting.attendees.filter((a) => a.room === r);
    expect(here.some((a) => a.audio === 'phone') && here.some((a) => a.audio !== 'phone')).toBe(false);
  }
}

describe('together and apart', () => {
  test('together keeps a group in one room and apart never puts a pair together, at every shuffle', async () => {
    const h = createHarness('together-apart');
    await h.setup(roster({ voip: 12 }), 4);
    await h.ok('together', { people: `${mention('v0')} ${mention('v1')} ${mention('v2')}` });
    await h.ok('apart', { people: `${mention('v3')} ${mention('v4')}` });
    for (let i = 0; i < 5; i++) {
      const out = await h.ok(i === 0 ? 'distribute' : 'shuffle');
      expect(roomOf(out.meeting, 'v1')).toBe(roomOf(out.meeting, 'v0'));
      expect(roomOf(out.meeting, 'v2')).toBe(roomOf(out.meeting, 'v0'));
      expect(roomOf(out.meeting, 'v3')).not.toBe(roomOf(out.meeting, 'v4'));
      expect(layout(out.meeting).slice(1).map((r) => r.length)).toEqual([3, 3, 3, 3]);
      expect(out.meeting.unmet).toBeUndefined();
    }
  });

  test('a together group across phone and computer audio is reported with its reason, and the audio rules hold', async () => {
    const h = createHarness('together-impossible');
    await h.setup(roster({ phone: 2, voip: 4 }), 3);
    await h.ok('together', { people: `${mention('p0')} ${mention('v0')}` });
    const out = await h.ok('distribute');
    expectAudioRules(out.meeting);
    expect(roomOf(out.meeting, 'p0')).not.toBe(roomOf(out.meeting, 'v0'));
    const reason = 'Name p0 is on the phone, and phone attendees cannot share a room with VOIP or listening attendees';
    expect(out.reply).toContain('Not met: Together “Name p0 and Name v0”');
    expect(out.reply).toContain(reason);
    expect(buildBoard(out.meeting).warnings.some((w) => w.includes(reason))).toBe(true);
    // A note stands only while it is true: moving them into one room by hand clears it from the board.
    await h.move('v0', roomOf(out.meeting, 'p0')!);
    expect(buildBoard(await h.meeting()).warnings.some((w) => w.includes(reason))).toBe(false);
  });

  test('an apart pair of phone callers with one phone room is reported: the phone rule wins', async () => {
    const h = createHarness('apart-impossible');
    await h.setup(roster({ phone: 2, voip: 4 }), 3);
    await h.ok('phone-rooms', { limit: 1 });
    await h.ok('apart', { people: `${mention('p0')} ${mention('p1')}` });
    const out = await h.ok('distribute');
    expectAudioRules(out.meeting);
    expect(roomOf(out.meeting, 'p0')).toBe(1);
    expect(roomOf(out.meeting, 'p1')).toBe(1);
    expect(out.reply).toMatch(/Apart: Name p0 and Name p1 share room 1: both are on the phone/);
    expect(buildBoard(out.meeting).warnings.join('\n')).toContain('Apart: Name p0 and Name p1 share room 1');
  });

  test('unknown people are refused by name, one person is not enough, and together/apart of one pair cannot both hold', async () => {
    const h = createHarness('together-refusals');
    await h.setup(roster({ voip: 4 }), 2);
    const unknown = await h.refused('together', { people: `${mention('v0')} <@U404|Ghost> @Nobody` });
    expect(unknown.code).toBe('unknown-attendee');
    expect(unknown.message).toContain('Ghost and @Nobody');
    expect((await h.refused('apart', { people: `${mention('v0')} ${mention('v0')}` })).message).toContain('at least two different people');
    expect((await h.refused('together', { people: 'v0 v1' })).message).toContain('people has “v0”, which is not a person');
    await h.ok('together', { people: `${mention('v0')} @Name v1`.replace('@Name v1', mention('v1')) });
    const clash = await h.refused('apart', { people: `${mention('v1')} ${mention('v0')}` });
    expect(clash.message).toContain('already to be kept together');
    expect((await h.refused('together', { people: `${mention('v2')} ${mention('v3')}` }, actor('v2'))).code).toBe('forbidden');
  });

  test('a late joiner placed by plain distribute who breaks an apart is reported, never silently', async () => {
    const h = createHarness('apart-late');
    await h.setup(roster({ voip: 3 }), 1);
    await h.ok('distribute');
    await h.ok('join', {}, actor('n0'));
    await h.ok('apart', { people: `${mention('n0')} ${mention('v0')}` });
    const out = await h.ok('distribute');
    expect(roomOf(out.meeting, 'n0')).toBe(1);
    const text = 'Apart: Name n0 and Name v0 share room 1: Name n0 joined late and distribute keeps the layout: shuffle or distribute new to place everyone with the constraints.';
    expect(out.reply).toContain(text);
    expect(buildBoard(out.meeting).warnings).toContain(text);
  });

  test('constraints lists them in names and constraints clear removes them', async () => {
    const h = createHarness('constraints-list');
    await h.setup(roster({ voip: 4 }), 2);
    await h.ok('together', { people: [{ id: 'v0' }, { id: 'v1' }] });
    await h.ok('apart', { people: `${mention('v2')} ${mention('v3')}` });
    await h.ok('room-cap', { cap: '3' });
    expect((await h.ok('constraints')).reply).toBe(
      ['Constraints (they apply at the next distribute or shuffle; audio rules always win):', 'Together: Name v0 and Name v1', 'Apart: Name v2 and Name v3', 'Room cap: 3 people'].join('\n'),
    );
    const cleared = await h.ok('constraints', { action: 'clear' });
    expect(cleared.reply).toContain('Cleared 2 constraints');
    expect(cleared.meeting.constraints).toBeUndefined();
    expect((await h.ok('constraints', { action: 'clear' })).changed).toBe(false);
  });
});

describe('room sizes', () => {
  test('distribute size 4 makes rooms of about 4 within the room limit', async () => {
    const h = createHarness('size-4');
    await h.setup(roster({ voip: 17 }), 1);
    const out = await h.ok('distribute', { size: '4' });
    expect(out.meeting.rooms).toHaveLength(4);
    expect(layout(out.meeting).slice(1).map((r) => r.length)).toEqual([5, 4, 4, 4]);
    expect(out.reply).toContain('Rooms of about 4: Placed 17 people in 4 rooms.');
    const many = createHarness('size-limit');
    await many.setup(roster({ voip: 120 }), 1);
    expect((await many.ok('distribute', { size: 2 })).meeting.rooms).toHaveLength(50);
  });

  test('room-cap grows the rooms so no room is above it, and every prepared room gets the cap as its platform limit', async () => {
    const h = createHarness('room-cap');
    await h.setup(roster({ voip: 10 }), 2);
    await h.ok('distribute');
    await h.ok('apply');
    for (const r of [1, 2]) await h.recordStep(`prepare:${r}`, { resourceId: `R${r}` });
    const capped = await h.ok('room-cap', { cap: '3' });
    expect(capped.meeting.settings.roomCap).toBe(3);
    expect(capped.effects.filter((e) => e.type === 'room-cap')).toEqual([
      { type: 'room-cap', room: 1 },
      { type: 'room-cap', room: 2 },
    ]);
    expect(capped.reply).toContain('Rooms 1 and 2 are above it now');
    const out = await h.ok('shuffle');
    expect(out.meeting.rooms).toHaveLength(4);
    expect(Math.max(...layout(out.meeting).slice(1).map((r) => r.length))).toBeLessThanOrEqual(3);
    expect(out.reply).toContain('The meeting now has 4 rooms (it had 2) so no room is above the room cap of 3.');
    const off = await h.ok('room-cap', { cap: 'off' });
    expect(off.meeting.settings.roomCap).toBeUndefined();
    expect(off.effects.filter((e) => e.type === 'room-cap')).toHaveLength(2);
    expect((await h.refused('room-cap', { cap: 'zero' })).message).toContain('must be a whole number of at least 1, or off');
  });

  test('a late joiner never goes over the cap: distribute adds a room for them', async () => {
    const h = createHarness('cap-joiner');
    await h.setup(roster({ voip: 4 }), 2);
    await h.ok('room-cap', { cap: 2 });
    await h.ok('distribute');
    await h.ok('join', {}, actor('n0'));
    const out = await h.ok('distribute');
    expect(out.meeting.rooms).toHaveLength(3);
    expect(roomOf(out.meeting, 'n0')).toBe(3);
    expect(out.reply).toContain('Added 1 room so no room is above the room cap of 2.');
  });

  test('a facilitator may move someone into a full room; the reply and the board warn', async () => {
    const h = createHarness('cap-move');
    await h.setup(roster({ voip: 4 }), 2);
    await h.ok('room-cap', { cap: 2 });
    await h.ok('distribute');
    const full = roomOf(await h.meeting(), 'v0')!;
    const mover = (await h.meeting()).attendees.find((a) => a.room !== full && a.role === 'attendee')!;
    const moved = await h.move(mover.id, full);
    expect(moved.reply).toContain(`Breakout ${full} is now above the room cap (3 people, cap 2).`);
    const board = buildBoard(moved.meeting);
    expect(board.warnings).toContain(`Room ${full} is above the room cap of 2.`);
    expect(board.rooms[full - 1]!.warnings).toContain('Above the room cap: 3 people, cap 2.');
  });
});

describe('distribute facilitators', () => {
  async function withFacilitators(seed: string): Promise<Harness> {
    const h = createHarness(seed);
    await h.setup([...roster({ phone: 2, voip: 6 }), ['f1', 'voip'], ['f2', 'phone'], ['f3', 'voip'], ['f4', 'voip']], 4);
    for (const f of ['f1', 'f2', 'f3', 'f4']) await h.ok('facilitator', { action: 'add', user: { id: f } });
    return h;
  }

  test('puts one facilitator on fitting audio in each room; the rest stay in the main room', async () => {
    const h = await withFacilitators('facilitators');
    const out = await h.ok('distribute', { facilitators: 'facilitators' });
    expectAudioRules(out.meeting);
    for (let r = 1; r <= 4; r++) {
      const here = out.meeting.attendees.filter((a) => a.room === r);
      expect(here.filter((a) => a.role === 'facilitator')).toHaveLength(1);
    }
    expect(roomOf(out.meeting, 'f2')).toBe(roomOf(out.meeting, 'p0'));
    // Five facilitators (the host too) for four rooms: one stays in the main room.
    expect(out.meeting.attendees.filter((a) => a.role === 'facilitator' && a.room === null)).toHaveLength(1);
    expect(out.reply).toContain('1 facilitator stays in the main room (every room has one).');
  });

  test('without the word, facilitators stay in the main room as before', async () => {
    const h = await withFacilitators('no-facilitators');
    const out = await h.ok('distribute');
    expect(out.meeting.attendees.filter((a) => a.role === 'facilitator').every((a) => a.room === null)).toBe(true);
  });

  test('the room cap holds for facilitators too: a room already at the cap gets none, and the reply says which and what to do', async () => {
    const h = await withFacilitators('facilitators-cap');
    await h.ok('room-cap', { cap: 2 });
    const out = await h.ok('distribute', { facilitators: 'facilitators' });
    expectAudioRules(out.meeting);
    const sizes = out.meeting.rooms.map((r) => out.meeting.attendees.filter((a) => a.room === r.number).length);
    for (const n of sizes) expect(n).toBeLessThanOrEqual(2);
    const full = out.meeting.rooms.filter((r) => !out.meeting.attendees.some((a) => a.room === r.number && a.role === 'facilitator')).map((r) => r.number);
    expect(full.length).toBeGreaterThan(0);
    expect(out.reply).toContain(`at the room cap of 2, so no facilitator joins`);
    for (const r of full) expect(out.reply).toContain(String(r));
  });

  test('a room with phone callers and no facilitator on the phone says so', async () => {
    const h = createHarness('facilitators-phone');
    await h.setup([...roster({ phone: 2, voip: 4 }), ['f1', 'voip']], 3);
    await h.ok('facilitator', { action: 'add', user: { id: 'f1' } });
    const out = await h.ok('distribute', { facilitators: true });
    expectAudioRules(out.meeting);
    expect(out.reply).toContain('Room 1 has phone callers and no facilitator on the phone to join them');
    expect(roomOf(out.meeting, 'f1')).not.toBeNull();
  });
});
