// docs/product-rules.md "What evenly means", one test per bullet, through the pure placement functions
// (distributeAll, placeLateJoiners, choosePhoneBlock) and, where the board is involved, the engine.
import { describe, expect, test } from 'vitest';
import { buildBoard } from '../../src/board/board.ts';
import { choosePhoneBlock, distributeAll, placeLateJoiners, type Person } from '../../src/domain/distribute.ts';
import { createHarness, roster, seeded } from '../engine/helpers.ts';
import { expectBalanced, tally } from './placement-checks.ts';

function people(counts: { phone?: number; voip?: number; listening?: number }): Person[] {
  return roster(counts).map(([id, audio]) => ({ id, audio }));
}


describe('What evenly means: phone attendees fill a block of rooms 1..k, k ≤ K, chosen so the largest room is as small as possible', () => {
  test('phone attendees are in rooms 1..k and everyone else in rooms k+1..N', () => {
    const list = people({ phone: 7, voip: 20, listening: 9 });
    const placement = distributeAll(list, { rooms: 8, phoneRoomLimit: 7, random: seeded('block') });
    const k = placement.phoneRooms;
    expect(k).toBeGreaterThan(0);
    list.forEach((p, i) => {
      const room = placement.roomOf[i]!;
      if (p.audio === 'phone') expect(room).toBeLessThanOrEqual(k);
      else expect(room).toBeGreaterThan(k);
    });
  });

  test('k minimises the largest room: 10 phone + 10 others in 4 rooms gives 2 phone rooms of 5', () => {
    expect(choosePhoneBlock(10, 10, 4, 7)).toEqual({ k: 2, largest: 5, spread: 0 });
  });

  test('k never exceeds the phone-room limit, even when more phone rooms would be smaller', () => {
    const best = choosePhoneBlock(60, 2, 20, 3);
    expect(best.k).toBe(3);
    expect(best.largest).toBe(20);
  });

  test('k leaves at least one room for the other attendees', () => {
    expect(choosePhoneBlock(30, 1, 4, 7).k).toBe(3);
  });
});

describe('What evenly means: no phone attendee is left alone in a room when two or more are on the phone', () => {
  test('three phone attendees share one room rather than 2 + 1', () => {
    const list = people({ phone: 3 });
    const placement = distributeAll(list, { rooms: 5, phoneRoomLimit: 7, random: seeded('lone') });
    expect(placement.phoneRooms).toBe(1);
    expect([...placement.roomOf]).toEqual([1, 1, 1]);
  });

  test('five phone attendees with plenty of rooms make rooms of at least two', () => {
    const best = choosePhoneBlock(5, 0, 10, 7);
    expect(best.k).toBe(2);
    const placement = distributeAll(people({ phone: 5 }), { rooms: 10, phoneRoomLimit: 7, random: seeded(5) });
    const sizes = tally(people({ phone: 5 }), placement, 10).map((t) => t.phone).filter((n) => n > 0);
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(2);
  });

  test('a single phone attendee gets a room of their own (nobody else can share it)', () => {
    expect(choosePhoneBlock(1, 8, 4, 7)).toMatchObject({ k: 1, largest: 3 });
  });
});

describe('What evenly means: on ties the smaller spread between the largest and smallest room wins', () => {
  test('6 phone + 4 others in 5 rooms: k = 3 (2,2,2 | 2,2) beats k = 2 (3,3 | 2,1,1)', () => {
    // k=1: 6 | 2,1,1,… largest 6; k=2: largest 3 spread 2; k=3: largest 2 spread 0.
    expect(choosePhoneBlock(6, 4, 5, 7)).toEqual({ k: 3, largest: 2, spread: 0 });
  });

  test('4 phone + 6 others in 4 rooms: k = 2 (2,2 | 3,3) beats k = 1 (4 | 2,2,2)', () => {
    expect(choosePhoneBlock(4, 6, 4, 7)).toEqual({ k: 2, largest: 3, spread: 1 });
  });

  test('equal largest rooms are decided by spread: 6 phone + 3 others in 4 rooms picks 2,2,2 | 3 over 3,3 | 2,1', () => {
    // k=2 and k=3 both give a largest room of 3; k=3 has spread 1, k=2 spread 2.
    expect(choosePhoneBlock(6, 3, 4, 7)).toEqual({ k: 3, largest: 3, spread: 1 });
    const list = people({ phone: 6, voip: 3 });
    const placement = distributeAll(list, { rooms: 4, phoneRoomLimit: 7, random: seeded('tie') });
    expect(tally(list, placement, 4).map((r) => r.size)).toEqual([2, 2, 2, 3]);
  });
});

describe('What evenly means: within phone rooms sizes differ by at most one; within the other rooms sizes, VOIP counts and listening counts each differ by at most one', () => {
  test('a mixed roster is balanced per class and per audio kind', () => {
    const list = people({ phone: 11, voip: 23, listening: 17 });
    const placement = distributeAll(list, { rooms: 9, phoneRoomLimit: 7, random: seeded('balance') });
    expectBalanced(tally(list, placement, 9), placement.phoneRooms);
  });

  test('speakers are spread first: no room is listeners-only while VOIP attendees could fill every room', () => {
    const list = people({ voip: 4, listening: 12 });
    const placement = distributeAll(list, { rooms: 4, phoneRoomLimit: 7, random: seeded('speakers') });
    for (const room of tally(list, placement, 4)) expect(room.voip).toBe(1);
  });

  test('with fewer VOIP attendees than rooms, each VOIP attendee gets a room of their own', () => {
    const list = people({ voip: 2, listening: 10 });
    const placement = distributeAll(list, { rooms: 5, phoneRoomLimit: 7, random: seeded('few') });
    const voipRooms = tally(list, placement, 5).map((r) => r.voip);
    expect(voipRooms.filter((n) => n === 1)).toHaveLength(2);
    expect(Math.max(...voipRooms)).toBe(1);
  });
});

describe('What evenly means: with too few rooms to keep the two kinds apart, the larger group is placed and the rest stays in main with a reason', () => {
  test('one room, more VOIP/listening than phone: the phone attendees stay in main with a reason', () => {
    const list = people({ phone: 2, voip: 3, listening: 1 });
    const placement = distributeAll(list, { rooms: 1, phoneRoomLimit: 7, random: seeded(1) });
    list.forEach((p, i) => expect(placement.roomOf[i]).toBe(p.audio === 'phone' ? 0 : 1));
    expect(placement.unplaced.map((u) => u.id).sort()).toEqual(['p0', 'p1']);
    for (const u of placement.unplaced) expect(u.reason).toMatch(/only 1 room.*add a room/);
  });

  test('one room, more phone than VOIP/listening: the VOIP and listening attendees stay in main with a reason', () => {
    const list = people({ phone: 5, voip: 1, listening: 2 });
    const placement = distributeAll(list, { rooms: 1, phoneRoomLimit: 7, random: seeded(2) });
    list.forEach((p, i) => expect(placement.roomOf[i]).toBe(p.audio === 'phone' ? 1 : 0));
    expect(placement.unplaced.map((u) => u.id).sort()).toEqual(['l0', 'l1', 'v0']);
    for (const u of placement.unplaced) expect(u.reason).toContain('add a room');
  });

  test('the board shows each waiting person’s reason and offers adding a room as the primary action', async () => {
    const h = createHarness('few-rooms');
    await h.setup(roster({ phone: 1, voip: 3 }), 1);
    const out = await h.ok('distribute');
    expect(out.reply).toContain('1 person stays in the main room');
    const board = buildBoard(out.meeting);
    const waiting = board.main.find((a) => a.id === 'p0');
    expect(waiting?.waiting).toContain('add a room');
    expect(board.suggestAddRoom).toBe(true);
    expect(board.actions.find((a) => a.verb === 'add-room')?.style).toBe('primary');
    // Add a room, distribute: the layout is kept and the waiting person gets the new room.
    await h.ok('rooms', { count: 2 });
    const after = await h.ok('distribute');
    expect(after.meeting.attendees.find((a) => a.id === 'p0')?.room).toBe(2);
    expect(buildBoard(after.meeting).suggestAddRoom).toBe(false);
  });
});

describe('What evenly means: who lands with whom is random unless a seed is given, then it is reproducible', () => {
  const list = people({ phone: 9, voip: 120, listening: 71 });
  const options = (seed: string) => ({ rooms: 12, phoneRoomLimit: 7, random: seeded(seed) });

  test('the same seed gives the same placement', () => {
    expect([...distributeAll(list, options('alpha')).roomOf]).toEqual([...distributeAll(list, options('alpha')).roomOf]);
  });

  test('different seeds give different placements', () => {
    expect([...distributeAll(list, options('alpha')).roomOf]).not.toEqual([...distributeAll(list, options('beta')).roomOf]);
  });

  test('two shuffles in a row differ (a fresh shuffle each time)', async () => {
    const h = createHarness('fresh');
    await h.setup(roster({ voip: 40 }), 6);
    const a = (await h.ok('shuffle')).meeting.attendees.map((x) => x.room);
    const b = (await h.ok('shuffle')).meeting.attendees.map((x) => x.room);
    expect(a).not.toEqual(b);
  });
});

describe('What evenly means: facilitators are not distributed; they stay in the main room unless moved by hand', () => {
  test('distribute and shuffle leave facilitators where they are', async () => {
    const h = createHarness('facilitators');
    await h.setup(roster({ voip: 6 }), 2);
    await h.ok('facilitator', { action: 'add', user: { id: 'v0' } });
    let m = (await h.ok('distribute')).meeting;
    expect(m.attendees.filter((a) => a.role === 'facilitator').map((a) => a.room)).toEqual([null, null]);
    await h.move('v0', 2);
    m = (await h.ok('shuffle')).meeting;
    expect(m.attendees.find((a) => a.id === 'UHOST')?.room).toBeNull();
    expect(m.attendees.find((a) => a.id === 'v0')?.room).toBe(2);
    expect(m.attendees.filter((a) => a.role === 'attendee').every((a) => a.room !== null)).toBe(true);
  });
});

describe('Rule 1 with facilitators in rooms: Smart Distribute never creates a conflict with a facilitator who stays in a room', () => {
  test('a VOIP facilitator sitting in room 1 gets VOIP company; the phone attendees get another room', async () => {
    const h = createHarness('facilitator-room');
    await h.setup(roster({ phone: 2, voip: 2 }), 2);
    await h.move('UHOST', 1);
    const m = (await h.ok('distribute')).meeting;
    expect(m.attendees.map((a) => [a.id, a.room])).toEqual([
      ['UHOST', 1],
      ['p0', 2],
      ['p1', 2],
      ['v0', 1],
      ['v1', 1],
    ]);
  });

  test('in a single room a VOIP facilitator sits in, the VOIP attendees are placed even when phone attendees outnumber them', async () => {
    const h = createHarness('facilitator-one-room');
    await h.setup(roster({ phone: 3, voip: 1 }), 1);
    await h.move('UHOST', 1);
    const m = (await h.ok('distribute')).meeting;
    expect(m.attendees.map((a) => [a.id, a.room])).toEqual([
      ['UHOST', 1],
      ['p0', null],
      ['p1', null],
      ['p2', null],
      ['v0', 1],
    ]);
    for (const a of m.attendees.filter((x) => x.audio === 'phone')) expect(a.waiting).toContain('add a room');
  });

  test('a phone facilitator in room 3 is joined by phone attendees only, also on shuffle', async () => {
    const h = createHarness('facilitator-phone');
    await h.setup(roster({ phone: 3, voip: 9, listening: 4 }), 5);
    await h.ok('audio', { audio: 'phone' });
    await h.move('UHOST', 3);
    for (const command of ['distribute', 'shuffle', 'shuffle'] as const) {
      const m = (await h.ok(command)).meeting;
      expect(m.attendees.filter((a) => a.room === 3).every((a) => a.audio === 'phone')).toBe(true);
      expect(m.attendees.filter((a) => a.role === 'attendee').every((a) => a.room !== null)).toBe(true);
    }
  });
});

describe('What evenly means: the board warns about pointless rooms (a single person, only listeners)', () => {
  test('a room with a single person and a room with only listeners are warned about', async () => {
    const h = createHarness('warnings');
    await h.setup(roster({ voip: 1, listening: 2 }), 3);
    await h.place({ v0: 1, l0: 2, l1: 2 });
    const board = buildBoard(await h.meeting());
    expect(board.rooms[0]!.warnings).toEqual(['Only one person: nobody to talk to.']);
    expect(board.rooms[1]!.warnings).toEqual(['Only listeners: nobody here can speak.']);
    expect(board.rooms[2]!.warnings).toEqual([]);
    expect(board.warnings).toEqual(['1 room has a single person.', '1 room has only listeners.']);
  });
});

describe('Rule 8 placement: late joiners go to the smallest compatible room; nobody placed moves', () => {
  test('a VOIP joiner goes to the smallest room without phone attendees', () => {
    const placed = [
      { id: 'a', audio: 'phone', room: 1 },
      { id: 'b', audio: 'voip', room: 2 },
      { id: 'c', audio: 'voip', room: 2 },
      { id: 'd', audio: 'voip', room: 3 },
    ] as const;
    const out = placeLateJoiners(placed, [{ id: 'x', audio: 'voip' }], { rooms: 3, phoneRoomLimit: 7, random: seeded(1) });
    expect([...out.roomOf]).toEqual([3]);
  });

  test('a phone joiner goes to a phone room within the limit, never to a VOIP room', () => {
    const placed = [
      { id: 'a', audio: 'phone', room: 2 },
      { id: 'b', audio: 'voip', room: 1 },
    ] as const;
    const out = placeLateJoiners(placed, [{ id: 'x', audio: 'phone' }], { rooms: 3, phoneRoomLimit: 2, random: seeded(1) });
    expect([...out.roomOf]).toEqual([2]);
  });

  test('phone joiners open empty phone rooms in pairs instead of piling into one room', () => {
    const placed = [
      { id: 'a', audio: 'phone', room: 1 },
      { id: 'b', audio: 'phone', room: 1 },
      { id: 'c', audio: 'voip', room: 2 },
    ] as const;
    const joiners = people({ phone: 4 });
    const out = placeLateJoiners(placed, joiners, { rooms: 5, phoneRoomLimit: 7, random: seeded(1) });
    // Rooms 3 and 4 were empty: two phone newcomers each, nobody alone on the phone.
    expect([...out.roomOf].sort()).toEqual([3, 3, 4, 4]);
  });

  test('a lone phone attendee gets company before an empty room is opened; an odd one out joins the smallest phone room', () => {
    const placed = [
      { id: 'a', audio: 'phone', room: 1 },
      { id: 'b', audio: 'phone', room: 2 },
      { id: 'c', audio: 'phone', room: 2 },
      { id: 'd', audio: 'phone', room: 2 },
    ] as const;
    const out = placeLateJoiners(placed, people({ phone: 2 }), { rooms: 4, phoneRoomLimit: 7, random: seeded(1) });
    expect([...out.roomOf].sort()).toEqual([1, 1]);
  });

  test('a phone joiner with no compatible room within the limit stays in main with a reason', () => {
    const placed = [
      { id: 'a', audio: 'voip', room: 1 },
      { id: 'b', audio: 'voip', room: 2 },
    ] as const;
    const out = placeLateJoiners(placed, [{ id: 'x', audio: 'phone' }], { rooms: 3, phoneRoomLimit: 2, random: seeded(1) });
    expect([...out.roomOf]).toEqual([0]);
    expect(out.unplaced[0]?.reason).toContain('1 to 2');
  });

  test('the waiting reason offers adding a room only when a new room could take phone attendees', () => {
    const placed = [{ id: 'a', audio: 'voip', room: 1 }] as const;
    const atLimit = placeLateJoiners(placed, [{ id: 'x', audio: 'phone' }], { rooms: 1, phoneRoomLimit: 1, random: seeded(1) });
    expect(atLimit.unplaced[0]?.reason).not.toContain('add a room');
    expect(atLimit.unplaced[0]?.reason).toContain('phone-rooms');
    const belowLimit = placeLateJoiners(placed, [{ id: 'x', audio: 'phone' }], { rooms: 1, phoneRoomLimit: 7, random: seeded(1) });
    expect(belowLimit.unplaced[0]?.reason).toContain('add a room');
  });
});
