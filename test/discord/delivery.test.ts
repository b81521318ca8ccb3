// What follows the engine's answer on Discord, through the real discord.js bot on the loopback
// fake: the first answer edits the deferred reply, later sentences follow up with their true
// cause, stale clicks and Refresh redraw the shared board, and the board ends on the latest state.
import { afterEach, describe, expect, test } from 'vitest';
import { discordPlace } from '../../adapters/discord/meeting-index.ts';
import { encodeAction } from '../../src/commands/action-id.ts';
import { EVERYONE_PERMS, IDS, memberId } from './fakes/fake-discord.ts';
import { startHarness, waitFor, type Harness } from './fakes/harness.ts';
import { answerOf, boardMessage, idOf, meetingIn, postedBoard, runFinished, slash } from './helpers.ts';

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

const FACILITATOR = { id: IDS.facilitator, name: 'Fran Facilitator', canManage: true };
const rooms = (n: number) => [{ name: 'rooms', type: 4, value: n }];
const boardText = (r: Harness): string => JSON.stringify(boardMessage(r).embeds);

/** A meeting of six in two rooms with its board posted and remembered. */
async function meetingWithBoard(): Promise<Harness> {
  h = await startHarness({ members: 6 });
  await slash(h, IDS.facilitator, 'distribute', rooms(2));
  await postedBoard(h);
  await waitFor('board remembered', async () => (await meetingIn(h!)).resources['boardMessage']);
  return h;
}

/** Change the meeting behind the adapter's back, so that the shared board is out of date. */
async function addRoomsQuietly(r: Harness, count: number): Promise<void> {
  const outcome = await r.engine.execute({ target: { place: discordPlace(IDS.guild, IDS.voice) }, actor: FACILITATOR, command: 'rooms', input: { count } });
  expect(outcome.ok).toBe(true);
}

describe('after the engine answered', () => {
  test('a click built on an old board is answered that the board changed, and the shared board is redrawn', async () => {
    const r = await meetingWithBoard();
    const board = boardMessage(r);
    await addRoomsQuietly(r, 4);
    expect(boardText(r)).not.toContain('4. Breakout 4');

    const answer = await answerOf(r, r.fake.click(IDS.facilitator, idOf(board, 'Apply'), board));
    expect(answer.content).toContain('board changed');
    await waitFor('the board redrawn', () => boardText(r).includes('4. Breakout 4'));
    expect((await meetingIn(r)).run).toBeUndefined();
  });

  test('Refresh redraws the shared board from the meeting as it is now', async () => {
    const r = await meetingWithBoard();
    await addRoomsQuietly(r, 3);
    const meeting = await meetingIn(r);
    const board = boardMessage(r);
    const token = r.fake.click(memberId(1), encodeAction({ verb: 'refresh', meetingId: meeting.id, version: meeting.version, args: [] }), board, { permissions: EVERYONE_PERMS });
    expect((await answerOf(r, token)).content).toBe('Board refreshed.');
    await waitFor('the board redrawn', () => boardText(r).includes('3. Breakout 3'));
  });

  test('a Refresh Discord will not let Breakouts post is answered with what to grant, not with an apology', async () => {
    const r = await meetingWithBoard();
    const meeting = await meetingIn(r);
    // The permission stays missing until someone grants it: every edit of the board is refused, not
    // just the next one (a one-time refusal could be used up by another board update in flight).
    r.fake.fail({ method: 'PATCH', path: new RegExp(`^/channels/${IDS.text}/messages/\\d+$`), status: 403, body: { message: 'Missing Permissions', code: 50013 }, times: Number.POSITIVE_INFINITY });
    const token = r.fake.click(IDS.facilitator, encodeAction({ verb: 'refresh', meetingId: meeting.id, version: meeting.version, args: [] }), boardMessage(r));
    expect((await answerOf(r, token)).content).toBe('Board refreshed.');
    const followUp = await waitFor('the follow-up', () => r.fake.responses.get(token)?.followUps[0]);
    expect(followUp.flags).toBe(64);
    expect(followUp.content).toContain('The board could not be refreshed');
    expect(followUp.content).toContain('Send Messages');
    expect(r.logs.filter((l) => l.includes('interaction failed'))).toEqual([]);
  });

  test('a direct message Discord refuses is told to the person after their answer, with the reason', async () => {
    h = await startHarness();
    await slash(h, IDS.facilitator, 'distribute', rooms(2));
    const room1 = (await meetingIn(h)).attendees.filter((a) => a.room === 1);
    const caller = room1[0]!;
    const closed = room1[1]!;
    h.fake.closedDms.add(closed.id);

    const token = h.fake.slash(IDS.facilitator, 'audio', [
      { name: 'audio', type: 3, value: 'phone' },
      { name: 'user', type: 6, value: caller.id },
    ]);
    expect((await answerOf(h, token)).content).toContain('now phone');
    const followUp = await waitFor('the follow-up', () => h!.fake.responses.get(token)?.followUps[0]);
    expect(followUp.flags).toBe(64);
    expect(followUp.content).toContain('The change is saved, but 1 direct message could not be sent');
    expect(followUp.content).toContain('their DMs are closed');
  });

  test('a start that stops half-way tells the facilitator how far it got, why, and how to carry on', async () => {
    h = await startHarness({ members: 6 });
    await slash(h, IDS.facilitator, 'distribute', rooms(3));
    await slash(h, IDS.facilitator, 'apply');
    await runFinished(h, 'apply');
    h.fake.fail({ method: 'PATCH', path: /^\/guilds\/\d+\/members\/\d+$/, status: 500, body: { message: 'boom', code: 0 }, times: 1, after: 1 });

    const token = h.fake.slash(IDS.facilitator, 'start');
    expect((await answerOf(h, token)).content).toContain('Starting breakouts');
    const followUp = await waitFor('the follow-up', () => h!.fake.responses.get(token)?.followUps[0]);
    expect(followUp.content).toMatch(/^The start stopped after \d+ of \d+ steps\./);
    expect(followUp.content).toContain('Discord answered with an error (HTTP 500)');
    expect(followUp.content).toContain('press Resume start');
  });

  test('changes that arrive together leave the shared board showing the meeting as it ends up', async () => {
    const r = await meetingWithBoard();
    const tokens = [3, 4, 5, 6, 7].map((count) => r.fake.slash(IDS.facilitator, 'rooms', [{ name: 'count', type: 4, value: count }]));
    for (const token of tokens) await answerOf(r, token);
    const final = (await meetingIn(r)).rooms.length;
    await waitFor(`the board with ${final} rooms`, () => boardText(r).includes(`${final}. Breakout ${final}`) && !boardText(r).includes(`${final + 1}. Breakout`));
    expect(r.fake.channelMessages(IDS.text)).toHaveLength(1);
  });
});

test('/breakouts-me join by a member who may not manage creates no meeting, not even from the voice roster', async () => {
  h = await startHarness();
  expect(await slash(h, memberId(1), 'join', [], { command: 'breakouts-me', permissions: EVERYONE_PERMS })).toContain('no Breakouts meeting in this voice channel yet');
  expect(await h.engine.get({ place: discordPlace(IDS.guild, IDS.voice) })).toBeUndefined();
  expect(await h.store.outboxDepth()).toBe(0);
  expect(await h.engine.get({ place: discordPlace(IDS.guild, IDS.voice) })).toBeUndefined();
});
