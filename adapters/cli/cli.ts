// The `breakouts` command line: `breakouts plan` lays out a roster offline with the same Smart
// Distribute the bots use, printing a table, JSON or CSV. Bad input exits non-zero, naming the problem.
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { AUDIO_ICONS, LIMITS } from '../../src/domain/meeting.ts';
import { systemRandom } from '../../src/ports.ts';
import { createSeededRandom } from '../../src/domain/random.ts';
import { parseRoster, RosterError } from './roster-csv.ts';
import { planJson, planMeeting } from './plan.ts';
import type { Board } from '../../src/board/board.ts';
import { peopleSummary, plural, roomRange } from '../../src/domain/text.ts';

export const CLI_USAGE = `Usage: breakouts plan --rooms N --roster FILE.csv [--phone-rooms K] [--seed S] [--format table|json|csv]

  --rooms N          how many breakout rooms (1–${LIMITS.maxRooms})
  --roster FILE      CSV with a header of at least id,name,audio (audio: phone, voip, listening;
                     "Just Listening" and "VOIP" accepted, any case)
  --phone-rooms K    rooms 1..K take phone attendees (default ${LIMITS.defaultPhoneRoomLimit})
  --seed S           reproduce a layout exactly (default: a fresh shuffle)
  --format F         table (default), json or csv`;

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

const VALUE_OPTIONS = new Set(['--rooms', '--roster', '--phone-rooms', '--seed', '--format']);

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

/** parseArgs' errors in the CLI's own words: which option, and what to do. */
function describeArgsError(error: unknown): string {
  const code = typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
  const message = error instanceof Error ? error.message : String(error);
  const option = /'(-{1,2}[^' ]+)/.exec(message)?.[1];
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `Unknown option ${option ? `'${option}'` : ''}. The options are --rooms, --roster, --phone-rooms, --seed and --format.`.replace(' .', '.');
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return option ? `${option} needs a value, e.g. ${option} ${option === '--format' ? 'json' : option === '--roster' ? 'roster.csv' : '4'}.` : 'An option is missing its value.';
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `Unexpected “${/'([^']*)'/.exec(message)?.[1] ?? 'word'}”: every value follows its option (--rooms 4 --roster roster.csv).`;
    default:
      return message;
  }
}

export function formatTable(board: Board): string {
  const lines: string[] = [];
  const phoneRooms = board.rooms.filter((r) => r.counts.phone > 0).length;
  lines.push(`${peopleSummary(board.counts, AUDIO_ICONS)} in ${plural(board.rooms.length, 'room')}; phone rooms: ${phoneRooms} (allowed: ${roomRange(board.phoneRooms)})`);
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
  const json = planJson(board);
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

export function formatCsv(board: Board): string {
  const lines = ['room,room_name,id,name,audio'];
  for (const r of board.rooms) for (const a of r.attendees) lines.push([String(r.number), r.name, a.id, a.name, a.audio].map(csvField).join(','));
  for (const a of board.main.filter((m) => m.role !== 'facilitator')) lines.push(['main', 'Main room', a.id, a.name, a.audio].map(csvField).join(','));
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
  let rooms: number;
  let phoneRooms: number;
  let format: 'table' | 'json' | 'csv';
  let rosterPath: string;
  try {
    rooms = wholeNumber('--rooms', str('rooms'), LIMITS.minRooms, LIMITS.maxRooms);
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
  let text: string;
  try {
    text = await io.readText(rosterPath);
  } catch (error) {
    io.err(`Cannot read the roster ${rosterPath}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}.`);
    return 1;
  }
  let people;
  try {
    people = parseRoster(text);
  } catch (error) {
    if (!(error instanceof RosterError)) throw error;
    io.err(`${rosterPath}: ${error.message}`);
    return 1;
  }
  const seed = str('seed');
  const random = seed === undefined ? systemRandom : createSeededRandom(seed);
  const { board } = planMeeting(people, { rooms, phoneRoomLimit: phoneRooms, random });
  if (format === 'json') io.out(JSON.stringify(planJson(board), null, 2));
  else if (format === 'csv') io.out(formatCsv(board));
  else io.out(formatTable(board));
  return 0;
}

export const nodeIo: CliIo = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
  readText: (path) => readFile(path, 'utf8'),
};
