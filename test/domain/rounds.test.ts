// Rounds that remember, by example: the pair history, meeting someone new, together and apart,
// pre-assigned rooms, rooms of about N and the room cap, each unmet constraint with its reason.
import { describe, expect, test } from 'vitest';
import { distributeAll } from '../../src/domain/distribute.ts';
import type { Audio } from '../../src/domain/meeting.ts';
import { countRepeats, createPairHistory, placementRepeats, roundRooms } from '../../src/domain/pair-history.ts';
import { planRound, roomsForSize, type RoundPerson } from '../../src/domain/plan-round.ts';
import { createSeededRandom } from '../../src/domain/random.ts';
import { tally } from './placement-checks.ts';

function people(audio: Audio, count: number, prefix = audio[0]!): RoundPerson[] {
  return Array.from({ length: count }, (_, i) => ({ id: `${prefix}${i + 1}`, audio }));
}

const roomsOf = (list: readonly RoundPerson[], roomOf: Int32Array) => roundRooms(list.map((p) => p.id), roomOf);

describe('pair history', () => {
  test('counts how often each pair shared a breakout room; the main room is not a meeting', () => {
    const history = createPairHistory([
      [
        { room: 1, ids: ['a', 'b', 'c'] },
        { room: 0, ids: ['d', 'e'] },
      ],
      [{ room: 2, ids: ['a', 'b'] }],
    ]);
    expect(history.met('a', 'b')).toBe(2);
    expect(history.met('b', 'a')).toBe(2);
    expect(history.met('a', 'c')).toBe(1);
    expect(history.met('d', 'e')).toBe(0);
    expect(history.pairs).toBe(3);
  });

  test('a pair meeting again counts once, however often they met before', () => {
    const history = createPairHistory([[{ room: 1, ids: ['a', 'b', 'c'] }], [{ room: 1, ids: ['a', 'b'] }]]);
    expect(countRepeats([['a', 'b', 'c', 'd'], ['e']], history)).toBe(3);
    expect(countRepeats([['a', 'd'], ['b', 'e'], ['c']], history)).toBe(0);
    expect(placementRepeats(['a', 'b', 'c'], Int32Array.from([1, 1, 0]), history)).toBe(1);
  });
});

describe('meeting someone new', () => {
  test('nine people in three rooms of three meet nobody again in the second round', () => {
    const list = people('voip', 9);
    const first = planRound(list, { rooms: 3, phoneRoomLimit: 7, random: createSeededRandom('r1') });
    const history = createPairHistory([roomsOf(list, first.roomOf)]);
    const second = planRound(list, { rooms: 3, phoneRoomLimit: 7, random: createSeededRandom('r2'), history, avoidRepeats: true });
    expect(second.repeats).toBe(0);
    expect(tally(list, second, 3).map((r) => r.size)).toEqual([3, 3, 3]);
  });

  test('sixteen people in four rooms of four meet nobody again, and a shuffle usually would', () => {
    const list = [...people('voip', 12), ...people('listening', 4)];
    const history = createPairHistory([roomsOf(list, distributeAll(list, { rooms: 4, phoneRoomLimit: 7, random: createSeededRandom('a') }).roomOf)]);
    const plan = planRound(list, { rooms: 4, phoneRoomLimit: 7, random: createSeededRandom('b'), history, avoidRepeats: true });
    expect(plan.repeats).toBe(0);
    expect(tally(list, plan, 4).map((r) => [r.voip, r.listening])).toEqual([
      [3, 1],
      [3, 1],
      [3, 1],
      [3, 1],
    ]);
  });

  test('without a history or constraints the layout is Smart Distribute’s, draw for draw', () => {
    const list = [...people('phone', 5), ...people('voip', 20), ...people('listening', 7)];
    const plan = planRound(list, { rooms: 6, phoneRoomLimit: 7, random: createSeededRandom('same'), avoidRepeats: true });
    const plain = distributeAll(list, { rooms: 6, phoneRoomLimit: 7, random: createSeededRandom('same') });
    expect([...plan.roomOf]).toEqual([...plain.roomOf]);
    expect(plan.warnings).toEqual([]);
  });
});

describe('together and apart', () => {
  test('a together group of one audio kind shares a room', () => {
    const list = people('voip', 12).map((p, i) => (i % 4 === 0 ? { ...p, group: 'team' } : p));
    const plan = planRound(list, { rooms: 4, phoneRoomLimit: 7, random: createSeededRandom(1) });
    const rooms = new Set(list.map((p, i) => (p.group ? plan.roomOf[i] : -1)).filter((r) => r !== -1));
    expect(rooms.size).toBe(1);
    expect(plan.warnings).toEqual([]);
  });

  test('apart pairs never share a room when the rooms allow it', () => {
    const list = people('voip', 8).map((p, i) => (i < 3 ? { ...p, apart: ['v1', 'v2', 'v3'].filter((id) => id !== p.id) } : p));
    const plan = planRound(list, { rooms: 3, phoneRoomLimit: 7, random: createSeededRandom(2) });
    expect(new Set([plan.roomOf[0], plan.roomOf[1], plan.roomOf[2]]).size).toBe(3);
    expect(plan.warnings).toEqual([]);
  });

  test('two people on the phone kept apart with one phone room are reported, not split into a second phone room', () => {
    const list = [{ id: 'p1', audio: 'phone' as const, apart: ['p2'] }, { id: 'p2', audio: 'phone' as const }, ...people('voip', 6)];
    const plan = planRound(list, { rooms: 3, phoneRoomLimit: 7, random: createSeededRandom(3) });
    expect(plan.roomOf[0]).toBe(1);
    expect(plan.roomOf[1]).toBe(1);
    expect(plan.warnings).toHaveLength(1);
    expect(plan.warnings[0]).toMatchObject({ kind: 'apart', ids: ['p1', 'p2'] });
    expect(plan.warnings[0]!.reason).toMatch(/both are on the phone and all phone attendees are in one room \(room 1\)/);
  });

  test('a group with a phone caller keeps the others together and says why the caller is elsewhere', () => {
    const list = [{ id: 'p1', audio: 'phone' as const, group: 'g' }, ...people('phone', 2, 'q'), ...people('voip', 9).map((p, i) => (i < 3 ? { ...p, group: 'g' } : p))];
    const plan = planRound(list, { rooms: 4, phoneRoomLimit: 7, random: createSeededRandom(4), nameOf: (id) => id.toUpperCase() });
    expect(new Set([plan.roomOf[3], plan.roomOf[4], plan.roomOf[5]]).size).toBe(1);
    expect(plan.warnings).toHaveLength(1);
    expect(plan.warnings[0]!.kind).toBe('together');
    expect(plan.warnings[0]!.reason).toContain('P1 is on the phone, and phone attendees cannot share a room with VOIP or listening attendees');
    expect(plan.warnings[0]!.text).toMatch(/^Together “g”: split over rooms \d and \d: /);
  });

  test('a group bigger than a room is kept together as far as it goes and reported with the room size', () => {
    const list = people('voip', 12).map((p, i) => (i < 6 ? { ...p, group: 'big' } : p));
    const plan = planRound(list, { rooms: 3, phoneRoomLimit: 7, random: createSeededRandom(5) });
    const counts = [1, 2, 3].map((r) => list.filter((p, i) => p.group && plan.roomOf[i] === r).length).sort();
    expect(counts).toEqual([0, 2, 4]);
    expect(plan.warnings[0]!.reason).toContain('the group has 6 people on VOIP or listening and rooms hold at most 4 (rooms stay even)');
  });
});

describe('pre-assigned rooms', () => {
  test('pre-assigned people land in their rooms when the audio rules allow', () => {
    const list = [...people('phone', 8), ...people('voip', 8)].map((p) => (p.id === 'v1' ? { ...p, room: 4 } : p.id === 'p3' ? { ...p, room: 2 } : p));
    const plan = planRound(list, { rooms: 4, phoneRoomLimit: 7, random: createSeededRandom(6) });
    expect(plan.roomOf[list.findIndex((p) => p.id === 'v1')]).toBe(4);
    expect(plan.roomOf[list.findIndex((p) => p.id === 'p3')]).toBe(2);
    expect(plan.warnings).toEqual([]);
  });

  test('each pre-assignment the rules refuse is reported with the rule', () => {
    const list: RoundPerson[] = [
      { id: 'p1', audio: 'phone', room: 3 },
      { id: 'p2', audio: 'phone' },
      { id: 'v1', audio: 'voip', room: 1 },
      { id: 'v2', audio: 'voip', room: 9 },
      ...people('voip', 6, 'w'),
    ];
    const plan = planRound(list, { rooms: 4, phoneRoomLimit: 2, random: createSeededRandom(7) });
    const reasons = Object.fromEntries(plan.warnings.map((w) => [w.ids[0], w.reason]));
    expect(reasons).toEqual({
      p1: 'phone attendees may only be in rooms 1–2',
      v1: 'room 1 holds phone attendees, who cannot share a room with VOIP or listening attendees',
      v2: 'there are only 4 rooms',
    });
  });

  test('more people pre-assigned to a room than it holds: the extra are reported with the size', () => {
    const list = people('voip', 9).map((p, i) => (i < 5 ? { ...p, room: 1 } : p));
    const plan = planRound(list, { rooms: 3, phoneRoomLimit: 7, random: createSeededRandom(8) });
    expect(list.filter((_, i) => plan.roomOf[i] === 1 && i < 5)).toHaveLength(3);
    expect(plan.warnings.map((w) => w.reason)).toEqual(['5 people are pre-assigned to room 1, which holds at most 3 (rooms stay even)', '5 people are pre-assigned to room 1, which holds at most 3 (rooms stay even)']);
  });
});

describe('rooms of about N and the room cap', () => {
  test('rooms of about 4 for 40 people make 10 rooms, and never more than the limit', () => {
    const list = people('voip', 40);
    expect(planRound(list, { phoneRoomLimit: 7, random: createSeededRandom(9), size: 4 }).rooms).toBe(10);
    expect(planRound(list, { rooms: 6, phoneRoomLimit: 7, random: createSeededRandom(9), size: 4 }).rooms).toBe(6);
    expect(planRound(people('voip', 400), { phoneRoomLimit: 7, random: createSeededRandom(9), size: 2 }).rooms).toBe(50);
    expect(roomsForSize(0, 3, 4, 50, 7)).toBe(1);
  });

  test('phone attendees count in the rooms of about N: 6 on the phone and 18 others make seven rooms of 3 or 4', () => {
    expect(roomsForSize(6, 18, 4, 50, 7)).toBe(7);
    const list = [...people('phone', 6), ...people('voip', 18)];
    const plan = planRound(list, { phoneRoomLimit: 7, random: createSeededRandom(12), size: 4 });
    expect(tally(list, plan, plan.rooms).map((r) => r.size)).toEqual([3, 3, 4, 4, 4, 3, 3]);
  });

  test('a room cap adds rooms until no room is above it', () => {
    const list = people('voip', 30);
    const plan = planRound(list, { rooms: 2, phoneRoomLimit: 7, random: createSeededRandom(10), roomCap: 8 });
    expect(plan.rooms).toBe(4);
    expect(Math.max(...tally(list, plan, plan.rooms).map((r) => r.size))).toBeLessThanOrEqual(8);
    expect(plan.unplaced).toEqual([]);
  });

  test('phone attendees past what rooms 1..K hold under the cap wait in main, with the reason', () => {
    const list = [...people('phone', 40), ...people('voip', 10)];
    const plan = planRound(list, { rooms: 10, phoneRoomLimit: 7, random: createSeededRandom(11), roomCap: 5 });
    expect(plan.unplaced).toHaveLength(5);
    expect(plan.unplaced[0]!.reason).toBe('Every room open to phone attendees (rooms 1–7) is full at the room cap of 5: raise the cap or allow more phone rooms (phone-rooms).');
    expect(Math.max(...tally(list, plan, plan.rooms).map((r) => r.size))).toBeLessThanOrEqual(5);
  });
});
