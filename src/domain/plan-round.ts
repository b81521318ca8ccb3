// The optimiser behind `distribute new`, the constraints and the planner: one round laid out so that
// as few pairs as possible meet again, keeping together groups together, apart pairs apart and
// pre-assigned people in their rooms, while every audio rule and Smart Distribute's evenness stay
// hard rules. Pure: people and history in, rooms out; randomness injected, so a seed reproduces.
import { distributeAll, type Unplaced } from './distribute.ts';
import { LIMITS } from './meeting.ts';
import { NO_HISTORY, placementRepeats } from './pair-history.ts';
import { roomsForSize, roomsUnderCap, underCapAround } from './plan-round-room-count.ts';
import type { RoundOptions, RoundPerson, RoundPlan } from './plan-round-types.ts';
import { explainUnmet } from './plan-round-unmet.ts';
import { createRoundSearch, rangesOf } from './round-search.ts';

export { ROUND_REASONS, roomsForSize } from './plan-round-room-count.ts';
export type { RoundOptions, RoundPerson, RoundPlan, UnmetConstraint } from './plan-round-types.ts';

/**
 * Lay out one round. Start from distributeAll's layout (its phone block, sizes and per-kind counts
 * are what "evenly" means), place everyone again greedily into those same slots, then improve by
 * swaps and moves that keep every room's size and audio counts within the even ranges.
 */
export function planRound(people: readonly RoundPerson[], options: RoundOptions): RoundPlan {
  const ids = new Set<string>();
  for (const p of people) {
    if (ids.has(p.id)) throw new RangeError(`duplicate id ${p.id}`);
    ids.add(p.id);
  }
  const maxRooms = options.maxRooms ?? LIMITS.maxRooms;
  const { phoneRoomLimit, random } = options;
  const history = options.history ?? NO_HISTORY;
  const nameOf = options.nameOf ?? ((id: string) => id);
  if (options.size !== undefined && !(Number.isInteger(options.size) && options.size >= 1)) throw new RangeError('size must be a whole number of at least 1');
  if (options.roomCap !== undefined && !(Number.isInteger(options.roomCap) && options.roomCap >= 1)) throw new RangeError('roomCap must be a whole number of at least 1');

  const phoneCount = people.filter((p) => p.audio === 'phone').length;
  const otherCount = people.length - phoneCount;
  let rooms: number;
  if (options.size !== undefined) rooms = roomsForSize(phoneCount, otherCount, options.size, Math.min(options.rooms ?? maxRooms, maxRooms), phoneRoomLimit);
  else if (options.rooms !== undefined) rooms = options.rooms;
  else throw new RangeError('rooms or size is required');
  if (rooms < 1) throw new RangeError('rooms must be at least 1');

  // The room cap: more rooms until none is above it; what still does not fit waits in main.
  let subset: readonly RoundPerson[] = people;
  const capped: Unplaced[] = [];
  if (options.roomCap !== undefined) {
    const fit = roomsUnderCap(people, options.fixed ?? [], rooms, Math.max(rooms, maxRooms), phoneRoomLimit, options.roomCap, random);
    rooms = fit.rooms;
    subset = fit.placed;
    capped.push(...fit.unplaced);
  }

  let skeleton = distributeAll(subset, { rooms, phoneRoomLimit, random, ...(options.fixed ? { fixed: options.fixed } : {}) });
  if (options.roomCap !== undefined && options.fixed?.length) skeleton = underCapAround(subset, skeleton, options.fixed, rooms, phoneRoomLimit, options.roomCap, random);
  // With facilitators kept in rooms, each room keeps its counts exactly: only same-kind swaps are safe.
  const ranges = rangesOf(subset, skeleton, rooms, Boolean(options.fixed?.length));
  const search = createRoundSearch(subset, skeleton, ranges, { random, history, avoidRepeats: options.avoidRepeats ?? false, iterations: options.iterations });
  const roomOfSubset = search ? search.run() : skeleton.roomOf;

  const index = new Map(subset.map((p, i) => [p.id, i]));
  const roomOf = new Int32Array(people.length);
  people.forEach((p, i) => {
    const j = index.get(p.id);
    roomOf[i] = j === undefined ? 0 : roomOfSubset[j]!;
  });
  const unplaced = [...capped, ...skeleton.unplaced];
  const allIds = people.map((p) => p.id);
  return {
    roomOf,
    unplaced,
    phoneRooms: skeleton.phoneRooms,
    rooms,
    repeats: placementRepeats(allIds, roomOf, history),
    warnings: explainUnmet(people, roomOf, unplaced, { rooms, phoneRoomLimit, roomCap: options.roomCap, nameOf, ranges }),
  };
}
