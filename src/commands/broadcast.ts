// Reaching rooms while they are open: a broadcast to every room (or one), and a facilitator's
// visit to a room, which changes neither the layout nor the counts.
import { z } from 'zod';
import { LIMITS } from '../domain/meeting.ts';
import { roomLabel } from '../domain/messages.ts';
import { refuse } from '../domain/outcome.ts';
import { plural } from '../domain/text.ts';
import { announce, openRooms } from './announce.ts';
import { changed, defineCommand, unchanged } from './define.ts';
import { RoomNumber, RoomTargetSchema } from './inputs.ts';

const NOT_RUNNING = 'Breakouts are not running: there is no open room to reach. Start them first.';

/** "room 3 <text>" at the start of typed text names one room. */
const ONE_ROOM = /^room\s+([0-9]{1,2})\s+([\s\S]+)$/i;

export const BroadcastInputSchema = z
  .object({
    message: z.string({ error: 'needs the words to send' }).trim().min(1, { error: 'needs the words to send' }),
    room: RoomNumber.optional(),
  })
  .transform(({ message, room }) => {
    const one = room === undefined ? ONE_ROOM.exec(message) : null;
    return one ? { message: one[2]!.trim(), room: Number(one[1]) } : { message, ...(room !== undefined ? { room } : {}) };
  })
  .refine((input) => input.message.length <= LIMITS.broadcastLength, {
    error: (issue) => {
      const input = issue.input as { message: string };
      return `is ${input.message.length} characters long; a broadcast is at most ${LIMITS.broadcastLength}. Shorten it, or send it in parts`;
    },
    path: ['message'],
  });

export const broadcast = defineCommand({
  name: 'broadcast',
  input: BroadcastInputSchema,
  // One typed form everywhere: "room 3 …" at the start sends to that room alone.
  args: [{ name: 'message', kind: 'rest', description: 'What to tell every open room; start with “room 3” to tell room 3 alone', required: true }],
  summary: 'Post a message in every open room (“room 3 …”: in one), and DM it to phone callers',
  permission: 'facilitator',
  does: 'broadcast to the rooms',
  handle({ meeting, input, actor, now }) {
    const open = openRooms(meeting);
    if (open.length === 0) return refuse('wrong-status', NOT_RUNNING, meeting);
    if (input.room !== undefined && !open.includes(input.room)) {
      return refuse('bad-input', `Room ${input.room} is not open (nobody is in it). Open rooms: ${open.join(', ')}.`, meeting);
    }
    const rooms = input.room === undefined ? open : [input.room];
    const from = `📣 ${actor.name} (facilitator)`;
    const effects = announce(meeting, rooms, 'broadcast', (room) => `${from} to ${input.room === undefined ? `every room — here, ${roomLabel(meeting, room)}` : roomLabel(meeting, room)}: ${input.message}`);
    meeting.broadcast = { text: input.message, at: now.toISOString(), ...(input.room !== undefined ? { room: input.room } : {}) };
    const dms = effects.filter((e) => e.type === 'dm').length;
    const where = input.room === undefined ? `every open room (${plural(rooms.length, 'room')})` : roomLabel(meeting, input.room);
    return changed(`Sent to ${where}${dms > 0 ? `, and by direct message to ${plural(dms, 'phone caller')}` : ''}.`, { effects });
  },
});

export const visit = defineCommand({
  name: 'visit',
  input: z.object({ room: RoomTargetSchema }),
  args: [{ name: 'room', kind: 'room', description: 'Room number to drop into, or main to come back', required: true, min: 0, max: LIMITS.maxRooms }],
  summary: 'Drop into a room without changing the layout (visit main to come back)',
  permission: 'facilitator',
  does: 'visit rooms',
  handle({ meeting, input, actor }) {
    if (meeting.status !== 'started') return refuse('wrong-status', NOT_RUNNING, meeting);
    const visits = { ...meeting.visits };
    if (input.room === 'main') {
      if (visits[actor.id] === undefined) return unchanged('You are not visiting a room.');
      const was = visits[actor.id]!;
      delete visits[actor.id];
      meeting.visits = visits;
      return changed(`Back from ${roomLabel(meeting, was)} to the main room.`, { effects: [{ type: 'visit', person: actor.id, room: null }] });
    }
    const open = openRooms(meeting);
    if (!open.includes(input.room)) return refuse('bad-input', `Room ${input.room} is not open (nobody is in it). Open rooms: ${open.join(', ') || 'none'}.`, meeting);
    if (visits[actor.id] === input.room) return unchanged(`You are already visiting ${roomLabel(meeting, input.room)}.`);
    visits[actor.id] = input.room;
    meeting.visits = visits;
    return changed(`Visiting ${roomLabel(meeting, input.room)}; the layout is unchanged. Type /breakouts visit main to come back.`, {
      effects: [{ type: 'visit', person: actor.id, room: input.room }],
    });
  },
});
