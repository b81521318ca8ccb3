// Rounds that remember, on Discord through the real discord.js and the loopback fake, with a clock
// the test moves by hand: two rounds with a live move between them and one digest per End in the
// board's channel, `distribute new` against a shuffle's repeats, `export` as an ephemeral CSV
// attachment, `import-layout` from an attached file, `room-cap` as the rooms' user limit, and
// Choose your room (only the rooms open to the person, a pick moves them in voice).
import { afterEach, describe, expect, test } from 'vitest';
import { z } from 'zod';
import { decodeAction } from '../../src/commands/action-id.ts';
import { choosableRooms } from '../../src/commands/choose.ts';
import type { Meeting } from '../../src/domain/meeting.ts';
import { EVERYONE_PERMS, IDS, memberId, type FakeAttachment } from './fakes/fake-discord.ts';
import { manualClock, startHarness, waitFor, type Harness, type ManualClock } from './fakes/harness.ts';
import { answerOf, boardMessage, components, idOf, meetingIn, postedBoard, runFinished, slash } from './helpers.ts';

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

const T0 = '2026-03-02T10:00:00.000Z';
const MINUTE = 60_000;
const NOT_MANAGER = EVERYONE_PERMS;
const PLAN = { command: 'breakouts-plan' } as const;
const ME = { command: 'breakouts-me', permissions: NOT_MANAGER } as const;

interface Rig {
  readonly r: Harness;
  readonly clock: ManualClock;
}

async function rig(options: { members?: number; seed?: string; voiceFor?: (i: number) => string | null } = {}): Promise<Rig> {
  const clock = manualClock(T0);
  const r = await startHarness({ members: options.members ?? 6, clock, seed: options.seed ?? 'discord-rounds', ...(options.voiceFor ? { voiceFor: options.voiceFor } : {}) });
  h = r;
  return { r, clock };
}

/** Until Breakouts has nothing left to send: the deliverer idle and no REST call for a moment. */
async function settle(r: Harness): Promise<void> {
  for (;;) {
    await r.bot.deliverer.idle();
    const calls = r.fake.calls.length;
    await new Promise((resolve) => setTimeout(resolve, 40));
    if (r.fake.calls.length === calls) return r.bot.deliverer.idle();
  }
}

async function startRound(r: Harness): Promise<Meeting> {
  expect(await slash(r, IDS.facilitator, 'start')).toContain('Starting breakouts');
  await runFinished(r, 'start');
  await settle(r);
  return meetingIn(r);
}

async function endRound(r: Harness): Promise<Meeting> {
  expect(await slash(r, IDS.facilitator, 'end')).toContain('everyone is going back');
  const ended = await runFinished(r, 'end');
  await settle(r);
  return ended;
}

/** What Breakouts posted in the board's channel after the board itself (the digests). */
const mainPosts = (r: Harness): string[] => r.fake.channelMessages(IDS.text).slice(1).map((m) => m.content);
const roomOf = (m: Meeting, id: string): number | null => m.attendees.find((a) => a.id === id)?.room ?? null;
const channelOf = (m: Meeting, room: number): string => m.rooms[room - 1]?.resourceId ?? '';

describe('rounds', () => {
  test('two rounds with a live move between: each End posts its digest once in the board’s channel, without pings', async () => {
    const { r, clock } = await rig();
    await slash(r, IDS.facilitator, 'distribute', [{ name: 'rooms', type: 4, value: 3 }]);
    await postedBoard(r);
    const first = await startRound(r);
    const mover = first.attendees.find((a) => a.room === 1)!;

    // Five minutes in, someone moves from room 1 to room 2: live, in voice.
    clock.advance(5 * MINUTE);
    expect(await slash(r, IDS.facilitator, 'move', [{ name: 'user', type: 6, value: mover.id }, { name: 'to', type: 4, value: 2 }])).toContain(mover.name);
    await waitFor('moved in voice', () => r.fake.voice.get(mover.id)?.channelId === channelOf(first, 2));
    await settle(r);
    clock.advance(5 * MINUTE);
    await endRound(r);

    const digests = mainPosts(r).filter((c) => c.startsWith('Round 1 of'));
    expect(digests).toHaveLength(1);
    const digest = digests[0]!;
    expect(digest).toContain('(10 min)');
    // The mover is in both rooms' lines, five minutes each.
    const line = (room: number) => digest.split('\n').find((l) => l.startsWith(`• ${first.rooms[room - 1]!.name}:`)) ?? '';
    expect(line(1)).toContain(`${mover.name} (5 min)`);
    expect(line(2)).toContain(`${mover.name} (5 min)`);
    const post = r.fake.callsTo('POST', new RegExp(`^/channels/${IDS.text}/messages$`)).find((c) => JSON.stringify(c.body).includes('Round 1 of'));
    expect(post?.body).toMatchObject({ allowed_mentions: { parse: [] } });

    // Round two: its own digest, once; the first is not posted again.
    await startRound(r);
    clock.advance(3 * MINUTE);
    const ended = await endRound(r);
    await r.bot.deliverer.sweep({ olderThanMs: 0 });
    await settle(r);
    expect(mainPosts(r).filter((c) => c.startsWith('Round 1 of'))).toHaveLength(1);
    expect(mainPosts(r).filter((c) => c.startsWith('Round 2 of'))).toHaveLength(1);
    expect(ended.rounds?.map((round) => round.number)).toEqual([1, 2]);
    expect(ended.rounds?.[0]?.stints.filter((s) => s.id === mover.id).map((s) => s.room)).toEqual([1, 2]);

    // `rounds` lists both.
    const listed = await slash(r, IDS.facilitator, 'rounds', [], PLAN);
    expect(listed).toContain('Round 1');
    expect(listed).toContain('Round 2');
  });

  test('distribute new: the answer and the board say how many pairs meet again and what a shuffle would give; distribute same restores the groups', async () => {
    const { r } = await rig({ members: 8 });
    await slash(r, IDS.facilitator, 'distribute', [{ name: 'rooms', type: 4, value: 4 }]);
    const first = await startRound(r);
    await endRound(r);

    const answer = await slash(r, IDS.facilitator, 'distribute', [{ name: 'strategy', type: 3, value: 'new' }]);
    expect(answer).toMatch(/pairs? meets? again \(a random shuffle: [0-9.]+\)/);
    const meeting = await meetingIn(r);
    expect(meeting.repeats?.strategy).toBe('new');
    expect(meeting.repeats?.now).toBe(0);
    await waitFor('the board shows the repeats', () => JSON.stringify(boardMessage(r).embeds).includes(`(a random shuffle: ${meeting.repeats?.random}`));
    // Nobody shares a room with anyone they were with in round 1.
    const people = meeting.attendees.filter((a) => a.room !== null);
    for (const a of people) for (const b of people) if (a.id < b.id && a.room === b.room) expect(roomOf(first, a.id) === roomOf(first, b.id)).toBe(false);

    expect(await slash(r, IDS.facilitator, 'distribute', [{ name: 'strategy', type: 3, value: 'same' }])).toContain('Same groups');
    const same = await meetingIn(r);
    for (const a of people) for (const b of people) if (a.room !== null) expect(roomOf(same, a.id) === roomOf(same, b.id)).toBe(roomOf(first, a.id) === roomOf(first, b.id));
  });

  test('export answers the person who asked with the CSV of every round as an ephemeral attachment', async () => {
    const { r, clock } = await rig();
    await slash(r, IDS.facilitator, 'distribute', [{ name: 'rooms', type: 4, value: 2 }]);
    const started = await startRound(r);
    clock.advance(4 * MINUTE);
    await endRound(r);

    const token = r.fake.slash(IDS.facilitator, 'export', [], PLAN);
    const reply = await answerOf(r, token);
    expect(r.fake.responses.get(token)?.callbacks[0]).toMatchObject({ type: 5, data: { flags: 64 } });
    expect(reply.content).toContain('1 round');
    const file = reply.files?.[0];
    expect(file?.filename).toBe('breakouts-rounds.csv');
    const rows = (file?.content ?? '').trim().split('\n');
    expect(rows[0]).toBe('round,room,id,name,audio,joined,left');
    const placed = started.attendees.filter((a) => a.room !== null);
    expect(rows.slice(1)).toHaveLength(placed.length);
    for (const a of placed) expect(rows).toContain(`1,${a.room},${a.id},${a.name},${a.audio},2026-03-02T10:00:00.000Z,2026-03-02T10:04:00.000Z`);
    // It went with the answer (multipart), nowhere else.
    const sent = r.fake.calls.filter((c) => c.files.length > 0);
    expect(sent.map((c) => c.path)).toEqual([`/webhooks/${IDS.app}/${token}/messages/@original`]);
  });
});

describe('constraints and sizes', () => {
  test('together and apart take mentions typed in the people option; constraints lists them; distribute size 3 sets the room count', async () => {
    const { r } = await rig({ members: 9 });
    const [a, b, c] = [memberId(1), memberId(2), memberId(3)];
    await slash(r, IDS.facilitator, 'distribute', [{ name: 'rooms', type: 4, value: 2 }]);
    expect(await slash(r, IDS.facilitator, 'together', [{ name: 'people', type: 3, value: `<@${a}> <@!${b}>` }], PLAN)).toContain('Member 1 and Member 2 will be kept in one room');
    expect(await slash(r, IDS.facilitator, 'apart', [{ name: 'people', type: 3, value: `<@${a}>, <@${c}>` }], PLAN)).toContain('will never be put in one room');
    const listed = await slash(r, IDS.facilitator, 'constraints', [], PLAN);
    expect(listed).toContain('Together: Member 1 and Member 2');
    expect(listed).toContain('Apart: Member 1 and Member 3');
    // A word that is not a mention is refused, with the usage as Discord has the command.
    const refused = await slash(r, IDS.facilitator, 'together', [{ name: 'people', type: 3, value: `<@${a}> bob` }], PLAN);
    expect(refused).toContain('Nothing was changed');
    expect(refused).toContain('Usage: /breakouts-plan together');

    expect(await slash(r, IDS.facilitator, 'distribute', [{ name: 'size', type: 4, value: 3 }, { name: 'confirm', type: 3, value: 'confirm' }])).toContain('3 rooms');
    const m = await meetingIn(r);
    expect(m.rooms).toHaveLength(3);
    expect(roomOf(m, a)).toBe(roomOf(m, b));
    expect(roomOf(m, a)).not.toBe(roomOf(m, c));
  });
});

describe('import-layout', () => {
  test('an attached CSV: an id row and a name row are placed, an unmatched row is listed; the file is fetched once, from its attachment URL', async () => {
    const { r } = await rig();
    await slash(r, IDS.facilitator, 'rooms', [{ name: 'count', type: 4, value: 3 }]);
    const csv = ['id,name,email,room', `${memberId(1)},,,3`, ',Member 2,,2', ',,nobody@example.com,1', ',Nobody Here,,1'].join('\n');
    const file = r.fake.attach('layout.csv', csv);
    const answer = await slash(r, IDS.facilitator, 'import-layout', [{ name: 'file', type: 11, value: file.id }], PLAN);
    const meeting = await meetingIn(r);
    expect(roomOf(meeting, memberId(1))).toBe(3);
    expect(roomOf(meeting, memberId(2))).toBe(2);
    expect(answer).toContain('nobody@example.com');
    expect(answer).toContain('Nobody Here');
    // No e-mail lookup on Discord: the answer says why such rows find nobody, and what to use.
    expect(answer).toContain('Discord does not give bots its members’ e-mail addresses, so the row that names someone by e-mail cannot find anyone here');
    expect(r.fake.calls.filter((c) => c.method === 'GET' && c.path.startsWith('/attachments/')).map((c) => c.path)).toEqual([`/attachments/${file.id}/layout.csv`]);
  });

  test('a row for someone not here yet places them the moment they join voice: while rooms are open, straight into their room', async () => {
    const late = memberId(6);
    const { r } = await rig({ voiceFor: (i) => (i === 6 ? null : IDS.voice) });
    await slash(r, IDS.facilitator, 'distribute', [{ name: 'rooms', type: 4, value: 2 }]);
    const started = await startRound(r);
    const file = r.fake.attach('late.csv', `id,room\n${late},2\n`);
    expect(await slash(r, IDS.facilitator, 'import-layout', [{ name: 'file', type: 11, value: file.id }], PLAN)).toContain('the moment they join');
    expect((await meetingIn(r)).layoutPlan).toEqual([{ match: 'id', value: late, room: 2 }]);

    r.fake.setVoice(late, IDS.voice);
    await waitFor('moved into room 2', () => r.fake.voice.get(late)?.channelId === channelOf(started, 2));
    await settle(r);
    const m = await meetingIn(r);
    expect(roomOf(m, late)).toBe(2);
    expect(m.layoutPlan).toBeUndefined();
  });

  test('while rooms are open, a file that moves people out of their rooms asks first and changes nothing; with the confirm option they are moved in voice', async () => {
    const { r } = await rig({ seed: 'discord-import-confirm' });
    await slash(r, IDS.facilitator, 'distribute', [{ name: 'rooms', type: 4, value: 2 }]);
    const started = await startRound(r);
    const mover = started.attendees.find((a) => a.room === 1 && a.role !== 'facilitator')!;
    const file = r.fake.attach('swap.csv', `id,room\n${mover.id},2\n`);
    const asked = await slash(r, IDS.facilitator, 'import-layout', [{ name: 'file', type: 11, value: file.id }], PLAN);
    expect(asked).toContain(`Rooms are open, so this moves 1 person to other rooms right away: ${mover.name}.`);
    expect(asked).toContain('Nothing was changed yet. To go ahead, import it again with confirm: type /breakouts-plan import-layout confirm followed by the CSV');
    expect(await meetingIn(r)).toEqual(started);

    const again = r.fake.attach('swap.csv', `id,room\n${mover.id},2\n`);
    const done = await slash(r, IDS.facilitator, 'import-layout', [{ name: 'confirm', type: 3, value: 'confirm' }, { name: 'file', type: 11, value: again.id }], PLAN);
    expect(done).toContain('Rooms are open: people are moved to their rooms now.');
    await waitFor('moved into room 2', () => r.fake.voice.get(mover.id)?.channelId === channelOf(started, 2));
    expect(roomOf(await meetingIn(r), mover.id)).toBe(2);
  });

  test('a CSV pasted into the csv option works the same (rows separated by semicolons)', async () => {
    const { r } = await rig();
    await slash(r, IDS.facilitator, 'rooms', [{ name: 'count', type: 4, value: 2 }]);
    await slash(r, IDS.facilitator, 'import-layout', [{ name: 'csv', type: 3, value: `id,room;${memberId(4)},2` }], PLAN);
    expect(roomOf(await meetingIn(r), memberId(4))).toBe(2);
  });

  test('attachment data that is not an attachment is answered with a sentence, never fetched, never the apology', async () => {
    const { r } = await rig();
    await slash(r, IDS.facilitator, 'rooms', [{ name: 'count', type: 4, value: 2 }]);
    const junk: readonly Record<string, unknown>[] = [
      { url: 42, filename: 'a.csv', size: 1 },
      { url: undefined, filename: 'a.csv', size: 1 },
      { url: 'javascript:alert(1)', filename: 'a.csv', size: 1 },
      { url: 'file:///etc/passwd', filename: 'a.csv', size: 1 },
      { url: `${r.fake.apiUrl.replace('/api', '')}/attachments/x/a.csv`, filename: 'a.csv', size: -1 },
      { url: 'https://cdn.discordapp.com/a.csv', filename: 'a.csv', size: '1e9' },
    ];
    for (const data of junk) {
      const file = r.fake.attach('a.csv', 'id,room\n');
      r.fake.attachments.set(file.id, { bytes: Buffer.from(''), json: { ...file, ...data } as unknown as FakeAttachment });
      const answer = await slash(r, IDS.facilitator, 'import-layout', [{ name: 'file', type: 11, value: file.id }], PLAN);
      expect(answer).not.toContain('Sorry');
      expect(answer.length).toBeGreaterThan(10);
    }
    expect(r.fake.calls.filter((c) => c.method === 'GET' && c.path.startsWith('/attachments/'))).toEqual([]);
    expect(r.logs.filter((l) => l.includes('"level":"error"'))).toEqual([]);
  });

  test('a file larger than Breakouts reads is refused before anything is downloaded; so is one that is not on Discord’s servers', async () => {
    const { r } = await rig();
    await slash(r, IDS.facilitator, 'rooms', [{ name: 'count', type: 4, value: 2 }]);
    const big = r.fake.attach('big.csv', 'id,room\n', { declaredSize: 50 * 1024 * 1024 });
    expect(await slash(r, IDS.facilitator, 'import-layout', [{ name: 'file', type: 11, value: big.id }], PLAN)).toContain('larger than Breakouts reads');
    // Served larger than it said: reading stops at the limit.
    const liar = r.fake.attach('liar.csv', `id,room\n${'x'.repeat(2 * 1024 * 1024)}`, { declaredSize: 10 });
    expect(await slash(r, IDS.facilitator, 'import-layout', [{ name: 'file', type: 11, value: liar.id }], PLAN)).toContain('larger than Breakouts reads');
    const elsewhere = r.fake.attach('elsewhere.csv', 'id,room\n');
    r.fake.attachments.set(elsewhere.id, { ...r.fake.attachments.get(elsewhere.id)!, json: { ...elsewhere, url: 'http://169.254.169.254/latest/meta-data' } });
    expect(await slash(r, IDS.facilitator, 'import-layout', [{ name: 'file', type: 11, value: elsewhere.id }], PLAN)).toContain('not on Discord’s servers');
    expect(r.fake.calls.filter((c) => c.method === 'GET' && c.path.startsWith('/attachments/')).map((c) => c.path)).toEqual([`/attachments/${liar.id}/liar.csv`]);
    expect((await meetingIn(r)).attendees.every((a) => a.room === null)).toBe(true);
  });
});

describe('room-cap', () => {
  const LimitSchema = z.object({ user_limit: z.number() });
  const limitPatches = (r: Harness, channelId: string): number[] => r.fake.callsTo('PATCH', new RegExp(`^/channels/${channelId}$`)).map((c) => LimitSchema.parse(c.body).user_limit);

  test('room-cap 3: prepared rooms get user limit 3, rooms made later are created with it; off clears it, above 99 means none', async () => {
    const { r } = await rig({ members: 8 });
    await slash(r, IDS.facilitator, 'distribute', [{ name: 'rooms', type: 4, value: 3 }]);
    expect(await slash(r, IDS.facilitator, 'apply')).toContain('Layout saved');
    await runFinished(r, 'apply');
    await settle(r);
    const prepared = (await meetingIn(r)).rooms.map((room) => room.resourceId!);
    expect(prepared).toHaveLength(3);
    for (const id of prepared) expect(r.fake.channels.get(id)?.user_limit).toBe(0);

    await slash(r, IDS.facilitator, 'room-cap', [{ name: 'cap', type: 3, value: '3' }], PLAN);
    await settle(r);
    for (const id of prepared) {
      expect(limitPatches(r, id)).toEqual([3]);
      expect(r.fake.channels.get(id)?.user_limit).toBe(3);
    }

    // A fourth room made at the next apply is created with the limit.
    await slash(r, IDS.facilitator, 'rooms', [{ name: 'count', type: 4, value: 4 }]);
    await slash(r, IDS.facilitator, 'move', [{ name: 'user', type: 6, value: memberId(1) }, { name: 'to', type: 4, value: 4 }]);
    await slash(r, IDS.facilitator, 'apply');
    await runFinished(r, 'apply');
    await settle(r);
    const fourth = (await meetingIn(r)).rooms[3]!;
    const created = r.fake.callsTo('POST', /^\/guilds\/\d+\/channels$/).find((c) => JSON.stringify(c.body).includes(`"${fourth.name}"`));
    expect(created?.body).toMatchObject({ user_limit: 3 });
    expect(r.fake.channels.get(fourth.resourceId!)?.user_limit).toBe(3);
    // Rooms already at 3 are not asked again.
    for (const id of prepared) expect(limitPatches(r, id)).toEqual([3]);

    await slash(r, IDS.facilitator, 'room-cap', [{ name: 'cap', type: 3, value: '120' }], PLAN);
    await settle(r);
    for (const id of [...prepared, fourth.resourceId!]) expect(r.fake.channels.get(id)?.user_limit).toBe(0);
    await slash(r, IDS.facilitator, 'room-cap', [{ name: 'cap', type: 3, value: '4' }], PLAN);
    await settle(r);
    await slash(r, IDS.facilitator, 'room-cap', [{ name: 'cap', type: 3, value: 'off' }], PLAN);
    await settle(r);
    for (const id of prepared) expect(limitPatches(r, id)).toEqual([3, 0, 4, 0]);
  });

  test('a user limit Discord refuses (50013) fails no change: the cap is set, the person is told what to grant, nothing is logged as an error', async () => {
    const { r } = await rig();
    await slash(r, IDS.facilitator, 'distribute', [{ name: 'rooms', type: 4, value: 2 }]);
    await slash(r, IDS.facilitator, 'apply');
    await runFinished(r, 'apply');
    await settle(r);
    r.fake.fail({ method: 'PATCH', path: /^\/channels\/\d+$/, status: 403, body: { message: 'Missing Permissions', code: 50013 }, times: 10 });
    const token = r.fake.slash(IDS.facilitator, 'room-cap', [{ name: 'cap', type: 3, value: '3' }], PLAN);
    expect((await answerOf(r, token)).content).toContain('3');
    await settle(r);
    expect((await meetingIn(r)).settings.roomCap).toBe(3);
    const said = [r.fake.reply(token)?.content ?? '', ...(r.fake.responses.get(token)?.followUps ?? []).map((m) => m.content)].join('\n');
    expect(said).toContain('Could not set the size limit of Breakout 1: Breakouts needs Manage Channels on it.');
    expect(r.logs.filter((l) => l.includes('"level":"error"'))).toEqual([]);
  });

  test('a room voice channel left from an earlier meeting is reused with the cap as its user limit; new ones are created with it', async () => {
    const { r } = await rig();
    const category = r.fake.addChannel({ id: '600000000000000001', type: 4, name: 'Breakouts · Weekly all-hands' });
    const old = r.fake.addChannel({ id: '600000000000000002', type: 2, name: 'Breakout 1', parent_id: category.id, user_limit: 10 });
    for (const c of [category, old]) r.fake.dispatch('CHANNEL_CREATE', r.fake.channelJson(c));
    await waitFor('the bot sees them', () => r.bot.client.channels.cache.has(old.id));
    await slash(r, IDS.facilitator, 'room-cap', [{ name: 'cap', type: 3, value: '2' }], PLAN);
    await slash(r, IDS.facilitator, 'distribute', [{ name: 'rooms', type: 4, value: 3 }]);
    await slash(r, IDS.facilitator, 'apply');
    await runFinished(r, 'apply');
    await settle(r);
    const m = await meetingIn(r);
    expect(m.rooms[0]?.resourceId).toBe(old.id);
    expect(r.fake.callsTo('PATCH', new RegExp(`^/channels/${old.id}$`)).map((c) => c.body)).toEqual([{ user_limit: 2 }]);
    for (const room of m.rooms) expect(r.fake.channels.get(room.resourceId!)?.user_limit).toBe(2);
  });
});

describe('choose your room', () => {
  test('mode choose: Choose your room offers only the rooms open to the person; a pick moves them in voice while rooms are open', async () => {
    const { r } = await rig({ members: 6 });
    // Rooms of at most 3; members 5 and 6 dial in by phone; 3 rooms of 2.
    await slash(r, IDS.facilitator, 'room-cap', [{ name: 'cap', type: 3, value: '3' }], PLAN);
    for (const i of [5, 6]) await slash(r, memberId(i), 'audio', [{ name: 'audio', type: 3, value: 'phone' }], ME);
    await slash(r, IDS.facilitator, 'distribute', [{ name: 'rooms', type: 4, value: 3 }]);
    await startRound(r);
    expect(await slash(r, IDS.facilitator, 'mode', [{ name: 'mode', type: 3, value: 'choose' }], PLAN)).toContain('choose their own room');
    await settle(r);

    const board = await waitFor('Choose your room on the board', () => (components(boardMessage(r)).some((c) => c.label === 'Choose your room') ? boardMessage(r) : undefined));
    expect(JSON.stringify(board.embeds)).toMatch(/choose/i);
    const before = await meetingIn(r);
    const who = before.attendees.find((a) => a.audio === 'voip' && a.role !== 'facilitator' && a.room !== null)!;
    const open = choosableRooms(before, who.id);
    const phoneRoom = before.attendees.find((a) => a.audio === 'phone')?.room;
    expect(phoneRoom).toBeTypeOf('number');
    expect(open).not.toContain(phoneRoom);
    expect(open.length).toBeGreaterThan(1);

    const picker = await answerOf(r, r.fake.click(who.id, idOf(board, 'Choose your room'), board, { permissions: NOT_MANAGER }));
    expect(picker.flags).toBe(64);
    const offered = components(picker).map((c) => {
      const decoded = decodeAction(c.custom_id);
      return decoded.ok && decoded.ref.verb === 'pick' ? Number(decoded.ref.args[0]) : undefined;
    });
    expect(offered).toEqual(open);
    const target = open.find((n) => n !== who.room)!;
    const button = components(picker).find((c) => c.label?.startsWith(`${target}. `))!;
    const picked = await answerOf(r, r.fake.click(who.id, button.custom_id!, picker, { permissions: NOT_MANAGER }));
    expect(picked.content).toContain('moved there now');
    const after = await waitFor('moved in voice', async () => {
      const m = await meetingIn(r);
      return r.fake.voice.get(who.id)?.channelId === channelOf(m, target) ? m : undefined;
    });
    expect(roomOf(after, who.id)).toBe(target);
  });

  test('mode assign: the board has no Choose your room, and a pick is refused', async () => {
    const { r } = await rig();
    await slash(r, IDS.facilitator, 'distribute', [{ name: 'rooms', type: 4, value: 2 }]);
    const board = await postedBoard(r);
    expect(components(board).some((c) => c.label === 'Choose your room')).toBe(false);
    expect(await slash(r, memberId(1), 'pick', [{ name: 'room', type: 4, value: 2 }], ME)).toContain('Facilitators place people');
  });
});
