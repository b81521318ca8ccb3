// The constraints a planned round does not meet, each with the reason the rules give, so whoever
// set them up can see what to change.
import type { Unplaced } from './distribute.ts';
import type { RoundPerson, UnmetConstraint } from './plan-round-types.ts';
import { kindOf, LISTENING, PHONE, SIZE, VOIP, type Ranges } from './round-search.ts';
import { nameList, plural, roomRange } from './text.ts';

interface ExplainContext {
  readonly rooms: number;
  readonly phoneRoomLimit: number;
  readonly roomCap: number | undefined;
  readonly nameOf: (id: string) => string;
  readonly ranges: Ranges;
}

export function explainUnmet(people: readonly RoundPerson[], roomOf: Int32Array, unplaced: readonly Unplaced[], ctx: ExplainContext): UnmetConstraint[] {
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
