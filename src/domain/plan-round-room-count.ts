// Room count for planRound: rooms of about N, and the room cap (more rooms until none is above it,
// whoever still does not fit waits in main with the reason).
import type { Random } from '../ports.ts';
import { choosePhoneBlock, REASONS, type Person, type PlacedPerson, type Placement, type Unplaced } from './distribute.ts';
import type { RoundPerson } from './plan-round-types.ts';
import { shuffleInPlace } from './random.ts';
import { plural, roomRange } from './text.ts';

export const ROUND_REASONS = {
  capPhone: (cap: number, phoneRooms: number) =>
    `Every room open to phone attendees (${roomRange(phoneRooms)}) is full at the room cap of ${cap}: raise the cap or allow more phone rooms (phone-rooms).`,
  capOthers: (cap: number, rooms: number, atMost: boolean) =>
    `Every room is full at the room cap of ${cap} (${plural(rooms, 'room')}${atMost ? ', the most there can be' : ''}): raise the cap${atMost ? '' : ' or add rooms'}.`,
} as const;

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

export function roomsUnderCap(
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
export function underCapAround(
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
