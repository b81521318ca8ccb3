// Settings commands: the meeting's name, which rooms take phone callers, and the phone bridge's
// dial-in details.
import { z } from 'zod';
import { LIMITS } from '../domain/meeting.ts';
import { refuse } from '../domain/outcome.ts';
import { cleanDisplayText, plural, roomRange } from '../domain/text.ts';
import { changed, defineCommand, unchanged } from './define.ts';
import { ConfirmSchema, RoomCount } from './inputs.ts';
import { confirmArg } from './layout.ts';
import { askBeforeLiveMoves, enforcePhoneLimit, roomsNow } from './placement.ts';

export const phoneRooms = defineCommand({
  name: 'phone-rooms',
  input: z.object({ limit: RoomCount, confirm: ConfirmSchema }),
  args: [{ name: 'limit', kind: 'integer', description: 'Rooms 1..limit take phone attendees', required: true, min: 1, max: LIMITS.maxRooms }, confirmArg],
  summary: `Set how many rooms (from room 1) phone attendees may use (default ${LIMITS.defaultPhoneRoomLimit})`,
  permission: 'facilitator',
  does: 'change which rooms take phone attendees',
  creates: true,
  handle({ meeting, input, next }) {
    if (meeting.settings.phoneRoomLimit === input.limit) return unchanged(`Phone attendees may already use ${roomRange(input.limit)}.`);
    const before = roomsNow(meeting);
    meeting.settings.phoneRoomLimit = input.limit;
    const moved = enforcePhoneLimit(meeting, next);
    const ask = askBeforeLiveMoves(meeting, before, input.confirm, `phone-rooms ${input.limit}`);
    if (ask) return ask;
    return changed(`Phone attendees may now use ${roomRange(input.limit)}.${moved > 0 ? ` ${plural(moved, 'phone attendee')} went back to the main room.` : ''}`);
  },
});

const DIAL_IN_NUMBER =
  'must be a whole phone number (at least 6 digits; digits, spaces, + ( ) - . /) or off. A number with spaces goes in "quotes", or takes its access codes after the word codes: /breakouts dialin +44 20 7946 0958 codes 111# 222#';

export const dialin = defineCommand({
  name: 'dialin',
  input: z.object({
    number: z
      .string()
      .trim()
      .regex(/^(off|\+?[0-9][0-9 ()./-]{2,38})$/i, DIAL_IN_NUMBER)
      .refine((n) => n.toLowerCase() === 'off' || (n.match(/[0-9]/g) ?? []).length >= 6, { error: DIAL_IN_NUMBER }),
    codes: z
      .string()
      .trim()
      .max(2000)
      .optional()
      .transform((s) => (s ? s.split(/[\s,]+/).filter(Boolean) : [])),
  }),
  args: [
    { name: 'number', kind: 'text', description: 'Dial-in number, or off', required: true, until: 'codes', label: 'number|off' },
    { name: 'codes', kind: 'rest', description: 'Access codes for rooms 1, 2, 3 … separated by spaces', required: false, label: 'codes <code…>' },
  ],
  summary: 'Set the phone bridge number and per-room access codes ("off" clears them)',
  permission: 'facilitator',
  does: 'set the dial-in details',
  creates: true,
  handle({ meeting, input }) {
    if (input.number.toLowerCase() === 'off') {
      if (!meeting.settings.dialIn) return unchanged('There are no dial-in details to clear.');
      delete meeting.settings.dialIn;
      return changed('Dial-in details cleared.');
    }
    if (input.codes.length > LIMITS.maxRooms) return refuse('bad-input', `At most ${LIMITS.maxRooms} access codes (one per room).`, meeting);
    const bad = input.codes.find((c) => !/^[0-9*#]{1,40}$/.test(c));
    if (bad) return refuse('bad-input', `“${bad}” is not an access code: use digits, * and # only.`, meeting);
    const codes: Record<string, string> = {};
    input.codes.forEach((c, i) => (codes[String(i + 1)] = c));
    meeting.settings.dialIn = { number: input.number, codes };
    return changed(`Dial-in set to ${input.number}${input.codes.length ? ` with codes for rooms 1–${input.codes.length}` : ''}.`);
  },
});

/** The meeting's name: on the board, and in every direct message ("Breakouts have started in …"). */
export const title = defineCommand({
  name: 'title',
  input: z.object({
    title: z
      .string({ error: 'is missing' })
      .transform(cleanDisplayText)
      .pipe(z.string().min(1, { error: 'is missing' }).max(LIMITS.titleLength, { error: `must be at most ${LIMITS.titleLength} characters` })),
  }),
  args: [{ name: 'title', kind: 'rest', description: 'The meeting’s name, as attendees will read it', required: true }],
  summary: 'Name the meeting (shown on the board and in direct messages)',
  permission: 'facilitator',
  does: 'name the meeting',
  creates: true,
  handle({ meeting, input }) {
    if (meeting.title === input.title) return unchanged(`The meeting is already called ${input.title}.`);
    meeting.title = input.title;
    return changed(`The meeting is now called ${input.title}.`);
  },
});

