// Live facilitation in Slack, end to end through the real Bolt app against the fake Web API, with a
// clock the tests move by hand (deadlines fall due on a sweep, never by waiting): a timed run's
// warnings and automatic end, broadcasts, the help queue shared by two facilitators, room topics.
import { afterEach, describe, expect, it } from 'vitest';
import { decodeAction } from '../../src/commands/action-id.ts';
import type { Meeting, Place } from '../../src/domain/meeting.ts';
import { METHOD_SCOPES } from '../../adapters/slack/manifest.ts';
import { actionIds, findAction, lastBoard } from './fakes/board-actions.ts';
import { checkMessage } from './fakes/block-kit-check.ts';
import type { RecordedCall } from './fakes/fake-slack.ts';
import { manualClock, startRig, type ManualClock, type Rig } from './fakes/harness.ts';
import { actionPayload, CHANNEL, formPayload, postSigned, TEAM, type Person } from './fakes/signed.ts';

const FAC: Person = { id: 'UFAC', name: 'fran' };
const FAC2: Person = { id: 'UFAC2', name: 'gus' };
const place: Place = { platform: 'slack', workspaceId: TEAM, channelId: CHANNEL, mainRoomId: CHANNEL };
/** U1 and U5 call in by phone; everyone else is on computer audio. */
const PHONE = new Set(['U1', 'U5']);
const START = '2026-11-26T12:00:00Z';
const seconds = (iso: string): number => Date.parse(iso) / 1000;

let rig: Rig | undefined;
afterEach(async () => {
  // Every call the adapter made is one the manifest grants a scope for.
  for (const call of rig?.fake.calls ?? []) expect(Object.keys(METHOD_SCOPES)).toContain(call.method);
  await rig?.close();
  rig = undefined;
});

const posts = (r: Rig, channel: string): RecordedCall[] => r.fake.callsOf('chat.postMessage').filter((c) => c.body['channel'] === channel);
const textOf = (c: RecordedCall | undefined): string => String(c?.body['text'] ?? '');
const saying = (calls: readonly RecordedCall[], words: string): RecordedCall[] => calls.filter((c) => textOf(c).includes(words));
const boardText = (r: Rig): string => JSON.stringify(lastBoard(r)?.body['blocks'] ?? '');

/** Eight people (two phone callers) in four rooms, two facilitators, breakouts started (`start` plus `duration`). */
async function started(clock: ManualClock, duration = ''): Promise<{ r: Rig; meeting: Meeting }> {
  rig = await startRig({ seed: 'live-facilitation', clock });
  const r = rig;
  const people = Array.from({ length: 8 }, (_, i) => ({ id: `U${i + 1}`, name: `person${i + 1}`, audio: PHONE.has(`U${i + 1}`) ? 'phone' : 'voip' }));
  const seeded = await r.engine.execute({ target: { place }, actor: FAC, command: 'import', input: { people } });
  expect(seeded.ok).toBe(true);
  for (const p of [...people, FAC, FAC2]) r.fake.users.set(p.id, { id: p.id, name: p.name });
  await r.command(`facilitator add <@${FAC2.id}|${FAC2.name}>`, FAC);
  await r.command('distribute 4', FAC);
  await r.command(`start ${duration}`.trim(), FAC);
  const meeting = await r.meeting();
  expect(meeting.status).toBe('started');
  expect(meeting.run?.finished).toBe(true);
  expect(meeting.rooms.every((room) => room.resourceId)).toBe(true);
  return { r, meeting };
}

/** Move the clock and deliver whatever fell due (the sweep a deliverer makes), then wait for it all to go out. */
async function advance(r: Rig, clock: ManualClock, ms: number): Promise<void> {
  clock.advance(ms);
  await r.slack.deliverer.sweep({ olderThanMs: 0 });
  await r.slack.deliverer.idle();
}

function roomChannels(meeting: Meeting): string[] {
  return meeting.rooms.map((room) => room.resourceId ?? '');
}

function roomChannelOf(meeting: Meeting, person: string): { room: number; channel: string } {
  const room = meeting.attendees.find((a) => a.id === person)?.room;
  const channel = room ? meeting.rooms[room - 1]?.resourceId : undefined;
  if (!room || !channel) throw new Error(`${person} is in no open room`);
  return { room, channel };
}

/** Phone callers who are in a room (they get the room's notices by DM). */
function phoneCallers(meeting: Meeting): string[] {
  return meeting.attendees.filter((a) => a.audio === 'phone' && a.room !== null).map((a) => a.id);
}

describe('a timed run in Slack', () => {
  it('start 15m: warnings at 5 and 1 minute and the closing notice go once to every room channel and once by DM to every phone caller, then breakouts end by themselves', async () => {
    const clock = manualClock(START);
    const { r, meeting } = await started(clock, '15m');
    const channels = roomChannels(meeting);
    const phones = phoneCallers(meeting);
    expect(phones.sort()).toEqual([...PHONE].sort());
    const voip = meeting.attendees.filter((a) => a.audio === 'voip' && a.room !== null).map((a) => a.id);

    // The board shows the end in each reader's own time zone, never a ticking message.
    expect(boardText(r)).toContain(`<!date^${seconds('2026-11-26T12:15:00Z')}^{time}|12:15 UTC>`);
    expect(boardText(r)).toContain('in 15 min');
    // Each room channel's topic shows its state at a glance.
    for (const channel of channels) expect(r.fake.topics.get(channel)).toMatch(/^⏱ ends 12:15 UTC · \d people?$/);

    const expectOnce = (words: string): void => {
      for (const channel of channels) expect(saying(posts(r, channel), words), `${channel}: ${words}`).toHaveLength(1);
      for (const phone of phones) expect(saying(posts(r, phone), words), `${phone}: ${words}`).toHaveLength(1);
      for (const person of voip) expect(saying(posts(r, person), words)).toHaveLength(0);
    };

    await advance(r, clock, 9 * 60_000);
    expect(saying(r.fake.callsOf('chat.postMessage'), 'left in')).toHaveLength(0);
    await advance(r, clock, 60_000);
    expectOnce('5 minutes left in');
    // Each notice names its room in words.
    for (const [i, channel] of channels.entries()) expect(textOf(saying(posts(r, channel), '5 minutes left')[0])).toContain(`Breakout ${i + 1}`);
    // Sweeping again at the same moment sends nothing twice.
    await advance(r, clock, 0);
    expectOnce('5 minutes left in');

    await advance(r, clock, 4 * 60_000);
    expectOnce('1 minute left in');
    await advance(r, clock, 60_000);
    expectOnce('Time is up in');
    for (const channel of channels) expect(r.fake.topics.get(channel)).toContain('⏱ closing 12:16 UTC');
    expect(boardText(r)).toContain(`<!date^${seconds('2026-11-26T12:16:00Z')}^{time}|12:16 UTC>`);
    expect((await r.meeting()).status).toBe('started');

    // After the grace: the normal End, by itself.
    await advance(r, clock, 60_000);
    const ended = await r.meeting();
    expect(ended.status).toBe('ended');
    expect(ended.run?.kind).toBe('end');
    expect(ended.run?.finished).toBe(true);
    expect(ended.timerEnded).toEqual({ at: '2026-11-26T12:16:00.000Z', lateSeconds: 0 });
    for (const channel of channels) expect(saying(posts(r, channel), 'Breakouts have ended')).toHaveLength(1);
    // Every notice went out exactly once in the whole run.
    expectOnce('5 minutes left in');
    expectOnce('1 minute left in');
    expectOnce('Time is up in');
    for (const call of r.fake.calls.filter((c) => c.method === 'chat.postMessage' || c.method === 'chat.update')) {
      const blocks = call.body['blocks'];
      expect(checkMessage({ text: textOf(call), ...(blocks ? { blocks } : {}) }).problems).toEqual([]);
    }
  });
});

describe('broadcasts in Slack', () => {
  it('a broadcast is one post in every open room channel and one DM to each phone caller, nobody else', async () => {
    const clock = manualClock(START);
    const { r, meeting } = await started(clock);
    const before = r.fake.callsOf('chat.postMessage').length;
    await r.command('broadcast Please wrap up & pick a speaker', FAC);
    const sent = r.fake.callsOf('chat.postMessage').slice(before);
    const channels = roomChannels(meeting);
    const phones = phoneCallers(meeting);
    expect(sent.map((c) => c.body['channel']).sort()).toEqual([...channels, ...phones].sort());
    for (const [i, channel] of channels.entries()) {
      expect(textOf(posts(r, channel).at(-1))).toBe(`📣 fran (facilitator) to every room — here, Breakout ${i + 1}: Please wrap up &amp; pick a speaker`);
    }
    expect(r.replies().at(-1)).toBe('Sent to every open room (4 rooms), and by direct message to 2 phone callers.');
    // The board shows the last broadcast and when, in the reader's time zone.
    expect(boardText(r)).toContain(`Last broadcast <!date^${seconds(START)}^{time}|12:00 UTC> to every room: Please wrap up &amp; pick a speaker`);
  });

  it('broadcast room 2 reaches room 2 only; its words can never mention @channel', async () => {
    const clock = manualClock(START);
    const { r, meeting } = await started(clock);
    const before = r.fake.callsOf('chat.postMessage').length;
    await r.command('broadcast room 2 <!channel> back in 2', FAC);
    const sent = r.fake.callsOf('chat.postMessage').slice(before);
    const inRoom2 = meeting.attendees.filter((a) => a.room === 2 && a.audio === 'phone').map((a) => a.id);
    expect(sent.map((c) => c.body['channel']).sort()).toEqual([meeting.rooms[1]!.resourceId, ...inRoom2].sort());
    expect(textOf(sent[0])).toContain('&lt;!channel&gt; back in 2');
    expect(textOf(sent[0])).not.toContain('<!channel>');
  });

  it('a broadcast longer than the limit is refused with the limit named, and nothing is posted', async () => {
    const clock = manualClock(START);
    const { r } = await started(clock);
    const before = r.fake.callsOf('chat.postMessage').length;
    await r.command(`broadcast ${'x'.repeat(1501)}`, FAC);
    expect(r.replies().at(-1)).toContain('1500');
    expect(r.fake.callsOf('chat.postMessage')).toHaveLength(before);
  });
});

describe('the help queue in Slack', () => {
  it('Ask for help in a room channel reaches every facilitator with “I’ll go”; two press it at once: one claim, the other copy says who is on it, the room is told and the claimer added to its channel', async () => {
    const clock = manualClock(START);
    const { r, meeting } = await started(clock);
    const { room, channel } = roomChannelOf(meeting, 'U2');

    // The room's welcome carries the button.
    const welcome = posts(r, channel).find((c) => textOf(c).includes('Welcome to'));
    const ask = findAction(welcome?.body['blocks'], 'ask');
    await r.click(ask, { id: 'U2', name: 'person2' }, { channel });
    const answer = r.fake.responses.at(-1);
    expect(String(answer?.body['text'])).toContain(`Help asked for Breakout ${room}`);
    expect(decodeAction(findAction(answer?.body['blocks'], 'withdraw')).ok).toBe(true);

    const request = (await r.meeting()).help?.[0];
    expect(request?.state).toBe('open');
    const copies = [FAC, FAC2].map((f) => {
      const dms = posts(r, f.id);
      expect(dms).toHaveLength(1);
      expect(textOf(dms[0])).toContain(`person2 in Breakout ${room}`);
      return { f, dm: dms[0]!, claim: findAction(dms[0]!.body['blocks'], 'claim', request?.id) };
    });
    expect(r.fake.topics.get(channel)).toContain('🙋 help asked');
    expect(boardText(r)).toContain('🙋 help asked');
    expect(actionIds(lastBoard(r)?.body['blocks']).some((id) => { const d = decodeAction(id); return d.ok && d.ref.verb === 'claim'; })).toBe(true);

    // Both press "I'll go" in their DMs at the same moment.
    const invitesBefore = r.fake.callsOf('conversations.invite').length;
    const [a, b] = copies;
    await Promise.all(copies.map((c) => r.click(c.claim, c.f, { channel: `D${c.f.id.slice(1)}` })));
    const after = (await r.meeting()).help?.[0];
    expect(after?.state).toBe('claimed');
    const winner = after?.claimedBy === FAC.id ? a! : b!;
    const loser = winner === a ? b! : a!;
    expect([FAC.id, FAC2.id]).toContain(after?.claimedBy);
    expect(r.replies().some((t) => t.includes(`${winner.f.name} is already on it`))).toBe(true);

    // Every copy (the loser's too) now says who is on it, without the button.
    const refs = after?.copies ?? [];
    expect(refs.map((c) => c.to).sort()).toEqual([FAC.id, FAC2.id].sort());
    expect(refs.find((c) => c.to === loser.f.id)?.ref).toMatch(/^D[A-Z0-9]+:[0-9.]+$/);
    for (const ref of refs) {
      const [dmChannel, ts] = ref.ref.split(':');
      const updates = r.fake.callsOf('chat.update').filter((u) => u.body['channel'] === dmChannel && u.body['ts'] === ts);
      expect(updates).toHaveLength(1);
      expect(textOf(updates[0])).toContain(`${winner.f.name} is on it.`);
      expect(actionIds(updates[0]?.body['blocks'])).toEqual([]);
    }
    // The room is told who is coming, and the claimer is added to its channel.
    expect(saying(posts(r, channel), `${winner.f.name} is coming to help in Breakout ${room}`)).toHaveLength(1);
    const invites = r.fake.callsOf('conversations.invite').slice(invitesBefore);
    expect(invites.map((c) => [c.body['channel'], c.body['users']])).toEqual([[channel, winner.f.id]]);
    expect(r.fake.members.get(channel)?.has(winner.f.id)).toBe(true);
    expect(r.fake.topics.get(channel)).toContain(`🙋 ${winner.f.name} is coming`);
  });

  it('typed in a room channel, /breakouts ask finds its meeting; unclaimed, it pings every facilitator again after 2 minutes; Withdraw takes it back and updates every copy', async () => {
    const clock = manualClock(START);
    const { r, meeting } = await started(clock);
    const { room, channel } = roomChannelOf(meeting, 'U3');
    await r.command('ask stuck on step 3', { id: 'U3', name: 'person3' }, { channel });
    const answer = r.fake.responses.at(-1);
    expect(String(answer?.body['text'])).toContain(`Help asked for Breakout ${room}`);
    const withdraw = findAction(answer?.body['blocks'], 'withdraw');
    for (const f of [FAC, FAC2]) {
      expect(posts(r, f.id)).toHaveLength(1);
      expect(textOf(posts(r, f.id)[0])).toContain('“stuck on step 3”');
    }
    // No meeting was made in the room channel itself.
    expect(await r.engine.get({ place: { platform: 'slack', workspaceId: TEAM, channelId: channel, mainRoomId: channel } })).toBeUndefined();

    await advance(r, clock, 119_000);
    for (const f of [FAC, FAC2]) expect(posts(r, f.id)).toHaveLength(1);
    await advance(r, clock, 1_000);
    for (const f of [FAC, FAC2]) {
      expect(posts(r, f.id)).toHaveLength(2);
      expect(textOf(posts(r, f.id)[1])).toContain('Still waiting for someone');
      expect(findAction(posts(r, f.id)[1]!.body['blocks'], 'claim')).toBeTruthy();
    }
    await advance(r, clock, 60_000);
    for (const f of [FAC, FAC2]) expect(posts(r, f.id)).toHaveLength(2);

    // The asker presses Withdraw on their own answer (an ephemeral message in the room channel).
    await r.click(withdraw, { id: 'U3', name: 'person3' }, { channel, ephemeral: true });
    expect(r.fake.responses.at(-1)?.body['replace_original']).toBe(true);
    expect(String(r.fake.responses.at(-1)?.body['text'])).toContain('is withdrawn');
    const request = (await r.meeting()).help?.[0];
    expect(request?.state).toBe('withdrawn');
    expect(request?.copies).toHaveLength(4);
    for (const ref of request?.copies ?? []) {
      const [dmChannel, ts] = ref.ref.split(':');
      const updated = r.fake.callsOf('chat.update').filter((u) => u.body['channel'] === dmChannel && u.body['ts'] === ts);
      expect(updated).toHaveLength(1);
      expect(textOf(updated[0])).toContain('Withdrawn');
    }
    expect(r.fake.topics.get(channel)).not.toContain('🙋');
    // Withdrawn: no more pings.
    await advance(r, clock, 5 * 60_000);
    for (const f of [FAC, FAC2]) expect(posts(r, f.id)).toHaveLength(2);
  });

  it('“I’ll go” pressed in a DM that names no workspace still reaches the engine, and only there', async () => {
    const clock = manualClock(START);
    const { r, meeting } = await started(clock);
    const { room, channel } = roomChannelOf(meeting, 'U4');
    await r.command('ask', { id: 'U4', name: 'person4' }, { channel });
    const request = (await r.meeting()).help?.[0];
    const claim = findAction(posts(r, FAC2.id)[0]?.body['blocks'], 'claim', request?.id);
    const payload = actionPayload(claim, FAC2, { channel: 'DFAC2', responseUrl: r.fake.responseUrl('no-team') });
    delete payload['team'];
    const user = payload['user'] as Record<string, unknown>;
    delete user['team_id'];
    const res = await postSigned(r.url, formPayload(payload));
    expect(res.status).toBe(200);
    expect((await r.meeting()).help?.[0]).toMatchObject({ state: 'claimed', claimedBy: FAC2.id });
    expect(saying(posts(r, channel), `is coming to help in Breakout ${room}`)).toHaveLength(1);

    // The board's End, sent the same way, is not a DM's button: refused, nothing changes.
    const end = actionPayload(findAction(lastBoard(r)?.body['blocks'], 'end'), FAC, { channel: 'DFAC', responseUrl: r.fake.responseUrl('no-team-end') });
    delete end['team'];
    delete (end['user'] as Record<string, unknown>)['team_id'];
    await postSigned(r.url, formPayload(end));
    expect((await r.meeting()).status).toBe('started');
    expect(String(r.fake.responses.at(-1)?.body['text'])).toContain('Nothing was changed');
  });
});

describe('visiting rooms and room topics in Slack', () => {
  it('visit 3 adds the facilitator to room 3’s channel without changing the layout; visit main changes nothing on Slack', async () => {
    const clock = manualClock(START);
    const { r, meeting } = await started(clock);
    const channel = meeting.rooms[2]!.resourceId!;
    const before = r.fake.callsOf('conversations.invite').length;
    await r.command('visit 3', FAC2);
    expect(r.fake.callsOf('conversations.invite').slice(before).map((c) => [c.body['channel'], c.body['users']])).toEqual([[channel, FAC2.id]]);
    const visiting = await r.meeting();
    expect(visiting.visits).toEqual({ [FAC2.id]: 3 });
    expect(visiting.attendees.map((a) => [a.id, a.room])).toEqual(meeting.attendees.map((a) => [a.id, a.room]));
    expect(boardText(r)).toContain('👀 Visiting: gus');
    // Visiting again after being added is fine: Slack's already_in_channel is not an error.
    const invites = r.fake.callsOf('conversations.invite').length;
    await r.command('visit main', FAC2);
    expect(r.fake.callsOf('conversations.invite')).toHaveLength(invites);
    expect(r.replies().at(-1)).toBe('Back from Breakout 3 to the main room.');
    await r.command('visit 3', FAC2);
    expect(r.fake.callsOf('conversations.invite').at(-1)?.ok).toBe(false);
    expect(r.replies().at(-1)).toContain('Visiting Breakout 3');
    expect(r.replies().join('\n')).not.toContain('could not');
  });

  it('a workspace that never granted the topic scope still runs its rooms: the refusal is logged once, never retried, never shown as an error', async () => {
    const clock = manualClock(START);
    rig = await startRig({ seed: 'topics', clock });
    const r = rig;
    r.fake.on('conversations.setTopic', () => ({ status: 200, body: { ok: false, error: 'missing_scope', needed: 'groups:write.topic' } }));
    const people = Array.from({ length: 4 }, (_, i) => ({ id: `U${i + 1}`, name: `person${i + 1}`, audio: 'voip' }));
    await r.engine.execute({ target: { place }, actor: FAC, command: 'import', input: { people } });
    await r.command('distribute 2', FAC);
    await r.command('start 15m', FAC);
    const meeting = await r.meeting();
    expect(meeting.status).toBe('started');
    expect(meeting.run?.finished).toBe(true);
    expect(r.fake.callsOf('conversations.setTopic').length).toBeGreaterThanOrEqual(2);
    const said = r.logLines.filter((l) => l.includes('groups:write.topic'));
    expect(said).toHaveLength(1);
    expect(r.logLines.filter((l) => l.includes('"level":"error"'))).toEqual([]);
    // The timer goes on regardless.
    await advance(r, clock, 10 * 60_000);
    for (const room of meeting.rooms) expect(saying(posts(r, room.resourceId!), '5 minutes left')).toHaveLength(1);
    expect(r.logLines.filter((l) => l.includes('groups:write.topic'))).toHaveLength(1);
  });
});

