// The file store's journal: a change is one short line (what changed), read back exactly; a line
// cut short by a crash is left out; damage is named; the meeting file is written whole again when
// the journal has grown, with its mode kept. The lines are checked against real changes made by
// the engine and its deliverer, and against random edits.
import { spawn } from 'node:child_process';
import { chmod, mkdtemp, readdir, readFile, rm, stat, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { meetingKey, type Meeting } from '../../src/domain/meeting.ts';
import { createEngine, type EngineRequest } from '../../src/engine/engine.ts';
import { applyLine, journalLine, journalLines, JournalError } from '../../src/store/journal.ts';
import { createLocalStore, type StoredEntry, type StoredRecord } from '../../src/store/local-store.ts';
import { createMemoryBacking } from '../../src/store/memory.ts';
import type { MeetingStore } from '../../src/store/port.ts';
import { openFileStore, readMeetingFile } from '../../src/store/store.ts';
import { createFixedClock, HOST, PLACE, seeded } from '../engine/helpers.ts';
import { generationOf } from './fixtures/big-meeting.ts';

const here = dirname(fileURLToPath(import.meta.url));
const KEY = meetingKey(PLACE);
let dir = '';
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'breakouts-journal-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** As written to disk and read back. */
const roundTrip = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/** `before` with `after`'s line applied, the way a reader does it (on JSON read from disk). */
function replay(before: StoredRecord, after: StoredRecord): StoredRecord {
  const raw = roundTrip(before) as { meeting: unknown; outbox: unknown };
  const line = journalLine(before, after);
  if (line) applyLine(raw, roundTrip(line));
  return raw as StoredRecord;
}

/** Commands a facilitator might run, in a seeded order: every kind of change the engine makes. */
const COMMANDS: readonly [EngineRequest['command'], unknown][] = [
  ['rooms', { count: 4 }],
  ['distribute', {}],
  ['shuffle', {}],
  ['move', { user: { id: 'u3' }, to: 2 }],
  ['move', { user: { id: 'u0' }, to: 'main' }],
  ['rooms', { count: 6 }],
  ['apply', {}],
  ['start', {}],
  ['end', {}],
  ['title', { title: 'Team retro' }],
];

describe('a journal line', () => {
  test('turns each stored record the engine writes into the next one, read back from JSON (120 commands and their effects)', async () => {
    const pairs: [StoredRecord, StoredRecord][] = [];
    const backing = createMemoryBacking();
    const store = createLocalStore({
      ...backing,
      async write(key, record, before) {
        if (before) pairs.push([before, record]);
        await backing.write(key, record, before);
      },
    });
    const engine = createEngine({ store, clock: createFixedClock(), random: seeded('journal-engine') });
    const people = Array.from({ length: 30 }, (_, i) => ({ id: `u${i}`, name: `Person ${i}`, audio: i < 5 ? 'phone' : i % 3 ? 'voip' : 'listening' }));
    await engine.execute({ target: { place: PLACE }, actor: HOST, command: 'import', input: { people } });
    const pick = seeded('journal-commands');
    for (let i = 0; i < 120; i++) {
      const [command, input] = COMMANDS[Math.floor(pick.next() * COMMANDS.length)]!;
      await engine.execute({ target: { place: PLACE }, actor: HOST, command, input });
      // Effects are claimed and settled as a deliverer would, some of them at a time.
      const claimed = await store.claim({ owner: 'test', limit: 1 + Math.floor(pick.next() * 5), leaseMs: 60_000 });
      if (claimed.length > 0) await store.settle(claimed.slice(0, Math.ceil(claimed.length / 2)).map((e) => e.id));
      for (const entry of claimed.slice(Math.ceil(claimed.length / 2))) await store.release(entry.id, new Date(Date.parse('2026-03-01T10:00:00Z') + 1000));
    }
    await store.close();
    expect(pairs.length).toBeGreaterThan(150);
    for (const [before, after] of pairs) expect(replay(before, after)).toEqual(roundTrip(after));
  });

  test('turns random edits of nested objects and arrays (keys added, removed, undefined; arrays grown, shrunk, reordered) into the same value', () => {
    const random = seeded('journal-random');
    const int = (n: number): number => Math.floor(random.next() * n);
    const leaf = (): unknown => [int(100), `s${int(50)}`, null, true, { x: int(9) }, [int(9), int(9)]][int(6)];
    const value = (depth: number): unknown => {
      if (depth <= 0 || random.next() < 0.3) return leaf();
      if (random.next() < 0.5) return Array.from({ length: int(5) }, () => value(depth - 1));
      return Object.fromEntries(Array.from({ length: int(5) }, () => [`k${int(8)}`, value(depth - 1)]));
    };
    /** A copy of `v` with some parts changed and the rest shared, as immutable updates make. */
    const edit = (v: unknown, depth: number): unknown => {
      if (random.next() < 0.5) return v;
      if (Array.isArray(v)) {
        const copy = v.map((x) => edit(x, depth - 1));
        const roll = random.next();
        if (roll < 0.2) copy.push(value(depth));
        else if (roll < 0.35 && copy.length > 0) copy.splice(int(copy.length), 1);
        else if (roll < 0.45) copy.reverse();
        return copy;
      }
      if (typeof v === 'object' && v !== null) {
        const copy: Record<string, unknown> = {};
        for (const [k, x] of Object.entries(v)) if (random.next() > 0.15) copy[k] = edit(x, depth - 1);
        if (random.next() < 0.3) copy[`k${int(8)}`] = random.next() < 0.3 ? undefined : value(depth);
        return copy;
      }
      return random.next() < 0.5 ? v : value(depth);
    };
    for (let i = 0; i < 500; i++) {
      const meeting = { ...(value(4) as object), id: 'm1' } as unknown as Meeting;
      const before: StoredRecord = { meeting, outbox: [] };
      const after: StoredRecord = { meeting: { ...(edit(meeting, 4) as object), id: 'm1' } as unknown as Meeting, outbox: [] };
      expect(replay(before, after)).toEqual(roundTrip(after));
    }
  });

  test('changes the outbox by entry (removed, changed in place, added at the end), or writes it whole when the order is not the store’s', () => {
    const entry = (id: string, rev = 0): StoredEntry => ({ id, meetingKey: KEY, meetingId: 'm1', effect: { type: 'board' }, createdAt: '2026-03-01T10:00:00.000Z', attempts: 0, rev });
    const meeting = { id: 'm1' } as unknown as Meeting;
    const a = entry('a');
    const b = entry('b');
    const c = entry('c');
    const before: StoredRecord = { meeting, outbox: [a, b, c] };
    const usual: StoredRecord = { meeting, outbox: [a, entry('c', 1), entry('d')] };
    expect(journalLine(before, usual)).toEqual({ o: { r: ['b'], p: [entry('c', 1), entry('d')] } });
    expect(replay(before, usual)).toEqual(usual);
    const reordered: StoredRecord = { meeting, outbox: [c, a] };
    expect(journalLine(before, reordered)).toEqual({ o: { all: [c, a] } });
    expect(replay(before, reordered)).toEqual(reordered);
    expect(journalLine(before, { meeting, outbox: before.outbox })).toBeUndefined();
  });

  test('never reaches a prototype, and a broken line is named by its number', () => {
    const raw = { meeting: { id: 'm1', resources: {} }, outbox: [] };
    expect(() => applyLine(raw, { m: [[['__proto__', 'polluted'], true]] })).toThrow(JournalError);
    expect(() => applyLine(raw, { m: [[['resources', '__proto__'], { polluted: true }]] })).toThrow(JournalError);
    expect(() => applyLine(raw, { m: [[['constructor', 'prototype', 'polluted'], true]] })).toThrow(JournalError);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(() => applyLine(raw, { o: { r: [3] } })).toThrow(JournalError);
    expect(journalLines('{"m":[]}\n{"m":[]}\n{"m":[[["ti')).toHaveLength(2);
    expect(() => journalLines('{"m":[]}\n{"m":[[\n{"m":[]}\n')).toThrow(/line 2 of its journal is not JSON/);
  });
});

/** A meeting of 20 people (or more) in 5 rooms, made through the engine; the store's first write of it writes its file whole. */
async function seedMeeting(store: MeetingStore, count = 20): Promise<{ engine: ReturnType<typeof createEngine>; meeting: Meeting }> {
  const engine = createEngine({ store, clock: createFixedClock(), random: seeded('journal-seed') });
  const people = Array.from({ length: count }, (_, i) => ({ id: `u${i}`, name: `U${i}`, audio: i < 4 ? 'phone' : 'voip' }));
  for (const [command, input] of [
    ['import', { people }],
    ['rooms', { count: 5 }],
    ['distribute', {}],
  ] as const) {
    const out = await engine.execute({ target: { place: PLACE }, actor: HOST, command, input });
    if (!out.ok) throw new Error(out.message);
  }
  return { engine, meeting: (await store.get(KEY))! };
}

async function move(engine: ReturnType<typeof createEngine>, user: string, to: number | 'main'): Promise<void> {
  const out = await engine.execute({ target: { place: PLACE }, actor: HOST, command: 'move', input: { user: { id: user }, to } });
  if (!out.ok) throw new Error(out.message);
}

const journals = async (): Promise<string[]> => (await readdir(join(dir, 'journal'))).sort();
/** The journal generation the meeting's file names. */
const generation = async (id: string): Promise<number> => (JSON.parse(await readFile(join(dir, 'meetings', `${id}.json`), 'utf8')) as { journal: number }).journal;

describe('the file store’s journal', () => {
  test('a change after the first appends one line and leaves the meeting file as it was; opened again, the folder has the latest meeting', async () => {
    const store = await openFileStore(dir);
    const { engine, meeting } = await seedMeeting(store, 200);
    const file = join(dir, 'meetings', `${meeting.id}.json`);
    const whole = await readFile(file, 'utf8');
    const [journal] = await journals();
    const lines = (await readFile(join(dir, 'journal', journal!), 'utf8')).split('\n').length;
    await move(engine, 'u5', 'main');
    expect(await readFile(file, 'utf8')).toBe(whole);
    const text = await readFile(join(dir, 'journal', journal!), 'utf8');
    expect(text.split('\n')).toHaveLength(lines + 1);
    // One short line: the person's room and the meeting's versions, not the meeting.
    expect(Buffer.byteLength(text.split('\n').at(-2)!)).toBeLessThan(whole.length / 10);
    const latest = await store.get(KEY);
    await store.close();
    expect((await readMeetingFile(dir, meeting.id))?.meeting).toEqual(latest);
    const again = await openFileStore(dir);
    expect(await again.get(KEY)).toEqual(latest);
    await again.close();
  });

  test('a line cut short by a crash is left out; the next change writes the file whole with a new journal, and the old one is removed', async () => {
    const store = await openFileStore(dir);
    const { engine, meeting } = await seedMeeting(store);
    await move(engine, 'u5', 'main');
    const saved = await store.get(KEY);
    await move(engine, 'u6', 'main');
    await store.close();
    const [journal] = await journals();
    const path = join(dir, 'journal', journal!);
    const text = await readFile(path, 'utf8');
    // The last line cut in the middle, as a kill during its write leaves it.
    await truncate(path, Buffer.byteLength(text) - Math.floor(Buffer.byteLength(text.split('\n').at(-2)!) / 2) - 1);

    const reopened = await openFileStore(dir);
    expect(await reopened.get(KEY)).toEqual(saved);
    const engine2 = createEngine({ store: reopened, clock: createFixedClock(), random: seeded('journal-after') });
    const named = await generation(meeting.id);
    await move(engine2, 'u7', 'main');
    // Written whole, naming the next journal (started at the next change); the cut one is gone.
    expect(await generation(meeting.id)).toBe(named + 1);
    expect(await journals()).toEqual([]);
    expect(JSON.parse(await readFile(join(dir, 'meetings', `${meeting.id}.json`), 'utf8')).meeting).toEqual(await reopened.get(KEY));
    await move(engine2, 'u8', 'main');
    const latest = await reopened.get(KEY);
    await reopened.close();
    expect(await journals()).toEqual([`${meeting.id}.${named + 1}.jsonl`]);
    expect((await readMeetingFile(dir, meeting.id))?.meeting).toEqual(latest);
  });

  test('a damaged line inside the journal stops only that meeting, with a sentence naming the journal', async () => {
    const store = await openFileStore(dir);
    const { engine } = await seedMeeting(store);
    await move(engine, 'u5', 'main');
    await move(engine, 'u6', 'main');
    await store.close();
    const [journal] = await journals();
    const path = join(dir, 'journal', journal!);
    const lines = (await readFile(path, 'utf8')).split('\n');
    lines[0] = '{"m": [[["attendees", 999, "room"], 1]]}';
    await writeFile(path, lines.join('\n'));
    const again = await openFileStore(dir);
    const engine2 = createEngine({ store: again, clock: createFixedClock(), random: seeded('journal-damaged') });
    const refused = await engine2.execute({ target: { place: PLACE }, actor: HOST, command: 'rooms', input: { count: 2 } });
    expect(refused).toMatchObject({ ok: false, code: 'unavailable' });
    expect(!refused.ok && refused.message).toContain(`The data file of meeting ${KEY} is damaged`);
    expect(!refused.ok && refused.message).toContain(path);
    await again.close();
  });

  test('a journal grown to the size of its meeting file is folded in: the file is written whole and one journal remains', async () => {
    const store = await openFileStore(dir);
    const { engine, meeting } = await seedMeeting(store);
    const first = await generation(meeting.id);
    const size = (await stat(join(dir, 'meetings', `${meeting.id}.json`))).size;
    const limit = Math.max(64 * 1024, size);
    let moves = 0;
    for (; (await generation(meeting.id)) === first; moves++) {
      await move(engine, `u${4 + (moves % 16)}`, moves % 2 ? 'main' : 1 + (moves % 5));
      // Never more than the limit in a journal.
      for (const name of await journals()) expect((await stat(join(dir, 'journal', name))).size).toBeLessThanOrEqual(limit);
    }
    expect(moves).toBeGreaterThan(10);
    expect(await journals()).not.toContain(`${meeting.id}.${first}.jsonl`);
    const latest = await store.get(KEY);
    await store.close();
    expect((await readMeetingFile(dir, meeting.id))?.meeting).toEqual(latest);
  });

  test('the journal gets the mode of its meeting file (0600 stays private)', async () => {
    const store = await openFileStore(dir);
    const { meeting } = await seedMeeting(store);
    await store.close();
    await chmod(join(dir, 'meetings', `${meeting.id}.json`), 0o600);
    const again = await openFileStore(dir);
    const engine = createEngine({ store: again, clock: createFixedClock(), random: seeded('journal-mode') });
    await move(engine, 'u5', 'main'); // written whole: the mode is kept
    await move(engine, 'u6', 'main'); // appended to a new journal
    await again.close();
    expect((await stat(join(dir, 'meetings', `${meeting.id}.json`))).mode & 0o777).toBe(0o600);
    const names = await journals();
    expect(names).toHaveLength(1);
    expect((await stat(join(dir, 'journal', names[0]!))).mode & 0o777).toBe(0o600);
  });
});

describe('a writer SIGKILLed while appending', () => {
  test('always leaves the last change it reported or the one after it, never a mix (small changes go to the journal)', async () => {
    const timing = seeded('journal-kill');
    for (let round = 0; round < 8; round++) {
      const child = spawn(process.execPath, ['--import', 'tsx', join(here, 'fixtures', 'write-loop.ts'), dir, 'small'], { stdio: ['ignore', 'pipe', 'pipe'] });
      let last = -1;
      let buffer = '';
      const ready = new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => {
          buffer += chunk.toString();
          for (let nl = buffer.indexOf('\n'); nl >= 0; nl = buffer.indexOf('\n')) {
            const [word, n] = buffer.slice(0, nl).split(' ');
            buffer = buffer.slice(nl + 1);
            last = Number(n);
            if (word === 'ready') resolve();
          }
        });
        child.on('exit', () => reject(new Error('the writer exited before it was ready')));
      });
      // 'close': the process is gone and everything it printed has been read.
      const closed = new Promise<void>((resolve) => child.on('close', () => resolve()));
      await ready;
      await new Promise((resolve) => setTimeout(resolve, 30 + Math.floor(timing.next() * 100)));
      // Every other round this process is slow to read what the writer prints (as on a busy CI
      // machine): what it reported must still reach us once it is gone.
      if (round % 2 === 1) for (const until = Date.now() + 700; Date.now() < until; );
      child.kill('SIGKILL');
      await closed;
      const stored = await readMeetingFile(dir, 'crash1');
      expect([last, last + 1]).toContain(generationOf(stored!.meeting));
    }
    // The changes went to the journal the meeting file names (the file is written whole once per writer).
    const named = (JSON.parse(await readFile(join(dir, 'meetings', 'crash1.json'), 'utf8')) as { journal: number }).journal;
    expect((await readFile(join(dir, 'journal', `crash1.${named}.jsonl`), 'utf8')).split('\n').length).toBeGreaterThan(2);
  }, 60_000);
});
