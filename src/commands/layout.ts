// Layout commands: who is in which room. Smart Distribute (which keeps a layout and places late
// joiners), Shuffle (everyone from scratch), the room count, one more room, names, and moves.
import { z } from 'zod';
import { findConflicts } from '../domain/conflicts.ts';
import { defaultRoomName, LIMITS, phoneRoomCount, type Meeting } from '../domain/meeting.ts';
import { placementRepeats } from '../domain/pair-history.ts';
import type { UnmetConstraint } from '../domain/plan-round.ts';
import { refuse } from '../domain/outcome.ts';
import { cleanDisplayText, nameList, oneOfRooms, plural, roomRange } from '../domain/text.ts';
import { changed, defineCommand, plainButton, unchanged, type ArgSpec, type Ctx, type HandlerResult } from './define.ts';
import { ConfirmSchema, ROOM_RANGE, RoomCount, RoomNumber, RoomTargetSchema, UserRefSchema } from './inputs.ts';
import { findByRef, findPerson } from './people.ts';
import {
  askBeforeLiveMoves,
  defaultRoomCount,
  describeRoom,
  distributable,
  distributeEveryone,
  placeEveryone,
  placeFacilitators,
  placeJoiners,
  resizeRooms,
  restoreRound,
  roomsNow,
  setRoom,
  setRoomCount,
  summarizePlacement,
  enforcePhoneLimit,
  joinerConstraintNotes,
  type Planned,
} from './placement.ts';
import { lastEndedRound, repeatsLine, roundHistory, shuffleRepeats } from './rounds.ts';

export const confirmArg: ArgSpec = {
  name: 'confirm',
  kind: 'choice',
  description: 'While rooms are open: go ahead and move the people this affects',
  required: false,
  choices: ['confirm'],
};

/** Rooms of about n people: a whole number of at least 1 (a typed word of digits, or Discord's integer). */
const SizeSchema = z.preprocess(
  (v) => (typeof v === 'string' && /^\s*[0-9]{1,6}\s*$/.test(v) ? Number(v) : v),
  z.number({ error: 'must be a whole number of at least 1' }).int({ error: 'must be a whole number of at least 1' }).min(1, { error: 'must be a whole number of at least 1' }).max(LIMITS.maxAttendees, { error: 'must be a whole number of at least 1' }),
);

export const DistributeInputSchema = z.object({
  rooms: RoomCount.optional(),
  strategy: z.preprocess((v) => (typeof v === 'string' ? v.trim().toLowerCase() : v), z.enum(['same', 'new'], { error: 'must be same or new' })).optional(),
  size: SizeSchema.optional(),
  facilitators: z
    .union([z.literal('facilitators'), z.literal(true)], { error: 'must be the word facilitators' })
    .optional()
    .transform((v) => v !== undefined),
  confirm: ConfirmSchema,
});
type DistributeInput = z.output<typeof DistributeInputSchema>;

/** The typed form of a distribute, to ask for its `confirm`. */
function distributeText(input: DistributeInput): string {
  return ['distribute', input.rooms, input.strategy, input.size !== undefined ? `size ${input.size}` : undefined, input.facilitators ? 'facilitators' : undefined].filter((w) => w !== undefined).join(' ');
}

/** What a layout could not honour, in the reply and (while it stands) on the board; `earlier` notes are kept. */
function recordUnmet(meeting: Meeting, warnings: readonly UnmetConstraint[], earlier: NonNullable<Meeting['unmet']> = []): string[] {
  const fresh = warnings.map((w) => ({ kind: w.kind, ids: w.ids.slice(0, LIMITS.constraintSize), ...(w.room !== undefined ? { room: w.room } : {}), text: w.text.slice(0, 1000) }));
  const all = [...earlier.filter((u) => !fresh.some((f) => f.text === u.text)), ...fresh].slice(-LIMITS.constraints * 2);
  if (all.length > 0) meeting.unmet = all;
  else delete meeting.unmet;
  if (warnings.length === 0) return [];
  const more = warnings.length > 5 ? ` (and ${warnings.length - 5} more on the board)` : '';
  return [`Not met${more}: ${warnings.slice(0, 5).map((w) => w.text).join(' ')}`];
}

/** The repeat figures of a new layout: stored for the board, and one sentence for the reply. */
function recordRepeats(meeting: Meeting, strategy: 'same' | 'new' | 'plain', now: number, random: number): string[] {
  if ((meeting.rounds ?? []).length === 0) {
    delete meeting.repeats;
    return strategy === 'new' ? ['No earlier rounds yet: nobody has met, so every pair is new.'] : [];
  }
  meeting.repeats = { now, random, strategy };
  return [`${repeatsLine(meeting.repeats)}.`];
}

/** The sentences of a from-scratch layout: who was placed, rooms added or removed, what was not met, repeats. */
function plannedReply(meeting: Meeting, planned: Planned, strategy: 'new' | 'plain'): string[] {
  const parts = [summarizePlacement(meeting, planned.placed, planned.waiting)];
  if (planned.rooms !== planned.roomsBefore && planned.roomsBefore > 0) {
    const cap = meeting.settings.roomCap;
    const why = cap !== undefined && planned.rooms > planned.roomsBefore ? ` so no room is above the room cap of ${cap}` : '';
    parts.push(`The meeting now has ${plural(planned.rooms, 'room')} (it had ${planned.roomsBefore})${why}.`);
  }
  parts.push(...recordUnmet(meeting, planned.warnings));
  parts.push(...recordRepeats(meeting, strategy, planned.repeats, planned.randomRepeats));
  return parts;
}

const NOBODY_YET = 'Nobody to distribute yet: attendees join with /breakouts join (facilitators stay in the main room).';

/** One way of distributing: the reply's sentences, or an answer that ends the command there. */
type Distributed = { readonly sentences: readonly string[] } | HandlerResult;

/** `distribute same`: the last round's groups again (while a round runs, the one before it). */
function sameGroups({ meeting, input, next, random }: Ctx<DistributeInput>): Distributed {
  const round = lastEndedRound(meeting);
  if (!round) return refuse('wrong-status', 'There is no earlier round to repeat yet: every Start records one. Use distribute (or distribute new) for the first round.', meeting);
  if (input.rooms !== undefined && input.rooms > meeting.rooms.length) resizeRooms(meeting, input.rooms, next);
  const restored = restoreRound(meeting, round, next, random);
  delete meeting.unmet;
  const history = roundHistory(meeting);
  const people = distributable(meeting);
  const now = placementRepeats(people.map((a) => a.id), people.map((a) => a.room ?? 0), history);
  const reply = [`Same groups as round ${round.number}: ${plural(restored.restored, 'person is', 'people are')} back in their rooms.`];
  if (restored.gone > 0) reply.push(`${plural(restored.gone, 'person', 'people')} from that round ${restored.gone === 1 ? 'is' : 'are'} gone.`);
  if (restored.late > 0) reply.push(`Placed ${plural(restored.late, 'newcomer')} as late joiners.`);
  if (restored.waiting > 0) reply.push(`${plural(restored.waiting, 'person stays', 'people stay')} in the main room (reason on the board).`);
  reply.push(...recordRepeats(meeting, 'same', now, shuffleRepeats(meeting, people, meeting.rooms.length, history)));
  return { sentences: reply };
}

/** `distribute new` and `distribute size n`: everyone placed again, with the constraints and the room cap. */
function everyoneAgain({ meeting, input, next, random }: Ctx<DistributeInput>): Distributed {
  const people = distributable(meeting);
  if (people.length === 0 && !input.facilitators) return unchanged(NOBODY_YET);
  const notes: string[] = [];
  if (input.size === undefined) {
    const count = input.rooms ?? (meeting.rooms.length || defaultRoomCount(people));
    if (count !== meeting.rooms.length) notes.push(...setRoomCount(meeting, count, next));
  }
  const planned = placeEveryone(meeting, next, random, {
    ...(input.strategy === 'new' ? { avoidRepeats: true } : {}),
    ...(input.size !== undefined ? { size: input.size, ...(input.rooms !== undefined ? { maxRooms: input.rooms } : {}) } : {}),
    keepFacilitators: !input.facilitators,
  });
  const reply = plannedReply(meeting, planned, input.strategy === 'new' ? 'new' : 'plain');
  if (input.size !== undefined) reply[0] = `Rooms of about ${input.size}: ${reply[0]}`;
  return { sentences: [...reply, ...notes] };
}

/** Plain distribute (rule 8): a layout is kept and only late joiners are placed; the first layout is made from scratch. */
function keepLayout({ meeting, input, next, random }: Ctx<DistributeInput>, before: ReadonlyMap<string, number | null>): Distributed {
  const people = distributable(meeting);
  const notes: string[] = [];
  const resized = input.rooms !== undefined && input.rooms !== meeting.rooms.length;
  const hadRooms = meeting.rooms.length > 0;
  if (input.rooms !== undefined && resized) {
    notes.push(...resizeRooms(meeting, input.rooms, next));
    enforcePhoneLimit(meeting, next);
    const ask = askBeforeLiveMoves(meeting, before, input.confirm, distributeText(input));
    if (ask) return ask;
  } else if (meeting.rooms.length === 0) {
    resizeRooms(meeting, defaultRoomCount(people), next);
  }
  if (people.length === 0 && !input.facilitators) return resized || !hadRooms ? changed(NOBODY_YET) : unchanged(NOBODY_YET);
  const unplaced = people.filter((a) => a.room === null);
  if (unplaced.length === people.length) return { sentences: [...plannedReply(meeting, placeEveryone(meeting, next, random, { keepFacilitators: !input.facilitators }), 'plain'), ...notes] };
  if (unplaced.length === 0) {
    // A new room count is still saved (the new rooms stay empty until a shuffle).
    const now = resized ? ` The meeting now has ${plural(meeting.rooms.length, 'room')}.` : '';
    const reply = [`Everyone already has a room; the layout is kept. Use shuffle (or distribute new) to re-split everyone.${now}`, ...notes];
    if (input.facilitators) return { sentences: reply };
    return resized || notes.length > 0 ? changed(reply.join(' ')) : unchanged(reply.join(' '));
  }
  const joined = placeJoiners(meeting, unplaced, next, random, { grow: true });
  const tail = joined.waiting > 0 ? ` ${plural(joined.waiting, 'person stays', 'people stay')} in the main room (reason on the board).` : '';
  const grew = joined.grew > 0 ? ` Added ${plural(joined.grew, 'room')} so no room is above the room cap of ${meeting.settings.roomCap}.` : '';
  const unmet = joinerConstraintNotes(meeting, unplaced);
  const said = unmet.length > 0 ? recordUnmet(meeting, unmet, meeting.unmet) : [];
  return { sentences: [`Kept the layout and placed ${plural(joined.placed, 'late joiner')}.${tail}${grew}`, ...said, ...notes] };
}

export const distribute = defineCommand({
  name: 'distribute',
  input: DistributeInputSchema,
  args: [
    { name: 'rooms', kind: 'integer', description: `How many rooms (${ROOM_RANGE})`, required: false, min: LIMITS.minRooms, max: LIMITS.maxRooms },
    { name: 'strategy', kind: 'choice', description: 'same: the last round’s groups again; new: everyone meets someone new', required: false, choices: ['same', 'new'] },
    { name: 'size', kind: 'integer', description: 'Rooms of about this many people (the room count follows)', required: false, min: 1, keyword: 'size', label: 'n' },
    { name: 'facilitators', kind: 'choice', description: 'Put one facilitator in each room', required: false, choices: ['facilitators'] },
    confirmArg,
  ],
  summary: 'Split attendees evenly, audio kept compatible; same / new groups, size <n>, facilitators',
  permission: 'facilitator',
  does: 'distribute',
  creates: true,
  buttons: [plainButton('distribute', 'd')],
  handle(ctx) {
    const { meeting, input, next, random } = ctx;
    const before = roomsNow(meeting);
    const done = input.strategy === 'same' ? sameGroups(ctx) : input.strategy === 'new' || input.size !== undefined ? everyoneAgain(ctx) : keepLayout(ctx, before);
    if (!('sentences' in done)) return done;
    const notes = input.facilitators ? placeFacilitators(meeting, next, random).notes : [];
    // While rooms are open, whoever this takes out of their room is moved at once: that waits for a go-ahead.
    const ask = askBeforeLiveMoves(meeting, before, input.confirm, distributeText(input));
    if (ask) return ask;
    return changed([...done.sentences, ...notes].join(' '));
  },
});

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
