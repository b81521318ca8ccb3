// Smart Distribute: the pure placement rules of docs/product-rules.md "What evenly means" and rule 8
// (late joiners). No meeting state, no I/O: people in, room numbers out.
import type { Audio } from './meeting.ts';
import type { Random } from '../ports.ts';
import { shuffleInPlace } from './random.ts';
import { roomRange } from './text.ts';

export interface Person {
  readonly id: string;
  readonly audio: Audio;
}

export interface Unplaced {
  readonly id: string;
  readonly reason: string;
}

export interface Placement {
  /** Room number per input person, same order as the input; 0 means "stays in the main room". */
  readonly roomOf: Int32Array;
  readonly unplaced: readonly Unplaced[];
  /** How many of the first rooms hold the phone attendees (0 when nobody is on the phone). */
  readonly phoneRooms: number;
}

export interface DistributeOptions {
  readonly rooms: number;
  readonly phoneRoomLimit: number;
  readonly random: Random;
  /**
   * People who keep their room and are not distributed (facilitators moved there by hand).
   * distributeAll places nobody where they would make an audio conflict with them.
   */
  readonly fixed?: readonly PlacedPerson[];
}

/** The sizes that `k` phone rooms would give; used to choose k and by the tests as the optimum. */
export interface BlockScore {
  readonly k: number;
  readonly largest: number;
  readonly spread: number;
}

export const REASONS = {
  phoneNeedsOwnRoom: (rooms: number) =>
    `Phone attendees cannot share a room with VOIP or listening attendees, and there ${rooms === 1 ? 'is only 1 room' : `are only ${rooms} rooms`}: add a room to place them.`,
  computerNeedsOwnRoom: (rooms: number) =>
    `VOIP and listening attendees cannot share a room with phone attendees, and there ${rooms === 1 ? 'is only 1 room' : `are only ${rooms} rooms`}: add a room to place them.`,
  /** Adding a room helps only while there are fewer rooms than the phone-room limit. */
  noPhoneRoom: (limit: number, rooms: number, phoneRoomLimit: number) =>
    `No room from 1 to ${limit} is free of VOIP and listening attendees: ${rooms < phoneRoomLimit ? 'add a room or move someone' : `move someone out of ${roomRange(limit)} or allow more phone rooms (phone-rooms)`}, then distribute again.`,
  noComputerRoom: 'Every room has phone attendees: add a room, then distribute again.',
} as const;

/**
 * Score every allowed size of the phone block and return the best: the smallest largest room,
 * then the smallest spread, then the fewest phone rooms. Returns k = 0 when P = 0.
 */
export function choosePhoneBlock(phone: number, others: number, rooms: number, phoneRoomLimit: number): BlockScore {
  if (rooms < 1) throw new RangeError('rooms must be at least 1');
  if (phone === 0) {
    return { k: 0, ...sizes(0, 0, others, rooms) };
  }
  const limit = Math.min(phoneRoomLimit, rooms);
  // With other attendees present, at least one room must stay free of phone attendees.
  const maxK = others > 0 ? Math.min(limit, rooms - 1) : limit;
  // Two or more phone attendees: never leave one alone, so every phone room holds at least 2.
  const lonelyCap = phone >= 2 ? Math.floor(phone / 2) : 1;
  const upper = Math.min(maxK, lonelyCap, phone);
  let best: BlockScore | undefined;
  for (let k = 1; k <= upper; k++) {
    const s = { k, ...sizes(phone, k, others, rooms - k) };
    if (!best || s.largest < best.largest || (s.largest === best.largest && s.spread < best.spread)) best = s;
  }
  if (!best) throw new RangeError('no phone block fits; callers handle the too-few-rooms case first');
  return best;
}

function sizes(phone: number, k: number, others: number, otherRooms: number): { largest: number; spread: number } {
  let largest = 0;
  let smallest = Number.POSITIVE_INFINITY;
  if (k > 0) {
    largest = Math.ceil(phone / k);
    smallest = Math.floor(phone / k);
  }
  if (otherRooms > 0) {
    largest = Math.max(largest, Math.ceil(others / otherRooms));
    smallest = Math.min(smallest, Math.floor(others / otherRooms));
  }
  return { largest, spread: largest - (Number.isFinite(smallest) ? smallest : 0) };
}

/**
 * Split everyone from scratch (first distribute, or shuffle). Phone attendees fill rooms
 * 1..k, the others fill k+1..N with VOIP dealt before listeners so speakers spread first.
 */
export function distributeAll(people: readonly Person[], options: DistributeOptions): Placement {
  const fixed = (options.fixed ?? []).filter((p) => p.room >= 1 && p.room <= options.rooms);
  return fixed.length === 0 ? distributeFree(people, options) : distributeAround(people, fixed, options);
}

function distributeFree(people: readonly Person[], options: DistributeOptions): Placement {
  const { rooms, phoneRoomLimit, random } = options;
  const roomOf = new Int32Array(people.length);
  const phone: number[] = [];
  const voip: number[] = [];
  const listening: number[] = [];
  for (let i = 0; i < people.length; i++) {
    const audio = people[i]!.audio;
    if (audio === 'phone') phone.push(i);
    else if (audio === 'voip') voip.push(i);
    else listening.push(i);
  }
  const others = voip.length + listening.length;

  if (phone.length > 0 && others > 0 && Math.min(rooms - 1, phoneRoomLimit) < 1) {
    // Too few rooms to keep the two kinds apart: place the larger group, the rest waits.
    const phoneWins = phone.length > others;
    const unplaced: Unplaced[] = [];
    if (phoneWins) {
      deal(phone, roomOf, 1, 1, 0, random);
      for (const i of [...voip, ...listening]) unplaced.push({ id: people[i]!.id, reason: REASONS.computerNeedsOwnRoom(rooms) });
    } else {
      const next = deal(voip, roomOf, 1, rooms, 0, random);
      deal(listening, roomOf, 1, rooms, next, random);
      for (const i of phone) unplaced.push({ id: people[i]!.id, reason: REASONS.phoneNeedsOwnRoom(rooms) });
    }
    return { roomOf, unplaced, phoneRooms: phoneWins ? 1 : 0 };
  }

  const { k } = choosePhoneBlock(phone.length, others, rooms, phoneRoomLimit);
  deal(phone, roomOf, 1, k, 0, random);
  const next = deal(voip, roomOf, k + 1, rooms - k, 0, random);
  deal(listening, roomOf, k + 1, rooms - k, next, random);
  return { roomOf, unplaced: [], phoneRooms: k };
}

/**
 * distributeAll with people who stay where they are: the phone block is laid over the rooms
 * phone attendees may use (those already holding phone attendees first), and anyone who would
 * still meet the other kind is placed like a late joiner instead, so no conflict is created.
 */
function distributeAround(people: readonly Person[], fixed: readonly PlacedPerson[], options: DistributeOptions): Placement {
  const { rooms, phoneRoomLimit } = options;
  const limit = Math.min(phoneRoomLimit, rooms);
  const holdsPhone = new Set<number>();
  const holdsOther = new Set<number>();
  for (const f of fixed) (f.audio === 'phone' ? holdsPhone : holdsOther).add(f.room);
  const phoneOk: number[] = [];
  const rest: number[] = [];
  for (let r = 1; r <= rooms; r++) (r <= limit && !holdsOther.has(r) ? phoneOk : rest).push(r);
  phoneOk.sort((a, b) => Number(holdsPhone.has(b)) - Number(holdsPhone.has(a)) || a - b);
  const realRoom = [0, ...phoneOk, ...rest];

  const inner = distributeFree(people, { ...options, phoneRoomLimit: Math.max(1, phoneOk.length) });
  const roomOf = new Int32Array(people.length);
  const placed: PlacedPerson[] = [...fixed];
  // Those the inner split left in main get another try too: in a single room that a facilitator
  // of the other kind already holds, the smaller group is the one that can be placed.
  const bounced: number[] = [];
  people.forEach((p, i) => {
    const room = realRoom[inner.roomOf[i]!]!;
    const clash = p.audio === 'phone' ? room > limit || holdsOther.has(room) : holdsPhone.has(room);
    if (room === 0 || clash) bounced.push(i);
    else {
      roomOf[i] = room;
      placed.push({ id: p.id, audio: p.audio, room });
    }
  });
  const late = placeLateJoiners(placed, bounced.map((i) => people[i]!), options);
  bounced.forEach((i, j) => (roomOf[i] = late.roomOf[j]!));
  const phoneRooms = new Set<number>();
  for (const p of placed) if (p.audio === 'phone') phoneRooms.add(p.room);
  bounced.forEach((i) => {
    if (people[i]!.audio === 'phone' && roomOf[i]! > 0) phoneRooms.add(roomOf[i]!);
  });
  // The too-few-rooms reason says more than the late joiners' one when it still holds.
  const innerReason = new Map(inner.unplaced.map((u) => [u.id, u.reason]));
  const unplaced = late.unplaced.map((u) => ({ id: u.id, reason: innerReason.get(u.id) ?? u.reason }));
  return { roomOf, unplaced, phoneRooms: phoneRooms.size };
}

/**
 * Shuffle `group` in place (Fisher–Yates) and deal it round-robin into `count` rooms starting
 * at room `first`, beginning with the room at offset `start`. Returns the offset after the last.
 */
function deal(group: number[], roomOf: Int32Array, first: number, count: number, start: number, random: Random): number {
  if (count <= 0 || group.length === 0) return start;
  shuffleInPlace(group, random);
  let slot = start % count;
  for (const i of group) {
    roomOf[i] = first + slot;
    slot = slot + 1 === count ? 0 : slot + 1;
  }
  return slot;
}


export interface PlacedPerson extends Person {
  /** 0 = main room. */
  readonly room: number;
}

/**
 * Rule 8: keep the layout, place only the newcomers, each into the smallest compatible room.
 * Nobody already placed moves. Phone newcomers prefer rooms that already hold phone attendees
 * (no lone phone attendee).
 */
export function placeLateJoiners(
  placed: readonly PlacedPerson[],
  joiners: readonly Person[],
  options: DistributeOptions,
): Placement {
  const { rooms, phoneRoomLimit, random } = options;
  const limit = Math.min(phoneRoomLimit, rooms);
  const size = new Int32Array(rooms + 1);
  const phoneIn = new Int32Array(rooms + 1);
  const voipIn = new Int32Array(rooms + 1);
  const listenIn = new Int32Array(rooms + 1);
  for (const p of placed) {
    if (p.room < 1 || p.room > rooms) continue;
    size[p.room]!++;
    if (p.audio === 'phone') phoneIn[p.room]!++;
    else if (p.audio === 'voip') voipIn[p.room]!++;
    else listenIn[p.room]!++;
  }
  const order = joiners.map((_, i) => i);
  shuffleInPlace(order, random);
  // Phone first (they have the fewest rooms), then speakers before listeners.
  const rank: Record<Audio, number> = { phone: 0, voip: 1, listening: 2 };
  order.sort((a, b) => rank[joiners[a]!.audio] - rank[joiners[b]!.audio]);

  const roomOf = new Int32Array(joiners.length);
  const unplaced: Unplaced[] = [];
  let phoneLeft = joiners.filter((p) => p.audio === 'phone').length;
  for (const i of order) {
    const person = joiners[i]!;
    const isPhone = person.audio === 'phone';
    if (isPhone) phoneLeft--;
    const sameKind = person.audio === 'voip' ? voipIn : person.audio === 'listening' ? listenIn : phoneIn;
    let best = 0;
    let bestScore = Number.POSITIVE_INFINITY;
    const last = isPhone ? limit : rooms;
    for (let r = 1; r <= last; r++) {
      const compatible = isPhone ? size[r] === phoneIn[r] : phoneIn[r] === 0;
      if (!compatible) continue;
      // Lower is better: the smallest room, then fewer of the same kind (speakers spread before
      // listeners), then the lowest number. Nobody is left alone on the phone: a phone newcomer
      // first keeps a lone phone attendee company, and opens an empty room only when another
      // phone newcomer is still to come (who then joins them) — otherwise joins a phone room.
      const emptyPenalty = isPhone && size[r] === 0 && phoneLeft === 0 ? 1e12 : 0;
      const lonelyBonus = isPhone && size[r] === 1 ? -1e12 : 0;
      const score = emptyPenalty + lonelyBonus + size[r]! * 1e6 + sameKind[r]! * 1e3 + r;
      if (score < bestScore) {
        bestScore = score;
        best = r;
      }
    }
    if (best === 0) {
      unplaced.push({ id: person.id, reason: isPhone ? REASONS.noPhoneRoom(limit, rooms, phoneRoomLimit) : REASONS.noComputerRoom });
      continue;
    }
    roomOf[i] = best;
    size[best]!++;
    sameKind[best]!++;
  }
  return { roomOf, unplaced, phoneRooms: countPhoneRooms(phoneIn) };
}

function countPhoneRooms(phoneIn: Int32Array): number {
  let n = 0;
  for (let r = 1; r < phoneIn.length; r++) if (phoneIn[r]! > 0) n++;
  return n;
}
