// What the crash tests share: the real `npm start` as a child process that can be SIGKILLed at a
// chosen moment and started again on the same data folder, seeded kill points, and readers of the
// stored meeting (opened only once no Breakouts process holds the folder).
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { expect } from 'vitest';
import { z } from 'zod';
import { createSeededRandom } from '../../src/domain/random.ts';
import type { Meeting, Room } from '../../src/domain/meeting.ts';
import { openFileStore, readMeetingFile } from '../../src/store/store.ts';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** What `npm start` runs ("tsx <entry>"), read from package.json so the tests follow it. */
function startEntry(): string {
  const pkg = z.object({ scripts: z.object({ start: z.string().regex(/^tsx \S+$/) }) }).parse(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')));
  return join(ROOT, pkg.scripts.start.split(' ')[1] ?? '');
}

const ENTRY = startEntry();
// tsx's loader in this same node process: the tsx CLI would put the app in a grandchild that a
// SIGKILL of the CLI leaves running (holding the data folder's lock).
const TSX_LOADER = pathToFileURL(join(ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;

export interface Breakouts {
  readonly label: string;
  readonly child: ChildProcess;
  /** Everything it wrote so far, stdout and stderr. */
  output(): string;
  /** Resolves when it is gone, with its exit code or the signal that ended it. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGKILL now: no shutdown, no flush, like a power cut. */
  kill(): void;
  /** SIGTERM and wait: the clean stop (waits for deliveries under way). */
  stop(): Promise<number | null>;
}

/** Every process a test started, to check their output together and to never leave one behind. */
export const started: Breakouts[] = [];

/** Start `npm start` with exactly these variables (no .env: it runs in an empty folder). */
export function startBreakouts(label: string, env: Record<string, string>, cwd: string): Breakouts {
  const child = spawn(process.execPath, ['--import', TSX_LOADER, ENTRY], {
    cwd,
    env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const handle: Breakouts = {
    label,
    child,
    output: () => out,
    exited,
    kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const { code } = await exited;
      return code;
    },
  };
  started.push(handle);
  return handle;
}

/** Kill whatever is still running (a failed test), and forget them all; CRASH_LOG_DIR keeps what each said. */
export async function killAll(): Promise<void> {
  for (const p of started) p.kill();
  await Promise.all(started.map((p) => p.exited));
  const dir = process.env['CRASH_LOG_DIR'];
  if (dir) {
    await mkdir(dir, { recursive: true });
    for (const p of started) await writeFile(join(dir, `${Date.now()}-${p.label}-${p.child.pid}.log`), p.output());
  }
  started.length = 0;
}

/** The lines of every process started so far that report an unhandled rejection. */
export function unhandledRejections(): string[] {
  return started.flatMap((p) =>
    p
      .output()
      .split('\n')
      .filter((line) => /unhandled rejection/i.test(line))
      .map((line) => `${p.label}: ${line}`),
  );
}

/**
 * Poll `probe` until it gives a value; on timeout the error names what was awaited and what the
 * `describe` callback says about the state (so a failure shows what was seen instead).
 */
export async function waitFor<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs: number, describe?: () => string): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${describe ? `; ${describe()}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export async function tempFolder(prefix: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `breakouts-${prefix}-`));
}

/** A copy of a data folder (a prepared meeting) for one kill/restart cycle. */
export async function copyFolder(from: string, to: string): Promise<void> {
  await cp(from, to, { recursive: true });
}

export async function removeFolder(path: string): Promise<void> {
  await rm(path, { recursive: true, force: true });
}

/** The stored meeting and how many effects still wait; only when no process holds the folder. */
export async function storedMeeting(folder: string, key: string): Promise<{ meeting: Meeting; waiting: number }> {
  const store = await openFileStore(folder);
  try {
    const meeting = await store.get(key);
    if (!meeting) throw new Error(`no meeting ${key} in ${folder}`);
    return { meeting, waiting: await store.outboxDepth() };
  } finally {
    await store.close();
  }
}

/**
 * The meeting as the killed process left it on disk, read without taking the folder's lock (so
 * the restarted process is the one that takes over the dead process's lock).
 */
export async function meetingOnDisk(folder: string, meetingId: string): Promise<Meeting> {
  const record = await readMeetingFile(folder, meetingId);
  if (!record) throw new Error(`no meeting file ${meetingId} in ${folder}`);
  return record.meeting;
}

/** Whether the folder's lock names a process (the killed one leaves its lock behind). */
export async function lockHolder(folder: string): Promise<number | undefined> {
  const text = await readFile(join(folder, 'lock'), 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  return z.object({ pid: z.number() }).loose().parse(JSON.parse(text)).pid;
}

/** `count` kill points in 1..max, spread over the range (one per slice), reproducible from the seed. */
export function killPoints(seed: string, count: number, max: number): number[] {
  const random = createSeededRandom(seed);
  const points: number[] = [];
  for (let i = 0; i < count; i++) {
    const lo = 1 + Math.floor((i * max) / count);
    const hi = Math.max(lo, Math.floor(((i + 1) * max) / count));
    points.push(lo + Math.floor(random.next() * (hi - lo + 1)));
  }
  return points;
}

/** The seed of this run: CRASH_SEED when set (to replay a failure), else a fresh one. */
export function crashSeed(): string {
  return process.env['CRASH_SEED'] ?? `crash-${Date.now().toString(36)}`;
}

/** How many times each key occurs beyond its first. */
export function extras(keys: readonly string[]): { total: number; byKey: Record<string, number> } {
  const counts = new Map<string, number>();
  for (const k of keys) counts.set(k, (counts.get(k) ?? 0) + 1);
  const byKey: Record<string, number> = {};
  let total = 0;
  for (const [k, n] of counts) {
    if (n > 1) {
      byKey[k] = n - 1;
      total += n - 1;
    }
  }
  return { total, byKey };
}

/** Wait until `count` (calls a fake recorded) stays the same for `quietMs` (board pacing is 1 s), at most `maxMs`. */
export async function quiet(count: () => number, quietMs = 1_500, maxMs = 15_000): Promise<void> {
  const until = Date.now() + maxMs;
  let seen = count();
  let since = Date.now();
  while (Date.now() < until) {
    await sleep(50);
    if (count() !== seen) {
      seen = count();
      since = Date.now();
    } else if (Date.now() - since >= quietMs) return;
  }
}

/** A delay in 0..maxMs, reproducible from the seed: where "just after the ack" lands. */
export function seededDelay(seed: string, maxMs: number): number {
  return Math.floor(createSeededRandom(seed).next() * (maxMs + 1));
}

/** The folders a test file makes (copies of a prepared data folder), removed at the end. */
export function scratchFolders(): { from(template: string, prefix: string): Promise<string>; keep(folder: string): void; removeAll(): Promise<void> } {
  const made: string[] = [];
  return {
    async from(template, prefix) {
      const folder = await tempFolder(prefix);
      made.push(folder);
      await copyFolder(template, folder);
      return folder;
    },
    keep: (folder) => void made.push(folder),
    removeAll: async () => void (await Promise.all(made.map(removeFolder))),
  };
}

/** Resolves once the process is gone, and checks the kill was the SIGKILL the test sent. */
export async function killed(app: Breakouts): Promise<void> {
  await waitFor(`${app.label} to be killed`, () => app.child.signalCode !== null || app.child.exitCode !== null, 20_000);
  expect((await app.exited).signal).toBe('SIGKILL');
}

export const occupied = (m: Meeting): Room[] => m.rooms.filter((r) => m.attendees.some((a) => a.room === r.number));
export const phoneCallers = (m: Meeting) => m.attendees.filter((a) => a.audio === 'phone' && a.room !== null);

/**
 * The port a process started in Slack HTTP mode listens on (PORT=0 picks one), read from the line
 * it prints once it listens; rejects when the process ends first, with what it said.
 */
export async function slackPort(app: Breakouts, timeoutMs = 30_000): Promise<number> {
  const found = await waitFor(
    `${app.label} to listen`,
    () => /Slack: HTTP mode on port (\d+)/.exec(app.output())?.[1] ?? (app.child.exitCode !== null || app.child.signalCode !== null ? 'gone' : undefined),
    timeoutMs,
    () => app.output(),
  );
  if (found === 'gone') throw new Error(`${app.label} ended before it listened: ${app.output()}`);
  return Number(found);
}
