// An imported layout (`import-layout`): CSV text with a header naming `room` and one of `id`,
// `email` or `name` (optional `audio`) → rows to match to people. RFC 4180 quoting; every problem
// names its line, and nothing here knows about a meeting or a platform.
import { normaliseAudio } from './audio.ts';
import { CsvError, csvRows, type CsvRow } from './csv.ts';
import { AUDIO_KINDS, LIMITS, PersonIdSchema, type Audio } from './meeting.ts';

/** How a row names its person: by platform id, by e-mail (the adapter resolves it), or by display name. */
export type LayoutMatch = 'id' | 'email' | 'name';

export interface LayoutCsvRow {
  /** The line the row starts on (the header is line 1). */
  readonly line: number;
  readonly match: LayoutMatch;
  readonly value: string;
  readonly room: number;
  readonly audio?: Audio;
}

export type LayoutCsv = { readonly ok: true; readonly rows: readonly LayoutCsvRow[] } | { readonly ok: false; readonly message: string };

/** The largest layout CSV accepted, in characters (5,000 rows of ids, e-mails and names fit easily). */
export const LAYOUT_CSV_MAX_CHARS = 500_000;

const HEADER_HELP = 'The header needs room and one of id, email or name (audio is optional), for example: email,room,audio';

/** Header words people use for each column. */
const COLUMN_NAMES: Readonly<Record<string, 'id' | 'email' | 'name' | 'room' | 'audio'>> = {
  id: 'id',
  'user id': 'id',
  userid: 'id',
  email: 'email',
  'e-mail': 'email',
  mail: 'email',
  name: 'name',
  'display name': 'name',
  room: 'room',
  breakout: 'room',
  'breakout room': 'room',
  audio: 'audio',
};

/** A value as a row shows it in a message: short, on one line. */
function shown(value: string): string {
  const one = value.replace(/\s+/g, ' ').trim();
  return one.length > 40 ? `${one.slice(0, 39)}…` : one;
}

/** An audio word as people write it ("Just Listening", "VOIP", "dial in"), the one way the slash parser reads it too. */
function audioWord(value: string): Audio | undefined {
  const audio = normaliseAudio(value);
  return (AUDIO_KINDS as readonly unknown[]).includes(audio) ? (audio as Audio) : undefined;
}

/** Parse a layout CSV; the first problem found is the answer, naming its line. */
export function parseLayoutCsv(text: string): LayoutCsv {
  if (text.length > LAYOUT_CSV_MAX_CHARS) {
    return { ok: false, message: `The file is ${Math.ceil(text.length / 1000)} KB; a layout is at most ${LAYOUT_CSV_MAX_CHARS / 1000} KB (${LIMITS.layoutRows} rows).` };
  }
  let rows: CsvRow[];
  try {
    rows = csvRows(text, { semicolonRows: true });
  } catch (error) {
    if (error instanceof CsvError) return { ok: false, message: error.message };
    throw error;
  }
  const header = rows[0];
  if (!header) return { ok: false, message: `line 1: the file is empty. ${HEADER_HELP}.` };
  const columns = header.fields.map((h) => COLUMN_NAMES[h.trim().toLowerCase().replace(/\s+/g, ' ')]);
  const at = (name: 'id' | 'email' | 'name' | 'room' | 'audio') => columns.indexOf(name);
  const found = header.fields.map((h) => h.trim()).filter(Boolean).join(',');
  if (at('room') === -1) return { ok: false, message: `line ${header.line}: no room column (found: ${shown(found) || 'nothing'}). ${HEADER_HELP}.` };
  const keys = (['id', 'email', 'name'] as const).filter((k) => at(k) !== -1);
  if (keys.length === 0) return { ok: false, message: `line ${header.line}: no id, email or name column (found: ${shown(found)}). ${HEADER_HELP}.` };
  if (rows.length - 1 > LIMITS.layoutRows) return { ok: false, message: `The layout has ${rows.length - 1} rows; at most ${LIMITS.layoutRows} can be imported at once.` };

  const out: LayoutCsvRow[] = [];
  const seen = new Map<string, number>();
  for (const row of rows.slice(1)) {
    const where = `line ${row.line}`;
    if (row.fields.length > header.fields.length && row.fields.slice(header.fields.length).some((f) => f.trim() !== '')) {
      return { ok: false, message: `${where}: ${row.fields.length} fields, but the header has ${header.fields.length} (a name or e-mail with a comma goes in "quotes").` };
    }
    const get = (name: 'id' | 'email' | 'name' | 'room' | 'audio') => (at(name) === -1 ? '' : (row.fields[at(name)] ?? '').trim());
    const key = keys.find((k) => get(k) !== '');
    if (!key) return { ok: false, message: `${where}: no ${keys.join(', ').replace(/, ([^,]*)$/, ' or $1')} to say who this row is about.` };
    const value = get(key).replace(/\s+/g, ' ');
    if (value.length > 200) return { ok: false, message: `${where}: the ${key} “${shown(value)}” is longer than 200 characters.` };
    if (key === 'id' && !PersonIdSchema.safeParse(value).success) {
      return { ok: false, message: `${where}: “${shown(value)}” is not a user id (ids are letters, digits, _ . -; use the email or name column for anything else).` };
    }
    if (key === 'email' && !/^[^\s@]+@[^\s@]+$/.test(value)) return { ok: false, message: `${where}: “${shown(value)}” is not an e-mail address.` };
    const roomText = get('room');
    if (!/^[0-9]{1,3}$/.test(roomText) || Number(roomText) < 1 || Number(roomText) > LIMITS.maxRooms) {
      return { ok: false, message: `${where}: the room “${shown(roomText)}” is not a room number from 1 to ${LIMITS.maxRooms}.` };
    }
    const audioText = get('audio');
    const audio = audioText === '' ? undefined : audioWord(audioText);
    if (audioText !== '' && !audio) {
      return { ok: false, message: `${where}: unknown audio “${shown(audioText)}” (use ${AUDIO_KINDS.join(', ')}; “Just Listening” and “VOIP” work too, or leave it empty).` };
    }
    const identity = `${key}:${key === 'id' ? value : value.toLowerCase()}`;
    const first = seen.get(identity);
    if (first !== undefined) return { ok: false, message: `${where}: ${shown(value)} is already on line ${first}.` };
    seen.set(identity, row.line);
    out.push({ line: row.line, match: key, value, room: Number(roomText), ...(audio ? { audio } : {}) });
  }
  if (out.length === 0) return { ok: false, message: `line ${header.line}: the layout has a header but no rows: add one line per person.` };
  return { ok: true, rows: out };
}

/** The e-mail addresses a layout names (for the adapter to look up first); none when the CSV does not parse. */
export function layoutEmails(csv: string): string[] {
  const parsed = parseLayoutCsv(csv);
  return parsed.ok ? parsed.rows.filter((r) => r.match === 'email').map((r) => r.value) : [];
}
