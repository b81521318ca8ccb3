// Slack adapter benchmarks with the real Bolt over HTTP on 127.0.0.1 against the fake Web API:
// signed slash command → ack, and → the board's chat.update, at 20 and 1,000 attendees; and the
// Web API calls a start of 1,000 attendees in 50 rooms makes, against rooms × 2 + DMs needed.
import type { Audio } from '../src/domain.ts';
import { startRig, type Rig } from '../test/slack/fakes/harness.ts';
import { CHANNEL, TEAM } from '../test/slack/fakes/signed.ts';
import { median, round, type BenchRow } from './measure.ts';

const FAC = { id: 'UFAC', name: 'fran' };
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

async function latency(size: number, runs: number): Promise<BenchRow[]> {
  const rig = await startRig({ processBeforeResponse: false, seed: `bench-${size}` });
  try {
    await seed(rig, size, Math.min(50, Math.ceil(size / 20)));
    const acks: number[] = [];
    const boards: number[] = [];
    for (let i = 0; i < runs + 2; i++) {
      const before = rig.fake.callsOf('chat.update').length;
      const replies = rig.fake.responses.length;
      const t0 = performance.now();
      const res = await rig.command('shuffle', FAC);
      if (res.status !== 200) throw new Error(`shuffle answered ${res.status}`);
      const update = await rig.fake.waitFor(() => rig.fake.callsOf('chat.update')[before]);
      await rig.fake.waitFor(() => rig.fake.responses.length > replies);
      if (i < 2) continue; // warm-up
      acks.push(res.ms);
      boards.push(update.at - t0);
    }
    return [
      { name: `slack: signed /breakouts shuffle → ack, ${size} attendees`, median_ms: round(median(acks)) },
      { name: `slack: signed /breakouts shuffle → board chat.update, ${size} attendees`, median_ms: round(median(boards)) },
    ];
  } finally {
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
    const perRoom = applied ? 2 : 3;
    return [
      { name: `slack: start 1,000 attendees / 50 rooms (${label}) — Web API calls besides the board`, median_ms: 0, count: fanOut, target: rooms * perRoom + dmsNeeded },
      { name: `slack: start 1,000 attendees / 50 rooms (${label}) — board chat.update calls (throttled)`, median_ms: 0, count: boardUpdates },
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
