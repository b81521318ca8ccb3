// Placing people into a layout that is kept: late joiners (under the room cap), the constraints
// that leaves unmet, and `distribute same`, which restores the last round and places the rest late.
import { placeLateJoiners } from '../domain/distribute.ts';
import { LIMITS, phoneRoomCount, type Attendee, type Meeting, type Round } from '../domain/meeting.ts';
import type { UnmetConstraint } from '../domain/plan-round.ts';
import { nameList } from '../domain/text.ts';
import type { Random } from '../ports.ts';
import { distributable, resizeRooms, setRoom, type Placed } from './placement-rooms.ts';
import { roomsAtEnd } from './rounds.ts';

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
