// Discord adapter benchmarks, with the real discord.js against the loopback fake: interaction →
// first REST response (the defer) and → answer, at 20 and 1,000 attendees; and the REST calls a
// start of 1,000 attendees in 50 rooms makes (moves, channels, DMs) against their targets.
import { discordPlace } from '../adapters/discord/meeting-index.ts';
import { IDS, memberId } from '../test/discord/fakes/fake-discord.ts';
import { startHarness, waitFor, type Harness } from '../test/discord/fakes/harness.ts';
import { median, round, type BenchRow } from './measure.ts';

const place = discordPlace(IDS.guild, IDS.voice);

/** Dispatch one slash command; ms until the fake sees the first REST call for it, and the answer. */
async function timeInteraction(h: Harness, sub: string, options: { name: string; type: number; value: number }[]): Promise<{ first: number; answer: number; token: string }> {
  const t0 = performance.now();
  const token = h.fake.slash(IDS.facilitator, sub, options);
  const entry = await waitFor('defer', () => h.fake.responses.get(token)?.callbacks[0]);
  const answered = await waitFor('answer', () => {
    const call = h.fake.calls.find((c) => c.method === 'PATCH' && c.path.includes(token));
    return call ? call.at : undefined;
  });
  return { first: entry.at - t0, answer: answered - t0, token };
}

async function latency(size: number, runs: number): Promise<BenchRow[]> {
  const h = await startHarness({ members: size, boardIntervalMs: 2000 });
  try {
    await timeInteraction(h, 'distribute', [{ name: 'rooms', type: 4, value: Math.min(50, Math.ceil(size / 20)) }]);
    const first: number[] = [];
    const answer: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t = await timeInteraction(h, 'shuffle', []);
      first.push(t.first);
      answer.push(t.answer);
      // Let the board edit of this shuffle finish so runs do not queue behind each other.
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const label = size.toLocaleString('en-US');
    return [
      { name: `discord: interaction → first REST response (defer), ${label} attendees`, median_ms: round(median(first)) },
      { name: `discord: interaction → answer (/breakouts shuffle), ${label} attendees`, median_ms: round(median(answer)) },
    ];
  } finally {
    await h.stop();
  }
}

async function startCounts(): Promise<BenchRow[]> {
  const size = 1000;
  // Members 991–1000 are not in voice: they join the roster from text.
  const h = await startHarness({ members: size, boardIntervalMs: 2000, voiceFor: (i) => (i > size - 10 ? null : IDS.voice) });
  try {
    const { fake, engine } = h;
    await timeInteraction(h, 'rooms', [{ name: 'count', type: 4, value: 50 }]);
    for (let i = size - 9; i <= size; i++) {
      await engine.execute({ target: { place }, actor: { id: memberId(i), name: `Member ${i}` }, command: 'join', input: {} });
    }
    // 80 phone attendees (they get their dial-in by DM), the rest VOIP in voice.
    for (let i = 1; i <= 80; i++) {
      await engine.execute({ target: { place }, actor: { id: memberId(i), name: `Member ${i}` }, command: 'audio', input: { audio: 'phone' } });
    }
    await timeInteraction(h, 'distribute', []);
    const channelsBefore = fake.callsTo('POST', /^\/guilds\/\d+\/channels$/).length;
    await timeInteraction(h, 'apply', []);
    const applied = await waitFor('apply', async () => {
      const m = await engine.get({ place });
      return m?.run?.kind === 'apply' && m.run.finished ? m : undefined;
    }, 60_000);
    const channels = fake.callsTo('POST', /^\/guilds\/\d+\/channels$/).length - channelsBefore;
    const occupied = new Set(applied.attendees.filter((a) => a.room !== null).map((a) => a.room)).size;

    // 50 people are already in their room's channel; 20 placed VOIP people left voice.
    const placed = applied.attendees.filter((a) => a.room !== null && a.audio !== 'phone');
    for (const a of placed.slice(0, 50)) fake.setVoice(a.id, applied.rooms[a.room! - 1]!.resourceId!);
    const leavers = new Set(placed.slice(50, 70).map((a) => a.id));
    for (const id of leavers) fake.setVoice(id, null);
    // Wait until the bot has seen every one of these voice changes and the roster followed.
    const guild = h.bot.client.guilds.cache.get(IDS.guild);
    const before = await waitFor('voice changes seen', async () => {
      const m = await engine.get({ place });
      const seen = placed.slice(0, 70).every((a) => (guild?.voiceStates.cache.get(a.id)?.channelId ?? null) === (fake.voice.get(a.id)?.channelId ?? null));
      return seen && m && !m.attendees.some((a) => leavers.has(a.id)) ? m : undefined;
    }, 30_000);
    // Those who left voice are no longer on the roster (the roster follows voice); those who
    // stayed in voice and are not in their room yet must move.
    const inRoom = before.attendees.filter((a) => a.room !== null);
    const mustMove = inRoom.filter((a) => {
      const channel = fake.voice.get(a.id)?.channelId;
      return channel !== undefined && channel !== null && channel !== before.rooms[a.room! - 1]!.resourceId;
    }).length;
    const dmTargets = inRoom.filter((a) => a.audio === 'phone' || !fake.voice.get(a.id)?.channelId).length;

    const callsBefore = fake.calls.length;
    const t0 = performance.now();
    await timeInteraction(h, 'start', []);
    // Someone asks for the status while the moves are under way: the defer bypasses the queue
    // of moves (interaction callbacks are not globally rate-limited); the answer shares it.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const during = await timeInteraction(h, 'status', []);
    await waitFor('start', async () => {
      const m = await engine.get({ place });
      return m?.run?.kind === 'start' && m.run.finished ? m : undefined;
    }, 120_000);
    const startMs = performance.now() - t0;
    // The status asked during the start is not part of the start's REST calls.
    const calls = fake.calls.slice(callsBefore).filter((c) => !c.path.includes(during.token));
    const dms = calls.filter((c) => c.method === 'POST' && /^\/channels\/\d+\/messages$/.test(c.path) && fake.dmChannels.has(c.path.split('/')[2] ?? '')).length;
    const dmOpens = calls.filter((c) => c.method === 'POST' && c.path === '/users/@me/channels').length;
    const boardEdits = calls.filter((c) => c.method === 'PATCH' && /^\/channels\/\d+\/messages\/\d+$/.test(c.path)).length;
    // Every member PATCH sent, refused ones included: the target is one per member who must move.
    const memberPatches = calls.filter((c) => c.method === 'PATCH' && /^\/guilds\/\d+\/members\/\d+$/.test(c.path)).length;
    return [
      { name: 'discord: first apply, 50 rooms — channels created (50 voice + 1 category)', median_ms: null, count: channels, target: occupied + 1 },
      { name: 'discord: start 1,000 in 50 rooms — member moves (PATCH)', median_ms: null, count: memberPatches, target: mustMove },
      { name: 'discord: start 1,000 in 50 rooms — DMs (phone dial-in + not in voice)', median_ms: null, count: dms, target: dmTargets },
      { name: 'discord: start 1,000 in 50 rooms — DM channels opened', median_ms: null, count: dmOpens, target: dmTargets },
      { name: 'discord: start 1,000 in 50 rooms — board edits', median_ms: null, count: boardEdits },
      { name: 'discord: start 1,000 in 50 rooms — all REST calls (incl. interaction answer)', median_ms: null, count: calls.length },
      { name: 'discord: start 1,000 in 50 rooms — wall time against the loopback fake', median_ms: round(startMs) },
      { name: 'discord: /breakouts status during that start → first REST response (defer)', median_ms: round(during.first) },
      { name: 'discord: /breakouts status during that start → answer', median_ms: round(during.answer) },
    ];
  } finally {
    await h.stop();
  }
}

export async function benchDiscord(): Promise<BenchRow[]> {
  return [...(await latency(20, 15)), ...(await latency(1000, 15)), ...(await startCounts())];
}
