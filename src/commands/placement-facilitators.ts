// `distribute facilitators`: one facilitator per occupied room, on audio that fits it, and why a
// room got none.
import { phoneRoomCount, type Meeting } from '../domain/meeting.ts';
import { shuffleInPlace } from '../domain/random.ts';
import { nameList, plural } from '../domain/text.ts';
import type { Random } from '../ports.ts';
import { setRoom } from './placement-rooms.ts';

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
