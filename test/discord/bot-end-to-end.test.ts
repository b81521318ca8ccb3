// The real discord.js Client logged in to the loopback fake: slash commands, the board, moves
// by select, conflict DMs, apply/start/end with moves and DMs, 429s, a crash and its resume,
// the voice roster, refusals. One file so discord.js loads once.
import { noMetrics } from '../../src/runtime/metrics.ts';
import { noOps } from '../../src/runtime/adapter.ts';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, test } from 'vitest';
import { z } from 'zod';
import { createDiscordBot } from '../../adapters/discord/index.ts';
import { registerCommands } from '../../adapters/discord/register-commands.ts';
import { buildDiscordCommands } from '../../adapters/discord/command-json.ts';
import { encodeAction } from '../../src/commands/action-id.ts';
import { loadConfig } from '../../src/runtime/config.ts';
import { createEngine } from '../../src/engine/engine.ts';
import { createLogger } from '../../src/runtime/logger.ts';
import { createSeededRandom } from '../../src/domain/random.ts';
import { createMemoryStore } from '../../src/store/store.ts';
import { BOT_PERMS, EVERYONE_PERMS, FakeDiscord, IDS, memberId, PERMS } from './fakes/fake-discord.ts';
import { TOKEN, startHarness, waitFor, type Harness, type HarnessOptions } from './fakes/harness.ts';
import { answerOf, boardMessage, components, idOf, meetingIn, postedBoard, runFinished, slash } from './helpers.ts';

let h: Harness | undefined;
async function harness(options: HarnessOptions = {}): Promise<Harness> {
  h = await startHarness(options);
  return h;
}
afterEach(async () => {
  if (!h) return;
  const logs = h.logs.join('\n');
  await h.stop();
  h = undefined;
  expect(logs).not.toContain(TOKEN);
});

const NOT_MANAGER = EVERYONE_PERMS;
const rooms = (n: number) => [{ name: 'rooms', type: 4, value: n }];

describe('slash commands and the board', () => {
  test('/breakouts distribute is deferred ephemerally at once, then posts the board with every voice member placed', async () => {
    const { fake } = await harness();
    const token = fake.slash(IDS.facilitator, 'distribute', rooms(2));
    const answer = await answerOf(h!, token);
    const callbacks = fake.responses.get(token)?.callbacks ?? [];
    expect(callbacks[0]?.type).toBe(5);
    expect(callbacks).toHaveLength(1);
    expect(callbacks[0]?.data).toMatchObject({ flags: 64 });
    expect(answer.content).toContain('Placed 6 people in 2 rooms');

    const board = await waitFor('board', () => fake.channelMessages(IDS.text)[0]);
    const text = JSON.stringify(board.embeds);
    expect(text).toContain('1. Breakout 1 (3 ·');
    expect(text).toContain('📞 Phone');
    expect(components(board).map((c) => c.label ?? c.type)).toEqual(['Distribute', 'Shuffle', 'Add a room', 'Apply', 'Apply and Start', 'Join', 'My audio', 5]);
    const meeting = await waitFor('board remembered', async () => {
      const m = await meetingIn(h!);
      return m.resources['boardMessage'] ? m : undefined;
    });
    expect(meeting.attendees).toHaveLength(7);
    expect(meeting.resources).toMatchObject({ boardChannel: IDS.text, boardMessage: board.id });
  });

  test('a user select then a room select moves the person and edits the board in place', async () => {
    const { fake } = await harness();
    await slash(h!, IDS.facilitator, 'distribute', rooms(2));
    await waitFor('board', () => fake.channelMessages(IDS.text)[0]);
    const before = await meetingIn(h!);
    const who = before.attendees.find((a) => a.room === 1)!;

    const pick = fake.click(IDS.facilitator, idOf(boardMessage(h!), 5), boardMessage(h!), { componentType: 5, values: [who.id] });
    const picker = await answerOf(h!, pick);
    expect(picker.flags).toBe(64);
    expect(picker.content).toContain(who.name);
    const select = components(picker)[0]!;
    const patchesBefore = fake.callsTo('PATCH', /^\/channels\/\d+\/messages\/\d+$/).length;

    const move = fake.click(IDS.facilitator, select.custom_id!, picker, { componentType: 3, values: ['2'] });
    await waitFor('moved answer', () => fake.reply(move)?.content.includes('Moved'));
    await waitFor('board edit', () => JSON.stringify(boardMessage(h!).embeds).includes('2. Breakout 2 (4 ·'));
    expect(fake.callsTo('PATCH', /^\/channels\/\d+\/messages\/\d+$/).length).toBeGreaterThan(patchesBefore);
    const after = await meetingIn(h!);
    expect(after.attendees.find((a) => a.id === who.id)?.room).toBe(2);
    expect(fake.channelMessages(IDS.text)).toHaveLength(1);
  });

  test('/breakouts status shows the board to the asker only, and help explains the commands', async () => {
    const { fake } = await harness();
    await slash(h!, IDS.facilitator, 'distribute', rooms(2));
    const token = fake.slash(memberId(1), 'status', [], { command: 'breakouts-me', permissions: NOT_MANAGER });
    const status = await answerOf(h!, token);
    expect(status.flags).toBe(64);
    expect(JSON.stringify(status.embeds)).toContain('Breakout 2');
    expect(await slash(h!, memberId(1), 'help', [], { command: 'breakouts-me', permissions: NOT_MANAGER })).toContain('/breakouts distribute');
  });
});

describe('board buttons', () => {
  test('My audio opens a choice for the clicker only, and a choice sets their audio', async () => {
    const { fake } = await harness();
    await slash(h!, IDS.facilitator, 'distribute', rooms(2));
    const board = await postedBoard(h!);
    const chooser = await answerOf(h!, fake.click(memberId(1), idOf(board, 'My audio'), board, { permissions: NOT_MANAGER }));
    expect(chooser.flags).toBe(64);
    expect(components(chooser).map((c) => c.label)).toEqual(['📞 Phone', '💻 VOIP (computer audio)', '🎧 Just listening']);
    const token = fake.click(memberId(1), idOf(chooser, '🎧'), chooser, { permissions: NOT_MANAGER });
    await waitFor('audio set', () => fake.reply(token)?.content.includes('now listening'));
    expect((await meetingIn(h!)).attendees.find((a) => a.id === memberId(1))?.audio).toBe('listening');
  });

  test('Shuffle asks first; Add a room adds one; Join adds someone from text', async () => {
    const { fake } = await harness({ members: 6, voiceFor: (i) => (i === 6 ? null : IDS.voice) });
    await slash(h!, IDS.facilitator, 'distribute', rooms(2));
    const board = await postedBoard(h!);
    const firstAdd = idOf(board, 'Add a room');
    const confirm = await answerOf(h!, fake.click(IDS.facilitator, idOf(board, 'Shuffle'), board));
    expect(confirm.content).toBe('Re-split everyone from scratch?');
    const yes = fake.click(IDS.facilitator, idOf(confirm, 'Yes: Shuffle'), confirm);
    await waitFor('shuffled', () => fake.reply(yes)?.content.startsWith('Shuffled'));

    // The board message is edited in place: wait for its buttons to carry the new version.
    const current = await waitFor('new board', () => (idOf(boardMessage(h!), 'Add a room') !== firstAdd ? boardMessage(h!) : undefined));
    const secondJoin = idOf(current, 'Join');
    await answerOf(h!, fake.click(IDS.facilitator, idOf(current, 'Add a room'), current));
    expect((await meetingIn(h!)).rooms).toHaveLength(3);

    const latest = await waitFor('board after add', () => (idOf(boardMessage(h!), 'Join') !== secondJoin ? boardMessage(h!) : undefined));
    const joined = await answerOf(h!, fake.click(memberId(6), idOf(latest, 'Join'), latest, { permissions: NOT_MANAGER }));
    expect(joined.content).toContain('You joined');
  });

  test('a large board pages: More shows the next page to the clicker, with Previous and Next', async () => {
    const { fake } = await harness({ members: 400 });
    await slash(h!, IDS.facilitator, 'distribute', rooms(10));
    const board = await postedBoard(h!);
    const more = components(board).find((c) => c.label?.startsWith('More (page 2 of'));
    expect(more).toBeDefined();
    const page2 = await answerOf(h!, fake.click(memberId(1), more!.custom_id!, board, { permissions: NOT_MANAGER }));
    expect(page2.flags).toBe(64);
    expect(JSON.stringify(page2.embeds)).toContain('Page 2 of');
    expect(components(page2)[0]?.label).toBe('‹ Previous');
  });

  test('a /breakouts status typed outside the board’s channel pages too', async () => {
    const { fake } = await harness({ members: 400 });
    await slash(h!, IDS.facilitator, 'distribute', rooms(10));
    await postedBoard(h!);
    const status = await answerOf(h!, fake.slash(memberId(1), 'status', [], { command: 'breakouts-me', permissions: NOT_MANAGER, channelId: IDS.voice }));
    expect(status.channel_id).toBe(IDS.voice);
    const next = fake.click(memberId(1), idOf(status, 'Next'), status, { permissions: NOT_MANAGER });
    await waitFor('page 2', () => JSON.stringify(fake.reply(next)?.embeds ?? []).includes('Page 2 of'));
  });

  test('answers point attendees to /breakouts-me, the command every member can see', async () => {
    await harness();
    const answer = await slash(h!, IDS.facilitator, 'distribute', [{ name: 'channel', type: 7, value: IDS.otherVoice }]);
    expect(answer).toContain('attendees join with /breakouts-me join');
  });

  test('/breakouts-me does not start a meeting for a member without Move Members', async () => {
    const { fake } = await harness();
    expect(await slash(h!, memberId(1), 'join', [], { command: 'breakouts-me', permissions: NOT_MANAGER })).toContain('no Breakouts meeting in this voice channel yet');
    expect(await h!.engine.get({ meetingId: 'none' })).toBeUndefined();
    expect(fake.channelMessages(IDS.text)).toHaveLength(0);
  });
});

describe('audio conflicts', () => {
  test('a conflict DMs each affected attendee exactly once, and "I’ve switched to phone" sets their audio', async () => {
    const { fake } = await harness();
    await slash(h!, IDS.facilitator, 'distribute', rooms(2));
    const meeting = await meetingIn(h!);
    const room1 = meeting.attendees.filter((a) => a.room === 1);
    const caller = room1[0]!;
    const affected = room1.slice(1).map((a) => a.id);

    expect(await slash(h!, IDS.facilitator, 'audio', [{ name: 'audio', type: 3, value: 'phone' }, { name: 'user', type: 6, value: caller.id }])).toContain('now phone');
    await waitFor('conflict DMs', () => affected.every((id) => fake.dmsTo(id).length === 1));
    const dm = fake.dmsTo(affected[0]!)[0]!;
    expect(dm.content).toContain('Breakout 1');
    expect(dm.content).toContain(caller.name);
    await waitFor('red board', () => JSON.stringify(boardMessage(h!).embeds).includes('🟥 Audio conflicts'));

    // Another change re-renders the board but prompts nobody again: the engine keeps the same
    // prompts (so no DM is on its way), and none was sent.
    const prompts = (await meetingIn(h!)).prompts;
    await slash(h!, IDS.facilitator, 'rooms', [{ name: 'count', type: 4, value: 3 }]);
    await waitFor('board with 3 rooms', () => JSON.stringify(boardMessage(h!).embeds).includes('3. Breakout 3'));
    expect((await meetingIn(h!)).prompts).toEqual(prompts);
    expect(affected.map((id) => fake.dmsTo(id).length)).toEqual(affected.map(() => 1));
    expect(fake.dmsTo(caller.id)).toHaveLength(0);

    const confirm = fake.click(affected[0]!, idOf(dm, 'I’ve switched'), dm, { inDm: true });
    expect((await answerOf(h!, confirm)).content).toContain('your audio is now phone');
    expect((await meetingIn(h!)).attendees.find((a) => a.id === affected[0])?.audio).toBe('phone');

    // The other affected attendee switches too: the conflict clears, and an old prompt says so.
    const other = fake.dmsTo(affected[1]!)[0]!;
    await answerOf(h!, fake.click(affected[1]!, idOf(other, 'I’ve switched'), other, { inDm: true }));
    await waitFor('conflict cleared', () => !JSON.stringify(boardMessage(h!).embeds).includes('🟥'));
    const again = fake.click(affected[0]!, idOf(dm, 'I’ve switched'), dm, { inDm: true });
    expect((await answerOf(h!, again)).content).toContain('no longer applies');
  });
});

describe('apply, start and end', () => {
  // Members 1–6 in voice; 7 joins from text (not in voice); 8 declares phone.
  const setup = { members: 8, voiceFor: (i: number) => (i === 7 ? null : IDS.voice) };

  async function prepared(options: HarnessOptions = {}): Promise<Harness> {
    const started = await harness({ ...setup, ...options });
    const channel = [{ name: 'channel', type: 7, value: IDS.voice }];
    await slash(started, IDS.facilitator, 'rooms', [{ name: 'count', type: 4, value: 3 }]);
    expect(await slash(started, memberId(7), 'join', channel, { command: 'breakouts-me', permissions: NOT_MANAGER })).toContain('joined');
    await slash(started, memberId(8), 'audio', [{ name: 'audio', type: 3, value: 'phone' }], { command: 'breakouts-me', permissions: NOT_MANAGER });
    await slash(started, IDS.facilitator, 'distribute', rooms(3));
    return started;
  }

  test('apply creates one category and one voice channel per occupied room, and reuses them next time', async () => {
    const { fake } = await prepared();
    expect(await slash(h!, IDS.facilitator, 'apply')).toContain('Layout saved');
    const applied = await runFinished(h!, 'apply');
    const created = fake.callsTo('POST', /^\/guilds\/\d+\/channels$/);
    expect(created).toHaveLength(4);
    expect(created[0]?.body).toMatchObject({ type: 4, name: 'Breakouts · Weekly all-hands' });
    const category = applied.resources['category'];
    expect(applied.rooms.map((r) => fake.channels.get(r.resourceId ?? '')?.parent_id)).toEqual([category, category, category]);

    await slash(h!, IDS.facilitator, 'apply');
    await runFinished(h!, 'apply');
    expect(fake.callsTo('POST', /^\/guilds\/\d+\/channels$/)).toHaveLength(4);
  });

  test('start moves each member in voice once, skips those already there, and DMs only the unreached and phone attendees', async () => {
    const { fake } = await prepared();
    await slash(h!, IDS.facilitator, 'apply');
    const applied = await runFinished(h!, 'apply');
    const placed = applied.attendees.filter((a) => a.room !== null);
    const already = placed.find((a) => a.id !== memberId(7) && a.audio !== 'phone')!;
    fake.setVoice(already.id, applied.rooms[already.room! - 1]!.resourceId!);
    // The phone attendee hangs up the computer audio: they stay on the roster, out of voice.
    fake.setVoice(memberId(8), null);
    await waitFor('still on the roster', async () => (await meetingIn(h!)).attendees.some((a) => a.id === already.id) && fake.voice.get(already.id)?.channelId !== IDS.voice);
    fake.closedDms.add(memberId(7));
    const inVoice = (id: string) => fake.voice.get(id)?.channelId !== undefined;

    expect(await slash(h!, IDS.facilitator, 'start')).toContain('Starting breakouts');
    const started = await runFinished(h!, 'start');
    const mustMove = placed.filter((a) => inVoice(a.id) && a.id !== already.id);
    expect(mustMove.length).toBeGreaterThan(0);
    // One PATCH per member who must move: none for those already there or not in voice.
    const memberPatches = fake.callsTo('PATCH', /^\/guilds\/\d+\/members\/\d+$/).map((c) => c.path.split('/').pop());
    expect(memberPatches.sort()).toEqual(mustMove.map((a) => a.id).sort());
    for (const a of placed) if (inVoice(a.id)) expect(fake.voice.get(a.id)?.channelId).toBe(started.rooms[a.room! - 1]!.resourceId);
    expect(fake.voice.get(IDS.facilitator)?.channelId).toBe(IDS.voice);

    // DMs: the phone attendee gets the dial-in, once, though out of voice too; member 7 (not in
    // voice) has closed DMs → noted.
    const dmTargets = [...fake.dmChannels.entries()].filter(([dm]) => fake.channelMessages(dm).length > 0).map(([, user]) => user);
    expect(dmTargets).toEqual([memberId(8)]);
    expect(fake.dmsTo(memberId(8))).toHaveLength(1);
    expect(fake.dmsTo(memberId(8))[0]?.content).toContain('Dial in');
    expect(started.run?.steps.find((s) => s.key === `notify:${memberId(7)}`)?.note).toContain('DMs are closed');
    expect(started.attendees).toHaveLength(placed.length + 1);

    // While rooms are open a move is live: one PATCH into the new room's channel.
    const mover = placed.find((a) => inVoice(a.id) && a.audio !== 'phone')!;
    const to = placed.find((a) => a.audio !== 'phone' && a.room !== mover.room)!.room!;
    const toChannel = started.rooms[to - 1]!.resourceId;
    const liveBefore = fake.moves.length;
    expect(await slash(h!, IDS.facilitator, 'move', [{ name: 'user', type: 6, value: mover.id }, { name: 'to', type: 4, value: to }])).toContain('Moved');
    await waitFor('live move', () => fake.voice.get(mover.id)?.channelId === toChannel);
    expect(fake.moves.slice(liveBefore)).toEqual([{ userId: mover.id, channelId: toChannel }]);

    // A late joiner placed by Distribute while rooms are open is moved at once.
    const late = '420000000000000002';
    fake.addUser(late, 'Late Larry');
    fake.setVoice(late, IDS.voice);
    await waitFor('late joiner on the roster', async () => (await meetingIn(h!)).attendees.some((a) => a.id === late));
    expect(await slash(h!, IDS.facilitator, 'distribute')).toContain('late joiner');
    const breakouts = new Set(started.rooms.map((r) => r.resourceId));
    await waitFor('late joiner moved', () => breakouts.has(fake.voice.get(late)?.channelId ?? ''));
    placed.push((await meetingIn(h!)).attendees.find((a) => a.id === late)!);

    // End: everyone in a breakout channel goes back to the main voice channel.
    const movesBefore = fake.moves.length;
    expect(await slash(h!, IDS.facilitator, 'end')).toContain('Ending breakouts');
    await runFinished(h!, 'end');
    await waitFor('everyone back', () => [...fake.voice.values()].every((v) => v.channelId === IDS.voice));
    expect(fake.moves.length - movesBefore).toBe(placed.filter((a) => inVoice(a.id)).length);
  });

  test('a 429 with retry_after during start is waited out and no move is lost', async () => {
    const { fake } = await prepared();
    fake.fail({
      method: 'PATCH',
      path: /^\/guilds\/\d+\/members\/\d+$/,
      status: 429,
      body: { message: 'You are being rate limited.', retry_after: 0.05, global: false },
      headers: { 'retry-after': '0.05', 'x-ratelimit-scope': 'user' },
      times: 2,
      after: 1,
    });
    await slash(h!, IDS.facilitator, 'start');
    const started = await runFinished(h!, 'start');
    const movers = started.attendees.filter((a) => a.room !== null && a.id !== memberId(7));
    expect(fake.callsTo('PATCH', /^\/guilds\/\d+\/members\/\d+$/)).toHaveLength(movers.length + 2);
    expect(fake.moves).toHaveLength(movers.length);
    for (const a of movers) expect(fake.voice.get(a.id)?.channelId).toBe(started.rooms[a.room! - 1]!.resourceId);
  });

  test('a start that crashes half-way resumes without moving or messaging anyone twice', async () => {
    const { fake } = await prepared();
    fake.fail({ method: 'PATCH', path: /^\/guilds\/\d+\/members\/\d+$/, status: 500, body: { message: 'boom', code: 0 }, times: 1, after: 2 });
    await slash(h!, IDS.facilitator, 'start');
    await waitFor('the run to stop', () => h!.logs.some((l) => l.includes('effect failed')));
    const halfway = await meetingIn(h!);
    expect(halfway.run?.finished).toBe(false);
    expect(components(boardMessage(h!)).some((c) => c.label === 'Resume start')).toBe(true);

    expect(await slash(h!, IDS.facilitator, 'start')).toContain('Carrying on with the start');
    const started = await runFinished(h!, 'start');
    const movers = started.attendees.filter((a) => a.room !== null && a.id !== memberId(7));
    expect(fake.moves.map((m) => m.userId).sort()).toEqual(movers.map((a) => a.id).sort());
    for (const id of [memberId(7), memberId(8)]) expect(fake.dmsTo(id)).toHaveLength(1);
  });

  test('a room added after its category was deleted gets a new category', async () => {
    const { fake } = await prepared();
    await slash(h!, IDS.facilitator, 'apply');
    const first = (await runFinished(h!, 'apply')).resources['category']!;
    fake.deleteChannel(first);
    await waitFor('category gone', () => !h!.bot.client.channels.cache.has(first));
    await slash(h!, IDS.facilitator, 'rooms', [{ name: 'count', type: 4, value: 4 }]);
    await slash(h!, IDS.facilitator, 'shuffle');
    await slash(h!, IDS.facilitator, 'apply');
    const applied = await runFinished(h!, 'apply');
    const room4 = fake.channels.get(applied.rooms[3]?.resourceId ?? '');
    expect(room4).toBeDefined();
    expect(applied.run?.steps.filter((s) => s.state === 'failed')).toEqual([]);
    expect(room4?.parent_id).not.toBe(first);
    expect(fake.channels.get(room4?.parent_id ?? '')?.type).toBe(4);
  });

  test('missing permissions are reported up front, all at once, with what to grant', async () => {
    const { fake } = await prepared({ botPermissions: EVERYONE_PERMS });
    const answer = await slash(h!, IDS.facilitator, 'start');
    expect(answer).toContain('Manage Channels');
    expect(answer).toContain('Move Members');
    expect(answer).toContain('Grant them');
    expect((await meetingIn(h!)).status).toBe('draft');
    expect(fake.callsTo('POST', /^\/guilds\/\d+\/channels$/)).toHaveLength(0);
  });

  test('End needs only what bringing people back needs: a bot that lost Manage Channels still ends', async () => {
    const { fake } = await prepared();
    await slash(h!, IDS.facilitator, 'start');
    await runFinished(h!, 'start');
    fake.setBotPermissions(BOT_PERMS & ~PERMS.manageChannels);
    await waitFor('role updated', () => h!.bot.client.guilds.cache.get(IDS.guild)?.members.me?.permissions.has(PERMS.manageChannels) === false);
    expect(await slash(h!, IDS.facilitator, 'end')).toContain('Ending breakouts');
    await runFinished(h!, 'end');
    expect(await slash(h!, IDS.facilitator, 'apply')).toContain('**Manage Channels**');
  });

  test('a channel Discord refuses to create is noted on the board instead of crashing', async () => {
    const { fake } = await prepared({ botPermissions: BOT_PERMS });
    fake.fail({ method: 'POST', path: /^\/guilds\/\d+\/channels$/, status: 403, body: { message: 'Missing Permissions', code: 50013 }, times: 1, after: 1 });
    await slash(h!, IDS.facilitator, 'apply');
    const applied = await runFinished(h!, 'apply');
    expect(applied.run?.steps.filter((s) => s.state === 'failed').map((s) => s.note)).toEqual([expect.stringContaining('needs Manage Channels')]);
    await waitFor('note on the board', () => JSON.stringify(boardMessage(h!).embeds).includes('needs Manage Channels'));
  });
});

describe('the roster follows voice', () => {
  test('joining and leaving the voice channel adds and removes the attendee and updates the board', async () => {
    const { fake } = await harness();
    await slash(h!, IDS.facilitator, 'distribute', rooms(2));
    const newcomer = '420000000000000001';
    fake.addUser(newcomer, 'Newcomer');
    fake.setVoice(newcomer, IDS.voice);
    await waitFor('joined', async () => (await meetingIn(h!)).attendees.find((a) => a.id === newcomer));
    await waitFor('on the board', () => JSON.stringify(boardMessage(h!).embeds).includes('Newcomer'));
    fake.setVoice(newcomer, null);
    await waitFor('left', async () => !(await meetingIn(h!)).attendees.some((a) => a.id === newcomer));

    // A declared phone attendee stays when they leave voice (they are on the bridge).
    await slash(h!, memberId(1), 'audio', [{ name: 'audio', type: 3, value: 'phone' }], { command: 'breakouts-me', permissions: NOT_MANAGER });
    fake.setVoice(memberId(1), null);
    fake.setVoice(memberId(2), null);
    await waitFor('member 2 left', async () => !(await meetingIn(h!)).attendees.some((a) => a.id === memberId(2)));
    expect((await meetingIn(h!)).attendees.find((a) => a.id === memberId(1))?.audio).toBe('phone');
  });

  test('Stage audience and members without Speak are listening; speakers are VOIP', async () => {
    const { fake } = await harness();
    fake.setVoice(IDS.facilitator, IDS.stage);
    await waitFor('facilitator on stage', () => h!.bot.client.guilds.cache.get(IDS.guild)?.voiceStates.cache.get(IDS.facilitator)?.channelId === IDS.stage);
    await slash(h!, IDS.facilitator, 'join', [{ name: 'channel', type: 7, value: IDS.stage }]);
    fake.setVoice(memberId(1), IDS.stage, true);
    const audience = await waitFor('audience', async () => (await meetingIn(h!, IDS.stage)).attendees.find((a) => a.id === memberId(1)));
    expect(audience.audio).toBe('listening');
    fake.setVoice(memberId(1), IDS.stage, false);
    await waitFor('speaker', async () => (await meetingIn(h!, IDS.stage)).attendees.find((a) => a.id === memberId(1))?.audio === 'voip');

    await slash(h!, IDS.facilitator, 'join', [{ name: 'channel', type: 7, value: IDS.mutedVoice }]);
    fake.setVoice(memberId(2), IDS.mutedVoice);
    const muted = await waitFor('muted', async () => (await meetingIn(h!, IDS.mutedVoice)).attendees.find((a) => a.id === memberId(2)));
    expect(muted.audio).toBe('listening');
  });
});

describe('safety', () => {
  test('a member without Move Members is refused facilitator actions, by command and by button', async () => {
    const { fake } = await harness();
    await slash(h!, IDS.facilitator, 'distribute', rooms(2));
    await postedBoard(h!);
    const version = (await meetingIn(h!)).version;
    expect(await slash(h!, memberId(1), 'shuffle', [], { permissions: NOT_MANAGER })).toContain('Only a facilitator');
    const click = fake.click(memberId(1), idOf(boardMessage(h!), 'Apply and Start'), boardMessage(h!), { permissions: NOT_MANAGER });
    expect((await answerOf(h!, click)).content).toContain('Only a facilitator');
    expect((await meetingIn(h!)).version).toBe(version);
    expect(await slash(h!, memberId(1), 'shuffle', [], { command: 'breakouts-me', permissions: NOT_MANAGER })).toContain('Unknown command');
  });

  test('tampered, foreign and old custom ids are answered ephemerally and change nothing', async () => {
    const { fake } = await harness();
    await slash(h!, IDS.facilitator, 'distribute', rooms(2));
    const board = await postedBoard(h!);
    const meeting = await meetingIn(h!);
    const answers: string[] = [];
    const ask = async (customId: string, opts: { values?: string[]; componentType?: number } = {}) => {
      const token = fake.click(IDS.facilitator, customId, board, opts);
      const answer = await answerOf(h!, token);
      expect(answer.flags).toBe(64);
      answers.push(answer.content);
    };
    await ask('not-ours');
    await ask(encodeAction({ verb: 'distribute', meetingId: 'zzzz99', version: meeting.version, args: [] }));
    await ask(idOf(board, 'Shuffle').replace(/:\d+$/, ':zz!'));
    // A move of someone who is not on the roster, and a button from before the last change.
    await ask(encodeAction({ verb: 'move', meetingId: meeting.id, version: meeting.version, args: ['499999999999999999', 'main'] }), { componentType: 3, values: ['1'] });
    await slash(h!, IDS.facilitator, 'rooms', [{ name: 'count', type: 4, value: 3 }]);
    const current = (await meetingIn(h!)).version;
    await ask(encodeAction({ verb: 'apply', meetingId: meeting.id, version: meeting.version, args: [] }));
    // A meeting whose board lives in another channel.
    fake.addChannel({ id: '300000000000000009', type: 0, name: 'other' });
    await slash(h!, IDS.facilitator, 'join', [{ name: 'channel', type: 7, value: IDS.otherVoice }], { channelId: '300000000000000009' });
    const other = await meetingIn(h!, IDS.otherVoice);
    await ask(encodeAction({ verb: 'distribute', meetingId: other.id, version: other.version, args: [] }));

    expect(answers[0]).toContain('not one Breakouts made');
    expect(answers[1]).toContain('another meeting');
    expect(answers[2]).toContain('not one Breakouts made');
    expect(answers[3]).toContain('not on this meeting’s roster');
    expect(answers[4]).toContain('board changed');
    expect(answers[5]).toContain('another meeting');
    // A page number that is not one.
    await ask(encodeAction({ verb: 'page', meetingId: meeting.id, version: current, args: ['x2'] }));
    expect(answers[6]).toContain('page does not exist');
    expect((await meetingIn(h!)).version).toBe(current);
    expect((await meetingIn(h!, IDS.otherVoice)).version).toBe(other.version);
  });

  test('a board Discord will not let Breakouts post is explained to the facilitator with what to grant', async () => {
    const { fake } = await harness();
    fake.fail({ method: 'POST', path: new RegExp(`^/channels/${IDS.text}/messages$`), status: 403, body: { message: 'Missing Access', code: 50001 }, times: 1 });
    const token = fake.slash(IDS.facilitator, 'distribute', rooms(2));
    expect((await answerOf(h!, token)).content).toContain('Placed');
    const followUp = await waitFor('follow-up', () => fake.responses.get(token)?.followUps[0]);
    expect(followUp.flags).toBe(64);
    expect(followUp.content).toContain('Send Messages');
    expect(followUp.content).toContain('Embed Links');
  });

  test('a failure inside Discord ends as a short apology, logged once without the token', async () => {
    const { fake } = await harness();
    fake.fail({ method: 'PATCH', path: /^\/webhooks\//, status: 500, body: { message: 'boom' }, times: 1 });
    const token = fake.slash(IDS.facilitator, 'distribute', rooms(2));
    await waitFor('apology', () => fake.reply(token)?.content.includes('Sorry'));
    expect(h!.logs.filter((l) => l.includes('interaction failed'))).toHaveLength(1);
  });
});

describe('start-up and registration', () => {
  test('register-commands PUTs the manifest to one guild with DISCORD_GUILD_ID, else globally', async () => {
    const fake = await new FakeDiscord().start();
    try {
      const base = { token: TOKEN, applicationId: IDS.app, apiUrl: fake.apiUrl };
      expect(await registerCommands({ ...base, guildId: IDS.guild })).toContain('/breakouts, /breakouts-plan and /breakouts-me in server');
      expect(await registerCommands(base)).toContain('globally');
      const puts = fake.callsTo('PUT', /commands$/);
      expect(puts.map((c) => c.path)).toEqual([`/applications/${IDS.app}/guilds/${IDS.guild}/commands`, `/applications/${IDS.app}/commands`]);
      expect(puts[0]?.body).toEqual(JSON.parse(JSON.stringify(buildDiscordCommands())));
    } finally {
      await fake.stop();
    }
  });

  test('a refused login stops the start with a sentence that names DISCORD_TOKEN and never the token', async () => {
    const fake = await new FakeDiscord().start();
    const logs: string[] = [];
    try {
      fake.fail({ method: 'GET', path: /^\/gateway\/bot$/, status: 401, body: { message: '401: Unauthorized', code: 0 }, times: 1 });
      const store = createMemoryStore();
      const clock = { now: () => new Date() };
      const random = createSeededRandom('login');
      const config = loadConfig({ DISCORD_TOKEN: TOKEN, DISCORD_APPLICATION_ID: IDS.app, DISCORD_API_URL: fake.apiUrl });
      const logger = createLogger({ write: (line) => logs.push(line) });
      const bot = createDiscordBot({ config, engine: createEngine({ store, clock, random }), store, clock, random, logger, metrics: noMetrics, ops: noOps }, config.discord!, {
        rest: { api: fake.apiUrl, retries: 0, timeout: 2000 },
        waitGuildTimeout: 200,
      });
      const failure = await bot.start().then(() => undefined, (error: unknown) => (error instanceof Error ? error.message : String(error)));
      await bot.stop();
      expect(failure).toContain('Check DISCORD_TOKEN');
      expect(failure).not.toContain(TOKEN);
      expect(logs.join('\n')).not.toContain(TOKEN);
    } finally {
      await fake.stop();
    }
  });
});

test('npm start runs the Discord bot when DISCORD_TOKEN and DISCORD_APPLICATION_ID are set, and stops on SIGTERM', async () => {
  const fake = await new FakeDiscord().start();
  const dir = mkdtempSync(join(tmpdir(), 'breakouts-discord-'));
  const root = fileURLToPath(new URL('../../', import.meta.url));
  try {
    // Whatever `npm start` runs ("tsx <entry>"), run it from a folder without a .env.
    const start = z.object({ scripts: z.object({ start: z.string().regex(/^tsx \S+$/) }) }).parse(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')));
    const entry = start.scripts.start.split(' ')[1] ?? '';
    const child = spawn(join(root, 'node_modules/.bin/tsx'), [join(root, entry)], {
      cwd: dir,
      env: { PATH: process.env['PATH'] ?? '', DISCORD_TOKEN: TOKEN, DISCORD_APPLICATION_ID: IDS.app, DISCORD_API_URL: fake.apiUrl, BREAKOUTS_DB: join(dir, 'db.json') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    await waitFor('logged in', () => out.includes('Discord: logged in as Breakouts in 1 server'), 15_000).catch((error: unknown) => {
      throw new Error(`${String(error)}; npm start said: ${out}`);
    });
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(out).not.toContain(TOKEN);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await fake.stop();
  }
});
