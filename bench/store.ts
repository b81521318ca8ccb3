// Store benchmarks (issue 10): a move with 1 and with 5,000 meetings stored, on memory, the file
// store and PostgreSQL, timed alternately in one run; and a 1,000-person start recorded step by
// step on the file store against memory, delivered through the deliverer to an instant platform.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { Meeting, Place } from '../src/domain/meeting.ts';
import { meetingKey } from '../src/domain/meeting.ts';
import type { Success } from '../src/domain/outcome.ts';
import { createSeededRandom } from '../src/domain/random.ts';
import { createDeliverer, type Deliverer } from '../src/delivery/deliverer.ts';
import type { RoomPlatform } from '../src/delivery/room-platform.ts';
import { createEngine, type Engine } from '../src/engine/engine.ts';
import { silentLogger } from '../src/runtime/logger.ts';
import type { MeetingStore } from '../src/store/port.ts';
import { createMemoryStore, openFileStore, openPostgresStore } from '../src/store/store.ts';
import { mixedRoster } from './engine.ts';
import { median, round, type BenchRow } from './measure.ts';
import { findPostgres, START_HINT, withDatabase } from '../test/store/postgres-server.ts';

/** A row that can say why it has no number (no PostgreSQL server) or how its time splits. */
export type NotedRow = BenchRow & { readonly note?: string };

type StoreKind = 'memory' | 'file' | 'postgres';

const MOVES = 150;
const WARMUP_MOVES = 10;
const STORED = 5_000;
/** Clones written at once while filling a store (different meetings never wait for each other). */
const FILL_CONCURRENCY = 32;
const START_SAMPLES = 5;

const clock = { now: () => new Date('2026-11-26T12:00:00Z') };
const actor = { id: 'UFAC', name: 'Facilitator' };
const benchPlace: Place = { platform: 'playground', workspaceId: 'bench', channelId: 'bench', mainRoomId: 'bench' };

/** A platform that does nothing and answers at once, so the bench sees only engine + store. */
export const instantPlatform: RoomPlatform = {
  prepareRoom: async (_m, room) => ({ resourceId: `R${room.number}` }),
  openRoom: async () => ({ unreachable: [] }),
  welcomeRoom: async () => {},
  closeRoom: async () => {},
  sendDirect: async () => {},
  updateBoard: async () => {},
  moveLive: async () => {},
  postToRoom: async () => {},
  setRoomStatus: async () => {},
  visit: async () => {},
  updateHelpCopy: async () => {},
  postToMain: async () => {},
  setRoomCap: async () => {},
};

function wire(store: MeetingStore, seed: string): { engine: Engine; deliverer: Deliverer } {
  const engine = createEngine({ store, clock, random: createSeededRandom(seed) });
  const deliverer = createDeliverer({ store, engine, platform: instantPlatform, clock, logger: silentLogger, serves: 'playground', boardPaceMs: 0 });
  return { engine, deliverer };
}

/** Run a command and deliver its effects (so nothing piles up in the outbox); throws on a refusal. */
async function command(engine: Engine, deliverer: Deliverer, name: 'rooms' | 'import' | 'distribute' | 'start' | 'move', input: unknown): Promise<Success> {
  const outcome = await engine.execute({ target: { place: benchPlace }, actor, command: name, input });
  if (!outcome.ok) throw new Error(`${name} was refused: ${outcome.message}`);
  await deliverer.deliver(outcome);
  return outcome;
}

// ---------------------------------------------------------------------------------------------
// Where the stores live: a temp folder, or a fresh PostgreSQL database dropped afterwards.




/** A store that can be closed and opened again on the same data, as a restarted process would. */
interface Location {
  open(): Promise<MeetingStore>;
  dispose(): Promise<void>;
}

async function memoryLocation(): Promise<Location> {
  // Memory cannot be reopened: the same store is handed back, and closing it is left to dispose.
  const store = createMemoryStore();
  return {
    open: async () => ({ ...store, close: async () => {} }),
    dispose: () => store.close(),
  };
}

async function fileLocation(): Promise<Location> {
  const dir = await mkdtemp(join(tmpdir(), 'breakouts-bench-'));
  return {
    open: () => openFileStore(join(dir, 'data')),
    dispose: () => rm(dir, { recursive: true, force: true }),
  };
}

async function postgresLocation(adminUrl: string): Promise<Location> {
  const name = `breakouts_bench_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = withDatabase(adminUrl, name);
  return {
    open: () => openPostgresStore(url, { logger: silentLogger }),
    async dispose() {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}

// ---------------------------------------------------------------------------------------------
// A move with 1 and with 5,000 meetings stored.

/** 30 attendees (VOIP and listening: no phone conflicts, so a move only redraws the board), 5 rooms, distributed. */
async function buildMeeting(engine: Engine, deliverer: Deliverer): Promise<Meeting> {
  const people = mixedRoster(30, createSeededRandom('store-bench')).map((p, i) => ({ id: `U${String(i).padStart(4, '0')}`, name: `Person ${i}`, audio: p.audio === 'phone' ? 'voip' : p.audio }));
  await command(engine, deliverer, 'rooms', { count: 5 });
  await command(engine, deliverer, 'import', { people });
  const distributed = await command(engine, deliverer, 'distribute', {});
  return distributed.meeting;
}

/** `count` more meetings like `template`, each in its own channel, written through the store. */
async function fill(store: MeetingStore, template: Meeting, count: number): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      const i = next++;
      const place: Place = { platform: 'slack', workspaceId: 'TBENCH', channelId: `C${String(i).padStart(6, '0')}`, mainRoomId: `C${String(i).padStart(6, '0')}` };
      const meeting: Meeting = { ...structuredClone(template), id: `f${i.toString(36).padStart(6, '0')}`, key: meetingKey(place), place };
      await store.update(meeting.key, () => ({ meeting, value: undefined }));
    }
  };
  await Promise.all(Array.from({ length: FILL_CONCURRENCY }, worker));
}

interface Prepared {
  readonly store: MeetingStore;
  readonly engine: Engine;
  readonly deliverer: Deliverer;
  /** The next move: someone to alternate between two rooms. */
  readonly move: () => { user: { id: string }; to: number };
}

/** A store holding `stored` meetings (the one moved in among them), closed and reopened so nothing is cached. */
async function prepare(location: Location, stored: number, seed: string): Promise<Prepared> {
  const first = await location.open();
  const built = wire(first, seed);
  const meeting = await buildMeeting(built.engine, built.deliverer);
  await fill(first, meeting, stored - 1);
  await built.deliverer.stop();
  await first.close();
  const store = await location.open();
  const { engine, deliverer } = wire(store, seed);
  const person = meeting.attendees[0]!;
  const from = person.room ?? 1;
  const a = (from % 5) + 1;
  const b = (a % 5) + 1;
  let n = 0;
  return { store, engine, deliverer, move: () => ({ user: { id: person.id }, to: n++ % 2 === 0 ? a : b }) };
}

interface MoveTimes {
  readonly total: number[];
  readonly execute: number[];
}

/** One move: the command through the engine, then its effects claimed, delivered and settled. */
async function timedMove(p: Prepared, into: MoveTimes): Promise<void> {
  const t0 = performance.now();
  const outcome = await p.engine.execute({ target: { place: benchPlace }, actor, command: 'move', input: p.move() });
  const t1 = performance.now();
  if (!outcome.ok) throw new Error(`move was refused: ${outcome.message}`);
  await p.deliverer.deliver(outcome);
  const t2 = performance.now();
  into.execute.push(t1 - t0);
  into.total.push(t2 - t0);
}

const split = (t: MoveTimes): string => `median of ${t.total.length} moves: engine.execute ${round(median(t.execute))} ms + delivery (claim, settle) ${round(median(t.total) - median(t.execute))} ms`;

async function moveRows(kind: StoreKind, adminUrl: string | undefined): Promise<NotedRow[]> {
  const open = (): Promise<Location> => (kind === 'memory' ? memoryLocation() : kind === 'file' ? fileLocation() : postgresLocation(adminUrl!));
  const locations: Location[] = [];
  const prepared: Prepared[] = [];
  try {
    for (const stored of [1, STORED]) {
      const location = await open();
      locations.push(location);
      prepared.push(await prepare(location, stored, `${kind}-${stored}`));
    }
    const [one, many] = prepared as [Prepared, Prepared];
    const times: [MoveTimes, MoveTimes] = [
      { total: [], execute: [] },
      { total: [], execute: [] },
    ];
    const scratch: MoveTimes = { total: [], execute: [] };
    for (let i = 0; i < WARMUP_MOVES; i++) {
      await timedMove(one, scratch);
      await timedMove(many, scratch);
    }
    // Alternately, so both see the same machine state.
    for (let i = 0; i < MOVES; i++) {
      await timedMove(one, times[0]);
      await timedMove(many, times[1]);
    }
    const base = median(times[0].total);
    const big = median(times[1].total);
    return [
      { name: `store move, ${kind}, 1 meeting`, median_ms: round(base), note: split(times[0]) },
      { name: `store move, ${kind}, ${STORED} meetings`, median_ms: round(big), baseline_ms: round(base), ratio: round(big / base), target: 2, note: split(times[1]) },
    ];
  } finally {
    for (const p of prepared) {
      await p.deliverer.stop();
      await p.store.close();
    }
    for (const location of locations) await location.dispose();
  }
}

// ---------------------------------------------------------------------------------------------
// A 1,000-person start, every step recorded, on the file store and on memory.

async function timedStart(kind: 'memory' | 'file'): Promise<number> {
  const location = kind === 'memory' ? await memoryLocation() : await fileLocation();
  const store = await location.open();
  const { engine, deliverer } = wire(store, `start-${kind}`);
  try {
    const people = mixedRoster(1_000, createSeededRandom('start-bench')).map((p, i) => ({ id: `u${i}`, name: `Person u${i}`, audio: i % 10 === 0 ? 'phone' : 'voip' }));
    await command(engine, deliverer, 'rooms', { count: 50 });
    await command(engine, deliverer, 'import', { people });
    await command(engine, deliverer, 'distribute', {});
    const t0 = performance.now();
    const started = await engine.execute({ target: { place: benchPlace }, actor, command: 'start', input: {} });
    if (!started.ok) throw new Error(`start was refused: ${started.message}`);
    await deliverer.deliver(started);
    const elapsed = performance.now() - t0;
    const after = await engine.get({ place: benchPlace });
    if (!after?.run?.finished) throw new Error('the start did not finish');
    return elapsed;
  } finally {
    await deliverer.stop();
    await store.close();
    await location.dispose();
  }
}

async function startRows(): Promise<NotedRow[]> {
  const memory: number[] = [];
  const file: number[] = [];
  await timedStart('memory');
  await timedStart('file');
  for (let i = 0; i < START_SAMPLES; i++) {
    memory.push(await timedStart('memory'));
    file.push(await timedStart('file'));
  }
  const base = median(memory);
  const onFile = median(file);
  const steps = 'start → every step (50 rooms prepared, opened, welcomed; 100 dial-in DMs) recorded through the engine, delivered by the deliverer to an instant platform';
  return [
    { name: 'start 1000, memory', median_ms: round(base), note: `${steps}; median of ${START_SAMPLES}` },
    { name: 'start 1000, file', median_ms: round(onFile), baseline_ms: round(base), ratio: round(onFile / base), target: 3, note: `${steps}; median of ${START_SAMPLES}` },
  ];
}

export async function benchStore(): Promise<NotedRow[]> {
  const rows: NotedRow[] = [];
  rows.push(...(await moveRows('memory', undefined)));
  rows.push(...(await moveRows('file', undefined)));
  const server = await findPostgres();
  if (server.ok) {
    rows.push(...(await moveRows('postgres', server.adminUrl)));
  } else {
    const note = `not measured: ${server.reason}. ${START_HINT}.`;
    rows.push({ name: 'store move, postgres, 1 meeting', median_ms: null, note }, { name: `store move, postgres, ${STORED} meetings`, median_ms: null, target: 2, note });
  }
  rows.push(...(await startRows()));
  return rows;
}

if (process.argv[1]?.endsWith('bench/store.ts')) {
  for (const row of await benchStore()) process.stdout.write(`${JSON.stringify(row)}\n`);
}
