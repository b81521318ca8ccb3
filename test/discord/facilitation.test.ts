// Live facilitation on Discord through the real discord.js and the loopback fake, with a clock the
// test moves by hand (no sleeping): a timed run with extend and shorten (warnings once per room
// voice channel chat and once per phone caller, voice channel statuses, the automatic end),
// broadcast fan-out, the help queue shared by two facilitators, and visiting rooms.
import { afterEach, describe, expect, test } from 'vitest';
import { z } from 'zod';
import { decodeAction } from '../../src/commands/action-id.ts';
import type { Meeting, Room } from '../../src/domain/meeting.ts';
import { EVERYONE_PERMS, IDS, memberId, PERMS } from './fakes/fake-discord.ts';
import { manualClock, startBot, startHarness, waitFor, type Harness, type ManualClock, type RunningBot } from './fakes/harness.ts';
import { answerOf, boardMessage, components, idOf, meetingIn, postedBoard, runFinished, slash, type StoredMessage } from './helpers.ts';

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

const T0 = '2026-03-02T10:00:00.000Z';
const MINUTE = 60_000;
const NOT_MANAGER = EVERYONE_PERMS;
const PHONE = [5, 6];
const seconds = (iso: string): number => Math.floor(Date.parse(iso) / 1000);

interface Started {
  readonly r: Harness;
  readonly clock: ManualClock;
  readonly meeting: Meeting;
  /** The open rooms with their voice channels. */
  readonly rooms: readonly (Room & { readonly resourceId: string })[];
}

/**
 * Members 1–6 in the main voice channel, 5 and 6 dialled in by phone, 3 rooms, started (with
 * `duration` when given); everything the start caused delivered.
 */
async function started(options: { duration?: string; botPermissions?: bigint; seed?: string } = {}): Promise<Started> {
  const clock = manualClock(T0);
  const r = await startHarness({ members: 6, clock, seed: options.seed ?? 'discord-facilitation', ...(options.botPermissions !== undefined ? { botPermissions: options.botPermissions } : {}) });
  h = r;
  await slash(r, IDS.facilitator, 'dialin', [
    { name: 'number', type: 3, value: '+15550100' },
    { name: 'codes', type: 3, value: '111# 222# 333#' },
  ]);
  for (const i of PHONE) await slash(r, memberId(i), 'audio', [{ name: 'audio', type: 3, value: 'phone' }], { command: 'breakouts-me', permissions: NOT_MANAGER });
  await slash(r, IDS.facilitator, 'distribute', [{ name: 'rooms', type: 4, value: 3 }]);
  const answer = await slash(r, IDS.facilitator, 'start', options.duration ? [{ name: 'duration', type: 3, value: options.duration }] : []);
  expect(answer).toContain('Starting breakouts in 3 rooms');
  await runFinished(r, 'start');
  await settle(r);
  const meeting = await meetingIn(r);
  const rooms = meeting.rooms.filter((room): room is Room & { resourceId: string } => room.resourceId !== undefined && meeting.attendees.some((a) => a.room === room.number));
  expect(rooms).toHaveLength(3);
  return { r, clock, meeting, rooms };
}

/**
 * Until Breakouts has nothing left to send: the deliverer idle and no REST call for a moment (an
 * interaction's answer goes out before its effects are delivered, so idle alone can be too early).
 */
async function settle(r: Harness): Promise<void> {
  for (;;) {
    await r.bot.deliverer.idle();
    const calls = r.fake.calls.length;
    await new Promise((resolve) => setTimeout(resolve, 40));
    if (r.fake.calls.length === calls) return r.bot.deliverer.idle();
  }
}

/** The clock moves on; whatever fell due is delivered (as the sweeper would, at once). */
async function advance(s: Started, ms: number): Promise<void> {
  s.clock.advance(ms);
  await s.r.bot.deliverer.sweep({ olderThanMs: 0 });
  await settle(s.r);
}

/** What Breakouts posted in a room voice channel's own chat, oldest first. */
const roomChat = (s: Started, room: Room): StoredMessage[] => s.r.fake.channelMessages(room.resourceId ?? '');
const chatTexts = (s: Started, room: Room, has: string): string[] => roomChat(s, room).map((m) => m.content).filter((c) => c.includes(has));
/** Phone callers of the meeting (in rooms), and everyone else. */
const callers = (m: Meeting) => m.attendees.filter((a) => a.audio === 'phone' && a.room !== null);
const others = (m: Meeting) => m.attendees.filter((a) => a.audio !== 'phone');
const dmTexts = (s: Started, id: string, has: string): string[] => s.r.fake.dmsTo(id).map((m) => m.content).filter((c) => c.includes(has));
const StatusBodySchema = z.object({ status: z.string() });
const statusPuts = (s: Started, room: Room): string[] =>
  s.r.fake.callsTo('PUT', new RegExp(`^/channels/${room.resourceId}/voice-status$`)).map((c) => StatusBodySchema.parse(c.body).status);

describe('a timed run', () => {
  test('start 15m, +5m, -2m: warnings at 5 and 1 min and time up, once per room chat and per phone caller, statuses follow, then it ends by itself', async () => {
    const s = await started({ duration: '15m' });
    const { r, rooms } = s;
    // Each room's chat was welcomed with "Ask for help"; its voice channel shows when it ends.
    for (const room of rooms) {
      const welcome = roomChat(s, room)[0]!;
      expect(welcome.content).toContain(`Welcome to ${room.name}`);
      expect(components(welcome).map((c) => c.label)).toEqual(['🙋 Ask for help']);
      expect(r.fake.voiceStatus.get(room.resourceId)).toMatch(/^⏱ ends 10:15 UTC · \d people?$/);
    }
    // The board shows the end in each reader's own time zone, never a ticking message.
    const endsAt = seconds('2026-03-02T10:15:00.000Z');
    await waitFor('board with the timer', () => JSON.stringify(boardMessage(r).embeds).includes(`<t:${endsAt}:t>`));
    expect(JSON.stringify(boardMessage(r).embeds)).toContain(`<t:${endsAt}:R>`);

    // 10:09: +5m (ends 10:20), then -2m (ends 10:18).
    await advance(s, 9 * MINUTE);
    expect(await slash(r, IDS.facilitator, 'timer', [{ name: 'change', type: 3, value: '+5m' }])).toContain('Extended by 5 min');
    expect(await slash(r, IDS.facilitator, 'timer', [{ name: 'change', type: 3, value: '-2m' }])).toContain('Shortened by 2 min');
    await settle(r);
    for (const room of rooms) await waitFor('status with the new end', () => r.fake.voiceStatus.get(room.resourceId)?.startsWith('⏱ ends 10:18 UTC'));
    const newEnd = seconds('2026-03-02T10:18:00.000Z');
    await waitFor('board with the new end', () => JSON.stringify(boardMessage(r).embeds).includes(`<t:${newEnd}:R>`));
    // 10:10 (the first end's 5-minute mark) and 10:12: nothing is due yet.
    await advance(s, 3 * MINUTE);
    for (const room of rooms) expect(chatTexts(s, room, 'left in')).toEqual([]);

    // 10:13: five minutes left, once per room and once per phone caller, also when swept again.
    await advance(s, MINUTE);
    await advance(s, 0);
    const meeting = await meetingIn(r);
    for (const room of rooms) expect(chatTexts(s, room, '5 minutes left')).toEqual([`5 minutes left in ${room.name} (${meeting.title}): rooms close at 10:18 UTC.`]);
    expect(callers(meeting).map((a) => a.id).sort()).toEqual(PHONE.map(memberId).sort());
    for (const a of callers(meeting)) expect(dmTexts(s, a.id, '5 minutes left')).toEqual([`5 minutes left in Breakout ${a.room} (${meeting.title}): rooms close at 10:18 UTC.`]);
    for (const a of others(meeting)) expect(dmTexts(s, a.id, 'left in')).toEqual([]);

    // 10:17: one minute left.
    await advance(s, 4 * MINUTE);
    for (const room of rooms) expect(chatTexts(s, room, '1 minute left')).toHaveLength(1);
    for (const a of callers(meeting)) expect(dmTexts(s, a.id, '1 minute left')).toHaveLength(1);

    // 10:18: time is up, the rooms close in 60 s; the statuses say so.
    await advance(s, MINUTE);
    for (const room of rooms) {
      expect(chatTexts(s, room, 'Time is up')).toEqual([`Time is up in ${room.name} (${meeting.title}): this room closes in 60 s (at 10:19 UTC).`]);
      expect(r.fake.voiceStatus.get(room.resourceId)).toMatch(/^⏱ closing 10:19 UTC · /);
    }
    for (const a of callers(meeting)) expect(dmTexts(s, a.id, 'Time is up')).toHaveLength(1);
    expect((await meetingIn(r)).status).toBe('started');

    // 10:19: the meeting ends by itself; everyone is back in the main voice channel; statuses are cleared.
    await advance(s, MINUTE);
    const ended = await runFinished(r, 'end');
    await settle(r);
    expect(ended.status).toBe('ended');
    for (const a of meeting.attendees) expect(r.fake.voice.get(a.id)?.channelId).toBe(IDS.voice);
    for (const room of rooms) {
      expect(statusPuts(s, room).at(-1)).toBe('');
      // Every notice was posted exactly once in each room: welcome, 5 min, 1 min, time up.
      expect(roomChat(s, room)).toHaveLength(4);
    }
    for (const a of callers(meeting)) {
      for (const notice of ['5 minutes left', '1 minute left', 'Time is up']) expect(dmTexts(s, a.id, notice)).toHaveLength(1);
    }
    await advance(s, 10 * MINUTE);
    for (const room of rooms) expect(roomChat(s, room)).toHaveLength(4);
  });

  test('a restart half-way: a warning missed while Breakouts was down is given once (the most urgent), and an end long past ends the meeting with a note that it was late', async () => {
    const s = await started({ duration: '15m' });
    const { r, rooms, clock } = s;
    /** Breakouts stops, the clock runs on, and a new process starts on the same store. */
    async function restart(downMs: number): Promise<RunningBot> {
      await h!.bot.stop();
      clock.advance(downMs);
      const next = await startBot(r.fake, { store: r.store, clock, seed: 'discord-restart' });
      const stop = async (): Promise<void> => {
        await next.bot.stop();
        await r.fake.stop();
      };
      h = { ...r, bot: next.bot, engine: next.engine, logs: next.logs, stop };
      await next.bot.deliverer.sweep({ olderThanMs: 0 });
      await settle(h);
      return next;
    }
    // Down from 10:00 to 10:11: the 5-minute mark (10:10) passed; the new process says 4 minutes, once.
    await restart(11 * MINUTE);
    for (const room of rooms) expect(chatTexts(s, room, 'left in')).toEqual([`4 minutes left in ${room.name} (${s.meeting.title}): rooms close at 10:15 UTC.`]);
    await h!.bot.deliverer.sweep({ olderThanMs: 0 });
    await settle(h!);
    for (const room of rooms) expect(chatTexts(s, room, 'left in')).toHaveLength(1);

    // Down again until 10:25: time was up at 10:15 and the rooms should have closed at 10:16.
    const last = await restart(14 * MINUTE);
    const ended = await runFinished(h!, 'end');
    await settle(h!);
    expect(ended.timerEnded).toMatchObject({ lateSeconds: 540 });
    for (const a of ended.attendees) expect(r.fake.voice.get(a.id)?.channelId).toBe(IDS.voice);
    // Nothing missed is said late: no "1 minute left" and no "time is up" once the end is past.
    for (const room of rooms) expect(roomChat(s, room).map((m) => m.content).filter((c) => c.includes('1 minute') || c.includes('Time is up'))).toEqual([]);
    await waitFor('the board says it ended late', () => JSON.stringify(boardMessage(h!).embeds).includes('Breakouts ended 9 min late'));
    expect(last.logs.some((l) => l.includes('"level":"error"'))).toBe(false);
  });

  test('without Set Voice Channel Status the rooms show no status: nothing is asked of Discord, it is logged once, and the run goes on', async () => {
    const s = await started({ duration: '15m', botPermissions: PERMS.viewChannel | PERMS.sendMessages | PERMS.embedLinks | PERMS.connect | PERMS.speak | PERMS.manageChannels | PERMS.moveMembers });
    const { r, rooms } = s;
    expect(r.fake.callsTo('PUT', /voice-status$/)).toEqual([]);
    await advance(s, 10 * MINUTE);
    for (const room of rooms) expect(chatTexts(s, room, '5 minutes left')).toHaveLength(1);
    expect(r.fake.callsTo('PUT', /voice-status$/)).toEqual([]);
    expect(r.logs.filter((l) => l.includes('Set Voice Channel Status'))).toHaveLength(1);
    expect((await meetingIn(r)).run?.steps.every((step) => step.state === 'done')).toBe(true);
  });

  test('a status Discord refuses (50013) is logged once and never fails the change', async () => {
    const s = await started();
    const { r, rooms } = s;
    r.fake.fail({ method: 'PUT', path: /voice-status$/, status: 403, body: { message: 'Missing Permissions', code: 50013 }, times: 100 });
    expect(await slash(r, IDS.facilitator, 'timer', [{ name: 'change', type: 3, value: '10m' }])).toContain('Timer set: 10 min');
    await settle(r);
    await waitFor('refused PUTs', () => r.fake.callsTo('PUT', /voice-status$/).filter((c) => c.status === 403).length >= rooms.length);
    expect(r.logs.filter((l) => l.includes('Set Voice Channel Status'))).toHaveLength(1);
    expect(r.logs.filter((l) => l.includes('"level":"error"') && l.includes('room-status'))).toEqual([]);
  });
});

describe('broadcast', () => {
  test('one post in each open room’s chat, a DM to each phone caller and to nobody else; the board shows it', async () => {
    const s = await started();
    const { r, rooms } = s;
    const before = new Map((await meetingIn(r)).attendees.map((a) => [a.id, r.fake.dmsTo(a.id).length]));
    const answer = await slash(r, IDS.facilitator, 'broadcast', [{ name: 'message', type: 3, value: 'Five more minutes on question 2, then write down one idea.' }]);
    expect(answer).toBe('Sent to every open room (3 rooms), and by direct message to 2 phone callers.');
    await waitFor('a post in every room', () => rooms.every((room) => chatTexts(s, room, 'Five more minutes').length > 0));
    await settle(r);
    const meeting = await meetingIn(r);
    for (const room of rooms) {
      expect(chatTexts(s, room, 'Five more minutes')).toEqual([`📣 Fran Facilitator (facilitator) to every room — here, ${room.name}: Five more minutes on question 2, then write down one idea.`]);
    }
    for (const a of meeting.attendees) {
      const sent = r.fake.dmsTo(a.id).slice(before.get(a.id));
      expect(sent.map((m) => m.content.includes('Five more minutes'))).toEqual(a.audio === 'phone' ? [true] : []);
    }
    // The posts name nobody to ping.
    const posts = r.fake.callsTo('POST', /^\/channels\/\d+\/messages$/).filter((c) => rooms.some((room) => c.path.includes(room.resourceId)));
    for (const post of posts) expect(post.body).toMatchObject({ allowed_mentions: { parse: [] } });
    const at = seconds(meeting.broadcast!.at);
    await waitFor('board with the broadcast', () => JSON.stringify(boardMessage(r).embeds).includes(`📣 Last broadcast <t:${at}:R> to every room: Five more minutes`));

    // "room 2 …" goes to room 2 alone.
    await slash(r, IDS.facilitator, 'broadcast', [{ name: 'message', type: 3, value: 'room 2 Only for you' }]);
    await waitFor('the post in room 2', () => rooms.some((room) => chatTexts(s, room, 'Only for you').length > 0));
    await settle(r);
    expect(rooms.map((room) => chatTexts(s, room, 'Only for you').length)).toEqual(rooms.map((room) => (room.number === 2 ? 1 : 0)));
  });

  test('a broadcast too long is refused with the limit, and nothing is posted', async () => {
    const s = await started();
    const posts = s.r.fake.callsTo('POST', /^\/channels\/\d+\/messages$/).length;
    const answer = await slash(s.r, IDS.facilitator, 'broadcast', [{ name: 'message', type: 3, value: 'x'.repeat(1501) }]);
    expect(answer).toContain('1501 characters');
    expect(answer).toContain('1500');
    expect(s.r.fake.callsTo('POST', /^\/channels\/\d+\/messages$/)).toHaveLength(posts);
  });
});

describe('the help queue', () => {
  /** A second facilitator: a member in voice, in a room. */
  async function twoFacilitators(s: Started): Promise<[string, string]> {
    const second = (await meetingIn(s.r)).attendees.find((a) => a.id !== IDS.facilitator && a.audio !== 'phone' && a.room !== null)!;
    expect(await slash(s.r, IDS.facilitator, 'facilitator', [{ name: 'action', type: 3, value: 'add' }, { name: 'user', type: 6, value: second.id }])).toContain(second.name);
    return [IDS.facilitator, second.id];
  }

  /** An attendee of `room` who is no facilitator. */
  async function asker(s: Started, room: number, not: readonly string[] = []): Promise<string> {
    const m = await meetingIn(s.r);
    return m.attendees.find((a) => a.room === room && a.role !== 'facilitator' && !not.includes(a.id))!.id;
  }

  const helpDms = (s: Started, id: string): StoredMessage[] => s.r.fake.dmsTo(id).filter((m) => m.content.includes('asked for help'));

  test('Ask for help in a room’s chat DMs each facilitator with I’ll go; two press at once: one claim, every copy says who, the room is told, the claimer moves in', async () => {
    const s = await started();
    const { r } = s;
    const facilitators = await twoFacilitators(s);
    const room = s.rooms[0]!;
    const who = await asker(s, room.number, facilitators);
    const welcome = roomChat(s, room)[0]!;

    // The button in the room voice channel's chat: the click comes from that channel.
    const token = r.fake.click(who, idOf(welcome, '🙋 Ask for help'), welcome, { permissions: NOT_MANAGER });
    const reply = await answerOf(r, token);
    expect(reply.flags).toBe(64);
    expect(reply.content).toContain(`Help asked for ${room.name}: 2 facilitators told`);
    expect(reply.content).toContain('/breakouts-me withdraw');
    expect(components(reply).map((c) => c.label)).toEqual(['Withdraw my request']);
    await waitFor('both copies remembered', async () => (await meetingIn(r)).help?.[0]?.copies.length === 2);
    await settle(r);

    const request = (await meetingIn(r)).help![0]!;
    for (const f of facilitators) {
      const dms = helpDms(s, f);
      expect(dms).toHaveLength(1);
      expect(dms[0]!.content).toContain(`in ${room.name}`);
      const claim = decodeAction(idOf(dms[0]!, 'I’ll go'));
      expect(claim.ok && claim.ref.verb === 'claim' && claim.ref.args).toEqual([request.id]);
    }
    expect((await meetingIn(r)).help![0]!.copies).toHaveLength(2);
    await waitFor('status: help asked', () => r.fake.voiceStatus.get(room.resourceId)?.endsWith('🙋 help asked'));
    const board = await waitFor('board with the request', () => (components(boardMessage(r)).some((c) => c.label === `🙋 I’ll go: ${room.name}`) ? boardMessage(r) : undefined));
    expect(JSON.stringify(board.embeds)).toContain('🙋 Help requests: 1 waiting');
    expect(JSON.stringify(board.embeds)).toContain(`${room.number}. ${room.name}`);

    // Both press "I'll go" in their DMs at the same moment.
    const [a, b] = facilitators.map((f) => helpDms(s, f)[0]!);
    const tokens = [r.fake.click(facilitators[0], idOf(a!, 'I’ll go'), a!, { inDm: true }), r.fake.click(facilitators[1], idOf(b!, 'I’ll go'), b!, { inDm: true })];
    const answers = await Promise.all(tokens.map((t) => answerOf(r, t)));
    await waitFor('the room told', () => chatTexts(s, room, 'is coming to help').length > 0);
    await settle(r);
    const after = (await meetingIn(r)).help![0]!;
    expect(after.state).toBe('claimed');
    const winner = after.claimedBy!;
    const loser = facilitators.find((f) => f !== winner)!;
    const names = new Map((await meetingIn(r)).attendees.map((x) => [x.id, x.name]));
    expect(answers[facilitators.indexOf(winner)]!.content).toContain(`You are on it: going to ${room.name}`);
    expect(answers[facilitators.indexOf(loser)]!.content).toContain(`${names.get(winner)} is already on it`);

    // Every copy (the loser's too) now says who is on it, without the button.
    for (const f of facilitators) {
      const copy = await waitFor('copy edited', () => helpDms(s, f).find((m) => m.content.endsWith(`${names.get(winner)} is on it.`)));
      expect(copy.components).toEqual([]);
    }
    expect(chatTexts(s, room, 'is coming to help')).toEqual([`🙋 ${names.get(winner)} is coming to help in ${room.name}.`]);
    expect(r.fake.voice.get(winner)?.channelId).toBe(room.resourceId);
    expect(r.fake.voiceStatus.get(room.resourceId)).toContain(`🙋 ${names.get(winner)} is coming`);
    // Exactly one claim: one "coming" post, one move of the winner into the room, no move of the loser.
    expect(r.fake.moves.filter((m) => m.userId === loser && m.channelId === room.resourceId)).toHaveLength(0);
  });

  test('/breakouts-me ask typed in a room voice channel’s chat finds the meeting; unclaimed, it pings every facilitator again after 2 minutes; Withdraw updates every copy', async () => {
    const s = await started();
    const { r } = s;
    const facilitators = await twoFacilitators(s);
    const room = s.rooms[1]!;
    const who = await asker(s, room.number, facilitators);
    const token = r.fake.slash(who, 'ask', [{ name: 'note', type: 3, value: 'We are stuck on question 3' }], { command: 'breakouts-me', permissions: NOT_MANAGER, channelId: room.resourceId });
    const reply = await answerOf(r, token);
    expect(reply.content).toContain(`Help asked for ${room.name}`);
    await waitFor('both copies remembered', async () => (await meetingIn(r)).help?.[0]?.copies.length === 2);
    await settle(r);
    for (const f of facilitators) {
      expect(helpDms(s, f).map((m) => m.content.includes('“We are stuck on question 3”'))).toEqual([true]);
    }

    // 1:59 later nothing; at 2:00 every facilitator gets it again, once.
    await advance(s, 2 * MINUTE - 1000);
    for (const f of facilitators) expect(helpDms(s, f)).toHaveLength(1);
    await advance(s, 1000);
    await advance(s, 0);
    for (const f of facilitators) {
      const dms = helpDms(s, f);
      expect(dms).toHaveLength(2);
      expect(dms[1]!.content).toContain('Still waiting for someone');
      const [again, first] = [decodeAction(idOf(dms[1]!, 'I’ll go')), decodeAction(idOf(dms[0]!, 'I’ll go'))];
      expect(again.ok && again.ref.args).toEqual(first.ok && first.ref.args);
    }
    expect((await meetingIn(r)).help![0]!.copies).toHaveLength(4);

    // The asker withdraws with the button on their answer: all four copies say so, without buttons.
    const withdrawn = r.fake.click(who, idOf(reply, 'Withdraw'), reply, { permissions: NOT_MANAGER });
    expect((await answerOf(r, withdrawn)).content).toContain(`Your request for help in ${room.name} is withdrawn`);
    await waitFor('every copy edited', () => facilitators.every((f) => helpDms(s, f).every((m) => m.content.includes('Withdrawn'))));
    await settle(r);
    for (const f of facilitators) {
      for (const copy of helpDms(s, f)) {
        expect(copy.content).toContain('Withdrawn: they no longer need help.');
        expect(copy.components).toEqual([]);
      }
    }
    await waitFor('status without the request', () => r.fake.voiceStatus.get(room.resourceId)?.includes('🙋') === false);
    expect((await meetingIn(r)).help![0]!.state).toBe('withdrawn');
    // No more pings for a withdrawn request.
    await advance(s, 5 * MINUTE);
    for (const f of facilitators) expect(helpDms(s, f)).toHaveLength(2);
  });

  test('a second ask from the same room joins the open request: no second ping', async () => {
    const s = await started();
    const { r } = s;
    const room = s.rooms[0]!;
    const first = await asker(s, room.number);
    const second = await asker(s, room.number, [first]);
    await slash(r, first, 'ask', [], { command: 'breakouts-me', permissions: NOT_MANAGER, channelId: room.resourceId });
    const joined = await slash(r, second, 'ask', [], { command: 'breakouts-me', permissions: NOT_MANAGER, channelId: room.resourceId });
    expect(joined).toContain('you were added to that request');
    await settle(r);
    expect(helpDms(s, IDS.facilitator)).toHaveLength(1);
    expect((await meetingIn(r)).help).toHaveLength(1);
  });
});

describe('visiting rooms', () => {
  test('visit 2 moves the facilitator into room 2’s voice channel without changing the layout; visit main brings them back', async () => {
    const s = await started();
    const { r } = s;
    const room2 = s.rooms.find((room) => room.number === 2)!;
    const before = await meetingIn(r);
    const answer = await slash(r, IDS.facilitator, 'visit', [{ name: 'room', type: 3, value: '2' }]);
    expect(answer).toContain(`Visiting ${room2.name}`);
    await waitFor('moved into room 2', () => r.fake.voice.get(IDS.facilitator)?.channelId === room2.resourceId);
    await settle(r);
    expect(r.fake.voice.get(IDS.facilitator)?.channelId).toBe(room2.resourceId);
    const during = await meetingIn(r);
    expect(during.attendees.map((a) => [a.id, a.room])).toEqual(before.attendees.map((a) => [a.id, a.room]));
    await waitFor('board shows the visitor', () => JSON.stringify(boardMessage(r).embeds).includes('👀 Visiting: Fran Facilitator'));

    expect(await slash(r, IDS.facilitator, 'visit', [{ name: 'room', type: 3, value: 'main' }])).toContain('Back from');
    await waitFor('back in the main room', () => r.fake.voice.get(IDS.facilitator)?.channelId === IDS.voice);
    await settle(r);
    expect(r.fake.voice.get(IDS.facilitator)?.channelId).toBe(IDS.voice);
    expect((await meetingIn(r)).attendees.map((a) => [a.id, a.room])).toEqual(before.attendees.map((a) => [a.id, a.room]));
  });

  test('a facilitator who is not in voice is not moved (no call Discord would refuse), and the visit is still recorded', async () => {
    const s = await started();
    const { r } = s;
    r.fake.setVoice(IDS.facilitator, null);
    await waitFor('left voice', () => r.bot.client.guilds.cache.get(IDS.guild)?.voiceStates.cache.get(IDS.facilitator)?.channelId === null);
    await settle(r);
    const moves = r.fake.callsTo('PATCH', new RegExp(`/members/${IDS.facilitator}$`)).length;
    const answer = await slash(r, IDS.facilitator, 'visit', [{ name: 'room', type: 3, value: '3' }]);
    expect(answer).toContain('Visiting');
    await settle(r);
    expect(r.fake.callsTo('PATCH', new RegExp(`/members/${IDS.facilitator}$`))).toHaveLength(moves);
    expect((await meetingIn(r)).visits?.[IDS.facilitator]).toBe(3);
  });
});

test('the board keeps its buttons within 5 rows when many rooms ask for help at once', async () => {
  const s = await started({ seed: 'discord-many-asks' });
  const { r } = s;
  for (const room of s.rooms) {
    const m = await meetingIn(r);
    const who = m.attendees.find((a) => a.room === room.number && a.role !== 'facilitator')!;
    await slash(r, who.id, 'ask', [], { command: 'breakouts-me', permissions: NOT_MANAGER, channelId: room.resourceId });
  }
  await settle(r);
  const board = await waitFor('three I’ll go buttons', async () => {
    const b = await postedBoard(r);
    return components(b).filter((c) => c.label?.startsWith('🙋 I’ll go')).length === 3 ? b : undefined;
  });
  expect(board.components.length).toBeLessThanOrEqual(5);
  expect(JSON.stringify(board.embeds)).toContain('🙋 Help requests: 3 waiting');

  // "I'll go" on the board takes that room's request, like the DM's.
  const first = components(board).find((c) => c.label?.startsWith('🙋 I’ll go'))!;
  const answer = await answerOf(r, r.fake.click(IDS.facilitator, first.custom_id!, board));
  expect(answer.content).toContain('You are on it');
  await settle(r);
  expect((await meetingIn(r)).help?.filter((x) => x.state === 'claimed').map((x) => x.claimedBy)).toEqual([IDS.facilitator]);
  await waitFor('two I’ll go left', () => components(boardMessage(r)).filter((c) => c.label?.startsWith('🙋 I’ll go')).length === 2);
});
