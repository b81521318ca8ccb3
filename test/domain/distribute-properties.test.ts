// Property-based tests of Smart Distribute over random rosters (0–300 people, mixed audio), room
// counts (1–50) and phone-room limits (1–10). fast-check prints its seed and the counterexample,
// which includes the seed handed to the injected random.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { distributeAll, placeLateJoiners, type Person, type PlacedPerson, type Placement } from '../../src/domain/distribute.ts';
import { AUDIO_KINDS, type Audio } from '../../src/domain/meeting.ts';
import { findConflicts } from '../../src/domain/conflicts.ts';
import { actor, createHarness, seeded } from '../engine/helpers.ts';
import { expectBalanced, spread, tally, type RoomTally } from './placement-checks.ts';

const RUNS = 300;

function toPeople(audios: readonly Audio[], prefix = 'a'): Person[] {
  return audios.map((audio, i) => ({ id: `${prefix}${i}`, audio }));
}

/** Mixed rosters: uniform mixes, and skewed ones (few phone, many listeners, …). */
const audiosArb = (max = 300): fc.Arbitrary<Audio[]> =>
  fc.oneof(
    fc.array(fc.constantFrom(...AUDIO_KINDS), { maxLength: max }),
    fc
      .record({ phone: fc.nat(Math.min(max, 40)), voip: fc.nat(Math.floor(max / 2)), listening: fc.nat(Math.floor(max / 3)) })
      .chain((c) => fc.shuffledSubarray(
        [...Array<Audio>(c.phone).fill('phone'), ...Array<Audio>(c.voip).fill('voip'), ...Array<Audio>(c.listening).fill('listening')],
        { minLength: c.phone + c.voip + c.listening },
      )),
  );

const caseArb = fc.record({
  audios: audiosArb(),
  rooms: fc.integer({ min: 1, max: 50 }),
  phoneRoomLimit: fc.integer({ min: 1, max: 10 }),
  seed: fc.integer(),
});
type Case = { audios: Audio[]; rooms: number; phoneRoomLimit: number; seed: number };


function run(c: Case): { people: Person[]; placement: Placement; rooms: RoomTally[] } {
  const people = toPeople(c.audios);
  const placement = distributeAll(people, { rooms: c.rooms, phoneRoomLimit: c.phoneRoomLimit, random: seeded(c.seed) });
  return { people, placement, rooms: tally(people, placement, c.rooms) };
}

const count = (audios: readonly Audio[], kind: Audio): number => audios.filter((a) => a === kind).length;
const tooFewRooms = (c: Case): boolean => c.rooms === 1 && count(c.audios, 'phone') > 0 && count(c.audios, 'phone') < c.audios.length;

/** n people split as evenly as possible into k rooms. */
function evenSplit(n: number, k: number): number[] {
  return Array.from({ length: k }, (_, i) => Math.floor(n / k) + (i < n % k ? 1 : 0));
}

/**
 * docs/product-rules.md's optimum, by brute force over every valid phone block k: phone attendees in
 * rooms 1..k (k ≤ K, each holding one; nobody alone on the phone when P ≥ 2), the others in
 * k+1..N (at least one such room when there are others); minimise the largest room, then the
 * spread between the largest and smallest of all N rooms.
 */
function optimum(phone: number, others: number, rooms: number, phoneRoomLimit: number): { largest: number; spread: number } | undefined {
  const candidates: number[][] = [];
  if (phone === 0) candidates.push(evenSplit(others, rooms));
  for (let k = 1; k <= rooms && phone > 0; k++) {
    if (k > Math.min(phoneRoomLimit, rooms) || k > phone) continue;
    if (others > 0 && rooms - k < 1) continue;
    const phoneSizes = evenSplit(phone, k);
    if (phone >= 2 && phoneSizes.some((s) => s < 2)) continue;
    candidates.push([...phoneSizes, ...evenSplit(others, rooms - k)]);
  }
  let best: { largest: number; spread: number } | undefined;
  for (const sizes of candidates) {
    const s = { largest: Math.max(...sizes), spread: spread(sizes) };
    if (!best || s.largest < best.largest || (s.largest === best.largest && s.spread < best.spread)) best = s;
  }
  return best;
}

describe('Smart Distribute properties (distributeAll)', () => {
  test('distributeAll never creates an audio conflict and places everyone unless there is a single room for both kinds', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const { people, placement, rooms } = run(c);
        expect(rooms.filter((r) => r.phone > 0 && r.phone < r.size)).toEqual([]);
        if (tooFewRooms(c)) {
          const phone = count(c.audios, 'phone');
          const smaller = phone > c.audios.length - phone ? c.audios.length - phone : phone;
          expect(placement.unplaced).toHaveLength(smaller);
          for (const u of placement.unplaced) expect(u.reason).toContain('add a room');
        } else {
          expect(placement.unplaced).toEqual([]);
          expect(people.every((_, i) => placement.roomOf[i]! >= 1 && placement.roomOf[i]! <= c.rooms)).toBe(true);
        }
      }),
      { numRuns: RUNS },
    );
  });

  test('phone attendees are only in rooms 1..K and fill a block 1..k that holds nobody else', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const { people, placement } = run(c);
        const K = Math.min(c.phoneRoomLimit, c.rooms);
        expect(placement.phoneRooms).toBeLessThanOrEqual(K);
        people.forEach((p, i) => {
          const room = placement.roomOf[i]!;
          if (room === 0) return;
          if (p.audio === 'phone') expect(room).toBeLessThanOrEqual(placement.phoneRooms);
          else expect(room).toBeGreaterThan(placement.phoneRooms);
        });
      }),
      { numRuns: RUNS },
    );
  });

  test('sizes within phone rooms differ by at most one; within other rooms sizes, VOIP and listening counts each differ by at most one', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const { placement, rooms } = run(c);
        if (tooFewRooms(c)) return;
        const { otherRooms } = expectBalanced(rooms, placement.phoneRooms);
        // Speakers first: a listeners-only room only when there are fewer VOIP attendees than other rooms.
        if (count(c.audios, 'voip') >= otherRooms.length) expect(otherRooms.filter((r) => r.size > 0 && r.voip === 0)).toEqual([]);
      }),
      { numRuns: RUNS },
    );
  });

  test('the largest room equals the brute-force optimum over every valid phone block, and ties go to the smaller spread', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        if (tooFewRooms(c)) return;
        const { rooms } = run(c);
        const phone = count(c.audios, 'phone');
        const best = optimum(phone, c.audios.length - phone, c.rooms, c.phoneRoomLimit);
        expect(best).toBeDefined();
        const sizes = rooms.map((r) => r.size);
        expect({ largest: Math.max(...sizes), spread: spread(sizes) }).toEqual(best);
      }),
      { numRuns: RUNS },
    );
  });

  test('no phone attendee is alone in a room when two or more are on the phone', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const { rooms } = run(c);
        if (count(c.audios, 'phone') >= 2 && !tooFewRooms(c)) expect(rooms.filter((r) => r.phone === 1)).toEqual([]);
      }),
      { numRuns: RUNS },
    );
  });

  test('the same seed gives the same placement', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        expect([...run(c).placement.roomOf]).toEqual([...run(c).placement.roomOf]);
      }),
      { numRuns: 100 },
    );
  });

  test('different seeds give different placements on large rosters', () => {
    const largeArb = fc.record({
      audios: fc.array(fc.constantFrom(...AUDIO_KINDS), { minLength: 150, maxLength: 300 }),
      rooms: fc.integer({ min: 3, max: 50 }),
      phoneRoomLimit: fc.integer({ min: 1, max: 10 }),
      seed: fc.integer(),
      other: fc.integer(),
    });
    fc.assert(
      fc.property(largeArb, (c) => {
        fc.pre(c.seed !== c.other);
        const a = [...run(c).placement.roomOf];
        const b = [...run({ ...c, seed: c.other }).placement.roomOf];
        expect(a).not.toEqual(b);
      }),
      { numRuns: 100 },
    );
  });
});

/** An existing layout as a facilitator could leave it: anyone anywhere, phone only in 1..K (conflicts allowed). */
const lateArb = fc
  .record({
    rooms: fc.integer({ min: 1, max: 50 }),
    phoneRoomLimit: fc.integer({ min: 1, max: 10 }),
    placed: audiosArb(200),
    joiners: audiosArb(100),
    seed: fc.integer(),
  })
  .chain((c) =>
    fc.record({
      c: fc.constant(c),
      where: fc.array(fc.integer({ min: 0, max: c.rooms }), { minLength: c.placed.length, maxLength: c.placed.length }),
    }),
  )
  .map(({ c, where }) => {
    const K = Math.min(c.phoneRoomLimit, c.rooms);
    const placed: PlacedPerson[] = c.placed.map((audio, i) => ({ id: `p${i}`, audio, room: audio === 'phone' && where[i]! > K ? where[i]! % (K + 1) : where[i]! }));
    return { ...c, placedPeople: placed, joinerPeople: toPeople(c.joiners, 'j') };
  });

describe('Smart Distribute properties (facilitators placed by hand)', () => {
  const withFixedArb = fc.record({
    c: caseArb,
    fixed: fc.array(fc.record({ audio: fc.constantFrom(...AUDIO_KINDS), room: fc.integer({ min: 1, max: 50 }) }), { minLength: 1, maxLength: 4 }),
  });

  test('distributeAll places nobody into an audio conflict with facilitators who stay in their rooms', () => {
    fc.assert(
      fc.property(withFixedArb, ({ c, fixed: raw }) => {
        const K = Math.min(c.phoneRoomLimit, c.rooms);
        // As the engine keeps them: in an existing room, phone facilitators only in rooms 1..K.
        const fixed = raw.map((f, i) => ({ id: `f${i}`, audio: f.audio, room: f.audio === 'phone' ? ((f.room - 1) % K) + 1 : ((f.room - 1) % c.rooms) + 1 }));
        const people = toPeople(c.audios);
        const placement = distributeAll(people, { rooms: c.rooms, phoneRoomLimit: c.phoneRoomLimit, random: seeded(c.seed), fixed });
        const fixedPhone = new Set(fixed.filter((f) => f.audio === 'phone').map((f) => f.room));
        const fixedOther = new Set(fixed.filter((f) => f.audio !== 'phone').map((f) => f.room));
        const roomsWith = { phone: new Set<number>(), other: new Set<number>() };
        const unplaced = new Set(placement.unplaced.map((u) => u.id));
        people.forEach((p, i) => {
          const room = placement.roomOf[i]!;
          expect(room === 0).toBe(unplaced.has(p.id));
          if (room === 0) return;
          if (p.audio === 'phone') {
            expect(room).toBeLessThanOrEqual(K);
            expect(fixedOther.has(room)).toBe(false);
            roomsWith.phone.add(room);
          } else {
            expect(fixedPhone.has(room)).toBe(false);
            roomsWith.other.add(room);
          }
        });
        expect([...roomsWith.phone].filter((r) => roomsWith.other.has(r))).toEqual([]);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('Smart Distribute properties (late joiners, rule 8)', () => {
  test('late-joiner mode places joiners only where they create no conflict, phone joiners only in rooms 1..K', () => {
    fc.assert(
      fc.property(lateArb, (c) => {
        const out = placeLateJoiners(c.placedPeople, c.joinerPeople, { rooms: c.rooms, phoneRoomLimit: c.phoneRoomLimit, random: seeded(c.seed) });
        const K = Math.min(c.phoneRoomLimit, c.rooms);
        const all = [
          ...c.placedPeople.map((p) => ({ ...p, joiner: false })),
          ...c.joinerPeople.map((p, i) => ({ ...p, room: out.roomOf[i]!, joiner: true })),
        ];
        const unplaced = new Set(out.unplaced.map((u) => u.id));
        for (let r = 1; r <= c.rooms; r++) {
          const inRoom = all.filter((p) => p.room === r);
          const joiners = inRoom.filter((p) => p.joiner);
          for (const j of joiners) {
            const others = inRoom.filter((p) => p.id !== j.id);
            if (j.audio === 'phone') {
              expect(r).toBeLessThanOrEqual(K);
              expect(others.every((p) => p.audio === 'phone')).toBe(true);
            } else {
              expect(others.every((p) => p.audio !== 'phone')).toBe(true);
            }
          }
        }
        c.joinerPeople.forEach((p, i) => expect(out.roomOf[i] === 0).toBe(unplaced.has(p.id)));
        // Nobody is left alone on the phone when company was possible.
        const phoneJoinerRooms = c.joinerPeople.map((p, i) => (p.audio === 'phone' ? out.roomOf[i]! : 0)).filter((r) => r > 0);
        const phoneRoomBefore = c.placedPeople.some((p) => p.audio === 'phone' && p.room > 0 && c.placedPeople.every((q) => q.room !== p.room || q.audio === 'phone'));
        if (phoneJoinerRooms.length >= 2 || phoneRoomBefore) {
          for (const r of phoneJoinerRooms) expect(all.filter((p) => p.room === r).length).toBeGreaterThan(1);
        }
      }),
      { numRuns: RUNS },
    );
  });

  test('a single late joiner lands in a smallest compatible room', () => {
    fc.assert(
      fc.property(lateArb, fc.constantFrom(...AUDIO_KINDS), (c, audio) => {
        const out = placeLateJoiners(c.placedPeople, [{ id: 'x', audio }], { rooms: c.rooms, phoneRoomLimit: c.phoneRoomLimit, random: seeded(c.seed) });
        const K = Math.min(c.phoneRoomLimit, c.rooms);
        const size = (r: number) => c.placedPeople.filter((p) => p.room === r).length;
        const phoneIn = (r: number) => c.placedPeople.filter((p) => p.room === r && p.audio === 'phone').length;
        const compatible: number[] = [];
        for (let r = 1; r <= (audio === 'phone' ? K : c.rooms); r++) {
          if (audio === 'phone' ? phoneIn(r) === size(r) : phoneIn(r) === 0) compatible.push(r);
        }
        const got = out.roomOf[0]!;
        if (compatible.length === 0) {
          expect(got).toBe(0);
          return;
        }
        // Phone joiners join other phone attendees before opening an empty room (no lone phone attendee).
        const preferred = audio === 'phone' && compatible.some((r) => size(r) > 0) ? compatible.filter((r) => size(r) > 0) : compatible;
        expect(preferred).toContain(got);
        expect(size(got)).toBe(Math.min(...preferred.map(size)));
      }),
      { numRuns: RUNS },
    );
  });

  test('distribute on a meeting with a layout never moves anyone placed and never creates a conflict (through the engine)', async () => {
    const engineArb = fc.record({
      first: audiosArb(60),
      late: audiosArb(30),
      rooms: fc.integer({ min: 1, max: 12 }),
      moves: fc.array(fc.record({ who: fc.nat(), to: fc.integer({ min: 0, max: 12 }) }), { maxLength: 10 }),
      seed: fc.integer(),
    });
    await fc.assert(
      fc.asyncProperty(engineArb, async (c) => {
        const h = createHarness(c.seed);
        await h.ok('import', { people: c.first.map((audio, i) => ({ id: `a${i}`, name: `A${i}`, audio })) });
        await h.ok('rooms', { count: c.rooms });
        await h.ok('distribute');
        for (const m of c.moves) {
          if (c.first.length === 0) break;
          // Refusals (phone above the limit, room that does not exist) are fine: nothing changes.
          await h.exec('move', { user: { id: `a${m.who % c.first.length}` }, to: m.to === 0 ? 'main' : m.to });
        }
        for (const [i, audio] of c.late.entries()) await h.ok('join', { audio }, actor(`late${i}`));
        const before = await h.meeting();
        const conflictsBefore = findConflicts(before);
        const placedBefore = new Map(before.attendees.filter((a) => a.room !== null).map((a) => [a.id, a.room]));
        const after = (await h.ok('distribute')).meeting;
        for (const [id, room] of placedBefore) expect(after.attendees.find((a) => a.id === id)?.room).toBe(room);
        // Conflict rooms may only be ones that were already in conflict, with the same people on VOIP/listening.
        for (const [room, conflict] of findConflicts(after)) {
          expect(conflictsBefore.get(room)?.affected.map((a) => a.id).sort()).toEqual(conflict.affected.map((a) => a.id).sort());
          expect(conflictsBefore.get(room)?.phone.map((a) => a.id).sort()).toEqual(conflict.phone.map((a) => a.id).sort());
        }
      }),
      { numRuns: 60 },
    );
  });
});
