// Live facilitation in the engine: broadcasts reach every open room once and phone callers by DM,
// visits change neither layout nor counts, and the help queue is shared by every facilitator (one
// claim wins, a room's second ask joins the first, the asker can withdraw).
import { describe, expect, test } from 'vitest';
import { LIMITS } from '../../src/domain/meeting.ts';
import type { Effect } from '../../src/domain/outcome.ts';
import { HOST, actor, createHarness, startedWithDialIn, type Harness } from '../engine/helpers.ts';

const FACILITATOR_2 = { id: 'UF2', name: 'Second Host' };

function posts(effects: readonly Effect[]): Extract<Effect, { type: 'room-post' }>[] {
  return effects.filter((e): e is Extract<Effect, { type: 'room-post' }> => e.type === 'room-post');
}
function dmsOf(effects: readonly Effect[], kind: string): Extract<Effect, { type: 'dm' }>[] {
  return effects.filter((e): e is Extract<Effect, { type: 'dm' }> => e.type === 'dm' && e.message.kind === kind);
}

/** Rooms open with a second facilitator in the roster (in the main room). */
async function withTwoFacilitators(seed: string): Promise<Harness> {
  const h = await startedWithDialIn(seed);
  await h.ok('join', {}, FACILITATOR_2);
  await h.ok('facilitator', { action: 'add', user: { id: FACILITATOR_2.id } });
  await h.ok('join', {}, HOST);
  return h;
}

async function someoneIn(h: Harness, audio: 'phone' | 'voip'): Promise<{ id: string; room: number }> {
  const a = (await h.meeting()).attendees.find((x) => x.audio === audio && x.room !== null)!;
  return { id: a.id, room: a.room! };
}

describe('broadcast', () => {
  test('posts once in every open room and DMs only the phone callers in them', async () => {
    const h = await startedWithDialIn('broadcast-all');
    const m = await h.meeting();
    const open = [...new Set(m.attendees.filter((a) => a.room !== null).map((a) => a.room))].sort();
    const phones = m.attendees.filter((a) => a.audio === 'phone' && a.room !== null).map((a) => a.id).sort();
    const outcome = await h.ok('broadcast', { message: 'Five more minutes, then wrap up' });
    expect(posts(outcome.effects).map((p) => p.room).sort()).toEqual(open);
    expect(dmsOf(outcome.effects, 'announcement').map((d) => d.to).sort()).toEqual(phones);
    for (const p of posts(outcome.effects)) expect(p.message.text).toContain(`Breakout ${p.room}`);
    expect(outcome.meeting.broadcast).toMatchObject({ text: 'Five more minutes, then wrap up' });
    expect(outcome.effects[0]).toEqual({ type: 'board' });
  });

  test('“room 3 …” typed reaches one room; a room nobody is in is refused with the open ones', async () => {
    const h = await startedWithDialIn('broadcast-one');
    const outcome = await h.ok('broadcast', { message: 'room 3 Please come back to the main room' });
    expect(posts(outcome.effects).map((p) => p.room)).toEqual([3]);
    expect(outcome.meeting.broadcast).toMatchObject({ text: 'Please come back to the main room', room: 3 });
    const refused = await h.refused('broadcast', { message: 'hello', room: 9 });
    expect(refused.message).toMatch(/Room 9|room number from 1 to 50/);
  });

  test('too long a broadcast is refused with its length and the limit; nothing is sent', async () => {
    const h = await startedWithDialIn('broadcast-long');
    const refused = await h.refused('broadcast', { message: 'x'.repeat(LIMITS.broadcastLength + 1) });
    expect(refused.code).toBe('bad-input');
    expect(refused.message).toContain(`${LIMITS.broadcastLength + 1} characters`);
    expect(refused.message).toContain(String(LIMITS.broadcastLength));
    expect((await h.meeting()).broadcast).toBeUndefined();
  });

  test('before breakouts start there is no room to reach', async () => {
    const h = createHarness('broadcast-draft');
    await h.setup([['v0', 'voip'], ['v1', 'voip']], 1);
    await h.ok('distribute');
    expect((await h.refused('broadcast', { message: 'hi' })).code).toBe('wrong-status');
  });

  test('attendees cannot broadcast', async () => {
    const h = await startedWithDialIn('broadcast-forbidden');
    expect((await h.refused('broadcast', { message: 'hi' }, actor('v0'))).code).toBe('forbidden');
  });
});

describe('visit', () => {
  test('takes the facilitator into a room and back without changing the layout or the counts', async () => {
    const h = await startedWithDialIn('visit');
    const before = await h.meeting();
    const there = await h.ok('visit', { room: 2 });
    expect(there.effects).toContainEqual({ type: 'visit', person: HOST.id, room: 2 });
    expect(there.meeting.attendees).toEqual(before.attendees);
    expect(there.meeting.layoutVersion).toBe(before.layoutVersion);
    expect(there.meeting.visits).toEqual({ [HOST.id]: 2 });
    const back = await h.ok('visit', { room: 'main' });
    expect(back.effects).toContainEqual({ type: 'visit', person: HOST.id, room: null });
    expect(back.meeting.visits).toEqual({});
  });
});

describe('help queue', () => {
  test('an ask reaches every facilitator with an I’ll go button, and pings again in two minutes', async () => {
    const h = await withTwoFacilitators('ask');
    const asker = await someoneIn(h, 'voip');
    const outcome = await h.ok('ask', { note: 'We are stuck on question 2' }, actor(asker.id));
    const copies = dmsOf(outcome.effects, 'help-request');
    expect(copies.map((c) => c.to).sort()).toEqual([HOST.id, FACILITATOR_2.id].sort());
    const message = copies[0]!.message;
    expect(message.kind === 'help-request' && message.text).toContain(`Breakout ${asker.room}`);
    expect(message.kind === 'help-request' && message.note).toBe('We are stuck on question 2');
    const asked = outcome.meeting.help![0]!;
    expect(outcome.effects).toContainEqual({ type: 'tick', due: new Date(Date.parse(asked.at) + 120_000).toISOString() });
    expect(outcome.effects).toContainEqual({ type: 'room-status', room: asker.room });
  });

  test('a second ask from the same room joins the open request: no second ping', async () => {
    const h = await withTwoFacilitators('ask-twice');
    const first = await someoneIn(h, 'voip');
    const m = await h.meeting();
    const mate = m.attendees.find((a) => a.room === first.room && a.id !== first.id)!;
    await h.ok('ask', {}, actor(first.id));
    const again = await h.ok('ask', {}, actor(mate.id));
    expect(dmsOf(again.effects, 'help-request')).toEqual([]);
    expect(again.meeting.help).toHaveLength(1);
    expect(again.meeting.help![0]!.askers).toEqual([first.id, mate.id]);
  });

  test('two facilitators press I’ll go at once: exactly one claim; the other is told who is on it', async () => {
    const h = await withTwoFacilitators('claim-race');
    const asker = await someoneIn(h, 'voip');
    const asked = await h.ok('ask', {}, actor(asker.id));
    const id = asked.meeting.help![0]!.id;
    const [a, b] = await Promise.all([h.ok('claim', { request: id }, HOST), h.ok('claim', { request: id }, FACILITATOR_2)]);
    const winners = [a, b].filter((o) => o.changed);
    expect(winners).toHaveLength(1);
    const loser = [a, b].find((o) => !o.changed)!;
    expect(loser.reply).toMatch(/is already on it/);
    const winner = winners[0]!;
    const claimer = winner === a ? HOST : FACILITATOR_2;
    expect(winner.meeting.help![0]).toMatchObject({ state: 'claimed', claimedBy: claimer.id });
    expect(winner.effects).toContainEqual({ type: 'help-update', requestId: id });
    expect(winner.effects).toContainEqual({ type: 'visit', person: claimer.id, room: asker.room });
    expect(posts(winner.effects)).toEqual([expect.objectContaining({ room: asker.room, message: expect.objectContaining({ kind: 'help-coming', text: expect.stringContaining(`${claimer.name} is coming to help in Breakout ${asker.room}`) }) })]);
    // The room's phone callers are told too.
    const phonesThere = winner.meeting.attendees.filter((x) => x.audio === 'phone' && x.room === asker.room).map((x) => x.id);
    expect(dmsOf(winner.effects, 'announcement').map((d) => d.to)).toEqual(phonesThere);
  });

  test('claim typed with a room number takes that room’s request', async () => {
    const h = await withTwoFacilitators('claim-typed');
    const asker = await someoneIn(h, 'voip');
    await h.ok('ask', {}, actor(asker.id));
    const claimed = await h.ok('claim', { room: asker.room });
    expect(claimed.meeting.help![0]).toMatchObject({ state: 'claimed', claimedBy: HOST.id });
  });

  test('the asker withdraws: every copy is updated and the room’s status cleared', async () => {
    const h = await withTwoFacilitators('withdraw');
    const asker = await someoneIn(h, 'voip');
    const asked = await h.ok('ask', {}, actor(asker.id));
    const out = await h.ok('withdraw', {}, actor(asker.id));
    expect(out.meeting.help![0]!.state).toBe('withdrawn');
    expect(out.effects).toEqual(expect.arrayContaining([{ type: 'help-update', requestId: asked.meeting.help![0]!.id }, { type: 'room-status', room: asker.room }]));
    const late = await h.ok('claim', { request: asked.meeting.help![0]!.id });
    expect(late.changed).toBe(false);
    expect(late.reply).toMatch(/withdrawn/);
  });

  test('asking from the main room, or before breakouts start, is refused in words', async () => {
    const h = await withTwoFacilitators('ask-main');
    expect((await h.refused('ask', {}, FACILITATOR_2)).message).toMatch(/not in a breakout room/);
    const d = createHarness('ask-draft');
    await d.setup([['v0', 'voip'], ['v1', 'voip']], 1);
    await d.ok('distribute');
    expect((await d.refused('ask', {}, actor('v0'))).code).toBe('wrong-status');
  });

  test('a copy remembered after the request was taken is brought up to date at once', async () => {
    const h = await withTwoFacilitators('late-copy');
    const asker = await someoneIn(h, 'voip');
    const asked = await h.ok('ask', {}, actor(asker.id));
    const id = asked.meeting.help![0]!.id;
    const early = await h.engine.execute({ target: { meetingId: asked.meeting.id }, actor: { id: 'system', name: 'Breakouts', system: true }, command: 'help-copy', input: { requestId: id, to: HOST.id, ref: 'D1:1' } });
    expect(early.ok && early.effects).toEqual([]);
    await h.ok('claim', { request: id }, FACILITATOR_2);
    const late = await h.engine.execute({ target: { meetingId: asked.meeting.id }, actor: { id: 'system', name: 'Breakouts', system: true }, command: 'help-copy', input: { requestId: id, to: FACILITATOR_2.id, ref: 'D2:1' } });
    expect(late.ok && late.effects).toEqual([{ type: 'help-update', requestId: id }]);
    expect((await h.meeting()).help![0]!.copies).toEqual([{ to: HOST.id, ref: 'D1:1' }, { to: FACILITATOR_2.id, ref: 'D2:1' }]);
  });
});
