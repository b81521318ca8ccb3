// Layout commands: who is in which room. Smart Distribute (which keeps a layout and places late
// joiners), Shuffle (everyone from scratch), the room count, one more room, names, and moves.
import { z } from 'zod';
import { findConflicts } from '../domain/conflicts.ts';
import { defaultRoomName, LIMITS, phoneRoomCount } from '../domain/meeting.ts';
import { refuse } from '../domain/outcome.ts';
import { cleanDisplayText, nameList, oneOfRooms, plural, roomRange } from '../domain/text.ts';
import { confirmArg } from './confirm-arg.ts';
import { changed, defineCommand, plainButton, unchanged } from './define.ts';
import { ConfirmSchema, ROOM_RANGE, RoomCount, RoomNumber, RoomTargetSchema, UserRefSchema } from './inputs.ts';
import { plannedReply } from './layout-replies.ts';
import { findByRef, findPerson } from './people.ts';
import { askBeforeLiveMoves, defaultRoomCount, describeRoom, distributable, distributeEveryone, placeJoiners, resizeRooms, roomsNow, setRoom, setRoomCount } from './placement.ts';

export { confirmArg } from './confirm-arg.ts';
export { distribute, DistributeInputSchema } from './distribute.ts';

export const shuffle = defineCommand({
  name: 'shuffle',
  input: z.object({ confirm: ConfirmSchema }),
  args: [confirmArg],
  summary: 'Re-split everyone from scratch',
  permission: 'facilitator',
  does: 'shuffle',
  creates: true,
  // Every surface asks the board action's confirm question before it sends Shuffle.
  buttons: [{ verb: 'shuffle', code: 's', input: () => ({ confirm: true }) }],
  handle({ meeting, input, next, random }) {
    if (meeting.rooms.length > 0 && distributable(meeting).length === 0) {
      return unchanged('Nobody to shuffle yet: attendees join with /breakouts join (facilitators stay where they are).');
    }
    const before = roomsNow(meeting);
    if (meeting.rooms.length === 0) resizeRooms(meeting, defaultRoomCount(distributable(meeting)), next);
    const reply = plannedReply(meeting, distributeEveryone(meeting, next, random), 'plain');
    const ask = askBeforeLiveMoves(meeting, before, input.confirm, 'shuffle');
    if (ask) return ask;
    return changed(`Shuffled: ${reply.join(' ')}`);
  },
});

export const rooms = defineCommand({
  name: 'rooms',
  input: z.object({ count: RoomCount, confirm: ConfirmSchema }),
  args: [{ name: 'count', kind: 'integer', description: `How many rooms (${ROOM_RANGE})`, required: true, min: LIMITS.minRooms, max: LIMITS.maxRooms }, confirmArg],
  summary: `Set the number of rooms (${ROOM_RANGE})`,
  permission: 'facilitator',
  does: 'change the number of rooms',
  creates: true,
  handle({ meeting, input, next }) {
    if (input.count === meeting.rooms.length) return unchanged(`There are already ${plural(input.count, 'room')}.`);
    const before = roomsNow(meeting);
    const notes = setRoomCount(meeting, input.count, next);
    const ask = askBeforeLiveMoves(meeting, before, input.confirm, `rooms ${input.count}`);
    if (ask) return ask;
    return changed([`The meeting now has ${plural(input.count, 'room')}.`, ...notes].join(' '));
  },
});

/** The board's "Add a room": one more room than there is now (decided inside the update), placing whoever waited for one. */
export const addRoom = defineCommand({
  name: 'add-room',
  input: z.object({}),
  typed: false,
  summary: 'Add one room and place the people waiting for one',
  permission: 'facilitator',
  does: 'add a room',
  buttons: [plainButton('add-room', 'ar')],
  handle({ meeting, next, random }) {
    if (meeting.rooms.length >= LIMITS.maxRooms) return refuse('bad-input', `A meeting has at most ${LIMITS.maxRooms} rooms.`, meeting);
    const count = meeting.rooms.length + 1;
    const added = [`The meeting now has ${plural(count, 'room')}.`, ...setRoomCount(meeting, count, next)].join(' ');
    // The one-click way out of "too few rooms": the people waiting for a room are placed at once.
    const waiting = distributable(meeting).filter((a) => a.room === null && a.waiting !== undefined);
    const { placed } = waiting.length > 0 ? placeJoiners(meeting, waiting, next, random) : { placed: 0 };
    return changed(placed === 0 ? added : `${added} Placed ${plural(placed, 'waiting person', 'waiting people')}.`);
  },
});

export const rename = defineCommand({
  name: 'rename',
  input: z.object({
    room: RoomNumber,
    title: z
      .string({ error: 'is missing' })
      .transform(cleanDisplayText)
      .pipe(z.string().min(1, { error: 'is missing' }).max(LIMITS.roomNameLength, { error: `must be at most ${LIMITS.roomNameLength} characters` })),
  }),
  args: [
    { name: 'room', kind: 'integer', description: 'Room number', required: true, min: 1, max: LIMITS.maxRooms },
    { name: 'title', kind: 'rest', description: 'New name', required: true },
  ],
  summary: 'Rename a room',
  permission: 'facilitator',
  does: 'rename rooms',
  handle({ meeting, input }) {
    const room = meeting.rooms[input.room - 1];
    if (!room) return refuse('bad-input', `There is no room ${input.room}: the meeting has ${plural(meeting.rooms.length, 'room')}.`, meeting);
    if (room.name === input.title) return unchanged(`Room ${input.room} is already called ${input.title}.`);
    // Names reach phone callers with their access code: two rooms must never be confusable.
    const wanted = input.title.toLowerCase();
    const clash = meeting.rooms.find((r) => r.number !== room.number && (r.name.toLowerCase() === wanted || defaultRoomName(r.number).toLowerCase() === wanted));
    if (clash) {
      return refuse('bad-input', `“${input.title}” is ${clash.name.toLowerCase() === wanted ? 'already the name of' : 'how people know'} room ${clash.number}: pick a name no other room has.`, meeting);
    }
    room.name = input.title;
    return changed(`Room ${input.room} is now called ${input.title}.`);
  },
});

/** A move's room, as a genuine button carries it. */
const ROOM_ARG = /^(main|[1-9][0-9]?)$/;
const moveInput = (user: string | undefined, to: string | undefined): Record<string, unknown> | undefined =>
  user === undefined || to === undefined ? undefined : { user: { id: user }, to };

export const move = defineCommand({
  name: 'move',
  input: z.object({ user: UserRefSchema, to: RoomTargetSchema }),
  args: [
    { name: 'user', kind: 'user', description: 'Who to move', required: true },
    { name: 'to', kind: 'room', description: 'Room number, or main (0 = main room)', required: true, min: 0, max: LIMITS.maxRooms },
  ],
  summary: 'Move someone to a room, or back to the main room',
  permission: 'facilitator',
  does: 'move people',
  buttons: [
    // A room already in the id wins over one picked in a select: a select's id carries only the person.
    { verb: 'move', code: 'm', accepts: (args) => args[1] === undefined || ROOM_ARG.test(args[1]), input: ([user, room], chosen) => moveInput(user, room ?? chosen) },
    /** Pick a room for the person chosen in a select (arg: the person). */
    { verb: 'move-pick', code: 'mp', input: ([user], chosen) => moveInput(user, chosen) },
  ],
  // A move built on an older board still goes ahead when the person has not moved since it was drawn.
  stillValid: (meeting, input, version) => {
    const target = findByRef(meeting, input.user);
    return target !== undefined && target.placedAt <= version;
  },
  handle({ meeting, input, next }) {
    const found = findPerson(meeting, input.user);
    if (!found.ok) return { ...found, meeting };
    const target = found.attendee;
    const to = input.to === 'main' ? null : input.to;
    if (to !== null && to > meeting.rooms.length) {
      return refuse('bad-input', `There is no room ${to}: the meeting has ${plural(meeting.rooms.length, 'room')}. Add rooms with /breakouts rooms <n>.`, meeting);
    }
    const limit = phoneRoomCount(meeting);
    if (to !== null && target.audio === 'phone' && to > limit) {
      return refuse(
        'phone-room-limit',
        `${target.name} is on the phone, and phone attendees can only be in ${roomRange(limit)} (the phone bridge has ${plural(meeting.settings.phoneRoomLimit, 'sub-conference')}). Move them to ${oneOfRooms(limit)}.`,
        meeting,
      );
    }
    if (target.room === to) return unchanged(`${target.name} is already in ${describeRoom(meeting, to)}.`);
    setRoom(target, to, next);
    const parts = [`Moved ${target.name} to ${describeRoom(meeting, to)}.`];
    // Facilitators may fill a room past the cap; the board warns about it.
    const cap = meeting.settings.roomCap;
    const inRoom = to === null ? 0 : meeting.attendees.filter((a) => a.room === to).length;
    if (cap !== undefined && inRoom > cap) parts.push(`${describeRoom(meeting, to)} is now above the room cap (${inRoom} people, cap ${cap}).`);
    const conflict = to === null ? undefined : findConflicts(meeting).get(to);
    if (conflict) {
      // Those already prompted about this room are not asked again (one prompt per conflict).
      const asked = conflict.affected.filter((a) => meeting.prompts[a.id]?.room !== to).map((a) => a.name);
      const who = asked.length > 0 ? `${nameList(asked, 5)} will be asked to switch to phone.` : 'Everyone affected there has already been asked to switch to phone.';
      parts.push(`This is an audio conflict: phone and computer audio are mixed in ${describeRoom(meeting, to)} (shown in red). ${who}`);
    }
    return changed(parts.join(' '));
  },
});
