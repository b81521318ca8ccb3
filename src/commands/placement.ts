// Who is in which room: the helpers the layout, roster and settings commands share to put people in
// rooms, resize the room list, keep phone callers in the phone rooms, and ask before a live change
// moves people out of open rooms. They change the private copy of the meeting they are given.
import { placeLateJoiners } from '../domain/distribute.ts';
import { findConflicts } from '../domain/conflicts.ts';
import { defaultRoomName, LIMITS, phoneRoomCount, type Attendee, type Meeting, type Round } from '../domain/meeting.ts';
import { roomName } from '../domain/messages.ts';
import { refuse, type Refusal } from '../domain/outcome.ts';
import { planRound, type RoundPerson, type UnmetConstraint } from '../domain/plan-round.ts';
import { shuffleInPlace } from '../domain/random.ts';
import { nameList, plural, roomRange } from '../domain/text.ts';
import type { Random } from '../ports.ts';
import { roomsAtEnd, roundHistory, shuffleRepeats } from './rounds.ts';

/** Smart Distribute places everyone but facilitators (they stay where they are). */
export function distributable(meeting: Meeting): Attendee[] {
  return meeting.attendees.filter((a) => a.role !== 'facilitator');
}

export function describeRoom(meeting: Meeting, room: number | null): string {
  return room === null ? 'the main room' : roomName(meeting, room);
}

/** Put someone in a room (null: the main room), remembering when, and forgetting why they waited. */
export function setRoom(a: Attendee, room: number | null, version: number): void {
  if (a.room !== room) a.placedAt = version;
  a.room = room;
  delete a.waiting;
}

/** Add or remove rooms at the end; people in removed rooms go back to the main room (the notes say so). */
export function resizeRooms(meeting: Meeting, count: number, version: number): string[] {
  const notes: string[] = [];
  while (meeting.rooms.length < count) {
    const n = meeting.rooms.length + 1;
    meeting.rooms.push({ number: n, name: defaultRoomName(n) });
  }
  if (meeting.rooms.length > count) {
    let returned = 0;
    for (const a of meeting.attendees) {
      if (a.room !== null && a.room > count) {
        const removed = roomName(meeting, a.room);
        setRoom(a, null, version);
        a.waiting = `${removed} was removed: Distribute places them in another room.`;
        returned++;
      }
    }
    meeting.rooms.length = count;
    if (returned > 0) notes.push(`${plural(returned, 'person is', 'people are')} back in the main room from the removed rooms.`);
  }
  return notes;
}

/** After the phone-room limit or the room count shrinks, phone attendees above it wait in main. */
export function enforcePhoneLimit(meeting: Meeting, version: number): number {
  const limit = phoneRoomCount(meeting);
  let moved = 0;
  for (const a of meeting.attendees) {
    if (a.audio === 'phone' && a.room !== null && a.room > limit) {
      setRoom(a, null, version);
      a.waiting = `Phone attendees can only be in ${roomRange(limit)}: Distribute places them ${limit === 1 ? 'there' : 'in one of those'}, or move them there.`;
      moved++;
    }
  }
  return moved;
}

/** Set the number of rooms; phone attendees above the phone rooms go back to main. The reply's notes. */
export function setRoomCount(meeting: Meeting, count: number, version: number): string[] {
  const notes = resizeRooms(meeting, count, version);
  const moved = enforcePhoneLimit(meeting, version);
  if (moved > 0) notes.push(`${plural(moved, 'phone attendee')} went back to the main room (phone attendees may use ${roomRange(phoneRoomCount(meeting))}).`);
  return notes;
}

/** About five to a room, and never fewer than two when phone and computer audio must be kept apart. */
export function defaultRoomCount(people: readonly Attendee[]): number {
  const phone = people.some((a) => a.audio === 'phone');
  const other = people.some((a) => a.audio !== 'phone');
  const least = phone && other ? 2 : LIMITS.minRooms;
  return Math.max(least, Math.min(LIMITS.maxRooms, Math.ceil(people.length / 5)));
}

/** Who is in which room right now (id → room), to see afterwards whom a change moved. */
export function roomsNow(meeting: Meeting): ReadonlyMap<string, number | null> {
  return new Map(meeting.attendees.map((a) => [a.id, a.room]));
}

/**
 * While rooms are open, a change that takes people out of the room they are in moves them at
 * once and sends phone callers new dial-in details. It waits for a go-ahead that names them.
 * `goAhead`: the last sentence, for a command whose go-ahead is more than retyping it with confirm
 * (an import gives its CSV again).
 */
export function askBeforeLiveMoves(
  meeting: Meeting,
  before: ReadonlyMap<string, number | null>,
  confirmed: boolean,
  retype: string,
  goAhead = `To go ahead, type /breakouts ${retype} confirm.`,
): Refusal | undefined {
  if (confirmed || meeting.status !== 'started') return undefined;
  const moved = meeting.attendees.filter((a) => {
    const was = before.get(a.id);
    return was !== undefined && was !== null && was !== a.room;
  });
  if (moved.length === 0) return undefined;
  const names = nameList(moved.map((a) => a.name), 5);
  const where = moved.every((a) => a.room === null) ? 'back to the main room' : moved.every((a) => a.room !== null) ? 'to other rooms' : 'to other rooms or the main room';
  const phone = moved.filter((a) => a.audio === 'phone').map((a) => a.name);
  const told = phone.length > 0 ? ` ${phone.length === 1 ? 'Phone caller' : 'Phone callers'} ${nameList(phone, 5)} ${phone.length === 1 ? 'is' : 'are'} sent what to dial now by direct message.` : '';
  return refuse(
    'needs-confirmation',
    `Rooms are open, so this moves ${plural(moved.length, 'person', 'people')} ${where} right away: ${names}.${told} Nothing was changed yet. ${goAhead}`,
    meeting,
  );
}

/** "Placed 12 people in 3 rooms. No audio conflicts." */
export function summarizePlacement(meeting: Meeting, placed: number, waiting: number): string {
  const conflicts = findConflicts(meeting).size;
  const parts = [`Placed ${plural(placed, 'person', 'people')} in ${plural(meeting.rooms.length, 'room')}.`];
  if (waiting > 0) parts.push(`${plural(waiting, 'person stays', 'people stay')} in the main room (reason on the board).`);
  if (conflicts === 0) parts.push('No audio conflicts.');
  return parts.join(' ');
}

export interface Placed {
  readonly placed: number;
  readonly waiting: number;
}

/**
 * The meeting's together and apart constraints as the optimiser reads them, for these people:
 * overlapping together groups merge into one (labelled with their names), and everyone gets the
 * ids they are to be kept apart from. Constraints naming people not among them are left out.
 */
export function roundPeople(meeting: Meeting, people: readonly Attendee[]): RoundPerson[] {
  const here = new Set(people.map((p) => p.id));
  const parent = new Map<string, string>();
  const root = (x: string): string => {
    let r = x;
    while (parent.get(r) !== r) r = parent.get(r)!;
    parent.set(x, r);
    return r;
  };
  for (const group of meeting.constraints?.together ?? []) {
    const ids = group.filter((id) => here.has(id));
    if (ids.length < 2) continue;
    for (const id of ids) if (!parent.has(id)) parent.set(id, id);
    for (const id of ids.slice(1)) parent.set(root(id), root(ids[0]!));
  }
  const members = new Map<string, string[]>();
  for (const p of people) {
    if (!parent.has(p.id)) continue;
    const r = root(p.id);
    members.set(r, [...(members.get(r) ?? []), p.name]);
  }
  const labels = new Map<string, string>();
  const used = new Set<string>();
  for (const [r, names] of members) {
    let label = nameList(names, 4);
    for (let n = 2; used.has(label); n++) label = `${nameList(names, 4)} (${n})`;
    used.add(label);
    labels.set(r, label);
  }
  const apart = new Map<string, Set<string>>();
  for (const group of meeting.constraints?.apart ?? []) {
    const ids = group.filter((id) => here.has(id));
    for (const id of ids) {
      const set = apart.get(id) ?? new Set<string>();
      for (const other of ids) if (other !== id) set.add(other);
      apart.set(id, set);
    }
  }
  return people.map((p) => {
    const group = parent.has(p.id) ? labels.get(root(p.id)) : undefined;
    const others = apart.get(p.id);
    return { id: p.id, audio: p.audio, ...(group ? { group } : {}), ...(others && others.size > 0 ? { apart: [...others] } : {}) };
  });
}

export interface Planned extends Placed {
  /** Constraints the layout could not meet, each with its reason. */
  readonly warnings: readonly UnmetConstraint[];
  /** Pairs meeting again, and what a random shuffle would have given (both 0 without earlier rounds). */
  readonly repeats: number;
  readonly randomRepeats: number;
  /** How many rooms the layout uses now, and how many there were before (size and the room cap change it). */
  readonly rooms: number;
  readonly roomsBefore: number;
}

export interface EveryoneOptions {
  /** `distribute new`: as few pairs as possible meet again, over every earlier round. */
  readonly avoidRepeats?: boolean;
  /** Rooms of about this many people (the room count follows). */
  readonly size?: number;
  /** With `size`, the most rooms to use (default: the room limit). */
  readonly maxRooms?: number;
  /** Facilitators placed by hand keep their rooms (false: they are placed afterwards, `distribute facilitators`). */
  readonly keepFacilitators?: boolean;
}

/**
 * Everyone from scratch (first distribute, shuffle, `distribute new`, `distribute size n`): Smart
 * Distribute's even layout, with the together and apart constraints, the room cap (more rooms when
 * needed, up to the room limit) and, when asked, the fewest pairs who met before. Facilitators placed
 * by hand stay, and nobody lands in a conflict with them. Audio rules always win; what could not be
 * met comes back with its reason.
 */
export function placeEveryone(meeting: Meeting, version: number, random: Random, options: EveryoneOptions = {}): Planned {
  const people = distributable(meeting);
  const fixed =
    options.keepFacilitators === false ? [] : meeting.attendees.filter((a) => a.role === 'facilitator' && a.room !== null).map((a) => ({ id: a.id, audio: a.audio, room: a.room ?? 0 }));
  const history = roundHistory(meeting);
  const names = new Map(meeting.attendees.map((a) => [a.id, a.name]));
  const roomsBefore = meeting.rooms.length;
  const plan = planRound(roundPeople(meeting, people), {
    ...(options.size !== undefined ? { size: options.size, ...(options.maxRooms !== undefined ? { rooms: options.maxRooms } : {}) } : { rooms: Math.max(1, meeting.rooms.length) }),
    maxRooms: LIMITS.maxRooms,
    phoneRoomLimit: meeting.settings.phoneRoomLimit,
    random,
    history,
    ...(options.avoidRepeats ? { avoidRepeats: true } : {}),
    ...(meeting.settings.roomCap !== undefined ? { roomCap: meeting.settings.roomCap } : {}),
    ...(fixed.length > 0 ? { fixed } : {}),
    nameOf: (id) => names.get(id) ?? id,
  });
  if (plan.rooms !== meeting.rooms.length) {
    resizeRooms(meeting, plan.rooms, version);
    enforcePhoneLimit(meeting, version);
  }
  const reasons = new Map(plan.unplaced.map((u) => [u.id, u.reason]));
  people.forEach((a, i) => {
    const room = plan.roomOf[i]!;
    setRoom(a, room === 0 ? null : room, version);
    const why = reasons.get(a.id);
    if (why) a.waiting = why;
  });
  const randomRepeats = history.pairs === 0 ? 0 : shuffleRepeats(meeting, people, plan.rooms, history);
  return { placed: people.length - plan.unplaced.length, waiting: plan.unplaced.length, warnings: plan.warnings, repeats: plan.repeats, randomRepeats, rooms: plan.rooms, roomsBefore };
}

/** Smart Distribute of everyone from scratch (shuffle); facilitators placed by hand stay, and the constraints and room cap hold. */
export function distributeEveryone(meeting: Meeting, version: number, random: Random): Planned {
  return placeEveryone(meeting, version, random);
}

/** Why a late joiner waits when every room that fits their audio is full. */
export function capReason(cap: number): string {
  return `Every room that fits their audio is at the room cap of ${cap}: raise it (room-cap) or add a room.`;
}

/**
 * Rule 8: place these unplaced people into the smallest compatible rooms; nobody placed moves.
 * Under a room cap nobody joins a full room; `grow` adds rooms (up to the room limit) for those who
 * would otherwise wait because of it. `grew` says how many rooms were added.
 */
export function placeJoiners(meeting: Meeting, joiners: readonly Attendee[], version: number, random: Random, options: { readonly grow?: boolean } = {}): Placed & { readonly grew: number } {
  const cap = meeting.settings.roomCap;
  let pending = [...joiners];
  let grew = 0;
  for (;;) {
    const placedPeople = meeting.attendees.filter((a) => a.room !== null).map((a) => ({ id: a.id, audio: a.audio, room: a.room ?? 0 }));
    const placement = placeLateJoiners(placedPeople, pending, { rooms: meeting.rooms.length, phoneRoomLimit: meeting.settings.phoneRoomLimit, random });
    const reasons = new Map(placement.unplaced.map((u) => [u.id, u.reason]));
    pending.forEach((a, i) => {
      const room = placement.roomOf[i]!;
      if (room !== 0) setRoom(a, room, version);
      const why = reasons.get(a.id);
      if (why) a.waiting = why;
    });
    if (cap === undefined) break;
    // A joiner who made a room go over the cap waits (the last placed there first); nobody placed before moves.
    const size = new Map<number, number>();
    for (const a of meeting.attendees) if (a.room !== null) size.set(a.room, (size.get(a.room) ?? 0) + 1);
    const bounced: Attendee[] = [];
    for (const a of [...pending].reverse()) {
      if (a.room === null || (size.get(a.room) ?? 0) <= cap) continue;
      size.set(a.room, size.get(a.room)! - 1);
      setRoom(a, null, version);
      a.waiting = capReason(cap);
      bounced.push(a);
    }
    if (bounced.length === 0 || !options.grow || meeting.rooms.length >= LIMITS.maxRooms) break;
    // A new room is above the phone rooms once there are as many rooms as the limit: no help to phone callers.
    if (!bounced.some((a) => a.audio !== 'phone') && meeting.rooms.length >= meeting.settings.phoneRoomLimit) break;
    resizeRooms(meeting, meeting.rooms.length + 1, version);
    grew++;
    pending = bounced.reverse();
  }
  const waiting = joiners.filter((a) => a.room === null).length;
  return { placed: joiners.length - waiting, waiting, grew };
}

/**
 * Late joiners are placed by audio and size alone (the layout is kept): a together or apart
 * constraint of theirs that this leaves unmet is said, with why, rather than broken silently.
 */
export function joinerConstraintNotes(meeting: Meeting, joiners: readonly Attendee[]): UnmetConstraint[] {
  const late = new Set(joiners.filter((a) => a.room !== null).map((a) => a.id));
  if (late.size === 0 || !meeting.constraints) return [];
  const byId = new Map(meeting.attendees.map((a) => [a.id, a]));
  const name = (id: string) => byId.get(id)?.name ?? id;
  const why = (ids: readonly string[]) => {
    const who = ids.filter((id) => late.has(id)).map(name);
    return `${nameList(who, 3)} joined late and distribute keeps the layout: shuffle or distribute new to place everyone with the constraints`;
  };
  const out: UnmetConstraint[] = [];
  for (const group of meeting.constraints.apart) {
    const placed = group.filter((id) => (byId.get(id)?.room ?? null) !== null);
    for (let i = 0; i < placed.length; i++) {
      for (let j = i + 1; j < placed.length; j++) {
        const [a, b] = [placed[i]!, placed[j]!];
        const room = byId.get(a)!.room;
        if (room !== byId.get(b)!.room || (!late.has(a) && !late.has(b))) continue;
        const reason = why([a, b]);
        out.push({ kind: 'apart', ids: [a, b], reason, text: `Apart: ${name(a)} and ${name(b)} share room ${room}: ${reason}.` });
      }
    }
  }
  for (const group of meeting.constraints.together) {
    const placed = group.filter((id) => (byId.get(id)?.room ?? null) !== null);
    if (!placed.some((id) => late.has(id))) continue;
    const rooms = [...new Set(placed.map((id) => byId.get(id)!.room!))].sort((x, y) => x - y);
    if (rooms.length < 2) continue;
    const reason = why(placed);
    const label = nameList(group.map(name), 4);
    out.push({ kind: 'together', ids: [...group], group: label, reason, text: `Together “${label}”: split over rooms ${nameList(rooms.map(String), 10)}: ${reason}.` });
  }
  return out;
}

/**
 * `distribute same`: everyone back in the room they ended the round in. People gone since are
 * skipped; newcomers, and anyone whose audio no longer fits their old room (a phone caller above the
 * phone rooms, the other kind in a room), are placed as late joiners. Facilitators stay where they are.
 */
export function restoreRound(meeting: Meeting, round: Round, version: number, random: Random): Placed & { readonly restored: number; readonly gone: number; readonly late: number } {
  const ended = roomsAtEnd(round);
  const highest = Math.max(0, ...ended.values());
  if (meeting.rooms.length < highest) resizeRooms(meeting, Math.min(LIMITS.maxRooms, highest), version);
  const people = distributable(meeting);
  const onRoster = new Set(meeting.attendees.map((a) => a.id));
  const gone = [...ended.keys()].filter((id) => !onRoster.has(id)).length;
  const limit = phoneRoomCount(meeting);
  for (const a of people) {
    const room = ended.get(a.id);
    setRoom(a, room === undefined || room > meeting.rooms.length || (a.audio === 'phone' && room > limit) ? null : room, version);
  }
  // A room whose people no longer share one kind of audio keeps the kind most of them have (a
  // facilitator's counts too, as they stay); the others are placed again.
  const rooms = new Map<number, Attendee[]>();
  for (const a of meeting.attendees) if (a.room !== null) rooms.set(a.room, [...(rooms.get(a.room) ?? []), a]);
  for (const members of rooms.values()) {
    const phone = members.filter((a) => a.audio === 'phone');
    if (phone.length === 0 || phone.length === members.length) continue;
    const fixedPhone = phone.some((a) => a.role === 'facilitator');
    const fixedOther = members.some((a) => a.audio !== 'phone' && a.role === 'facilitator');
    const keepPhone = fixedPhone && !fixedOther ? true : fixedOther && !fixedPhone ? false : phone.length * 2 > members.length;
    for (const a of members) if (a.role !== 'facilitator' && (a.audio === 'phone') !== keepPhone) setRoom(a, null, version);
  }
  const restored = people.filter((a) => a.room !== null).length;
  const joiners = people.filter((a) => a.room === null);
  const late = placeJoiners(meeting, joiners, version, random, { grow: true });
  return { placed: restored + late.placed, waiting: late.waiting, restored, gone, late: late.placed };
}

/**
 * `distribute facilitators`: one facilitator in each room that has people, on audio that fits it
 * (a phone caller in a phone room, anyone else in the others); facilitators left over stay in the
 * main room. The notes say which rooms got nobody, and why.
 */
export function placeFacilitators(meeting: Meeting, version: number, random: Random): { readonly placed: number; readonly notes: string[] } {
  const facilitators = meeting.attendees.filter((a) => a.role === 'facilitator');
  shuffleInPlace(facilitators, random);
  for (const f of facilitators) setRoom(f, null, version);
  const kind = new Map<number, 'phone' | 'other'>();
  const size = new Map<number, number>();
  for (const a of meeting.attendees) {
    if (a.room === null) continue;
    kind.set(a.room, a.audio === 'phone' ? 'phone' : 'other');
    size.set(a.room, (size.get(a.room) ?? 0) + 1);
  }
  const rooms = [...kind.keys()].sort((x, y) => x - y);
  const limit = phoneRoomCount(meeting);
  // The room cap holds for facilitators too: a room already at it gets none.
  const cap = meeting.settings.roomCap;
  const full = cap === undefined ? [] : rooms.filter((r) => (size.get(r) ?? 0) >= cap);
  const open = rooms.filter((r) => !full.includes(r));
  const free = { phone: open.filter((r) => kind.get(r) === 'phone' && r <= limit), other: open.filter((r) => kind.get(r) === 'other') };
  let placed = 0;
  for (const f of facilitators) {
    const list = f.audio === 'phone' ? free.phone : free.other;
    const room = list.shift();
    if (room === undefined) continue;
    setRoom(f, room, version);
    placed++;
  }
  const notes: string[] = [];
  const haveNone = (list: readonly number[]) => `${list.length === 1 ? 'Room' : 'Rooms'} ${nameList(list.map(String), 10)} ${list.length === 1 ? 'has' : 'have'}`;
  if (free.phone.length > 0) notes.push(`${haveNone(free.phone)} phone callers and no facilitator on the phone to join them (phone and computer audio cannot share a room).`);
  if (free.other.length > 0) notes.push(`${haveNone(free.other)} no facilitator: ${plural(facilitators.length, 'facilitator')} for ${plural(rooms.length, 'room')} with people.`);
  if (full.length > 0 && cap !== undefined) {
    notes.push(`${full.length === 1 ? 'Room' : 'Rooms'} ${nameList(full.map(String), 10)} ${full.length === 1 ? 'is' : 'are'} at the room cap of ${cap}, so no facilitator joins ${full.length === 1 ? 'it' : 'them'} (raise the cap with /breakouts room-cap, or distribute into more rooms).`);
  }
  const extra = facilitators.filter((f) => f.room === null).length;
  if (extra > 0 && open.length > 0 && free.phone.length + free.other.length === 0) notes.push(`${plural(extra, 'facilitator stays', 'facilitators stay')} in the main room (${full.length > 0 ? 'every room below the cap has one' : 'every room has one'}).`);
  return { placed, notes };
}

/** The rooms someone is in, in order. */
export function occupiedRooms(meeting: Meeting): number[] {
  const rooms = new Set<number>();
  for (const a of meeting.attendees) if (a.room !== null) rooms.add(a.room);
  return [...rooms].sort((x, y) => x - y);
}
