// Telling rooms something while they are open: one post in each room's chat, and the same words by
// direct message to every phone caller in those rooms (a phone cannot read chat). Timer notices,
// broadcasts and "help is coming" all go out this way.
import type { Meeting } from '../domain/meeting.ts';
import { roomLabel } from '../domain/messages.ts';
import type { Effect, RoomMessageKind } from '../domain/outcome.ts';
import { occupiedRooms } from './placement.ts';

/** The rooms open now: those people are in while breakouts run. */
export function openRooms(meeting: Meeting): number[] {
  return meeting.status === 'started' ? occupiedRooms(meeting) : [];
}

export function announce(meeting: Meeting, rooms: readonly number[], kind: RoomMessageKind, text: (room: number) => string): Effect[] {
  const effects: Effect[] = [];
  const told = new Set(rooms);
  for (const room of rooms) {
    effects.push({ type: 'room-post', room, message: { kind, meetingId: meeting.id, room, roomName: roomLabel(meeting, room), text: text(room) } });
  }
  for (const a of meeting.attendees) {
    if (a.audio !== 'phone' || a.room === null || !told.has(a.room)) continue;
    effects.push({ type: 'dm', to: a.id, message: { kind: 'announcement', meetingId: meeting.id, room: a.room, roomName: roomLabel(meeting, a.room), text: text(a.room) } });
  }
  return effects;
}
