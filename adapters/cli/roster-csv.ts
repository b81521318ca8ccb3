// Roster CSV → people, for the planner CLI. RFC 4180 quoting; every problem names its line.
import { LIMITS, type Audio } from '../../src/domain/meeting.ts';
import { normaliseAudio } from '../../src/commands/inputs.ts';
import { AUDIO_KINDS } from '../../src/domain/meeting.ts';
import { cleanDisplayText, fit } from '../../src/domain/text.ts';

export interface RosterPerson {
  readonly id: string;
  readonly name: string;
  readonly audio: Audio;
  readonly line: number;
}

export class RosterError extends Error {
  override readonly name = 'RosterError';
}

interface Row {
  readonly line: number;
  readonly fields: string[];
}

/** Split CSV text into rows of fields, remembering the line each row starts on. */
export function parseCsv(text: string): Row[] {
  const rows: Row[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  let rowHasContent = false;
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (quoted) {
      if (ch === '"') {
        if (body[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else {
        if (ch === '\n') line++;
        field += ch;
      }
      continue;
    }
    if (ch === '"' && field === '') {
      quoted = true;
      rowHasContent = true;
    } else if (ch === ',') {
      fields.push(field);
      field = '';
      rowHasContent = true;
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && body[i + 1] === '\n') i++;
      fields.push(field);
      if (rowHasContent || field.trim() !== '') rows.push({ line: rowLine, fields });
      fields = [];
      field = '';
      rowHasContent = false;
      line++;
      rowLine = line;
    } else {
      field += ch;
      if (ch.trim() !== '') rowHasContent = true;
    }
  }
  if (quoted) throw new RosterError(`line ${rowLine}: a quoted field is never closed (missing ").`);
  fields.push(field);
  if (rowHasContent || field.trim() !== '') rows.push({ line: rowLine, fields });
  return rows;
}

const REQUIRED = ['id', 'name', 'audio'] as const;

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
  const seen = new Map<string, number>();
  const people: RosterPerson[] = [];
  for (const row of rows.slice(1)) {
    const get = (col: (typeof REQUIRED)[number]) => (row.fields[index[col]] ?? '').trim();
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
    people.push({ id, name: fit(name, LIMITS.displayNameLength), audio: audio as Audio, line: row.line });
  }
  if (people.length === 0) throw new RosterError(`line ${header.line}: the roster has a header but nobody in it: there is nobody to place. Add one line per person (id,name,audio).`);
  return people;
}
