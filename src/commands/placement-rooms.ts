// The basics of putting people in rooms, shared by every placement and command: moving one person,
// resizing the room list, keeping phone callers in the phone rooms, and asking before a live move.
import { findConflicts } from '../domain/conflicts.ts';
import { defaultRoomName, LIMITS, phoneRoomCount, type Attendee, type Meeting } from '../domain/meeting.ts';
import { roomName } from '../domain/messages.ts';
import { refuse, type Refusal } from '../domain/outcome.ts';
import { nameList, plural, roomRange } from '../domain/text.ts';

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

/** The rooms someone is in, in order. */
export function occupiedRooms(meeting: Meeting): number[] {
  const rooms = new Set<number>();
  for (const a of meeting.attendees) if (a.room !== null) rooms.add(a.room);
  return [...rooms].sort((x, y) => x - y);
}
