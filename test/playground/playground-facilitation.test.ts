// Live facilitation in the playground without a browser: the simulated platform keeps each room's
// chat and status line and updates a help request's copies in place; through the session, a timed
// run warns every room once and ends by itself, a broadcast reaches every open room once, and the
// help queue goes from ask to "I'll go" (or withdraw) with every facilitator's copy updated. The
// clock is injected and moved on by hand: nothing here waits for real time.
import { afterEach, describe, expect, it } from 'vitest';
import type { Playground } from '../../adapters/playground/index.ts';
import { PLAYGROUND_PLACE } from '../../adapters/playground/index.ts';
import { createSimulatedPlatform, type Change } from '../../adapters/playground/platform.ts';
import { SavedStateSchema } from '../../adapters/playground/saved-state.ts';
import type { BoardView, InboxView } from '../../adapters/playground/view.ts';
import { simulatedPeople } from '../../adapters/playground/people.ts';
import { createEngine } from '../../src/engine/engine.ts';
import { createSeededRandom } from '../../src/domain/random.ts';
import type { Meeting } from '../../src/domain/meeting.ts';
import { createMemoryStore } from '../../src/store/store.ts';
import { createTestClock, startTestPlayground, type TestClock } from './harness.ts';

const MINUTE = 60_000;
const START = '2030-03-04T09:00:00.000Z';

let playground: Playground | undefined;

afterEach(async () => {
  await playground?.stop();
  playground = undefined;
});

/** A meeting of six in two rooms, from the real engine (not started: the platform is called by hand). */
async function twoRooms(): Promise<Meeting> {
  const engine = createEngine({ store: createMemoryStore(), clock: createTestClock(START), random: createSeededRandom('fan-out') });
  const host = { id: 'host', name: 'Host' };
  const people = simulatedPeople(new Set(), 6, { phone: 0, voip: 1, listening: 0 }, createSeededRandom(1));
  await engine.execute({ target: { place: PLAYGROUND_PLACE }, actor: host, command: 'import', input: { people } });
  const outcome = await engine.execute({ target: { place: PLAYGROUND_PLACE }, actor: host, command: 'distribute', input: { rooms: 2 } });
  if (!outcome.ok) throw new Error(outcome.message);
  return outcome.meeting;
}

/**
 * 16 people (a quarter on the phone) and a second facilitator, in 4 rooms, started with a timer.
 * Returns who is where: an attendee of each room, the phone callers, the other facilitator.
 */
async function timedRun(pg: Playground, duration = '15m'): Promise<{ rooms: number[]; askerOf: (room: number) => string; phone: string[]; cohost: string }> {
  await pg.session.addPeople('host', { count: 16, mix: { phone: 25, voip: 75, listening: 0 } });
  const before = (await pg.session.view('host')).board!;
  const cohost = before.main.find((p) => p.audio === 'voip' && p.id !== 'host')!;
  expect(await pg.session.command('host', `facilitator add <@${cohost.id}|${cohost.name}>`)).toMatchObject({ ok: true });
  expect(await pg.session.command('host', 'distribute 4')).toMatchObject({ ok: true });
  expect(await pg.session.command('host', `start ${duration}`)).toMatchObject({ ok: true });
  await pg.session.settle();
  const board = (await pg.session.view('host')).board!;
  const rooms = board.rooms.filter((r) => r.size > 0).map((r) => r.number);
  const phone = board.rooms.flatMap((r) => r.people).filter((p) => p.audio === 'phone').map((p) => p.id);
  const askerOf = (room: number): string => board.rooms[room - 1]!.people.find((p) => p.role !== 'facilitator')!.id;
  return { rooms, askerOf, phone, cohost: cohost.id };
}

async function boardOf(pg: Playground, as = 'host'): Promise<BoardView> {
  return (await pg.session.view(as)).board!;
}

/** How many messages of this kind each open room's chat has. */
function chatCounts(pg: Playground, rooms: readonly number[], kind: string): number[] {
  return rooms.map((n) => pg.session.platform.rooms().get(n)?.chat.filter((m) => m.kind === kind).length ?? 0);
}

async function helpCopies(pg: Playground, as: string): Promise<InboxView[]> {
  return (await pg.session.view(as)).inbox.filter((m) => m.kind === 'help-request');
}

describe('the simulated platform', () => {
  it('posts in each room’s own chat, keeps each room’s status line, and finds a help request’s copy again by its reference', async () => {
    const meeting = await twoRooms();
    const changes: Change[] = [];
    const platform = createSimulatedPlatform({ clock: createTestClock(START), onChange: (c) => changes.push(c) });
    const [one, two] = meeting.rooms;
    for (const room of [one!, two!]) {
      await platform.postToRoom(meeting, room, { kind: 'broadcast', meetingId: meeting.id, room: room.number, roomName: room.name, text: `Hello ${room.name}` });
    }
    await platform.setRoomStatus(meeting, one!, '⏱ ends 09:15 UTC · 3 people');
    expect([...platform.rooms().values()].map((r) => [r.room, r.status, r.chat.map((m) => `${m.kind}: ${m.text}`)])).toEqual([
      [1, '⏱ ends 09:15 UTC · 3 people', ['broadcast: Hello Breakout 1']],
      [2, '', ['broadcast: Hello Breakout 2']],
    ]);
    // One line per post in the activity, naming the room.
    expect(platform.feed().filter((e) => e.kind === 'room-post').map((e) => e.text)).toEqual([
      "In Breakout 1's chat (broadcast): Hello Breakout 1",
      "In Breakout 2's chat (broadcast): Hello Breakout 2",
    ]);

    // A help request's copy answers with a reference; updating it replaces the text and retires the button.
    const sent = await platform.sendDirect(meeting, 'host', { kind: 'help-request', meetingId: meeting.id, requestId: 'r1', room: 1, roomName: 'Breakout 1', askers: ['Ada'], text: 'Ada in Breakout 1 asked for help.', claimLabel: 'I’ll go' });
    expect(sent).toEqual({ ref: expect.stringMatching(/^pg-dm-[0-9]+$/) });
    const noRef = await platform.sendDirect(meeting, 'host', { kind: 'announcement', meetingId: meeting.id, room: 1, roomName: 'Breakout 1', text: 'One minute left in Breakout 1.' });
    expect(noRef).toBeUndefined();
    await platform.updateHelpCopy(meeting, { to: 'host', ref: sent!.ref! }, 'Ada in Breakout 1 asked for help.\nBo is on it.');
    expect(platform.inbox('host').map((m) => m.message)).toMatchObject([
      { kind: 'help-request', requestId: 'r1', text: 'Ada in Breakout 1 asked for help.\nBo is on it.', settled: true },
      { kind: 'announcement', text: 'One minute left in Breakout 1.' },
    ]);
    // An unknown reference (a copy dropped over the inbox limit) changes nothing.
    await platform.updateHelpCopy(meeting, { to: 'host', ref: 'pg-dm-999' }, 'nothing');
    expect(platform.inbox('host')).toHaveLength(2);

    // Everything the page shows is saved with the inboxes, and comes back after a restart.
    const saved = SavedStateSchema.parse(JSON.parse(JSON.stringify(platform.snapshot())));
    expect(saved.rooms?.map((r) => [r.room, r.chat.length])).toEqual([
      [1, 1],
      [2, 1],
    ]);
    expect(changes).toContain('rooms');
    const again = createSimulatedPlatform({ clock: createTestClock(START), onChange: () => undefined, saved });
    expect(again.rooms().get(1)).toEqual(platform.rooms().get(1));
    expect(again.inbox('host')).toEqual(platform.inbox('host'));
    // A file written before rooms had chats still loads.
    const { rooms: _rooms, ...older } = saved;
    expect(SavedStateSchema.safeParse(older).success).toBe(true);
  });
});

describe('live facilitation through the playground session', () => {
  let clock: TestClock;

  async function start(seed: string): Promise<Playground> {
    clock = createTestClock(START);
    playground = await startTestPlayground(seed, undefined, undefined, { clock });
    return playground;
  }

  it('a 15-minute run warns every open room once at 5 and 1 minute left (phone callers by DM), then ends by itself', async () => {
    const pg = await start('timed');
    const { rooms, phone } = await timedRun(pg);
    expect(rooms.length).toBe(4);
    const live = (await boardOf(pg)).live;
    expect(live.timer).toEqual({ endsAt: '2030-03-04T09:15:00.000Z', closing: false, line: expect.stringContaining('09:15 UTC') });
    // Each open room shows its status line, with the timer.
    expect((await boardOf(pg)).rooms.filter((r) => r.size > 0).map((r) => r.status)).toEqual(rooms.map(() => expect.stringMatching(/^⏱ ends 09:15 UTC · [0-9]+ people$/)));

    clock.advance(10 * MINUTE + 1000);
    await pg.session.catchUp();
    expect(chatCounts(pg, rooms, 'timer-warning')).toEqual(rooms.map(() => 1));
    // Catching up again gives nothing twice.
    await pg.session.catchUp();
    expect(chatCounts(pg, rooms, 'timer-warning')).toEqual(rooms.map(() => 1));
    for (const id of phone) expect(pg.session.platform.inbox(id).filter((m) => m.message.kind === 'announcement')).toHaveLength(1);
    // Every notice names the room in words.
    for (const n of rooms) expect(pg.session.platform.rooms().get(n)!.chat.find((m) => m.kind === 'timer-warning')!.text).toContain(`Breakout ${n}`);

    clock.advance(4 * MINUTE);
    await pg.session.catchUp();
    expect(chatCounts(pg, rooms, 'timer-warning')).toEqual(rooms.map(() => 2));

    clock.advance(MINUTE);
    await pg.session.catchUp();
    expect(chatCounts(pg, rooms, 'timer-closing')).toEqual(rooms.map(() => 1));
    expect((await boardOf(pg)).live.timer?.closing).toBe(true);
    expect((await boardOf(pg)).status).toBe('started');

    clock.advance(MINUTE + 1000);
    await pg.session.catchUp();
    const ended = await boardOf(pg);
    expect(ended.status).toBe('ended');
    expect(ended.live.timer).toBeUndefined();
    expect(pg.session.platform.feed().filter((e) => e.kind === 'close')).toHaveLength(rooms.length);
  });

  it('a broadcast is posted once in every open room, DMed to phone callers, and shown on the board with when', async () => {
    const pg = await start('broadcast');
    const { rooms, phone } = await timedRun(pg);
    const reply = await pg.session.command('host', 'broadcast Wrap up, please: back in two minutes.');
    expect(reply).toMatchObject({ ok: true });
    await pg.session.settle();
    expect(chatCounts(pg, rooms, 'broadcast')).toEqual(rooms.map(() => 1));
    for (const id of phone) expect(pg.session.platform.inbox(id).filter((m) => m.message.kind === 'announcement')).toHaveLength(1);
    expect((await boardOf(pg)).live.broadcast).toEqual({ text: 'Wrap up, please: back in two minutes.', at: START, line: expect.stringContaining('to every room') });

    // One room only: the typed form names it.
    expect(await pg.session.command('host', `broadcast room ${rooms[0]} Just you`)).toMatchObject({ ok: true });
    await pg.session.settle();
    expect(chatCounts(pg, rooms, 'broadcast')).toEqual(rooms.map((_, i) => (i === 0 ? 2 : 1)));
    expect((await boardOf(pg)).live.broadcast).toMatchObject({ text: 'Just you', roomName: `Breakout ${rooms[0]}` });

    // Too long: a refusal in words, nothing sent.
    const long = await pg.session.command('host', `broadcast ${'x'.repeat(1600)}`);
    expect(long).toMatchObject({ ok: false });
    expect(long.ok ? '' : long.message).toContain('1500');
  });

  it('Ask for help reaches every facilitator with I’ll go; the first to press it takes it and every copy says who is on it', async () => {
    const pg = await start('help');
    const { rooms, askerOf, cohost } = await timedRun(pg);
    const room = rooms[0]!;
    const asker = askerOf(room);
    // The attendee presses Ask for help on their room's welcome message.
    const welcome = (await boardOf(pg, asker)).rooms[room - 1]!.chat.find((m) => m.kind === 'welcome')!;
    expect(welcome.button).toMatchObject({ label: 'Ask for help', verb: 'ask', where: 'room' });
    expect(await pg.session.action(asker, welcome.button!.id, undefined, 'room')).toMatchObject({ ok: true });
    await pg.session.settle();

    const queued = (await boardOf(pg)).live.help;
    expect(queued).toMatchObject([{ room, state: 'open', roomName: `Breakout ${room}`, claim: { label: 'I’ll go', verb: 'claim' } }]);
    expect((await boardOf(pg)).rooms[room - 1]!.helpAsked).toBe(true);
    // Not a facilitator: no button.
    expect((await boardOf(pg, asker)).live.help[0]!.claim).toBeUndefined();
    const mine = await helpCopies(pg, 'host');
    const theirs = await helpCopies(pg, cohost);
    expect(mine).toMatchObject([{ title: `Help asked in Breakout ${room}`, button: { label: 'I’ll go' } }]);
    expect(theirs).toMatchObject([{ button: { label: 'I’ll go' } }]);

    // The host presses I'll go in their inbox.
    expect(await pg.session.action('host', mine[0]!.button!.id, String(mine[0]!.id), 'dm')).toMatchObject({ ok: true });
    await pg.session.settle();
    const after = await boardOf(pg);
    expect(after.live.help).toMatchObject([{ room, state: 'claimed', claimedBy: 'Host' }]);
    expect(after.live.help[0]!.claim).toBeUndefined();
    expect(after.rooms[room - 1]!.visitors).toEqual(['Host']);
    for (const copy of [...(await helpCopies(pg, 'host')), ...(await helpCopies(pg, cohost))]) {
      expect(copy).toMatchObject({ settled: true, text: expect.stringContaining('Host is on it.') });
      expect(copy.button).toBeUndefined();
    }
    // The room is told who is coming.
    expect(pg.session.platform.rooms().get(room)!.chat.filter((m) => m.kind === 'help-coming').map((m) => m.text)).toEqual([expect.stringContaining(`Host is coming to help in Breakout ${room}`)]);

    // The other facilitator's late press changes nothing.
    const late = await pg.session.action(cohost, theirs[0]!.button!.id, String(theirs[0]!.id), 'dm');
    expect(late).toMatchObject({ ok: true, reply: expect.stringContaining('Host is already on it') });
  });

  it('an attendee who asked can withdraw: the queue empties and every facilitator’s copy says so', async () => {
    const pg = await start('withdraw');
    const { rooms, askerOf } = await timedRun(pg);
    const room = rooms[1]!;
    const asker = askerOf(room);
    expect(await pg.session.command(asker, 'ask the projector is off')).toMatchObject({ ok: true });
    await pg.session.settle();
    expect((await boardOf(pg)).live.help).toMatchObject([{ room, note: 'the projector is off', state: 'open' }]);
    // The asker's own panel offers to withdraw it, from their room.
    const withdraw = (await pg.session.view(asker)).you.actions.find((a) => a.verb === 'withdraw')!;
    expect(withdraw).toMatchObject({ label: 'Withdraw my request', where: 'room' });
    expect(await pg.session.action(asker, withdraw.id, undefined, 'room')).toMatchObject({ ok: true });
    await pg.session.settle();
    expect((await boardOf(pg)).live.help).toEqual([]);
    expect(await helpCopies(pg, 'host')).toMatchObject([{ settled: true, text: expect.stringContaining('Withdrawn') }]);
  });
});
