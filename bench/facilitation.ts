// Live facilitation benchmarks (issue 12), with the real Bolt against the loopback fake Web API and
// a clock moved by hand: a broadcast to 50 open rooms, and a timer warning falling due in 50 rooms.
// Each reports the Web API calls it made besides the board (target: one post per room plus one DM
// per phone caller in them) and the time from the command (or the deadline's sweep) to the last call.
import type { Audio } from '../src/domain/meeting.ts';
import { manualClock, startRig, type Rig } from '../test/slack/fakes/harness.ts';
import { TEAM, CHANNEL } from '../test/slack/fakes/signed.ts';
import { median, round, type BenchRow } from './measure.ts';

const FAC = { id: 'UFAC', name: 'fran' };
const place = { platform: 'slack' as const, workspaceId: TEAM, channelId: CHANNEL, mainRoomId: CHANNEL };
const PEOPLE = 600;
const ROOMS = 50;
const SAMPLES = 5;
/** One in twenty calls in by phone (30 callers, in rooms 1–7). */
const audioOf = (i: number): Audio => (i % 20 === 0 ? 'phone' : i % 5 === 1 ? 'listening' : 'voip');

/** Calls made since `from`, besides the board's own updates. */
function callsSince(rig: Rig, from: number) {
  return rig.fake.calls.slice(from).filter((c) => c.method !== 'chat.update');
}

async function open(rig: Rig): Promise<{ rooms: number; phones: number }> {
  const people = Array.from({ length: PEOPLE }, (_, i) => ({ id: `U${String(i).padStart(6, '0')}`, name: `Person ${i}`, audio: audioOf(i) }));
  for (const p of [...people, FAC]) rig.fake.users.set(p.id, { id: p.id, name: p.name });
  const seeded = await rig.engine.execute({ target: { place }, actor: FAC, command: 'import', input: { people } });
  if (!seeded.ok) throw new Error(seeded.message);
  await rig.command(`distribute ${ROOMS}`, FAC);
  await rig.command('start', FAC);
  await rig.slack.deliverer.idle();
  const meeting = await rig.meeting();
  if (meeting.status !== 'started' || !meeting.run?.finished) throw new Error('breakouts did not start');
  const rooms = new Set(meeting.attendees.filter((a) => a.room !== null).map((a) => a.room)).size;
  const phones = meeting.attendees.filter((a) => a.audio === 'phone' && a.room !== null).length;
  return { rooms, phones };
}

export async function benchFacilitation(): Promise<BenchRow[]> {
  const clock = manualClock('2026-11-26T12:00:00Z');
  const rig = await startRig({ seed: 'bench-facilitation', clock });
  try {
    const { rooms, phones } = await open(rig);
    const target = rooms + phones;

    const broadcast: { ms: number; calls: number }[] = [];
    for (let i = 0; i < SAMPLES + 1; i++) {
      const from = rig.fake.calls.length;
      const t0 = performance.now();
      await rig.command(`broadcast Round ${i}: please wrap up`, FAC);
      const sent = await rig.fake.waitFor(() => {
        const calls = callsSince(rig, from).filter((c) => String(c.body['text'] ?? '').includes(`Round ${i}:`));
        return calls.length >= target ? calls : undefined;
      }, 60_000);
      await rig.slack.deliverer.idle();
      if (i > 0) broadcast.push({ ms: Math.max(...sent.map((c) => c.at)) - t0, calls: callsSince(rig, from).length });
    }

    const warning: { ms: number; calls: number }[] = [];
    for (let i = 0; i < SAMPLES + 1; i++) {
      // Twelve minutes left (a run over ten minutes gets the 5-minute warning; setting it re-arms
      // the warning), then the clock moves to the warning.
      await rig.command('timer 12m', FAC);
      await rig.slack.deliverer.idle();
      const before = rig.fake.calls.length;
      clock.advance(7 * 60_000);
      const t0 = performance.now();
      await rig.slack.deliverer.sweep({ olderThanMs: 0 });
      await rig.slack.deliverer.idle();
      const calls = callsSince(rig, before);
      const warned = calls.filter((c) => String(c.body['text'] ?? '').includes('5 minutes left'));
      if (warned.length < target) throw new Error(`the 5-minute warning reached ${warned.length} of ${target} rooms and phone callers`);
      if (i > 0) warning.push({ ms: Math.max(...warned.map((c) => c.at)) - t0, calls: calls.length });
    }

    const at = (samples: readonly { ms: number; calls: number }[]) => ({ ms: round(median(samples.map((s) => s.ms))), calls: Math.max(...samples.map((s) => s.calls)) });
    const b = at(broadcast);
    const w = at(warning);
    return [
      { name: `facilitation: broadcast to ${rooms} rooms, ${phones} phone callers — command to last Web API call`, median_ms: b.ms, count: b.calls, target },
      { name: `facilitation: 5-minute warning in ${rooms} rooms, ${phones} phone callers — deadline to last Web API call`, median_ms: w.ms, count: w.calls, target },
    ];
  } finally {
    await rig.close();
  }
}
