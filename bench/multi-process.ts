// Many processes (issue 11): signed `/breakouts move` commands from 32 senders for 5 s, spread over
// 100 meetings on one PostgreSQL database, served by 1 and then by 3 real `npm start` processes in
// one run: moves processed per second (acknowledged and stored, counted in the database) and p99 ack.
import { randomBytes } from 'node:crypto';
import { cpus } from 'node:os';
import pg from 'pg';
import type { Place } from '../src/domain/meeting.ts';
import { createSeededRandom } from '../src/domain/random.ts';
import { createEngine, SYSTEM_ACTOR, type CommandName, type Engine } from '../src/engine/engine.ts';
import { systemClock } from '../src/ports.ts';
import { silentLogger } from '../src/runtime/logger.ts';
import { openPostgresStore } from '../src/store/postgres.ts';
import { startFakeSlack, type FakeSlack } from '../test/slack/fakes/fake-slack.ts';
import { SIGNING_SECRET, slashBody, TEAM } from '../test/slack/fakes/signed.ts';
import { startFleet } from '../test/app/multi-process-rig.ts';
import { median, percentile, round, runSenders } from './measure.ts';
import { findPostgres, START_HINT, withDatabase } from '../test/store/postgres-server.ts';
import type { NotedRow } from './store.ts';

const MEETINGS = 100;
const PEOPLE = 40;
const ROOMS = 5;
const SENDERS = 32;
const DURATION_MS = 5_000;
/** Each configuration is measured this many times, alternately; the rows give the medians. */
const ROUNDS = 3;
/** After the senders stop, how long the processes may take to store what they acknowledged. */
const DRAIN_LIMIT_MS = 60_000;
const FAC = { id: 'UFAC', name: 'fran' };

const channelOf = (m: number): string => `CM${String(m).padStart(3, '0')}`;
const placeOf = (m: number): Place => ({ platform: 'slack', workspaceId: TEAM, channelId: channelOf(m), mainRoomId: channelOf(m) });



async function run(engine: Engine, m: number, command: CommandName, input: unknown): Promise<void> {
  const outcome = await engine.execute({ target: { place: placeOf(m) }, actor: FAC, command, input });
  if (!outcome.ok) throw new Error(`${command} in meeting ${m} was refused: ${outcome.message}`);
}

/**
 * 100 meetings of 40 people on VOIP in 5 rooms (so a move redraws the board and sends nothing else),
 * each with a board message already posted, written through the engine; nothing left to deliver.
 * Returns each meeting's rooms by person index.
 */
async function prepareMeetings(url: string): Promise<number[][]> {
  const store = await openPostgresStore(url, { logger: silentLogger });
  const engine = createEngine({ store, clock: systemClock, random: createSeededRandom('multi-process-bench') });
  const people = Array.from({ length: PEOPLE }, (_, i) => ({ id: `UP${String(i).padStart(2, '0')}`, name: `person${i}` }));
  const rooms: number[][] = [];
  try {
    for (let m = 0; m < MEETINGS; m++) {
      await run(engine, m, 'rooms', { count: ROOMS });
      await run(engine, m, 'import', { people });
      await run(engine, m, 'distribute', {});
      const meeting = await engine.get({ place: placeOf(m) });
      if (!meeting) throw new Error(`meeting ${m} was not stored`);
      await engine.execute({ target: { meetingId: meeting.id }, actor: SYSTEM_ACTOR, command: 'remember', input: { resources: { boardTs: `1700000000.${String(m).padStart(6, '0')}`, boardChannel: channelOf(m) } } });
      rooms.push(people.map((p) => meeting.attendees.find((a) => a.id === p.id)?.room ?? 1));
    }
  } finally {
    await store.close();
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query('DELETE FROM outbox');
  await client.end();
  return rooms;
}

/** One acknowledged (or not) move as a sender saw it: epoch ms. */
interface SentMove {
  readonly status: number;
  readonly sentAt: number;
  readonly ackAt: number;
}

/**
 * The senders run in their own thread, as Slack's servers would on their own machines, so an ack
 * is timed when it arrived, not when this busy process next looked. Sender s moves person s of
 * every meeting (so it knows where that person is and every move changes something), walking the
 * meetings from its own offset; requests go to the processes in turn, as a load balancer sends them.
 */
const SENDERS_CODE = `
const { parentPort, workerData } = require('node:worker_threads');
const { createHmac } = require('node:crypto');
const { urls, secret, base, responseBase, senders, durationMs, rooms, meetings, roomCount } = workerData;
const now = () => performance.timeOrigin + performance.now();
let next = 0;
async function sender(s, until, out) {
  const at = rooms.map((r) => r[s]);
  for (let k = 0; now() < until; k++) {
    const m = (s * 3 + k) % meetings;
    const room = (at[m] % roomCount) + 1;
    at[m] = room;
    const trigger = 'mp-' + s + '-' + k;
    const channel = 'CM' + String(m).padStart(3, '0');
    const person = 'UP' + String(s).padStart(2, '0');
    const body = new URLSearchParams({ ...base, channel_id: channel, text: 'move <@' + person + '|person' + s + '> ' + room, trigger_id: trigger, response_url: responseBase + trigger }).toString();
    const timestamp = Math.floor(Date.now() / 1000);
    const signature = 'v0=' + createHmac('sha256', secret).update('v0:' + timestamp + ':' + body).digest('hex');
    const url = urls[next++ % urls.length];
    const sentAt = now();
    let status = 0;
    try {
      const res = await fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': signature } });
      status = res.status;
      await res.text();
    } catch {
      status = 0;
    }
    out.push({ status, sentAt, ackAt: now() });
  }
}
(async () => {
  const out = [];
  const until = now() + durationMs;
  await Promise.all(Array.from({ length: senders }, (_, s) => sender(s, until, out)));
  parentPort.postMessage({ moves: out });
})().catch((error) => parentPort.postMessage({ error: String(error) }));
`;

function sendMoves(urls: readonly string[], fake: FakeSlack, rooms: readonly number[][]): Promise<SentMove[]> {
  const base = Object.fromEntries(new URLSearchParams(slashBody('', FAC, '')));
  return runSenders<SentMove>(SENDERS_CODE, { urls, secret: SIGNING_SECRET, base, responseBase: fake.responseUrl(''), senders: SENDERS, durationMs: DURATION_MS, rooms, meetings: MEETINGS, roomCount: ROOMS });
}

interface Measured {
  readonly processed: number;
  readonly acked: number;
  readonly perSecond: number;
  readonly p99: number;
  readonly drainMs: number;
  readonly failed: number;
}

/** One configuration: `count` processes on a copy of the prepared database, the senders, then the count. */
async function measure(adminUrl: string, template: string, count: number, rooms: readonly number[][]): Promise<Measured> {
  const name = `breakouts_bench_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  const url = withDatabase(adminUrl, name);
  const fake = await startFakeSlack();
  const reader = new pg.Client({ connectionString: url });
  await reader.connect();
  const stored = async (): Promise<number> => Number((await reader.query<{ n: string }>('SELECT coalesce(sum(version), 0)::bigint AS n FROM meetings')).rows[0]?.n ?? 0);
  const fleet = await startFleet({ count, databaseUrl: url, apiUrl: fake.apiUrl, label: `bench-${count}` });
  try {
    const start = await stored();
    const t0 = performance.timeOrigin + performance.now();
    const moves = await sendMoves(fleet.ports.map((p) => `http://127.0.0.1:${p}/slack/events`), fake, rooms);
    const acked = moves.filter((m) => m.status === 200).length;
    // Acknowledged is not stored: count what the database holds until it has every acknowledged move.
    let processed = (await stored()) - start;
    const until = Date.now() + DRAIN_LIMIT_MS;
    while (processed < acked && Date.now() < until) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      processed = (await stored()) - start;
    }
    const done = performance.timeOrigin + performance.now();
    const lastAck = Math.max(...moves.map((m) => m.ackAt));
    return {
      processed,
      acked,
      perSecond: processed / ((done - t0) / 1000),
      p99: percentile(
        moves.map((m) => m.ackAt - m.sentAt),
        0.99,
      ),
      drainMs: Math.max(0, done - lastAck),
      failed: moves.length - acked,
    };
  } finally {
    await fleet.close();
    await reader.end();
    await fake.close();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

export async function benchMultiProcess(): Promise<NotedRow[]> {
  const names = ['moves processed per second, 1 process', 'moves processed per second, 3 processes', 'p99 ack, 1 process', 'p99 ack, 3 processes'].map((n) => `multi-process: ${n}`);
  const server = await findPostgres();
  if (!server.ok) {
    const note = `not measured: ${server.reason}. ${START_HINT}.`;
    return names.map((name) => ({ name, median_ms: null, note }));
  }
  const template = `breakouts_bench_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: server.adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${template}`);
  try {
    const rooms = await prepareMeetings(withDatabase(server.adminUrl, template));
    // Alternately (1, 3, then 3, 1, …), so both see the same machine, shared as it may be.
    const ones: Measured[] = [];
    const threes: Measured[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      for (const count of r % 2 === 0 ? [1, 3] : [3, 1]) (count === 1 ? ones : threes).push(await measure(server.adminUrl, template, count, rooms));
    }
    const setting = `median of ${ROUNDS} rounds, 1 and 3 processes alternately, each on a fresh copy of the prepared database; ${SENDERS} senders for ${DURATION_MS / 1000} s, moves spread over ${MEETINGS} meetings of ${PEOPLE} people (each move changes a meeting and redraws its board), requests sent to the processes in turn; PostgreSQL, the fake Slack and the senders on the same machine, ${cpus().length} cores`;
    const rounds = (list: readonly Measured[], f: (m: Measured) => string): string => list.map(f).join(', ');
    const about = (list: readonly Measured[]): string =>
      `moves stored per second by round: ${rounds(list, (m) => `${Math.round(m.perSecond)} (${m.processed} stored of ${m.acked} acknowledged${m.failed > 0 ? `, ${m.failed} not acknowledged` : ''}, the last stored ${Math.round(m.drainMs)} ms after the last ack)`)}; counted in the database from the first send until every acknowledged move was stored; ${setting}`;
    const acks = (list: readonly Measured[]): string => `p99 of each round's acks, timed by the senders: ${rounds(list, (m) => `${round(m.p99)} ms`)}; ${setting}`;
    const one = { perSecond: median(ones.map((m) => m.perSecond)), p99: median(ones.map((m) => m.p99)) };
    const three = { perSecond: median(threes.map((m) => m.perSecond)), p99: median(threes.map((m) => m.p99)) };
    return [
      { name: names[0]!, median_ms: null, count: Math.round(one.perSecond), note: about(ones) },
      { name: names[1]!, median_ms: null, count: Math.round(three.perSecond), note: about(threes) },
      { name: names[2]!, median_ms: round(one.p99), note: acks(ones) },
      { name: names[3]!, median_ms: round(three.p99), baseline_ms: round(one.p99), ratio: round(three.p99 / one.p99), note: acks(threes) },
    ];
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
    await admin.end();
  }
}

if (process.argv[1]?.endsWith('bench/multi-process.ts')) {
  for (const row of await benchMultiProcess()) process.stdout.write(`${JSON.stringify(row)}\n`);
}
