// The lowdb file store: serialised writes under 200 concurrent moves, atomic writes under
// SIGKILL, corrupt files refused untouched, and a failed write that leaves memory equal to disk.
import { spawn } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readFile, rm, rmdir, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { meetingKey, type Meeting } from '../../src/domain/meeting.ts';
import { createEngine, type EngineRequest } from '../../src/engine/engine.ts';
import type { Outcome } from '../../src/domain/outcome.ts';
import type { MeetingStore } from '../../src/store/port.ts';
import { createMemoryStore, openFileStore, parseStoreFile, SCHEMA_VERSION, StoreLoadError } from '../../src/store/store.ts';
import { createFixedClock, HOST, PLACE, seeded } from '../engine/helpers.ts';
import { bigMeeting, generationOf, BIG_KEY } from './fixtures/big-meeting.ts';

const here = dirname(fileURLToPath(import.meta.url));
const KEY = meetingKey(PLACE);
let dir = '';

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'breakouts-store-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function fileMeetings(path: string): Promise<Record<string, Meeting>> {
  return parseStoreFile(await readFile(path, 'utf8'), path).meetings;
}

/** A meeting with 20 people (4 on the phone) and 10 rooms, created through the engine. */
async function seedMeeting(store: MeetingStore): Promise<Meeting> {
  const engine = createEngine({ store, clock: createFixedClock(), random: seeded('setup') });
  const people = Array.from({ length: 20 }, (_, i) => ({ id: `u${i}`, name: `U${i}`, audio: i < 4 ? 'phone' : i % 2 ? 'voip' : 'listening' }));
  for (const [command, input] of [
    ['import', { people }],
    ['rooms', { count: 10 }],
    ['distribute', {}],
  ] as const) {
    const out = await engine.execute({ target: { place: PLACE }, actor: HOST, command, input });
    if (!out.ok) throw new Error(out.message);
  }
  const m = await store.get(KEY);
  if (!m) throw new Error('not stored');
  return structuredClone(m);
}

describe('the file store under concurrent commands', () => {
  const SEED = 'moves-200';
  test(`200 concurrent moves on one meeting end equal to a serial order, nothing lost (seed ${SEED})`, async () => {
    const path = join(dir, 'breakouts.json');
    const store = await openFileStore(path);
    const initial = await seedMeeting(store);
    const pick = seeded(SEED);
    const requests: EngineRequest[] = Array.from({ length: 200 }, () => {
      const who = `u${Math.floor(pick.next() * 20)}`;
      const to = Math.floor(pick.next() * 11);
      return { target: { place: PLACE }, actor: HOST, command: 'move', input: { user: { id: who }, to: to === 0 ? 'main' : to } };
    });
    const engine = createEngine({ store, clock: createFixedClock(), random: seeded('concurrent') });
    const outcomes = await Promise.all(requests.map((r) => engine.execute(r)));

    // Only expected refusals (a phone attendee above room 7); every outcome carries a meeting version.
    const versionOf = (o: Outcome): number => (o.ok ? o.meeting.version : (o.meeting?.version ?? -1));
    for (const o of outcomes) if (!o.ok) expect(o.code).toBe('phone-room-limit');
    const changed = outcomes.filter((o) => o.ok && o.changed);
    const final = await store.get(KEY);
    expect(final?.version).toBe(initial.version + changed.length);
    expect(changed.map(versionOf).sort((a, b) => a - b)).toEqual(changed.map((_, i) => initial.version + 1 + i));

    // The serial order the store chose: by the version each command saw or made.
    const order = requests
      .map((request, i) => ({ request, outcome: outcomes[i]!, i }))
      .sort((a, b) => versionOf(a.outcome) - versionOf(b.outcome) || Number(b.outcome.ok && b.outcome.changed) - Number(a.outcome.ok && a.outcome.changed) || a.i - b.i);
    const replayStore = createMemoryStore({ schemaVersion: SCHEMA_VERSION, meetings: { [KEY]: structuredClone(initial) } });
    const replay = createEngine({ store: replayStore, clock: createFixedClock(), random: seeded('concurrent') });
    const last = new Map<string, number | null>();
    for (const { request, outcome } of order) {
      const again = await replay.execute(request);
      expect(again.ok).toBe(outcome.ok);
      const input = request.input as { user: { id: string }; to: number | 'main' };
      if (again.ok) last.set(input.user.id, input.to === 'main' ? null : input.to);
    }
    expect(await replayStore.get(KEY)).toEqual(final);
    for (const [id, room] of last) expect(final?.attendees.find((a) => a.id === id)?.room).toBe(room);

    // Nothing lost on disk: the file parses and holds exactly the final meeting; a reopen sees it.
    await store.close();
    expect((await fileMeetings(path))[KEY]).toEqual(final);
    const reopened = await openFileStore(path);
    expect(await reopened.get(KEY)).toEqual(final);
    await reopened.close();
  });

  test('updates of different meetings do not wait for each other and all reach the file', async () => {
    const path = join(dir, 'many.json');
    const store = await openFileStore(path);
    const engine = createEngine({ store, clock: createFixedClock(), random: seeded('many') });
    const places = Array.from({ length: 30 }, (_, i) => ({ ...PLACE, channelId: `C${i}`, mainRoomId: `C${i}` }));
    await Promise.all(places.map((place) => engine.execute({ target: { place }, actor: HOST, command: 'rooms', input: { count: 3 } })));
    await store.close();
    const meetings = await fileMeetings(path);
    expect(Object.keys(meetings).sort()).toEqual(places.map((p) => meetingKey(p)).sort());
  });
});

interface Child {
  lastWritten: number;
  ready: Promise<number>;
  exited: Promise<void>;
  kill(): void;
}

function startWriter(path: string): Child {
  const child = spawn(process.execPath, ['--import', 'tsx', join(here, 'fixtures', 'write-loop.ts'), path], { stdio: ['ignore', 'pipe', 'pipe'] });
  let buffer = '';
  let stderr = '';
  const state: Child = {
    lastWritten: -1,
    ready: new Promise<number>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        buffer += chunk.toString();
        let nl: number;
        while ((nl = buffer.indexOf('\n')) >= 0) {
          const line = buffer.slice(0, nl);
          buffer = buffer.slice(nl + 1);
          const [word, n] = line.split(' ');
          if (word === 'ready') {
            state.lastWritten = Number(n);
            resolve(Number(n));
          } else if (word === 'wrote') state.lastWritten = Number(n);
        }
      });
      child.on('exit', () => reject(new Error(`writer exited before it was ready: ${stderr}`)));
    }),
    exited: new Promise<void>((resolve) => child.on('exit', () => resolve())),
    kill: () => child.kill('SIGKILL'),
  };
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return state;
}

describe('atomic writes', () => {
  const SEED = 'kill-timing';
  test(`a writer SIGKILLed mid-write many times always leaves the old or the new file (seed ${SEED})`, async () => {
    const path = join(dir, 'breakouts.json');
    const timing = seeded(SEED);
    const temp = join(dir, '.breakouts.json.tmp');
    let advanced = 0;
    let midWrite = 0;
    let round = 0;
    // At least 10 kills, and more until some landed inside a write (the temp file is left behind).
    for (; round < 10 || (midWrite < 2 && round < 25); round++) {
      await rm(temp, { force: true });
      const child = startWriter(path);
      const startGen = await child.ready;
      // Let it write for a while, then kill it at a random moment (writes of ~1 MB take a few ms).
      await new Promise((resolve) => setTimeout(resolve, 40 + Math.floor(timing.next() * 120)));
      const seen = child.lastWritten;
      child.kill();
      await child.exited;
      if (await readFile(temp).then(() => true, () => false)) midWrite++;
      const meetings = await fileMeetings(path);
      const stored = meetings[BIG_KEY];
      expect(stored).toBeDefined();
      const gen = generationOf(stored!);
      // Old (the last finished write) or new (finished but not yet reported) — never a mix.
      expect([seen, seen + 1]).toContain(gen);
      expect(stored).toEqual(bigMeeting(gen));
      if (gen > startGen) advanced++;
    }
    expect(advanced).toBeGreaterThan(round / 2);
    expect(midWrite).toBeGreaterThan(0);
  }, 60_000);
});

describe('a corrupt or unknown data file stops start-up with a clear message and is never overwritten', () => {
  const valid = (meeting: unknown) => JSON.stringify({ schemaVersion: SCHEMA_VERSION, meetings: { [BIG_KEY]: meeting } });
  const damagedAudio = () => {
    const m = bigMeeting(1, 3) as unknown as { attendees: { audio: string }[] };
    m.attendees[1]!.audio = 'fax';
    return valid(m);
  };
  const cases: [string, () => string, RegExp][] = [
    ['bad JSON', () => '{"schemaVersion": 1, "meetings": {', /not valid JSON/],
    ['not a Breakouts file', () => JSON.stringify({ hello: 'world' }), /not a Breakouts data file/],
    ['a newer schema version', () => JSON.stringify({ schemaVersion: SCHEMA_VERSION + 1, meetings: {} }), /schema version 2.*newer Breakouts/],
    ['an older schema version', () => JSON.stringify({ schemaVersion: 0, meetings: {} }), /schema version 0; this Breakouts reads version 1/],
    ['a damaged meeting', damagedAudio, /Meeting “playground:crash:main” in the data file is damaged \(attendees\.1\.audio/],
    ['a meeting under the wrong key', () => JSON.stringify({ schemaVersion: SCHEMA_VERSION, meetings: { other: bigMeeting(1, 2) } }), /wrong key/],
    // Written by hand: JSON.stringify of an object literal would not keep a "__proto__" key.
    ['a "__proto__" entry', () => `{"schemaVersion":${SCHEMA_VERSION},"meetings":{"__proto__":${JSON.stringify({ ...bigMeeting(1, 2), key: '__proto__' })}}}`, /Meeting “__proto__” .*wrong key/],
    ['a meeting whose key does not match its place', () => valid({ ...bigMeeting(1, 2), place: { platform: 'slack', workspaceId: 'T1', channelId: 'C9', mainRoomId: 'C9' } }), /wrong key/],
  ];

  test.each(cases)('%s → StoreLoadError naming the problem and the file, bytes unchanged', async (_name, content, message) => {
    const path = join(dir, 'breakouts.json');
    const text = content();
    await writeFile(path, text);
    const before = await readFile(path);
    const error = await openFileStore(path).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(StoreLoadError);
    expect((error as StoreLoadError).message).toMatch(message);
    expect((error as StoreLoadError).message).toContain(path);
    expect((error as StoreLoadError).message).toContain('has not changed it');
    expect(await readFile(path)).toEqual(before);
  });

  test('npm start with a corrupt data file exits with the message and leaves the file alone', async () => {
    const path = join(dir, 'breakouts.json');
    await writeFile(path, '{"schemaVersion": 1, "meetings": {"k": ');
    const before = await readFile(path);
    const env: Record<string, string> = { PATH: process.env.PATH ?? '', BREAKOUTS_DB: path, PORT: '0' };
    const child = spawn(process.execPath, ['--import', 'tsx', join(here, '..', '..', 'adapters', 'main.ts')], { cwd: join(here, '..', '..'), env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    expect(code).toBe(1);
    expect(stderr).toContain('Breakouts cannot start: The data file is not valid JSON');
    expect(stderr).toContain(path);
    expect(await readFile(path)).toEqual(before);
  });

  test('a data file path that is a folder stops start-up with a clear message naming BREAKOUTS_DB', async () => {
    const path = join(dir, 'breakouts.json');
    await mkdir(path);
    const error = await openFileStore(path).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(StoreLoadError);
    expect((error as StoreLoadError).message).toMatch(/cannot be opened \(EISDIR\).*BREAKOUTS_DB/);
  });

  test('a missing file is created on the first write', async () => {
    const path = join(dir, 'nested', 'data', 'breakouts.json');
    const store = await openFileStore(path);
    await seedMeeting(store);
    await store.close();
    expect(Object.keys(await fileMeetings(path))).toEqual([KEY]);
  });
});

describe('what the engine writes, the store can read back', () => {
  test('a place id too long for the data file is refused, so the file still loads at the next start', async () => {
    const path = join(dir, 'breakouts.json');
    const store = await openFileStore(path);
    await seedMeeting(store);
    const engine = createEngine({ store, clock: createFixedClock(), random: seeded('place') });
    const place = { ...PLACE, channelId: 'C'.repeat(65) };
    const out = await engine.execute({ target: { place }, actor: HOST, command: 'join', input: {} });
    expect(out.ok).toBe(false);
    expect(!out.ok && out.code).toBe('bad-input');
    expect(!out.ok && out.message).toContain('Nothing was changed');
    await store.close();
    expect(Object.keys(await fileMeetings(path))).toEqual([KEY]);
    await (await openFileStore(path)).close();
  });
});

describe('file permissions', () => {
  test('a read-only (0444) data file keeps its mode after a write, and so does a 0600 one', async () => {
    for (const mode of [0o444, 0o600]) {
      const path = join(dir, `mode-${mode.toString(8)}.json`);
      await writeFile(path, JSON.stringify({ schemaVersion: SCHEMA_VERSION, meetings: {} }));
      await chmod(path, mode);
      const store = await openFileStore(path);
      const engine = createEngine({ store, clock: createFixedClock(), random: seeded('mode') });
      const out = await engine.execute({ target: { place: PLACE }, actor: HOST, command: 'distribute', input: {} });
      expect(out.ok).toBe(true);
      expect((await fileMeetings(path))[KEY]).toBeDefined();
      expect((await stat(path)).mode & 0o777).toBe(mode);
    }
  });
});

describe('a failed write', () => {
  test('is refused with a sentence naming the cause, leaves memory equal to the file, and the next write works once the cause is gone', async () => {
    const path = join(dir, 'breakouts.json');
    const store = await openFileStore(path);
    const before = await seedMeeting(store);
    const engine = createEngine({ store, clock: createFixedClock(), random: seeded('fail') });
    // The writer's temp file is a directory: the write fails like a full or read-only disk.
    const temp = join(dir, '.breakouts.json.tmp');
    await mkdir(temp);
    const move = { target: { place: PLACE }, actor: HOST, command: 'move', input: { user: { id: 'u5' }, to: 'main' } } as const;
    const refused = await engine.execute(move);
    expect(refused).toMatchObject({ ok: false, code: 'unavailable' });
    expect(!refused.ok && refused.message).toMatch(/^Breakouts could not save the change: .+\. Check BREAKOUTS_DB \(.+\) and its folder\. Nothing was changed; try again in a moment\.$/);
    expect(await store.get(KEY)).toEqual(before);
    expect((await fileMeetings(path))[KEY]).toEqual(before);

    await rmdir(temp);
    const out = await engine.execute(move);
    expect(out.ok && out.changed).toBe(true);
    expect(await store.get(KEY)).toEqual((await fileMeetings(path))[KEY]);
    expect((await store.get(KEY))?.version).toBe(before.version + 1);
    await store.close();
  });
});
