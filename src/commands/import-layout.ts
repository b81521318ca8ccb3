// Pre-assignment: `import-layout` places the people a CSV names in their rooms (by id, by e-mail the
// adapter resolved, or by name), lists the rows that match nobody yet and keeps them, so each of
// those people lands in their room the moment they join (join, import, a voice channel).
import { z } from 'zod';
import { findConflicts } from '../domain/conflicts.ts';
import { LAYOUT_CSV_MAX_CHARS, parseLayoutCsv } from '../domain/layout-csv.ts';
import { LIMITS, PersonIdSchema, phoneRoomCount, type Attendee, type Audio, type LayoutRow, type Meeting } from '../domain/meeting.ts';
import { refuse } from '../domain/outcome.ts';
import { nameList, plural, roomRange } from '../domain/text.ts';
import { changed, defineCommand } from './define.ts';
import { ConfirmSchema } from './inputs.ts';
import { confirmArg } from './layout.ts';
import { askBeforeLiveMoves, describeRoom, resizeRooms, roomsNow, setRoom } from './placement.ts';

export const ImportLayoutInputSchema = z.object({
  csv: z
    .string()
    .max(LAYOUT_CSV_MAX_CHARS, { error: `is too large: a layout is at most ${LAYOUT_CSV_MAX_CHARS / 1000} KB (${LIMITS.layoutRows} rows)` })
    .optional(),
  /** E-mail → person id, as the adapter looked them up (Slack users.lookupByEmail). */
  emails: z.record(z.string().max(320), PersonIdSchema).optional(),
  /** While rooms are open: go ahead and move the people already in rooms that the layout puts elsewhere. */
  confirm: ConfirmSchema,
});

/**
 * The go-ahead of an import while rooms are open: the CSV must come again, so retyping the command
 * with confirm is not enough; each surface's way of sending it with confirm.
 */
export const IMPORT_GO_AHEAD =
  'To go ahead, import it again with confirm: type /breakouts import-layout confirm followed by the CSV, tick “Move people now” in Slack’s dialog, or choose confirm in Discord’s option.';

const HOW = 'Attach or paste a CSV with a header naming room and one of id, email or name (audio is optional), one line per person, for example:\nemail,room,audio\nana@example.com,1,voip\nbo@example.com,2,phone';

/**
 * Put someone where the layout says (and on the audio it gives). A phone caller above the phone
 * rooms, or a room the meeting no longer has, leaves them in the main room: the sentence says why.
 */
function placeByLayout(meeting: Meeting, a: Attendee, room: number, audio: Audio | undefined, version: number): string | undefined {
  if (audio) a.audio = audio;
  if (room > meeting.rooms.length) {
    setRoom(a, null, version);
    a.waiting = `The imported layout puts them in room ${room}, but the meeting has ${plural(meeting.rooms.length, 'room')}.`;
    return a.waiting;
  }
  const limit = phoneRoomCount(meeting);
  if (a.audio === 'phone' && room > limit) {
    setRoom(a, null, version);
    a.waiting = `The imported layout puts them in room ${room}, but phone attendees can only be in ${roomRange(limit)}.`;
    return a.waiting;
  }
  setRoom(a, room, version);
  return undefined;
}

/** The row of the waiting plan that names this person (by id, or by their name), if any. */
function planRowFor(meeting: Meeting, a: Attendee): number {
  const name = a.name.toLowerCase();
  return (meeting.layoutPlan ?? []).findIndex((r) => (r.match === 'id' && r.value === a.id) || (r.match === 'name' && r.value.toLowerCase() === name));
}

/**
 * Someone just joined: when the imported layout has a row for them, they land in its room now (and
 * on its audio, unless they just said theirs). The sentence for the reply, or '' when there is none.
 */
export function applyLayoutPlan(meeting: Meeting, a: Attendee, version: number, options: { readonly self?: boolean; readonly keepAudio?: boolean } = {}): string {
  const i = planRowFor(meeting, a);
  if (i < 0) return '';
  const row = meeting.layoutPlan![i]!;
  const rest = meeting.layoutPlan!.filter((_, j) => j !== i);
  if (rest.length > 0) meeting.layoutPlan = rest;
  else delete meeting.layoutPlan;
  const why = placeByLayout(meeting, a, row.room, options.keepAudio ? undefined : row.audio, version);
  const who = options.self ? 'You stay' : `${a.name} stays`;
  if (why) return ` ${who} in the main room: ${why}`;
  return ` ${options.self ? 'You are' : `${a.name} is`} in ${describeRoom(meeting, row.room)}, as the imported layout says.`;
}

export const importLayout = defineCommand({
  name: 'import-layout',
  input: ImportLayoutInputSchema,
  // confirm first: the CSV is the rest of the text ("import-layout confirm id,room;U1,2").
  args: [confirmArg, { name: 'csv', kind: 'rest', description: 'The layout as CSV (usually attached or pasted; typed on one line, rows separated by ;)', required: false }],
  summary: 'Pre-assign rooms from a CSV (room, and id, email or name); late joiners land in theirs',
  permission: 'facilitator',
  does: 'import a layout',
  creates: true,
  handle({ meeting, input, next }) {
    if (input.csv === undefined || input.csv.trim() === '') return refuse('bad-input', `No layout to import. ${HOW}`, meeting);
    const parsed = parseLayoutCsv(input.csv);
    if (!parsed.ok) return refuse('bad-input', `The layout was not imported: ${parsed.message} Nothing was changed.`, meeting);
    // Who is in which room before the import: whoever it takes out of an open room waits for a go-ahead.
    const before = roomsNow(meeting);
    const emails = new Map(Object.entries(input.emails ?? {}).map(([email, id]) => [email.trim().toLowerCase(), id]));
    const byId = new Map(meeting.attendees.map((a) => [a.id, a]));
    const byName = new Map<string, Attendee[]>();
    for (const a of meeting.attendees) byName.set(a.name.toLowerCase(), [...(byName.get(a.name.toLowerCase()) ?? []), a]);

    const notes: string[] = [];
    const highest = Math.max(...parsed.rows.map((r) => r.room));
    if (highest > meeting.rooms.length) {
      notes.push(`The meeting now has ${plural(highest, 'room')} (the layout uses room ${highest}).`);
      resizeRooms(meeting, highest, next);
    }
    const plan: LayoutRow[] = [];
    const unmatched: string[] = [];
    const waiting: string[] = [];
    const done = new Set<string>();
    let placed = 0;
    for (const row of parsed.rows) {
      let person: Attendee | undefined;
      let keep: LayoutRow | undefined;
      let why: string | undefined;
      const audio = row.audio ? { audio: row.audio } : {};
      if (row.match === 'id') {
        person = byId.get(row.value);
        if (!person) keep = { match: 'id', value: row.value, room: row.room, ...audio };
      } else if (row.match === 'email') {
        const id = emails.get(row.value.toLowerCase());
        if (id !== undefined) {
          person = byId.get(id);
          if (!person) keep = { match: 'id', value: id, room: row.room, ...audio };
        } else {
          keep = { match: 'email', value: row.value.toLowerCase(), room: row.room, ...audio };
          // Without a look-up (Discord gives bots no e-mail addresses) the row is not matched, and says why.
          why = input.emails ? 'nobody in the workspace has this e-mail' : 'e-mail addresses cannot be looked up here: use the id or name column';
        }
      } else {
        const found = byName.get(row.value.toLowerCase()) ?? [];
        if (found.length === 1) person = found[0];
        else if (found.length > 1) why = `${found.length} people on the roster have this name: use their id or e-mail`;
        else keep = { match: 'name', value: row.value, room: row.room, ...audio };
      }
      if (person && done.has(person.id)) {
        unmatched.push(`line ${row.line} ${row.value} (${person.name} is on an earlier line)`);
        continue;
      }
      if (person) {
        done.add(person.id);
        const reason = placeByLayout(meeting, person, row.room, row.audio, next);
        if (reason) waiting.push(`${person.name} (room ${row.room})`);
        else placed++;
        continue;
      }
      unmatched.push(`line ${row.line} ${row.value}${why ? ` (${why})` : ''}`);
      if (keep) plan.push(keep);
    }
    if (plan.length > 0) meeting.layoutPlan = plan.slice(0, LIMITS.layoutRows);
    else delete meeting.layoutPlan;
    // A refusal discards this private copy: nothing is imported until the go-ahead comes with the CSV.
    const ask = askBeforeLiveMoves(meeting, before, input.confirm, 'import-layout', IMPORT_GO_AHEAD);
    if (ask) return ask;

    const parts = [`Imported the layout: ${plural(placed, 'person', 'people')} placed in their rooms.`, ...notes];
    if (waiting.length > 0) {
      parts.push(`${plural(waiting.length, 'phone caller stays', 'phone callers stay')} in the main room, as phone attendees can only be in ${roomRange(phoneRoomCount(meeting))}: ${nameList(waiting, 8)}.`);
    }
    if (unmatched.length > 0) {
      const kept = plan.length > 0 ? ` ${plural(plan.length, 'row is', 'rows are')} kept: each person lands in their room the moment they join.` : '';
      parts.push(`${plural(unmatched.length, 'row matches', 'rows match')} nobody on the roster yet: ${nameList(unmatched, 10)}.${kept}`);
    }
    const conflicts = findConflicts(meeting);
    if (conflicts.size > 0) {
      const rooms = [...conflicts.keys()].sort((x, y) => x - y);
      parts.push(`${rooms.length === 1 ? 'Room' : 'Rooms'} ${nameList(rooms.map(String), 10)} ${rooms.length === 1 ? 'has' : 'have'} an audio conflict (shown in red): everyone affected is asked to switch to phone.`);
    }
    if (meeting.status === 'started') parts.push('Rooms are open: people are moved to their rooms now.');
    return changed(parts.join(' '));
  },
});
