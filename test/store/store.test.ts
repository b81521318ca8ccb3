// The embedded file store: one file per meeting (a change costs the same whatever else is stored),
// serialised writes under 200 concurrent moves, atomic writes under SIGKILL, a damaged meeting that
// stops only itself, the migration of the old single file (left untouched), the lock that keeps a
// second process out, permissions kept, and a failed write that leaves memory equal to disk.
import { spawn } from 'node:child_process';
import { watch } from 'node:fs';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, rmdir, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { alias, meetingKey, type Meeting } from '../../src/domain/meeting.ts';
import { createEngine, type EngineRequest } from '../../src/engine/engine.ts';
import type { Outcome } from '../../src/domain/outcome.ts';
import type { MeetingStore } from '../../src/store/port.ts';
import { LEGACY_SCHEMA_VERSION } from '../../src/store/legacy-file.ts';
import { createMemoryStore, openFileStore, readMeetingFile, StoreLoadError } from '../../src/store/store.ts';
import { createFixedClock, HOST, PLACE, seeded } from '../engine/helpers.ts';
import { describeStoreContract } from './contract.ts';
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

/** The meeting as its own files hold it (the meeting file and its journal). */
async function storedMeeting(folder: string, id: string): Promise<Meeting> {
  const record = await readMeetingFile(folder, id);
  if (!record) throw new Error(`no meeting file ${id} in ${folder}`);
  return record.meeting;
}

/** A meeting with 20 people (4 on the phone) and 10 rooms, created through the engine. */
async function seedMeeting(store: MeetingStore, place = PLACE): Promise<Meeting> {
  const engine = createEngine({ store, clock: createFixedClock(), random: seeded('setup') });
  const people = Array.from({ length: 20 }, (_, i) => ({ id: `u${i}`, name: `U${i}`, audio: i < 4 ? 'phone' : i % 2 ? 'voip' : 'listening' }));
  for (const [command, input] of [
    ['import', { people }],
    ['rooms', { count: 10 }],
    ['distribute', {}],
  ] as const) {
    const out = await engine.execute({ target: { place }, actor: HOST, command, input });
    if (!out.ok) throw new Error(out.message);
  }
  const m = await store.get(meetingKey(place));
  if (!m) throw new Error('not stored');
  return structuredClone(m);
}

describeStoreContract('memory', async () => ({ store: createMemoryStore(), cleanup: async () => {} }));
describeStoreContract('file', async () => {
  const folder = await mkdtemp(join(tmpdir(), 'breakouts-contract-'));
  let current = await openFileStore(folder);
  return {
    store: current,
    reopen: async () => (current = await openFileStore(folder)),
    cleanup: async () => {
      await current.close().catch(() => undefined);
      await rm(folder, { recursive: true, force: true });
    },
  };
});

describe('the file store under concurrent commands', () => {
  const SEED = 'moves-200';
  test(`200 concurrent moves on one meeting end equal to a serial order, nothing lost (seed ${SEED})`, async () => {
    const store = await openFileStore(dir);
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
    const replayStore = createMemoryStore();
    await replayStore.update(KEY, () => ({ meeting: structuredClone(initial), value: undefined }));
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

    // Nothing lost on disk: the meeting's file holds exactly the final meeting; a reopen sees it.
    await store.close();
    expect(await storedMeeting(dir, initial.id)).toEqual(final);
    const reopened = await openFileStore(dir);
    expect(await reopened.get(KEY)).toEqual(final);
    await reopened.close();
  });

  test('a change costs one meeting’s file: the others are neither read nor written', async () => {
    const store = await openFileStore(dir);
    const places = Array.from({ length: 30 }, (_, i) => ({ ...PLACE, channelId: `C${i}`, mainRoomId: `C${i}` }));
    const engine = createEngine({ store, clock: createFixedClock(), random: seeded('many') });
    await Promise.all(places.map((place) => engine.execute({ target: { place }, actor: HOST, command: 'rooms', input: { count: 3 } })));
    // Their board updates are delivered (no effect waits), as a running deliverer would.
    await store.settle((await store.claim({ owner: 'test', limit: 1000, leaseMs: 60_000 })).map((e) => e.id));
    await store.close();
    const files = await readdir(join(dir, 'meetings'));
    expect(files).toHaveLength(30);
    // Damage every meeting file but one: opening the folder and changing that one still works.
    const reopened = await openFileStore(dir);
    const keep = (await reopened.get(meetingKey(places[0]!)))!;
    await reopened.close();
    for (const file of files) if (file !== `${keep.id}.json`) await writeFile(join(dir, 'meetings', file), '{ damaged');
    const again = await openFileStore(dir);
    const out = await createEngine({ store: again, clock: createFixedClock(), random: seeded('one') }).execute({ target: { place: places[0]! }, actor: HOST, command: 'rooms', input: { count: 4 } });
    expect(out.ok).toBe(true);
    await again.close();
  });
});

interface Child {
  lastWritten: number;
  ready: Promise<number>;
  /** The process is gone and everything it printed has been read. */
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
    exited: new Promise<void>((resolve) => child.on('close', () => resolve())),
    kill: () => child.kill('SIGKILL'),
  };
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return state;
}

describe('atomic writes', () => {
  const SEED = 'kill-timing';
  test(`a writer SIGKILLed mid-write many times always leaves the old or the new meeting file (seed ${SEED})`, async () => {
    const timing = seeded(SEED);
    const meetings = join(dir, 'meetings');
    const temps = async (): Promise<string[]> => (await readdir(meetings).catch(() => [])).filter((f) => f.endsWith('.tmp'));
    let advanced = 0;
    let midWrite = 0;
    let round = 0;
    // At least 10 kills, and more until two landed inside a write (a temp file is left behind).
    for (; round < 10 || (midWrite < 2 && round < 25); round++) {
      for (const t of await temps()) await rm(join(meetings, t), { force: true });
      const child = startWriter(dir);
      const startGen = await child.ready;
      // Let it write for a while, then kill it: at a random moment (writes of ~1 MB take a few
      // ms), or, every other round, the moment its next temporary file appears (inside a write).
      await new Promise((resolve) => setTimeout(resolve, 40 + Math.floor(timing.next() * 120)));
      if (round % 2 === 0) child.kill();
      else {
        const watcher = watch(meetings, (_event, name) => {
          if (name?.endsWith('.tmp')) child.kill();
        });
        const fallback = setTimeout(() => child.kill(), 2_000);
        await child.exited;
        watcher.close();
        clearTimeout(fallback);
      }
      await child.exited;
      const seen = child.lastWritten;
      if ((await temps()).length > 0) midWrite++;
      const stored = await storedMeeting(dir, 'crash1');
      const gen = generationOf(stored);
      // Old (the last finished write) or new (finished but not yet reported) — never a mix.
      expect([seen, seen + 1]).toContain(gen);
      expect(stored).toEqual(bigMeeting(gen));
      if (gen > startGen) advanced++;
    }
    expect(advanced).toBeGreaterThan(round / 2);
    expect(midWrite).toBeGreaterThanOrEqual(2);
  }, 60_000);
});

describe('a damaged meeting stops only that meeting', () => {
  test('its commands are refused with a sentence naming its file; the other meetings go on', async () => {
    const store = await openFileStore(dir);
    const other = { ...PLACE, channelId: 'C2', mainRoomId: 'C2' };
    const first = await seedMeeting(store);
    await seedMeeting(store, other);
    await store.close();
    await writeFile(join(dir, 'meetings', `${first.id}.json`), '{"schemaVersion": 2, "meeting": {"id": 3}}');
    const again = await openFileStore(dir);
    const engine = createEngine({ store: again, clock: createFixedClock(), random: seeded('damaged') });
    const refused = await engine.execute({ target: { place: PLACE }, actor: HOST, command: 'rooms', input: { count: 2 } });
    expect(refused).toMatchObject({ ok: false, code: 'unavailable' });
    expect(!refused.ok && refused.message).toContain(`The data file of meeting ${KEY} is damaged`);
    expect(!refused.ok && refused.message).toContain(join(dir, 'meetings', `${first.id}.json`));
    expect((await engine.execute({ target: { place: other }, actor: HOST, command: 'rooms', input: { count: 2 } })).ok).toBe(true);
    await again.close();
  });
});

describe('the single data file of earlier versions', () => {
  const legacy = (meetings: Record<string, unknown>) => JSON.stringify({ schemaVersion: LEGACY_SCHEMA_VERSION, meetings });

  test('is migrated once into the data folder, and the original is left byte for byte as it was', async () => {
    const path = join(dir, 'breakouts.json');
    const other = { ...bigMeeting(3, 5), id: 'other1', key: 'playground:crash:other', place: { platform: 'playground', workspaceId: 'crash', channelId: 'other', mainRoomId: 'other' } };
    await writeFile(path, legacy({ [BIG_KEY]: bigMeeting(2, 5), 'playground:crash:other': other }));
    const before = await readFile(path);
    const store = await openFileStore(dir);
    expect(await store.get(BIG_KEY)).toEqual(bigMeeting(2, 5));
    expect(await store.get('playground:crash:other')).toEqual(other);
    await store.update(BIG_KEY, () => ({ meeting: bigMeeting(4, 5), value: undefined }));
    await store.close();
    expect(await readFile(path)).toEqual(before);
    // Opened again, the folder wins: the migration is not done twice.
    const again = await openFileStore(dir);
    expect(generationOf((await again.get(BIG_KEY))!)).toBe(4);
    await again.close();
  });

  test('named by BREAKOUTS_DB as before (a .json path) is migrated into the folder beside it', async () => {
    const path = join(dir, 'old', 'breakouts.json');
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, legacy({ [BIG_KEY]: bigMeeting(1, 3) }));
    const store = await openFileStore(path);
    expect(generationOf((await store.get(BIG_KEY))!)).toBe(1);
    await store.close();
    expect(await readdir(join(dir, 'old', 'meetings'))).toEqual(['crash1.json']);
  });

  const damagedAudio = () => {
    const m = bigMeeting(1, 3) as unknown as { attendees: { audio: string }[] };
    m.attendees[1]!.audio = 'fax';
    return legacy({ [BIG_KEY]: m });
  };
  const cases: [string, () => string, RegExp][] = [
    ['bad JSON', () => '{"schemaVersion": 1, "meetings": {', /not valid JSON/],
    ['not a Breakouts file', () => JSON.stringify({ hello: 'world' }), /not a Breakouts data file/],
    ['a newer schema version', () => JSON.stringify({ schemaVersion: 7, meetings: {} }), /schema version 7.*newer Breakouts/],
    ['a damaged meeting', damagedAudio, /Meeting “playground:crash:main” in the data file is damaged \(attendees\.1\.audio/],
    ['a meeting under the wrong key', () => legacy({ other: bigMeeting(1, 2) }), /wrong key/],
    // Written by hand: JSON.stringify of an object literal would not keep a "__proto__" key.
    ['a "__proto__" entry', () => `{"schemaVersion":1,"meetings":{"__proto__":${JSON.stringify({ ...bigMeeting(1, 2), key: '__proto__' })}}}`, /Meeting “__proto__” .*wrong key/],
  ];

  test.each(cases)('with %s stops start-up with a StoreLoadError naming the problem and the file, bytes unchanged', async (_name, content, message) => {
    const path = join(dir, 'breakouts.json');
    await writeFile(path, content());
    const before = await readFile(path);
    const error = await openFileStore(dir).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(StoreLoadError);
    expect((error as StoreLoadError).message).toMatch(message);
    expect((error as StoreLoadError).message).toContain(path);
    expect((error as StoreLoadError).message).toContain('has not changed it');
    expect(await readFile(path)).toEqual(before);
    // The folder is free again for the next try.
    await expect(readFile(join(dir, 'lock'))).rejects.toThrow();
  });

  test('npm start with a damaged one exits with the message and leaves the file alone', async () => {
    const path = join(dir, 'breakouts.json');
    await writeFile(path, '{"schemaVersion": 1, "meetings": {"k": ');
    const before = await readFile(path);
    const env: Record<string, string> = { PATH: process.env.PATH ?? '', BREAKOUTS_DB: dir, PORT: '0' };
    const child = spawn(process.execPath, ['--import', 'tsx', join(here, '..', '..', 'adapters', 'main.ts')], { cwd: join(here, '..', '..'), env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    expect(code).toBe(1);
    expect(stderr).toContain('Breakouts cannot start: The data file is not valid JSON');
    expect(stderr).toContain(path);
    expect(await readFile(path)).toEqual(before);
  });
});

describe("a meeting's names", () => {
  /** The meeting with rooms 1–3 given platform resources, as a start's prepare steps do. */
  const withRooms = (m: Meeting): Meeting => ({ ...m, version: m.version + 1, rooms: m.rooms.map((r) => (r.number <= 3 ? { ...r, resourceId: `C-room-${r.number}` } : r)) });
  const namePath = (name: string): string => join(dir, 'names', name.replace(/[^A-Za-z0-9._-]/g, (c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`));

  test('are one file: every alias is a link to the key’s name file (a new file per room costs a new inode), and each finds the meeting', async () => {
    const store = await openFileStore(dir);
    const seeded = await seedMeeting(store);
    await store.update(KEY, () => ({ meeting: withRooms(seeded), value: undefined }));
    const key = await stat(namePath(`key:${KEY}`));
    const aliases = [alias.id(seeded.id), ...[1, 2, 3].map((n) => alias.room(PLACE, `C-room-${n}`))];
    for (const name of aliases) {
      expect((await stat(namePath(name))).ino, name).toBe(key.ino);
      expect((await store.getByAlias(name))?.id, name).toBe(seeded.id);
    }
    expect((await stat(namePath(`key:${KEY}`))).nlink).toBe(aliases.length + 1);
    await store.close();
  });

  test('a name a crash left with other text is replaced, never written into (the key’s name keeps its text)', async () => {
    const store = await openFileStore(dir);
    const seeded = await seedMeeting(store);
    const left = namePath(alias.room(PLACE, 'C-room-2'));
    await writeFile(left, 'zzzz9999\nsomething else');
    await store.update(KEY, () => ({ meeting: withRooms(seeded), value: undefined }));
    expect(await readFile(left, 'utf8')).toBe(`${seeded.id}\n${KEY}`);
    expect(await readFile(namePath(`key:${KEY}`), 'utf8')).toBe(`${seeded.id}\n${KEY}`);
    expect((await stat(left)).ino).toBe((await stat(namePath(`key:${KEY}`))).ino);
    await store.close();
  });
});

describe('one process per data folder', () => {
  test('a second process is refused with who holds the folder and that several processes need PostgreSQL', async () => {
    const child = startWriter(dir);
    await child.ready;
    while (child.lastWritten < 1) await new Promise((resolve) => setTimeout(resolve, 10));
    const error = await openFileStore(dir).then(
      () => undefined,
      (e: unknown) => e,
    );
    child.kill();
    await child.exited;
    expect(error).toBeInstanceOf(StoreLoadError);
    expect((error as Error).message).toMatch(/Another Breakouts process \(pid \d+, started .+\) is using the data folder/);
    expect((error as Error).message).toContain('use PostgreSQL (set DATABASE_URL)');
    // Its holder was killed: the lock it left is taken over.
    const store = await openFileStore(dir);
    expect(await store.get(BIG_KEY)).toBeDefined();
    await store.close();
  });
});

describe('paths and permissions', () => {
  test('a data folder path that is a file stops start-up with a clear message naming BREAKOUTS_DB', async () => {
    const path = join(dir, 'data');
    await writeFile(path, 'not a folder');
    const error = await openFileStore(path).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(StoreLoadError);
    expect((error as StoreLoadError).message).toMatch(/cannot be used \((EEXIST|ENOTDIR)\).*BREAKOUTS_DB/);
  });

  test('a missing folder is made on the first open', async () => {
    const folder = join(dir, 'nested', 'data');
    const store = await openFileStore(folder);
    const seeded = await seedMeeting(store);
    await store.close();
    expect((await storedMeeting(folder, seeded.id)).key).toBe(KEY);
  });

  test('a place id too long for the data is refused, so the meeting files still load at the next start', async () => {
    const store = await openFileStore(dir);
    await seedMeeting(store);
    const engine = createEngine({ store, clock: createFixedClock(), random: seeded('place') });
    const place = { ...PLACE, channelId: 'C'.repeat(65) };
    const out = await engine.execute({ target: { place }, actor: HOST, command: 'join', input: {} });
    expect(out.ok).toBe(false);
    expect(!out.ok && out.code).toBe('bad-input');
    expect(!out.ok && out.message).toContain('Nothing was changed');
    await store.close();
    expect(await readdir(join(dir, 'meetings'))).toHaveLength(1);
    await (await openFileStore(dir)).close();
  });

  test('a read-only (0444) meeting file keeps its mode after a write, and so does a 0600 one', async () => {
    for (const mode of [0o444, 0o600]) {
      const folder = join(dir, `mode-${mode.toString(8)}`);
      const store = await openFileStore(folder);
      const meeting = await seedMeeting(store);
      const file = join(folder, 'meetings', `${meeting.id}.json`);
      await chmod(file, mode);
      const engine = createEngine({ store, clock: createFixedClock(), random: seeded('mode') });
      const out = await engine.execute({ target: { place: PLACE }, actor: HOST, command: 'rooms', input: { count: 2 } });
      expect(out.ok).toBe(true);
      expect((await storedMeeting(folder, meeting.id)).rooms).toHaveLength(2);
      expect((await stat(file)).mode & 0o777).toBe(mode);
      await store.close();
    }
  });
});

describe('a failed write', () => {
  test('is refused with a sentence naming the cause, leaves memory equal to the file, and the next write works once the cause is gone', async () => {
    const seeding = await openFileStore(dir);
    const before = await seedMeeting(seeding);
    await seeding.close();
    // Opened again, the first change writes the meeting's file whole (later ones go to its journal).
    const store = await openFileStore(dir);
    const engine = createEngine({ store, clock: createFixedClock(), random: seeded('fail') });
    // The writer's temp file is a directory: the write fails like a full or read-only disk.
    const temp = join(dir, 'meetings', `.${before.id}.json.${process.pid}.tmp`);
    await mkdir(temp);
    const move = { target: { place: PLACE }, actor: HOST, command: 'move', input: { user: { id: 'u5' }, to: 'main' } } as const;
    const refused = await engine.execute(move);
    expect(refused).toMatchObject({ ok: false, code: 'unavailable' });
    expect(!refused.ok && refused.message).toMatch(/^Breakouts could not save the change: .+\. Check BREAKOUTS_DB \(.+\) and its folder\. Nothing was changed; try again in a moment\.$/);
    expect(await store.get(KEY)).toEqual(before);
    expect(await storedMeeting(dir, before.id)).toEqual(before);

    await rmdir(temp);
    const out = await engine.execute(move);
    expect(out.ok && out.changed).toBe(true);
    expect(await store.get(KEY)).toEqual(await storedMeeting(dir, before.id));
    expect((await store.get(KEY))?.version).toBe(before.version + 1);
    await store.close();
  });
});
