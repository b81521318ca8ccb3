// Earlier rounds for the planner (`--history FILE`): a CSV with a header of at least round,room,id
// (extra columns, such as those of `export`, are ignored). Every problem names its line.
import { LIMITS } from '../../src/domain/meeting.ts';
import type { PastRound } from '../../src/domain/pair-history.ts';
import { parseCsv } from './roster-csv.ts';

export class HistoryError extends Error {
  override readonly name = 'HistoryError';
}

const REQUIRED = ['round', 'room', 'id'] as const;

/**
 * Rounds in the order they first appear. `room` is a breakout room number, or `main` / 0 for
 * someone who stayed in the main room (they met nobody). Ids must be in the roster.
 */
export function parseHistory(text: string, roster: ReadonlySet<string>): PastRound[] {
  const rows = parseCsv(text);
  const header = rows[0];
  if (!header) throw new HistoryError('line 1: the history is empty; it needs a header line with round,room,id.');
  const columns = header.fields.map((h) => h.trim().toLowerCase());
  const index = Object.fromEntries(REQUIRED.map((col) => [col, columns.indexOf(col)])) as Record<(typeof REQUIRED)[number], number>;
  for (const col of REQUIRED) {
    if (index[col] === -1) throw new HistoryError(`line ${header.line}: missing column “${col}” (the header needs round,room,id; found: ${columns.join(',')}).`);
  }
  const rounds = new Map<string, Map<number, string[]>>();
  /** Where each id was in each round, to catch someone listed in two rooms of one round. */
  const where = new Map<string, { room: number; line: number }>();
  for (const row of rows.slice(1)) {
    if (row.fields.length !== columns.length) throw new HistoryError(`line ${row.line}: ${row.fields.length} fields, but the header has ${columns.length}.`);
    const get = (col: (typeof REQUIRED)[number]) => (row.fields[index[col]] ?? '').trim();
    const round = get('round');
    const rawRoom = get('room');
    const id = get('id');
    if (!/^[0-9]+$/.test(round) || Number(round) < 1) throw new HistoryError(`line ${row.line}: round “${round}” must be a whole number of at least 1.`);
    const room = rawRoom.toLowerCase() === 'main' ? 0 : /^[0-9]+$/.test(rawRoom) ? Number(rawRoom) : Number.NaN;
    if (!(room >= 0 && room <= LIMITS.maxRooms)) throw new HistoryError(`line ${row.line}: room “${rawRoom}” must be a room number from 1 to ${LIMITS.maxRooms}, or main.`);
    if (id === '') throw new HistoryError(`line ${row.line}: the id is empty.`);
    if (!roster.has(id)) throw new HistoryError(`line ${row.line}: unknown id “${id}” (not in the roster).`);
    const key = `${Number(round)}\u0000${id}`;
    const before = where.get(key);
    if (before && before.room !== room) {
      throw new HistoryError(`line ${row.line}: ${id} is in ${room === 0 ? 'the main room' : `room ${room}`} and, on line ${before.line}, in ${before.room === 0 ? 'the main room' : `room ${before.room}`} of round ${Number(round)}.`);
    }
    where.set(key, { room, line: row.line });
    let byRoom = rounds.get(String(Number(round)));
    if (!byRoom) rounds.set(String(Number(round)), (byRoom = new Map()));
    const ids = byRoom.get(room) ?? [];
    if (!ids.includes(id)) ids.push(id);
    byRoom.set(room, ids);
  }
  return [...rounds.values()].map((byRoom) => [...byRoom].map(([room, ids]) => ({ room, ids })));
}
