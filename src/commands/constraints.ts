// Who goes with whom: `together` (a group kept in one room when audio allows), `apart` (never in
// one room), the list and its clearing, and the room cap (no room above n; Discord rooms get it as
// their user limit). They apply at the next distribute or shuffle; audio rules always win.
import { z } from 'zod';
import { LIMITS, type Attendee, type Meeting } from '../domain/meeting.ts';
import { refuse, type Effect } from '../domain/outcome.ts';
import { nameList, plural } from '../domain/text.ts';
import { changed, defineCommand, unchanged, type HandlerResult } from './define.ts';
import { UserRefSchema, type UserRef } from './inputs.ts';
import { parseUserToken, tokenize } from './mentions.ts';
import { findPerson } from './people.ts';

/** A mention as Discord writes it in text (`<@!123>`, a nickname mention) is the same person as `<@123>`. */
function userToken(token: string): UserRef | undefined {
  const ref = parseUserToken(token.replace(/^<@!/, '<@'));
  const parsed = ref === undefined ? undefined : UserRefSchema.safeParse(ref);
  return parsed?.success ? parsed.data : undefined;
}

/**
 * People named in one piece of text (Slack `<@U1|ann> <@U2>`, Discord mentions, `@name`), or a list
 * of references already parsed. Anything else is refused, naming the word.
 */
export const PeopleSchema = z.union([z.string(), z.array(UserRefSchema).max(LIMITS.constraintSize * 2)], { error: 'must be people: mention each of them with @' }).transform((value, ctx) => {
  if (typeof value !== 'string') return value;
  const refs: UserRef[] = [];
  for (const token of tokenize(value)) {
    if (token === ',' || token.toLowerCase() === 'and') continue;
    const ref = userToken(token.replace(/,$/, ''));
    if (!ref) {
      ctx.addIssue({ code: 'custom', message: `has “${token}”, which is not a person: mention each of them with @` });
      return z.NEVER;
    }
    refs.push(ref);
  }
  return refs;
});

const peopleArg = { name: 'people', kind: 'rest', description: 'Two or more people: mention each with @', required: true, label: '@person @person …' } as const;

type Kind = 'together' | 'apart';

function constraintsOf(meeting: Meeting): { together: string[][]; apart: string[][] } {
  return { together: [...(meeting.constraints?.together ?? [])], apart: [...(meeting.constraints?.apart ?? [])] };
}

function namesOf(meeting: Meeting, ids: readonly string[]): string {
  const byId = new Map(meeting.attendees.map((a) => [a.id, a.name]));
  return nameList(ids.map((id) => byId.get(id) ?? id), 8);
}

/** `together` or `apart`: the people named must all be on the roster, and there must be two of them. */
function addConstraint(kind: Kind, meeting: Meeting, refs: readonly UserRef[]): HandlerResult {
  const people: Attendee[] = [];
  const unknown: string[] = [];
  for (const ref of refs) {
    const found = findPerson(meeting, ref);
    if (found.ok) {
      if (!people.some((p) => p.id === found.attendee.id)) people.push(found.attendee);
    } else unknown.push('id' in ref ? (ref.name ?? `<@${ref.id}>`) : `@${ref.name}`);
  }
  if (unknown.length > 0) {
    return refuse('unknown-attendee', `Not on this meeting’s roster: ${nameList(unknown, 8)}. They can join with /breakouts join. Nothing was changed.`, meeting);
  }
  if (people.length < 2) return refuse('bad-input', `Name at least two different people: /breakouts ${kind} @someone @someone-else. Nothing was changed.`, meeting);
  if (people.length > LIMITS.constraintSize) return refuse('bad-input', `At most ${LIMITS.constraintSize} people in one ${kind} group. Nothing was changed.`, meeting);
  const ids = people.map((p) => p.id);
  const all = constraintsOf(meeting);
  if (all.together.length + all.apart.length >= LIMITS.constraints) {
    return refuse('bad-input', `This meeting already has ${LIMITS.constraints} constraints: clear them with /breakouts constraints clear first. Nothing was changed.`, meeting);
  }
  const same = (group: readonly string[]) => group.length === ids.length && ids.every((id) => group.includes(id));
  if (all[kind].some(same)) return unchanged(`${namesOf(meeting, ids)} ${kind === 'together' ? 'are already kept together' : 'are already kept apart'}.`);
  // Together and apart for the same two people cannot both hold: the newer one is refused.
  const other: Kind = kind === 'together' ? 'apart' : 'together';
  for (const group of all[other]) {
    const both = ids.filter((id) => group.includes(id));
    if (both.length >= 2) {
      return refuse(
        'bad-input',
        `${namesOf(meeting, both.slice(0, 2))} are already to be kept ${other}: a pair cannot be both. Clear the constraints (/breakouts constraints clear) and set them again. Nothing was changed.`,
        meeting,
      );
    }
  }
  all[kind].push(ids);
  meeting.constraints = all;
  const facilitators = people.filter((p) => p.role === 'facilitator');
  const note = facilitators.length > 0 ? ` Facilitators are not distributed, so it holds for ${namesOf(meeting, facilitators.map((f) => f.id))} only when they are placed by distribute facilitators.` : '';
  const what = kind === 'together' ? 'will be kept in one room when audio allows' : 'will never be put in one room';
  return changed(`${namesOf(meeting, ids)} ${what}, from the next distribute or shuffle.${note}`);
}

export const together = defineCommand({
  name: 'together',
  input: z.object({ people: PeopleSchema }),
  args: [peopleArg],
  summary: 'Keep these people in one room (when audio allows), from the next distribute',
  permission: 'facilitator',
  does: 'set who goes together',
  handle: ({ meeting, input }) => addConstraint('together', meeting, input.people),
});

export const apart = defineCommand({
  name: 'apart',
  input: z.object({ people: PeopleSchema }),
  args: [peopleArg],
  summary: 'Never put these people in one room, from the next distribute',
  permission: 'facilitator',
  does: 'set who is kept apart',
  handle: ({ meeting, input }) => addConstraint('apart', meeting, input.people),
});

/** The constraints in words, one line each. */
export function constraintLines(meeting: Meeting): string[] {
  const lines: string[] = [];
  for (const group of meeting.constraints?.together ?? []) lines.push(`Together: ${namesOf(meeting, group)}`);
  for (const group of meeting.constraints?.apart ?? []) lines.push(`Apart: ${namesOf(meeting, group)}`);
  return lines;
}

export const constraints = defineCommand({
  name: 'constraints',
  input: z.object({ action: z.preprocess((v) => (typeof v === 'string' ? v.trim().toLowerCase() : v), z.enum(['clear'], { error: 'must be clear (or nothing, to list them)' })).optional() }),
  args: [{ name: 'action', kind: 'choice', description: 'clear: remove every together and apart', required: false, choices: ['clear'] }],
  summary: 'List who is kept together or apart (constraints clear removes them all)',
  permission: 'facilitator',
  does: 'see or clear the constraints',
  handle({ meeting, input }) {
    const lines = constraintLines(meeting);
    if (input.action === 'clear') {
      if (lines.length === 0) return unchanged('There are no constraints to clear.');
      delete meeting.constraints;
      delete meeting.unmet;
      return changed(`Cleared ${plural(lines.length, 'constraint')}: the next distribute or shuffle places people with audio rules alone.`);
    }
    const cap = meeting.settings.roomCap !== undefined ? [`Room cap: ${meeting.settings.roomCap} people`] : [];
    if (lines.length === 0) return unchanged(['No together or apart constraints. Add them with /breakouts together @a @b or /breakouts apart @a @b.', ...cap].join('\n'));
    return unchanged([`Constraints (they apply at the next distribute or shuffle; audio rules always win):`, ...lines, ...cap].join('\n'));
  },
});

const CAP_ERROR = 'must be a whole number of at least 1, or off';
export const RoomCapSchema = z.preprocess(
  (v) => (typeof v === 'string' ? (v.trim().toLowerCase() === 'off' ? 'off' : /^\s*[0-9]{1,6}\s*$/.test(v) ? Number(v) : v) : v),
  z.union([z.literal('off'), z.number().int().min(1).max(LIMITS.maxAttendees)], { error: CAP_ERROR }),
);

/** Every prepared room takes the cap as its platform limit (Discord: the voice channel's user limit). */
function capEffects(meeting: Meeting): Effect[] {
  return meeting.rooms.filter((r) => r.resourceId !== undefined).map((r) => ({ type: 'room-cap', room: r.number }) as const);
}

export const roomCap = defineCommand({
  name: 'room-cap',
  input: z.object({ cap: RoomCapSchema }),
  args: [{ name: 'cap', kind: 'text', description: 'The most people in one room, or off', required: true, label: 'n|off' }],
  summary: 'No room above n people (distribute adds rooms as needed); off removes the cap',
  permission: 'facilitator',
  does: 'set the room cap',
  creates: true,
  handle({ meeting, input }) {
    const cap = input.cap === 'off' ? undefined : input.cap;
    if (cap === meeting.settings.roomCap) return unchanged(cap === undefined ? 'There is no room cap.' : `The room cap is already ${cap}.`);
    if (cap === undefined) delete meeting.settings.roomCap;
    else meeting.settings.roomCap = cap;
    const effects = capEffects(meeting);
    if (cap === undefined) return changed('No room cap any more: rooms can hold any number of people.', { effects });
    const over = meeting.rooms.filter((r) => meeting.attendees.filter((a) => a.room === r.number).length > cap).map((r) => r.number);
    const now = over.length > 0 ? ` ${over.length === 1 ? 'Room' : 'Rooms'} ${nameList(over.map(String), 10)} ${over.length === 1 ? 'is' : 'are'} above it now: shuffle (or distribute new) to re-split.` : '';
    return changed(`No room will hold more than ${plural(cap, 'person', 'people')}: distribute and shuffle add rooms as needed (up to ${LIMITS.maxRooms}). Facilitators can still move someone into a full room.${now}`, { effects });
  },
});
