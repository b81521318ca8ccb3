// Choose your room: in `mode choose` attendees pick a room from the board themselves, among the
// rooms open to their audio and under the room cap; `mode assign` hands placement back to the
// facilitators (who can move anyone in either mode).
import { z } from 'zod';
import { LIMITS, phoneRoomCount, type Meeting } from '../domain/meeting.ts';
import { roomName } from '../domain/messages.ts';
import { refuse } from '../domain/outcome.ts';
import { nameList, oneOfRooms, plural, roomRange } from '../domain/text.ts';
import { changed, defineCommand, unchanged } from './define.ts';
import { RoomNumber } from './inputs.ts';
import { addAttendee } from './people.ts';
import { describeRoom, setRoom } from './placement.ts';

/** Who is in each room, by kind, leaving one person out (the one choosing). */
function roomCounts(meeting: Meeting, except: string): { phone: Int32Array; other: Int32Array } {
  const phone = new Int32Array(meeting.rooms.length + 1);
  const other = new Int32Array(meeting.rooms.length + 1);
  for (const a of meeting.attendees) {
    if (a.id === except || a.room === null || a.room > meeting.rooms.length) continue;
    (a.audio === 'phone' ? phone : other)[a.room]!++;
  }
  return { phone, other };
}

/**
 * The rooms someone may choose: open to their audio (a phone caller: rooms 1..K with nobody on
 * computer audio or listening; anyone else: rooms without phone callers) and under the room cap.
 * Someone not on the roster yet is taken as VOIP (joining from the board makes them VOIP).
 */
export function choosableRooms(meeting: Meeting, personId: string): number[] {
  const me = meeting.attendees.find((a) => a.id === personId);
  const phone = me?.audio === 'phone';
  const limit = phoneRoomCount(meeting);
  const counts = roomCounts(meeting, personId);
  const cap = meeting.settings.roomCap;
  const out: number[] = [];
  for (const room of meeting.rooms) {
    const r = room.number;
    const fits = phone ? r <= limit && counts.other[r] === 0 : counts.phone[r] === 0;
    const full = cap !== undefined && counts.phone[r]! + counts.other[r]! >= cap;
    if (fits && !full) out.push(r);
  }
  return out;
}

/** Why a room cannot be chosen, in words (undefined: it can). */
function whyNot(meeting: Meeting, personId: string, room: number, phone: boolean): string | undefined {
  const counts = roomCounts(meeting, personId);
  const limit = phoneRoomCount(meeting);
  if (phone && room > limit) return `you are on the phone, and phone callers can only be in ${roomRange(limit)}`;
  if (phone && counts.other[room]! > 0) return `${roomName(meeting, room)} has people on computer audio, who cannot share a room with phone callers`;
  if (!phone && counts.phone[room]! > 0) return `${roomName(meeting, room)} has phone callers, who cannot share a room with computer audio`;
  const cap = meeting.settings.roomCap;
  if (cap !== undefined && counts.phone[room]! + counts.other[room]! >= cap) return `${roomName(meeting, room)} is full (the room cap is ${cap})`;
  return undefined;
}

export const mode = defineCommand({
  name: 'mode',
  input: z.object({ mode: z.preprocess((v) => (typeof v === 'string' ? v.trim().toLowerCase() : v), z.enum(['choose', 'assign'], { error: 'must be choose or assign' })) }),
  args: [{ name: 'mode', kind: 'choice', description: 'choose: attendees pick their room from the board; assign: facilitators place people', required: true, choices: ['choose', 'assign'] }],
  summary: 'Let attendees choose their own room (choose), or place them yourselves (assign)',
  permission: 'facilitator',
  does: 'change how people are placed',
  creates: true,
  handle({ meeting, input }) {
    const current = meeting.settings.mode ?? 'assign';
    if (current === input.mode) return unchanged(input.mode === 'choose' ? 'Attendees already choose their own room.' : 'Facilitators already place people (mode assign).');
    if (input.mode === 'choose') {
      meeting.settings.mode = 'choose';
      const rooms = meeting.rooms.length === 0 ? ' There are no rooms yet: set them with /breakouts rooms <n>.' : '';
      return changed(`Attendees now choose their own room from the board (Choose your room), among the rooms open to their audio and under the room cap. Facilitators can still move anyone.${rooms}`);
    }
    delete meeting.settings.mode;
    return changed('Facilitators place people again (mode assign); everyone keeps the room they are in.');
  },
});

/** A pick's room, as a genuine button carries it. */
const ROOM_ARG = /^[1-9][0-9]?$/;

export const pick = defineCommand({
  name: 'pick',
  input: z.object({ room: RoomNumber }),
  args: [{ name: 'room', kind: 'integer', description: 'The room you want to be in', required: true, min: 1, max: LIMITS.maxRooms }],
  summary: 'Choose your own room (when the facilitators let attendees choose)',
  permission: 'anyone',
  forAttendees: true,
  personal: true,
  buttons: [
    // A room in the id (one button per room), or the one picked in the adapter's own picker.
    {
      verb: 'pick',
      code: 'pk',
      accepts: (args) => args.length === 0 || (args.length === 1 && ROOM_ARG.test(args[0]!)),
      input: ([room], chosen) => {
        const value = room ?? chosen;
        return value === undefined ? undefined : { room: value };
      },
    },
  ],
  handle({ meeting, actor, input, next }) {
    if (meeting.settings.mode !== 'choose') {
      return refuse('wrong-status', 'Facilitators place people in this meeting, so rooms cannot be chosen (a facilitator can turn that on with /breakouts mode choose). Nothing was changed.', meeting);
    }
    if (input.room > meeting.rooms.length) {
      return refuse('bad-input', `There is no room ${input.room}: the meeting has ${plural(meeting.rooms.length, 'room')}. Nothing was changed.`, meeting);
    }
    const existing = meeting.attendees.find((a) => a.id === actor.id);
    if (existing?.room === input.room) return unchanged(`You are already in ${describeRoom(meeting, input.room)}.`);
    const phone = existing?.audio === 'phone';
    const why = whyNot(meeting, actor.id, input.room, phone);
    if (why) {
      const open = choosableRooms(meeting, actor.id).filter((r) => r !== existing?.room);
      const instead = open.length > 0 ? ` You can choose ${open.length === 1 ? `room ${open[0]}` : `rooms ${nameList(open.map(String), 12)}`}.` : ' No other room is open to you right now.';
      const code = phone && input.room > phoneRoomCount(meeting) ? 'phone-room-limit' : 'bad-input';
      const tip = phone && input.room > phoneRoomCount(meeting) ? ` Choose ${oneOfRooms(phoneRoomCount(meeting))}.` : '';
      return refuse(code, `You cannot choose ${roomName(meeting, input.room)}: ${why}.${tip || instead} Nothing was changed.`, meeting);
    }
    const me = existing ?? addAttendee(meeting, actor, 'voip', 'attendee', next);
    setRoom(me, input.room, next);
    const live = meeting.status === 'started' ? ' Rooms are open: you are being moved there now.' : '';
    return changed(`You are in ${describeRoom(meeting, input.room)}.${existing ? '' : ` You joined ${meeting.title} with voip audio.`}${live}`);
  },
});
