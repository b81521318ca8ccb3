// The distribute command: Smart Distribute, which keeps a layout and places late joiners, and its
// ways of placing everyone again (same groups, new groups, rooms of a size, facilitators).
import { z } from 'zod';
import { LIMITS } from '../domain/meeting.ts';
import { placementRepeats } from '../domain/pair-history.ts';
import { refuse } from '../domain/outcome.ts';
import { plural } from '../domain/text.ts';
import { confirmArg } from './confirm-arg.ts';
import { changed, defineCommand, plainButton, unchanged, type Ctx, type HandlerResult } from './define.ts';
import { ConfirmSchema, ROOM_RANGE, RoomCount } from './inputs.ts';
import { plannedReply, recordRepeats, recordUnmet } from './layout-replies.ts';
import {
  askBeforeLiveMoves,
  defaultRoomCount,
  distributable,
  enforcePhoneLimit,
  joinerConstraintNotes,
  placeEveryone,
  placeFacilitators,
  placeJoiners,
  resizeRooms,
  restoreRound,
  roomsNow,
  setRoomCount,
} from './placement.ts';
import { lastEndedRound, roundHistory, shuffleRepeats } from './rounds.ts';

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
