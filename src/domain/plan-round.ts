// The optimiser behind `distribute new`, the constraints and the planner: one round laid out so that
// as few pairs as possible meet again, keeping together groups together, apart pairs apart and
// pre-assigned people in their rooms, while every audio rule and Smart Distribute's evenness stay
// hard rules. Pure: people and history in, rooms out; randomness injected, so a seed reproduces.
import type { Random } from '../ports.ts';
import { choosePhoneBlock, distributeAll, REASONS, type Person, type PlacedPerson, type Placement, type Unplaced } from './distribute.ts';
import { LIMITS } from './meeting.ts';
import { NO_HISTORY, placementRepeats, type PairHistory } from './pair-history.ts';
import { shuffleInPlace } from './random.ts';
import { createRoundSearch, kindOf, LISTENING, PHONE, rangesOf, SIZE, VOIP, type Ranges } from './round-search.ts';
import { nameList, plural, roomRange } from './text.ts';

export interface RoundPerson extends Person {
  /** People sharing a group label are kept in one room when audio and room sizes allow. */
  readonly group?: string;
  /** Ids this person is never to share a room with (either side may list the other). */
  readonly apart?: readonly string[];
  /** A pre-assigned breakout room, kept when the audio rules and even sizes allow. */
  readonly room?: number;
}

export interface RoundOptions {
  /** How many rooms. With `size`, the most rooms to use (default: the room limit). */
  readonly rooms?: number;
  /** The room limit: `size` and `roomCap` never ask for more rooms than this (default 50). */
  readonly maxRooms?: number;
  readonly phoneRoomLimit: number;
  readonly random: Random;
  /** Earlier rounds of this meeting; repeats are counted against them. */
  readonly history?: PairHistory;
  /** Search for the layout where the fewest pairs meet again (otherwise only constraints count). */
  readonly avoidRepeats?: boolean;
  /** Rooms of about this many people: the room count follows, from 1 to the room limit. */
  readonly size?: number;
  /** No room above this many people: the room count grows until none is (within the room limit). */
  readonly roomCap?: number;
  /** Facilitators placed by hand who keep their rooms (as distributeAll's `fixed`). */
  readonly fixed?: readonly PlacedPerson[];
  /** Search steps; the default grows with the roster. Steps, not time, so a seed reproduces. */
  readonly iterations?: number;
  /** Display names for the reasons (default: the id). */
  readonly nameOf?: (id: string) => string;
}

/** A constraint the layout does not meet, and why (audio rules and even rooms win). */
export interface UnmetConstraint {
  readonly kind: 'apart' | 'together' | 'room';
  readonly ids: readonly string[];
  /** The together group's label. */
  readonly group?: string;
  /** The pre-assigned room. */
  readonly room?: number;
  readonly reason: string;
  /** The whole sentence: what is not met, then the reason. */
  readonly text: string;
}

export interface RoundPlan extends Placement {
  /** How many rooms the layout uses (differs from `rooms` with `size` or `roomCap`). */
  readonly rooms: number;
  /** Pairs sharing a room now that shared one in an earlier round (each pair once). */
  readonly repeats: number;
  readonly warnings: readonly UnmetConstraint[];
}

export const ROUND_REASONS = {
  capPhone: (cap: number, phoneRooms: number) =>
    `Every room open to phone attendees (${roomRange(phoneRooms)}) is full at the room cap of ${cap}: raise the cap or allow more phone rooms (phone-rooms).`,
  capOthers: (cap: number, rooms: number, atMost: boolean) =>
    `Every room is full at the room cap of ${cap} (${plural(rooms, 'room')}${atMost ? ', the most there can be' : ''}): raise the cap${atMost ? '' : ' or add rooms'}.`,
} as const;

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

// ---------------------------------------------------------------------------------------------
// Room count: rooms of about N, and the room cap.

function evenSplit(n: number, k: number): number[] {
  return Array.from({ length: k }, (_, i) => Math.floor(n / k) + (i < n % k ? 1 : 0));
}

/** Room sizes distributeAll would make, and how many it would leave in main (one room, both kinds). */
function sizesFor(phone: number, others: number, rooms: number, phoneRoomLimit: number): { sizes: number[]; waiting: number } {
  if (phone > 0 && others > 0 && Math.min(rooms - 1, phoneRoomLimit) < 1) return { sizes: [Math.max(phone, others)], waiting: Math.min(phone, others) };
  const { k } = choosePhoneBlock(phone, others, rooms, phoneRoomLimit);
  return { sizes: [...evenSplit(phone, k), ...evenSplit(others, rooms - k)], waiting: 0 };
}

/**
 * "Rooms of about N": the room count whose even sizes stray least from N in all (an empty room
 * strays by N), nobody left in main if avoidable; ties go to the smaller largest room, then fewer rooms.
 */
export function roomsForSize(phone: number, others: number, size: number, maxRooms: number, phoneRoomLimit: number): number {
  let best = 1;
  let bestScore = [Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY];
  for (let rooms = 1; rooms <= Math.max(1, maxRooms); rooms++) {
    const { sizes, waiting } = sizesFor(phone, others, rooms, phoneRoomLimit);
    const stray = sizes.reduce((sum, s) => sum + Math.abs(s - size), 0) + waiting * (size + 1) * 1000;
    const score = [stray, Math.max(0, ...sizes)];
    if (score[0]! < bestScore[0]! || (score[0] === bestScore[0] && score[1]! < bestScore[1]!)) {
      best = rooms;
      bestScore = score;
    }
  }
  return best;
}

/** How many phone and other attendees `rooms` rooms take when none may hold more than `cap`. */
function capacityUnderCap(phone: number, others: number, rooms: number, phoneRoomLimit: number, cap: number): { phone: number; others: number } {
  if (phone > 0 && others > 0 && Math.min(rooms - 1, phoneRoomLimit) < 1) {
    // One room for both kinds: the larger group is the one placed (as distributeAll does).
    return phone > others ? { phone: Math.min(phone, cap), others: 0 } : { phone: 0, others: Math.min(others, cap) };
  }
  const limit = Math.min(phoneRoomLimit, rooms);
  // Two or more on the phone share rooms of at least two, so a cap of 1 takes one phone attendee.
  let p = cap === 1 ? Math.min(phone, 1) : Math.min(phone, limit * cap);
  let o = Math.min(others, rooms * cap);
  while (p + o > 0) {
    const { k } = choosePhoneBlock(p, o, rooms, phoneRoomLimit);
    const phoneMax = k > 0 ? Math.ceil(p / k) : 0;
    const otherMax = rooms - k > 0 ? Math.ceil(o / (rooms - k)) : o > 0 ? Number.POSITIVE_INFINITY : 0;
    if (phoneMax <= cap && otherMax <= cap) break;
    if (phoneMax > cap) p--;
    else o--;
  }
  return { phone: p, others: o };
}

function roomsUnderCap(
  people: readonly RoundPerson[],
  fixed: readonly PlacedPerson[],
  rooms: number,
  maxRooms: number,
  phoneRoomLimit: number,
  cap: number,
  random: Random,
): { rooms: number; placed: RoundPerson[]; unplaced: Unplaced[] } {
  const phone = people.filter((p) => p.audio === 'phone');
  const voip = people.filter((p) => p.audio === 'voip');
  const listening = people.filter((p) => p.audio === 'listening');
  const others = voip.length + listening.length;
  // Facilitators kept in rooms take places under the cap too.
  const fixedPhone = fixed.filter((p) => p.audio === 'phone' && p.room >= 1).length;
  const fixedOthers = fixed.filter((p) => p.audio !== 'phone' && p.room >= 1).length;
  const capacity = (r: number) => {
    const all = capacityUnderCap(phone.length + fixedPhone, others + fixedOthers, r, phoneRoomLimit, cap);
    return { phone: Math.max(0, all.phone - fixedPhone), others: Math.max(0, all.others - fixedOthers) };
  };
  let best = { rooms, fits: capacity(rooms) };
  for (let r = rooms; r <= maxRooms; r++) {
    const fits = capacity(r);
    if (fits.phone + fits.others > best.fits.phone + best.fits.others) best = { rooms: r, fits };
    if (fits.phone + fits.others === people.length) break;
  }
  const { fits } = best;
  const unplaced: Unplaced[] = [];
  const placed = new Set<RoundPerson>(people);
  // One room, both kinds: the smaller kind waits with distributeAll's reason, the larger is capped.
  const oneRoomClash = phone.length > 0 && others > 0 && Math.min(best.rooms - 1, phoneRoomLimit) < 1;
  let keepPhone = fits.phone;
  let keepOthers = fits.others;
  if (oneRoomClash) {
    const losers = fits.phone > 0 ? [...voip, ...listening] : phone;
    const reason = fits.phone > 0 ? REASONS.computerNeedsOwnRoom(best.rooms) : REASONS.phoneNeedsOwnRoom(best.rooms);
    for (const p of losers) {
      placed.delete(p);
      unplaced.push({ id: p.id, reason });
    }
    if (fits.phone > 0) keepOthers = others;
    else keepPhone = phone.length;
  }
  // Drop from the larger of VOIP and listening, one at a time, so the mix stays as it was.
  let dropVoip = 0;
  let dropListening = 0;
  for (let d = others - keepOthers; d > 0; d--) {
    if (voip.length - dropVoip >= listening.length - dropListening) dropVoip++;
    else dropListening++;
  }
  const drop = (group: RoundPerson[], count: number, reason: string) => {
    if (count <= 0) return;
    const order = [...group];
    shuffleInPlace(order, random);
    // People with a pre-assigned room or a group are the last to be left out.
    order.sort((a, b) => Number(a.room !== undefined || a.group !== undefined) - Number(b.room !== undefined || b.group !== undefined));
    for (const p of order.slice(0, count)) {
      placed.delete(p);
      unplaced.push({ id: p.id, reason });
    }
  };
  drop(phone, phone.length - keepPhone, ROUND_REASONS.capPhone(cap, Math.min(phoneRoomLimit, best.rooms)));
  drop(voip, dropVoip, ROUND_REASONS.capOthers(cap, best.rooms, best.rooms >= maxRooms));
  drop(listening, dropListening, ROUND_REASONS.capOthers(cap, best.rooms, best.rooms >= maxRooms));
  return { rooms: best.rooms, placed: people.filter((p) => placed.has(p)), unplaced };
}

/**
 * With facilitators kept in rooms, a room can still go past the cap by the facilitators in it:
 * whoever is over moves to the emptiest compatible room under the cap, or waits in main.
 */
function underCapAround(
  people: readonly RoundPerson[],
  skeleton: Placement,
  fixed: readonly PlacedPerson[],
  rooms: number,
  phoneRoomLimit: number,
  cap: number,
  random: Random,
): Placement {
  const roomOf = skeleton.roomOf.slice();
  const size = new Int32Array(rooms + 1);
  const phoneIn = new Int32Array(rooms + 1);
  const otherIn = new Int32Array(rooms + 1);
  const count = (room: number, audio: Person['audio'], change: number) => {
    size[room]! += change;
    if (audio === 'phone') phoneIn[room]! += change;
    else otherIn[room]! += change;
  };
  for (const f of fixed) if (f.room >= 1 && f.room <= rooms) count(f.room, f.audio, 1);
  people.forEach((p, i) => {
    if (roomOf[i]! > 0) count(roomOf[i]!, p.audio, 1);
  });
  const order = people.map((_, i) => i);
  shuffleInPlace(order, random);
  const unplaced: Unplaced[] = [...skeleton.unplaced];
  const K = Math.min(phoneRoomLimit, rooms);
  for (const i of order) {
    const from = roomOf[i]!;
    if (from === 0 || size[from]! <= cap) continue;
    const p = people[i]!;
    const phone = p.audio === 'phone';
    let to = 0;
    for (let r = 1; r <= (phone ? K : rooms); r++) {
      const fits = size[r]! < cap && (phone ? otherIn[r] === 0 : phoneIn[r] === 0);
      if (r !== from && fits && (to === 0 || size[r]! < size[to]!)) to = r;
    }
    count(from, p.audio, -1);
    roomOf[i] = to;
    if (to > 0) count(to, p.audio, 1);
    else unplaced.push({ id: p.id, reason: phone ? ROUND_REASONS.capPhone(cap, K) : ROUND_REASONS.capOthers(cap, rooms, false) });
  }
  return { roomOf, unplaced, phoneRooms: phoneIn.filter((n, r) => r > 0 && n > 0).length };
}

// ---------------------------------------------------------------------------------------------
// Unmet constraints, each with the reason the rules give.

interface ExplainContext {
  readonly rooms: number;
  readonly phoneRoomLimit: number;
  readonly roomCap: number | undefined;
  readonly nameOf: (id: string) => string;
  readonly ranges: Ranges;
}

function explainUnmet(people: readonly RoundPerson[], roomOf: Int32Array, unplaced: readonly Unplaced[], ctx: ExplainContext): UnmetConstraint[] {
  const { rooms, ranges, nameOf } = ctx;
  const at = new Map(people.map((p, i) => [p.id, i]));
  const waiting = new Map(unplaced.map((u) => [u.id, u.reason]));
  const out: UnmetConstraint[] = [];
  const phoneRooms: number[] = [];
  const otherRooms: number[] = [];
  for (let r = 1; r <= rooms; r++) {
    if (ranges.max[PHONE]![r]! > 0) phoneRooms.push(r);
    if (ranges.max[VOIP]![r]! > 0 || ranges.max[LISTENING]![r]! > 0) otherRooms.push(r);
  }
  const maxOf = (c: number, list: readonly number[]) => Math.max(0, ...list.map((r) => ranges.max[c]![r]!));
  const isPhone = (i: number) => people[i]!.audio === 'phone';
  const apartOf = (i: number, j: number) => (people[i]!.apart ?? []).includes(people[j]!.id) || (people[j]!.apart ?? []).includes(people[i]!.id);
  const evenly = ctx.roomCap !== undefined ? `rooms stay even and under the cap of ${ctx.roomCap}` : 'rooms stay even';

  // Apart pairs sharing a room.
  const seen = new Set<string>();
  people.forEach((p, i) => {
    for (const other of p.apart ?? []) {
      const j = at.get(other);
      if (j === undefined || j === i) continue;
      const key = i < j ? `${i}:${j}` : `${j}:${i}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const r = roomOf[i]!;
      if (r === 0 || roomOf[j] !== r) continue;
      const [a, b] = i < j ? [i, j] : [j, i];
      let reason: string;
      if (isPhone(a) && phoneRooms.length === 1) {
        reason = `both are on the phone and all phone attendees are in one room (room ${phoneRooms[0]})${ctx.phoneRoomLimit === 1 ? ': allow more phone rooms (phone-rooms)' : ''}`;
      } else if (!isPhone(a) && otherRooms.length === 1) {
        reason = `there is only one room for VOIP and listening attendees: add a room`;
      } else reason = `no layout with even rooms was found that keeps them apart as well as the other apart pairs (${isPhone(a) ? `${plural(phoneRooms.length, 'phone room')}` : `${plural(otherRooms.length, 'room')} for VOIP and listening`})`;
      const names = `${nameOf(people[a]!.id)} and ${nameOf(people[b]!.id)}`;
      out.push({ kind: 'apart', ids: [people[a]!.id, people[b]!.id], reason, text: `Apart: ${names} share room ${r}: ${reason}.` });
    }
  });

  // Together groups split over rooms (or partly left in main).
  const groups = new Map<string, number[]>();
  people.forEach((p, i) => {
    if (p.group === undefined || p.group === '') return;
    const list = groups.get(p.group) ?? [];
    list.push(i);
    groups.set(p.group, list);
  });
  for (const [group, members] of groups) {
    if (members.length < 2) continue;
    const used = new Set(members.map((i) => roomOf[i]!));
    if (used.size <= 1) continue;
    const reasons: string[] = [];
    const left = members.filter((i) => roomOf[i] === 0);
    const placed = members.filter((i) => roomOf[i]! > 0);
    if (left.length > 0) reasons.push(`${nameList(left.map((i) => nameOf(people[i]!.id)), 5)} could not be placed`);
    const phone = placed.filter(isPhone);
    const other = placed.filter((i) => !isPhone(i));
    if (phone.length > 0 && other.length > 0) {
      reasons.push(`${nameList(phone.map((i) => nameOf(people[i]!.id)), 5)} ${phone.length === 1 ? 'is' : 'are'} on the phone, and phone attendees cannot share a room with VOIP or listening attendees`);
    }
    for (let x = 0; x < placed.length; x++) {
      for (let y = x + 1; y < placed.length; y++) {
        if (apartOf(placed[x]!, placed[y]!)) reasons.push(`${nameOf(people[placed[x]!]!.id)} and ${nameOf(people[placed[y]!]!.id)} are to be kept apart`);
      }
    }
    const phoneMax = maxOf(SIZE, phoneRooms);
    if (phone.length > phoneMax) reasons.push(`the group has ${phone.length} phone attendees and phone rooms hold at most ${phoneMax} (${evenly})`);
    const otherMax = maxOf(SIZE, otherRooms);
    const voip = other.filter((i) => people[i]!.audio === 'voip').length;
    const listening = other.length - voip;
    if (other.length > otherMax) reasons.push(`the group has ${other.length} people on VOIP or listening and rooms hold at most ${otherMax} (${evenly})`);
    else if (voip > maxOf(VOIP, otherRooms)) reasons.push(`the group has ${voip} VOIP attendees and each room takes at most ${maxOf(VOIP, otherRooms)} (${evenly})`);
    else if (listening > maxOf(LISTENING, otherRooms)) reasons.push(`the group has ${listening} listening attendees and each room takes at most ${maxOf(LISTENING, otherRooms)} (${evenly})`);
    if (reasons.length === 0) reasons.push(`no room with space for the whole group was found (${evenly}, and other groups and pre-assigned rooms need their places)`);
    const reason = reasons.join('; ');
    const where = [...used].filter((r) => r > 0).sort((a, b) => a - b);
    const spread = `${where.length === 1 ? `room ${where[0]}` : `rooms ${nameList(where.map(String), 10)}`}${left.length > 0 ? ' and the main room' : ''}`;
    out.push({ kind: 'together', ids: members.map((i) => people[i]!.id), group, reason, text: `Together “${group}”: split over ${spread}: ${reason}.` });
  }

  // Pre-assigned people elsewhere.
  const preCount = new Map<string, number>();
  people.forEach((p, i) => {
    if (p.room === undefined || roomOf[i] === 0) return;
    const key = `${p.room}:${kindOf(p)}`;
    preCount.set(key, (preCount.get(key) ?? 0) + 1);
    preCount.set(`${p.room}:${isPhone(i) ? 'p' : 'o'}`, (preCount.get(`${p.room}:${isPhone(i) ? 'p' : 'o'}`) ?? 0) + 1);
  });
  people.forEach((p, i) => {
    const want = p.room;
    const got = roomOf[i]!;
    if (want === undefined || got === want) return;
    const K = Math.min(ctx.phoneRoomLimit, rooms);
    let reason: string;
    if (got === 0) reason = `not placed: ${(waiting.get(p.id) ?? 'no room fits').replace(/\.$/, '')}`;
    else if (want > rooms) reason = `there ${rooms === 1 ? 'is' : 'are'} only ${plural(rooms, 'room')}`;
    else if (isPhone(i) && want > K) reason = `phone attendees may only be in ${roomRange(K)}`;
    else if (isPhone(i) && !phoneRooms.includes(want)) reason = `phone attendees are in ${phoneRooms.length === 0 ? 'no room' : roomList(phoneRooms)} so ${evenly}`;
    else if (!isPhone(i) && phoneRooms.includes(want)) reason = `room ${want} holds phone attendees, who cannot share a room with VOIP or listening attendees`;
    else {
      const c = kindOf(p);
      const sameBlock = preCount.get(`${want}:${isPhone(i) ? 'p' : 'o'}`) ?? 0;
      const sameKind = preCount.get(`${want}:${c}`) ?? 0;
      const mate = people.findIndex((_q, j) => roomOf[j] === want && apartOf(i, j));
      const group = p.group;
      if (sameBlock > ranges.max[SIZE]![want]!) reason = `${sameBlock} people are pre-assigned to room ${want}, which holds at most ${ranges.max[SIZE]![want]} (${evenly})`;
      else if (c !== PHONE && sameKind > ranges.max[c]![want]!) {
        reason = `${sameKind} ${c === VOIP ? 'VOIP' : 'listening'} attendees are pre-assigned to room ${want}, which takes at most ${ranges.max[c]![want]} (${evenly})`;
      } else if (mate >= 0) reason = `${nameOf(people[mate]!.id)} is in room ${want} and they are to be kept apart`;
      else if (group !== undefined && group !== '' && people.some((q, j) => j !== i && q.group === group && roomOf[j] === got)) reason = `kept with their group “${group}”`;
      else reason = `no layout with even rooms was found that keeps it (${evenly}, and other pre-assignments need their places)`;
    }
    const where = got === 0 ? 'is in the main room' : `is in room ${got}`;
    out.push({ kind: 'room', ids: [p.id], room: want, reason, text: `Room: ${nameOf(p.id)} is pre-assigned to room ${want} but ${where}: ${reason}.` });
  });
  return out;
}

function roomList(list: readonly number[]): string {
  if (list.length === 1) return `room ${list[0]}`;
  const contiguous = list.every((r, i) => r === list[0]! + i);
  return contiguous ? `rooms ${list[0]}–${list[list.length - 1]}` : `rooms ${nameList(list.map(String), 10)}`;
}

