// Roster CSV → people, for the planner CLI. RFC 4180 quoting; every problem names its line.
// Besides id,name,audio a roster may carry `group` (kept together), `apart` (ids separated by ";")
// and `room` (a pre-assigned room).
import { AUDIO_KINDS, LIMITS, type Audio } from '../../src/domain/meeting.ts';
import { normaliseAudio } from '../../src/domain/audio.ts';
import { cleanDisplayText, fit } from '../../src/domain/text.ts';
import { CsvError, csvRows, type CsvRow } from '../../src/domain/csv.ts';

export interface RosterPerson {
  readonly id: string;
  readonly name: string;
  readonly audio: Audio;
  readonly line: number;
  /** Together group label (same label, same room when audio allows). */
  readonly group?: string;
  /** Ids never to share a room with. */
  readonly apart?: readonly string[];
  /** Pre-assigned breakout room. */
  readonly room?: number;
}

export class RosterError extends Error {
  override readonly name = 'RosterError';
}

/** Split CSV text into rows of fields, remembering the line each row starts on. */
export function parseCsv(text: string): CsvRow[] {
  try {
    return csvRows(text);
  } catch (error) {
    throw error instanceof CsvError ? new RosterError(error.message) : error;
  }
}

const REQUIRED = ['id', 'name', 'audio'] as const;
const OPTIONAL = ['group', 'apart', 'room'] as const;
/** Group labels are shown in warnings: one line of visible text, and short. */
const GROUP_LENGTH = 64;

export function parseRoster(text: string): RosterPerson[] {
  const rows = parseCsv(text);
  const header = rows[0];
  if (!header) throw new RosterError('line 1: the roster is empty; it needs a header line with id,name,audio.');
  const columns = header.fields.map((h) => h.trim().toLowerCase());
  const index: Record<(typeof REQUIRED)[number], number> = { id: -1, name: -1, audio: -1 };
  for (const col of REQUIRED) {
    index[col] = columns.indexOf(col);
    if (index[col] === -1) throw new RosterError(`line ${header.line}: missing column “${col}” (the header needs at least id,name,audio; found: ${columns.join(',')}).`);
  }
  const optional = Object.fromEntries(OPTIONAL.map((col) => [col, columns.indexOf(col)])) as Record<(typeof OPTIONAL)[number], number>;
  const seen = new Map<string, number>();
  const people: RosterPerson[] = [];
  for (const row of rows.slice(1)) {
    const get = (col: (typeof REQUIRED)[number]) => (row.fields[index[col]] ?? '').trim();
    const extra = (col: (typeof OPTIONAL)[number]) => (optional[col] === -1 ? '' : (row.fields[optional[col]] ?? '').trim());
    if (row.fields.length !== columns.length) {
      throw new RosterError(`line ${row.line}: ${row.fields.length} fields, but the header has ${columns.length}.`);
    }
    const id = get('id');
    // What a table or a board would show: no hidden characters, one line.
    const name = cleanDisplayText(get('name'));
    const rawAudio = get('audio');
    if (id === '') throw new RosterError(`line ${row.line}: the id is empty.`);
    if (id.length > 64) throw new RosterError(`line ${row.line}: the id “${id.slice(0, 20)}…” is longer than 64 characters.`);
    if (name === '') throw new RosterError(`line ${row.line}: the name of ${id} is empty (or only invisible characters); give everyone a name.`);
    const audio = normaliseAudio(rawAudio);
    if (!(AUDIO_KINDS as readonly unknown[]).includes(audio)) {
      throw new RosterError(`line ${row.line}: unknown audio “${rawAudio}” for ${id} (use phone, voip or listening; “Just Listening” and “VOIP” work too).`);
    }
    const first = seen.get(id);
    if (first !== undefined) throw new RosterError(`line ${row.line}: duplicate id “${id}” (first on line ${first}).`);
    seen.set(id, row.line);
    if (people.length >= LIMITS.maxAttendees) throw new RosterError(`line ${row.line}: more than ${LIMITS.maxAttendees} people.`);
    const group = cleanDisplayText(extra('group'));
    if (group.length > GROUP_LENGTH) throw new RosterError(`line ${row.line}: the group of ${id} is longer than ${GROUP_LENGTH} characters.`);
    const apart = [...new Set(extra('apart').split(';').map((a) => a.trim()).filter((a) => a !== ''))];
    if (apart.includes(id)) throw new RosterError(`line ${row.line}: ${id} is listed as apart from themself; list the others to keep apart from, separated by “;”.`);
    const rawRoom = extra('room');
    let room: number | undefined;
    if (rawRoom !== '') {
      room = Number(rawRoom);
      if (!/^[0-9]+$/.test(rawRoom) || room < 1 || room > LIMITS.maxRooms) {
        throw new RosterError(`line ${row.line}: room “${rawRoom}” for ${id} must be a whole number from 1 to ${LIMITS.maxRooms} (or empty: no pre-assigned room).`);
      }
    }
    people.push({
      id,
      name: fit(name, LIMITS.displayNameLength),
      audio: audio as Audio,
      line: row.line,
      ...(group !== '' ? { group } : {}),
      ...(apart.length > 0 ? { apart } : {}),
      ...(room !== undefined ? { room } : {}),
    });
  }
  if (people.length === 0) throw new RosterError(`line ${header.line}: the roster has a header but nobody in it: there is nobody to place. Add one line per person (id,name,audio).`);
  // Apart lists name people of this roster: a typo would otherwise be a constraint that is never checked.
  for (const p of people) {
    for (const other of p.apart ?? []) {
      if (!seen.has(other)) throw new RosterError(`line ${p.line}: unknown id “${other}” in the apart list of ${p.id} (not in the roster).`);
    }
  }
  return people;
}
