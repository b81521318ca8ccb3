// Slack adapter benchmarks with the real Bolt over HTTP on 127.0.0.1 against the fake Web API:
// signed slash command → ack, and → the board's chat.update, at 20 and 1,000 attendees; and the
// Web API calls a start of 1,000 attendees in 50 rooms makes, against rooms × 2 + DMs needed.
import { createServer } from 'node:http';
import { Worker } from 'node:worker_threads';
import type { AddressInfo } from 'node:net';
import type { Audio } from '../src/domain/meeting.ts';
import { startRig, type Rig } from '../test/slack/fakes/harness.ts';
import { CHANNEL, SIGNING_SECRET, signature, slashBody, TEAM } from '../test/slack/fakes/signed.ts';
import { median, round, type BenchRow } from './measure.ts';

const FAC = { id: 'UFAC', name: 'fran' };
/** Requests before timing starts (JIT, connection pools). */
const WARMUP = 5;
const place = { platform: 'slack' as const, workspaceId: TEAM, channelId: CHANNEL, mainRoomId: CHANNEL };

/** 10% phone, 70% VOIP, 20% listening. */
const audioOf = (i: number): Audio => (i % 10 === 0 ? 'phone' : i % 5 === 1 ? 'listening' : 'voip');

async function seed(rig: Rig, size: number, rooms: number): Promise<void> {
  const people = Array.from({ length: size }, (_, i) => ({ id: `U${String(i).padStart(6, '0')}`, name: `Person ${i}`, audio: audioOf(i) }));
  const outcome = await rig.engine.execute({ target: { place }, actor: FAC, command: 'import', input: { people } });
  if (!outcome.ok) throw new Error(outcome.message);
  const res = await rig.command(`distribute ${rooms}`, FAC);
  if (res.status !== 200) throw new Error(`distribute answered ${res.status}`);
  await rig.fake.waitFor(() => rig.fake.callsOf('chat.postMessage').length > 0);
}

/**
 * The client sends from its own thread, as Slack would from its own machine: what it measures is
 * when the ack reached it, not when this process next had a free moment. Times are epoch ms.
 */
const CLIENT = `
const { parentPort } = require('node:worker_threads');
parentPort.on('message', async ({ url, body, headers }) => {
  const sentAt = performance.timeOrigin + performance.now();
  const res = await fetch(url, { method: 'POST', headers, body });
  const ackAt = performance.timeOrigin + performance.now();
  await res.text();
  parentPort.postMessage({ status: res.status, sentAt, ackAt });
});`;

interface Sent {
  readonly status: number;
  readonly sentAt: number;
  readonly ackAt: number;
}

interface Client {
  send(url: string, body: string): Promise<Sent>;
  close(): Promise<void>;
}

function startClient(): Client {
  const worker = new Worker(CLIENT, { eval: true });
  return {
    send(url, body) {
      const timestamp = Math.floor(Date.now() / 1000);
      const headers = {
        'content-type': 'application/x-www-form-urlencoded',
        'x-slack-request-timestamp': String(timestamp),
        'x-slack-signature': signature(SIGNING_SECRET, timestamp, body),
      };
      return new Promise((resolve) => {
        worker.once('message', (m: Sent) => resolve(m));
        worker.postMessage({ url, body, headers });
      });
    },
    async close() {
      await worker.terminate();
    },
  };
}

/** The floor: the same signed POST to a bare node:http server that answers 200 at once. */
async function httpFloor(client: Client, runs: number): Promise<number> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
    const body = slashBody('shuffle', FAC, 'http://127.0.0.1:9/response/x');
    const times: number[] = [];
    for (let i = 0; i < runs + WARMUP; i++) {
      const sent = await client.send(url, body);
      if (i >= WARMUP) times.push(sent.ackAt - sent.sentAt);
    }
    return median(times);
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

async function latency(size: number, runs: number): Promise<BenchRow[]> {
  const rig = await startRig({ processBeforeResponse: false, seed: `bench-${size}` });
  const client = startClient();
  try {
    await seed(rig, size, Math.min(50, Math.ceil(size / 20)));
    const acks: number[] = [];
    const boards: number[] = [];
    for (let i = 0; i < runs + WARMUP; i++) {
      const before = rig.fake.callsOf('chat.update').length;
      const replies = rig.fake.responses.length;
      const sent = await client.send(rig.url, slashBody('shuffle', FAC, rig.fake.responseUrl(`bench${i}`)));
      if (sent.status !== 200) throw new Error(`shuffle answered ${sent.status}`);
      const update = await rig.fake.waitFor(() => rig.fake.callsOf('chat.update')[before]);
      await rig.fake.waitFor(() => rig.fake.responses.length > replies);
      if (i < WARMUP) continue;
      acks.push(sent.ackAt - sent.sentAt);
      boards.push(performance.timeOrigin + update.at - sent.sentAt);
    }
    const floor = await httpFloor(client, runs);
    const ack = median(acks);
    return [
      { name: `slack: signed /breakouts shuffle → ack, ${size} attendees (baseline: bare HTTP round trip)`, median_ms: round(ack), baseline_ms: round(floor), ratio: round(ack / floor) },
      { name: `slack: signed /breakouts shuffle → board chat.update, ${size} attendees`, median_ms: round(median(boards)) },
    ];
  } finally {
    await client.close();
    await rig.close();
  }
}

async function startCalls(applied: boolean): Promise<BenchRow[]> {
  const rig = await startRig({ seed: 'bench-start' });
  const label = applied ? 'applied' : 'from draft';
  try {
    await seed(rig, 1000, 50);
    if (applied) await rig.command('apply', FAC);
    const meeting = await rig.meeting();
    const rooms = meeting.rooms.filter((r) => meeting.attendees.some((a) => a.room === r.number)).length;
    const dmsNeeded = meeting.attendees.filter((a) => a.room !== null && a.audio === 'phone').length;
    rig.fake.reset();
    await rig.command('start', FAC);
    const done = await rig.meeting();
    if (!done.run?.finished) throw new Error('start did not finish');
    const boardUpdates = rig.fake.calls.filter((c) => c.method === 'chat.update' && c.body['channel'] === CHANNEL).length;
    const fanOut = rig.fake.calls.length - boardUpdates;
    // Per room: the invite, the welcome (with Ask for help) and the topic (the room at a glance); from draft also its creation.
    const perRoom = applied ? 3 : 4;
    return [
      { name: `slack: start 1,000 attendees / 50 rooms (${label}) — Web API calls besides the board`, median_ms: null, count: fanOut, target: rooms * perRoom + dmsNeeded },
      { name: `slack: start 1,000 attendees / 50 rooms (${label}) — board chat.update calls`, median_ms: null, count: boardUpdates },
    ];
  } finally {
    await rig.close();
  }
}

export async function benchSlack(): Promise<BenchRow[]> {
  return [...(await latency(20, 21)), ...(await latency(1000, 9)), ...(await startCalls(true)), ...(await startCalls(false))];
}

if (process.argv[1]?.endsWith('bench/slack.ts')) {
  for (const row of await benchSlack()) process.stdout.write(`${JSON.stringify(row)}\n`);
}
