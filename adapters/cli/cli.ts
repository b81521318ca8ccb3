// The `breakouts` command line: `breakouts plan` lays out a roster offline with the same Smart
// Distribute the bots use (and, with a history or constraints, the same round optimiser), printing
// a table, JSON or CSV. Bad input exits non-zero, naming the problem.
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { AUDIO_ICONS, LIMITS } from '../../src/domain/meeting.ts';
import { systemRandom } from '../../src/ports.ts';
import { createSeededRandom } from '../../src/domain/random.ts';
import { parseRoster, RosterError, type RosterPerson } from './roster-csv.ts';
import { HistoryError, parseHistory } from './history-csv.ts';
import { planJson, planMeeting } from './plan.ts';
import type { Board } from '../../src/board/board.ts';
import { createPairHistory, type PairHistory, type PastRound } from '../../src/domain/pair-history.ts';
import type { RoundPlan } from '../../src/domain/plan-round.ts';
import { peopleSummary, plural, roomRange } from '../../src/domain/text.ts';

export const CLI_USAGE = `Usage: breakouts plan --rooms N --roster FILE.csv [--phone-rooms K] [--seed S] [--format table|json|csv]
                     [--history FILE.csv] [--avoid-repeats] [--size N]

  --rooms N          how many breakout rooms (1–${LIMITS.maxRooms}); with --size, the most to use
  --roster FILE      CSV with a header of at least id,name,audio (audio: phone, voip, listening;
                     "Just Listening" and "VOIP" accepted, any case). Optional columns: group
                     (same group, same room), apart (ids never in the same room, separated by ;)
                     and room (a pre-assigned room)
  --phone-rooms K    rooms 1..K take phone attendees (default ${LIMITS.defaultPhoneRoomLimit})
  --seed S           reproduce a layout exactly (default: a fresh shuffle)
  --format F         table (default), json or csv
  --history FILE     earlier rounds, a CSV with a header of at least round,room,id: the output
                     says how many pairs meet again
  --avoid-repeats    place everyone so that as few pairs as possible meet again
  --size N           rooms of about N people: the room count follows (instead of --rooms)`;

export interface CliIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  readonly readText: (path: string) => Promise<string>;
}

class UsageError extends Error {}

function wholeNumber(flag: string, raw: string | undefined, min: number, max: number, fallback?: number): number {
  if (raw === undefined) {
    if (fallback !== undefined) return fallback;
    throw new UsageError(`${flag} is required.`);
  }
  if (!/^-?[0-9]+$/.test(raw.trim())) throw new UsageError(`${flag} must be a whole number from ${min} to ${max}, not “${raw}”.`);
  const n = Number(raw);
  if (n < min || n > max) throw new UsageError(`${flag} must be from ${min} to ${max}, not ${n}.`);
  return n;
}

const VALUE_OPTIONS = new Set(['--rooms', '--roster', '--phone-rooms', '--seed', '--format', '--history', '--size']);

/**
 * "--rooms -2": Node's parser takes "-2" for an option and answers in its own words. A value
 * that starts with a dash is attached ("--rooms=-2"), so the range check says what is wrong.
 */
function attachDashValues(args: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const next = args[i + 1];
    if (VALUE_OPTIONS.has(arg) && next !== undefined && next.startsWith('-') && !VALUE_OPTIONS.has(next) && next !== '-h' && next !== '--help') {
      out.push(`${arg}=${next}`);
      i++;
    } else out.push(arg);
  }
  return out;
}

const EXAMPLE_VALUES: Readonly<Record<string, string>> = { '--format': 'json', '--roster': 'roster.csv', '--history': 'rounds.csv' };

/** parseArgs' errors in the CLI's own words: which option, and what to do. */
function describeArgsError(error: unknown): string {
  const code = typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
  const message = error instanceof Error ? error.message : String(error);
  const option = /'(-{1,2}[^' ]+)/.exec(message)?.[1];
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `Unknown option ${option ? `'${option}'` : ''}. The options are --rooms, --roster, --phone-rooms, --seed, --format, --history, --avoid-repeats and --size.`.replace(' .', '.');
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return option ? `${option} needs a value, e.g. ${option} ${EXAMPLE_VALUES[option] ?? '4'}.` : 'An option is missing its value.';
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `Unexpected “${/'([^']*)'/.exec(message)?.[1] ?? 'word'}”: every value follows its option (--rooms 4 --roster roster.csv).`;
    default:
      return message;
  }
}

/** What the table and CSV say about earlier rounds, when a history was given. */
export interface HistoryNote {
  readonly rounds: number;
  readonly history: PairHistory;
}

export function formatTable(board: Board, round?: Pick<RoundPlan, 'repeats' | 'warnings'>, past?: HistoryNote): string {
  const lines: string[] = [];
  const phoneRooms = board.rooms.filter((r) => r.counts.phone > 0).length;
  lines.push(`${peopleSummary(board.counts, AUDIO_ICONS)} in ${plural(board.rooms.length, 'room')}; phone rooms: ${phoneRooms} (allowed: ${roomRange(board.phoneRooms)})`);
  if (past) lines.push(`Pairs meeting again: ${round?.repeats ?? 0} (after ${plural(past.rounds, 'earlier round')})`);
  lines.push(`Key: ${board.key.map((k) => `${k.icon} ${k.label}`).join('   ')}`);
  lines.push('');
  const width = Math.max(4, ...board.rooms.map((r) => r.name.length));
  lines.push(`${'Room'.padEnd(width)}  Size  📞  💻  🎧  Attendees`);
  lines.push(`${'-'.repeat(width)}  ----  --  --  --  ---------`);
  for (const r of board.rooms) {
    const names = r.attendees.map((a) => `${AUDIO_ICONS[a.audio]} ${a.name}`).join(', ');
    const flag = r.conflict ? '  ⚠️ CONFLICT' : '';
    lines.push(
      `${r.name.padEnd(width)}  ${String(r.attendees.length).padStart(4)}  ${String(r.counts.phone).padStart(2)}  ${String(r.counts.voip).padStart(2)}  ${String(r.counts.listening).padStart(2)}  ${names || '—'}${flag}`,
    );
  }
  const waiting = board.main.filter((a) => a.role !== 'facilitator');
  if (waiting.length > 0) {
    lines.push('');
    lines.push(`Not placed (${waiting.length}):`);
    for (const a of waiting) lines.push(`  ${AUDIO_ICONS[a.audio]} ${a.name} (${a.id}) — ${a.waiting ?? 'not placed'}`);
  }
  const json = planJson(board, round);
  if (json.warnings.length > 0 || board.conflictCount > 0) {
    lines.push('');
    lines.push(board.conflictCount === 0 ? 'Warnings:' : `Warnings (${board.conflictCount} audio conflicts):`);
    for (const w of json.warnings) lines.push(`  ⚠️ ${w}`);
  }
  if (board.conflictCount === 0) lines.push('', 'No audio conflicts.');
  return lines.join('\n');
}

function csvField(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** One row per person; with a history, `met_before` says how many of their roommates they met in earlier rounds. */
export function formatCsv(board: Board, past?: HistoryNote): string {
  const lines = [`room,room_name,id,name,audio${past ? ',met_before' : ''}`];
  const metBefore = (id: string, roommates: readonly { id: string }[]) => (past ? [String(roommates.filter((m) => m.id !== id && past.history.met(id, m.id) > 0).length)] : []);
  for (const r of board.rooms) for (const a of r.attendees) lines.push([String(r.number), r.name, a.id, a.name, a.audio, ...metBefore(a.id, r.attendees)].map(csvField).join(','));
  for (const a of board.main.filter((m) => m.role !== 'facilitator')) lines.push(['main', 'Main room', a.id, a.name, a.audio, ...(past ? ['0'] : [])].map(csvField).join(','));
  return lines.join('\n');
}

/** Run the CLI; returns the exit code (0 ok, 1 bad roster, 2 bad usage). */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    io.out(CLI_USAGE);
    return command === undefined ? 2 : 0;
  }
  if (command !== 'plan') {
    io.err(`Unknown command “${command}”.\n\n${CLI_USAGE}`);
    return 2;
  }
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: attachDashValues(rest),
      options: {
        rooms: { type: 'string' },
        roster: { type: 'string' },
        'phone-rooms': { type: 'string' },
        seed: { type: 'string' },
        format: { type: 'string' },
        history: { type: 'string' },
        'avoid-repeats': { type: 'boolean' },
        size: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    io.err(`${describeArgsError(error)}\n\n${CLI_USAGE}`);
    return 2;
  }
  if (values.help) {
    io.out(CLI_USAGE);
    return 0;
  }
  const str = (k: string): string | undefined => (typeof values[k] === 'string' ? (values[k] as string) : undefined);
  let rooms: number | undefined;
  let size: number | undefined;
  let phoneRooms: number;
  let format: 'table' | 'json' | 'csv';
  let rosterPath: string;
  try {
    size = str('size') === undefined ? undefined : wholeNumber('--size', str('size'), 1, LIMITS.maxAttendees);
    // With --size the room count follows; --rooms then only caps it.
    if (size === undefined && str('rooms') === undefined) throw new UsageError('--rooms is required (or --size N for rooms of about N people).');
    rooms = str('rooms') === undefined ? undefined : wholeNumber('--rooms', str('rooms'), LIMITS.minRooms, LIMITS.maxRooms);
    phoneRooms = wholeNumber('--phone-rooms', str('phone-rooms'), 1, LIMITS.maxRooms, LIMITS.defaultPhoneRoomLimit);
    const f = str('format') ?? 'table';
    if (f !== 'table' && f !== 'json' && f !== 'csv') throw new UsageError(`--format must be table, json or csv, not “${f}”.`);
    format = f;
    const path = str('roster');
    if (!path) throw new UsageError('--roster is required (a CSV file with id,name,audio).');
    rosterPath = path;
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(`${error.message}\n\n${CLI_USAGE}`);
    return 2;
  }
  const roster = await readInput(io, rosterPath, 'roster');
  if (roster === undefined) return 1;
  let people: RosterPerson[];
  try {
    people = parseRoster(roster);
    // A pre-assigned room must exist (with --size the room count is not known yet: later rooms are reported).
    const last = rooms !== undefined && size === undefined ? rooms : LIMITS.maxRooms;
    const outside = people.find((p) => p.room !== undefined && p.room > last);
    if (outside) throw new RosterError(`line ${outside.line}: room ${outside.room} for ${outside.id} is outside 1–${last} (--rooms ${last}).`);
  } catch (error) {
    if (!(error instanceof RosterError)) throw error;
    io.err(`${rosterPath}: ${error.message}`);
    return 1;
  }
  let past: HistoryNote | undefined;
  const historyPath = str('history');
  if (historyPath !== undefined) {
    const text = await readInput(io, historyPath, 'history');
    if (text === undefined) return 1;
    let rounds: PastRound[];
    try {
      rounds = parseHistory(text, new Set(people.map((p) => p.id)));
    } catch (error) {
      if (!(error instanceof HistoryError)) throw error;
      io.err(`${historyPath}: ${error.message}`);
      return 1;
    }
    past = { rounds: rounds.length, history: createPairHistory(rounds) };
  }
  const seed = str('seed');
  const random = seed === undefined ? systemRandom : createSeededRandom(seed);
  const { board, round } = planMeeting(people, {
    ...(rooms !== undefined ? { rooms } : {}),
    ...(size !== undefined ? { size } : {}),
    phoneRoomLimit: phoneRooms,
    random,
    ...(past ? { history: past.history } : {}),
    avoidRepeats: values['avoid-repeats'] === true,
  });
  if (format === 'json') io.out(JSON.stringify(planJson(board, round), null, 2));
  else if (format === 'csv') io.out(formatCsv(board, past));
  else io.out(formatTable(board, round, past));
  return 0;
}

/** A file's text, or undefined after saying why it cannot be read. */
async function readInput(io: CliIo, path: string, what: 'roster' | 'history'): Promise<string | undefined> {
  try {
    return await io.readText(path);
  } catch (error) {
    io.err(`Cannot read the ${what} ${path}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}.`);
    return undefined;
  }
}

export const nodeIo: CliIo = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
  readText: (path) => readFile(path, 'utf8'),
};
