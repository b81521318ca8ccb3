// Gateway shards through the real discord.js against the fake gateway (two servers, one on each
// of two shards): one process running both shards, two processes running one each on one store
// (PostgreSQL when a server is up) behind one shared REST proxy, health per shard, and the
// DISCORD_SHARDS / DISCORD_SHARD_IDS settings.
import { Events } from 'discord.js';
import { afterEach, describe, expect, test } from 'vitest';
import { discordPlace } from '../../adapters/discord/meeting-index.ts';
import { loadConfig } from '../../src/runtime/config.ts';
import type { MeetingStore } from '../../src/store/port.ts';
import { openPostgresStore } from '../../src/store/postgres.ts';
import { createMemoryStore } from '../../src/store/store.ts';
import { createDatabase, createRecordingLogger, findPostgres, START_HINT } from '../store/postgres-helpers.ts';
import { EVERYONE_PERMS, FakeDiscord, GUILD_B, IDS, memberId, memberOfB } from './fakes/fake-discord.ts';
import { startBot, TOKEN, waitFor, type RunningBot } from './fakes/harness.ts';
import { answerOf, idOf, meetingIn, postedBoard, runFinished, slash } from './helpers.ts';
import { startRestProxy } from './rest-proxy-rig.ts';

/** The two servers: A on shard 0 of 2, B on shard 1. */
const A = { guild: IDS.guild, text: IDS.text, voice: IDS.voice, facilitator: IDS.facilitator, member: memberId } as const;
const B = { guild: GUILD_B.guild, text: GUILD_B.text, voice: GUILD_B.voice, facilitator: GUILD_B.facilitator, member: memberOfB } as const;
type ServerIds = typeof A | typeof B;

const rooms = (n: number) => [{ name: 'rooms', type: 4, value: n }];
const boardText = (fake: FakeDiscord, server: ServerIds): string => JSON.stringify(fake.channelMessages(server.text)[0]?.embeds ?? []);

let cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups = [];
});

async function fakeWithTwoServers(shards = 2): Promise<FakeDiscord> {
  const fake = await new FakeDiscord({ members: 4, shards, secondGuild: { members: 4 } }).start();
  cleanups.push(() => fake.stop());
  return fake;
}

async function bot(fake: FakeDiscord, options: Parameters<typeof startBot>[1]): Promise<RunningBot> {
  const running = await startBot(fake, options);
  let stopped = false;
  cleanups.push(async () => {
    if (!stopped) await running.bot.stop();
  });
  const stop = async (): Promise<void> => {
    stopped = true;
    await running.bot.stop();
  };
  return { ...running, bot: { ...running.bot, stop } };
}

/** The interactions a bot's Client received, by server (null: a DM). */
function interactionsOf(running: RunningBot): (string | null)[] {
  const seen: (string | null)[] = [];
  running.bot.client.on(Events.InteractionCreate, (i) => seen.push(i.guildId));
  return seen;
}

/** Distribute, apply and start in one server; answers with the started meeting once everyone in voice is in their room. */
async function startBreakouts(fake: FakeDiscord, running: RunningBot, server: ServerIds) {
  const h = { fake, engine: running.engine };
  const at = { channelId: server.text };
  expect(await slash(h, server.facilitator, 'distribute', rooms(2), at)).toContain('Placed 4 people in 2 rooms');
  await postedBoard(h, server.text);
  expect(await slash(h, server.facilitator, 'apply', [], at)).toContain('Layout saved');
  await runFinished(h, 'apply', server.voice, server.guild);
  expect(await slash(h, server.facilitator, 'start', [], at)).toContain('Starting breakouts');
  const started = await runFinished(h, 'start', server.voice, server.guild);
  const placed = started.attendees.filter((a) => a.room !== null);
  expect(placed).toHaveLength(4);
  await waitFor(`everyone in ${server.guild} in their room`, () => placed.every((a) => fake.voice.get(a.id)?.channelId === started.rooms[a.room! - 1]!.resourceId));
  return started;
}

describe('one process running both shards', () => {
  test('DISCORD_SHARDS=2 runs shards 0 and 1 in one process: a server on each gets its board, and start moves its members', async () => {
    const fake = await fakeWithTwoServers();
    const one = await bot(fake, { env: { DISCORD_SHARDS: '2' } });
    expect(fake.connectedShards().map((s) => s.join('/')).sort()).toEqual(['0/2', '1/2']);
    expect([...one.bot.client.guilds.cache.keys()].sort()).toEqual([A.guild, B.guild].sort());
    expect(one.bot.shards()).toBe('shards 0–1 of 2');
    expect(one.logs.some((l) => l.includes('Discord gateway connected') && l.includes('"shards":[0,1]') && l.includes('"shardCount":2'))).toBe(true);

    for (const server of [A, B]) {
      const started = await startBreakouts(fake, one, server);
      // Its rooms were made in its own server, under its own category.
      const made = fake.callsTo('POST', new RegExp(`^/guilds/${server.guild}/channels$`));
      expect(made).toHaveLength(3);
      for (const room of started.rooms) expect(fake.channels.get(room.resourceId ?? '')?.guild_id).toBe(server.guild);
    }
  });

  test('health is ok only while both shards are ready, and names the shard that is not', async () => {
    const fake = await fakeWithTwoServers();
    fake.holdShard(1);
    const one = await bot(fake, { env: { DISCORD_SHARDS: '2' }, noWait: true });
    const starting = one.bot.start();
    // Shard 0 is up, shard 1 waits for Discord to answer its IDENTIFY.
    await waitFor('shard 1 named as down', () => {
      const health = one.bot.health();
      return !health.ok && health.reason === 'Discord shard 1 of 2 is not connected';
    });
    fake.releaseShard(1);
    await starting;
    expect(one.bot.health()).toEqual({ ok: true });

    // Shard 1's connection drops and its RESUME is not answered: unhealthy, and shard 0 still serves server A.
    fake.holdShard(1);
    fake.dropShard(1);
    await waitFor('shard 1 down again', () => {
      const health = one.bot.health();
      return !health.ok && health.reason === 'Discord shard 1 of 2 is not connected';
    });
    expect(await slash({ fake, engine: one.engine }, A.facilitator, 'distribute', rooms(2))).toContain('Placed 4 people');
    fake.releaseShard(1);
    await waitFor('both shards ready', () => one.bot.health().ok);
    expect(one.logs.some((l) => l.includes('Discord shard resumed') && l.includes('"shard":1'))).toBe(true);
    expect(await slash({ fake, engine: one.engine }, B.facilitator, 'distribute', rooms(2), { channelId: B.text })).toContain('Placed 4 people');
  });

  test('DISCORD_SHARDS=auto runs as many shards as Discord recommends', async () => {
    const fake = await fakeWithTwoServers(2);
    const one = await bot(fake, { env: { DISCORD_SHARDS: 'auto' } });
    expect(fake.connectedShards().map((s) => s.join('/')).sort()).toEqual(['0/2', '1/2']);
    expect(one.bot.shards()).toBe('shards 0–1 of 2');
    expect(one.bot.client.guilds.cache.size).toBe(2);
  });
});

/** Two stores on one PostgreSQL database (as two processes have), or one memory store where no server is up outside CI. */
async function sharedStore(): Promise<{ readonly stores: readonly [MeetingStore, MeetingStore] }> {
  const server = await findPostgres();
  if (!server.ok) {
    if (process.env['BREAKOUTS_REQUIRE_POSTGRES'] === '1') throw new Error(`BREAKOUTS_REQUIRE_POSTGRES=1 but ${server.reason}. ${START_HINT}.`);
    const memory = createMemoryStore();
    return { stores: [memory, memory] };
  }
  const db = await createDatabase(server.adminUrl);
  const logger = createRecordingLogger();
  const first = await openPostgresStore(db.url, { logger, poolSize: 4 });
  const second = await openPostgresStore(db.url, { logger, poolSize: 4 });
  cleanups.push(async () => {
    await first.close();
    await second.close();
    await db.drop();
  });
  return { stores: [first, second] };
}

/** The shared REST proxy in front of the fake, stopped after the test; answers its API base URL. */
async function restProxy(fake: FakeDiscord): Promise<string> {
  const proxy = await startRestProxy(fake);
  cleanups.push(() => proxy.close());
  return proxy.url;
}

/** Two processes, DISCORD_SHARD_IDS=0 and =1 of DISCORD_SHARDS=2, one store, REST through one proxy. */
async function twoProcesses() {
  const fake = await fakeWithTwoServers();
  const { stores } = await sharedStore();
  const apiUrl = await restProxy(fake);
  const first = await bot(fake, { store: stores[0], apiUrl, seed: 'shard-0', env: { DISCORD_SHARDS: '2', DISCORD_SHARD_IDS: '0' } });
  const second = await bot(fake, { store: stores[1], apiUrl, seed: 'shard-1', env: { DISCORD_SHARDS: '2', DISCORD_SHARD_IDS: '1' } });
  return { fake, first, second };
}

describe('two processes, one shard each, on one store and one REST proxy', () => {
  test('each server’s commands reach only the process running its shard, and start completes in both', async () => {
    const { fake, first, second } = await twoProcesses();
    expect([...first.bot.client.guilds.cache.keys()]).toEqual([A.guild]);
    expect([...second.bot.client.guilds.cache.keys()]).toEqual([B.guild]);
    expect(first.bot.shards()).toBe('shard 0 of 2');
    expect(second.bot.shards()).toBe('shard 1 of 2');
    const toFirst = interactionsOf(first);
    const toSecond = interactionsOf(second);

    await startBreakouts(fake, first, A);
    await startBreakouts(fake, second, B);
    expect(toFirst.length).toBeGreaterThan(0);
    expect(toSecond.length).toBeGreaterThan(0);
    expect(new Set(toFirst)).toEqual(new Set([A.guild]));
    expect(new Set(toSecond)).toEqual(new Set([B.guild]));
    // Every REST call went through the proxy and none was refused.
    expect(fake.calls.filter((c) => (c.status ?? 0) >= 400)).toEqual([]);
  });

  test('a process sweeps only its own servers’ effects: one waiting for server B is left to the process running shard 1', async () => {
    const { fake, first, second } = await twoProcesses();
    const h = { fake, engine: second.engine };
    await slash(h, B.facilitator, 'distribute', rooms(2), { channelId: B.text });
    await postedBoard(h, B.text);
    await waitFor('board remembered', async () => (await meetingIn(h, B.voice, B.guild)).resources['boardMessage']);
    // The first board is shown and settled before the next change: this test is about who takes an
    // effect that waits, not about a change that lands while a board is held.
    await second.bot.deliverer.idle();

    // A change written and not delivered (its process died before it could).
    const changed = await second.engine.execute({ target: { place: discordPlace(B.guild, B.voice) }, actor: { id: B.facilitator, name: 'Bea Facilitator', canManage: true }, command: 'rooms', input: { count: 3 } });
    expect(changed.ok).toBe(true);
    const edits = () => fake.callsTo('PATCH', new RegExp(`^/channels/${B.text}/messages/\\d+$`)).length;
    const before = edits();

    await first.bot.deliverer.sweep({ olderThanMs: 0 });
    await first.bot.deliverer.idle();
    expect(edits()).toBe(before);
    expect(await second.store.outboxDepth()).toBeGreaterThan(0);
    expect(boardText(fake, B)).not.toContain('3. Breakout 3');

    await second.bot.deliverer.sweep({ olderThanMs: 0 });
    await waitFor('the board of server B with 3 rooms', () => boardText(fake, B).includes('3. Breakout 3'));
    expect(edits()).toBeGreaterThan(before);
  });

  test('a DM button (it arrives on shard 0) for a meeting on shard 1 is answered, and its board redrawn, by the shard-0 process', async () => {
    const { fake, first, second } = await twoProcesses();
    const h = { fake, engine: second.engine };
    await slash(h, B.facilitator, 'distribute', rooms(2), { channelId: B.text });
    await postedBoard(h, B.text);
    // As above: the first board is shown and settled before the change that follows.
    await second.bot.deliverer.idle();
    const room1 = (await meetingIn(h, B.voice, B.guild)).attendees.filter((a) => a.room === 1);
    const [caller, affected] = [room1[0]!, room1[1]!];
    const phone = [{ name: 'audio', type: 3, value: 'phone' }, { name: 'user', type: 6, value: caller.id }];
    expect(await slash(h, B.facilitator, 'audio', phone, { channelId: B.text })).toContain('now phone');
    const prompt = await waitFor('the conflict DM', () => fake.dmsTo(affected.id)[0]);
    await waitFor('the board shows the conflict', () => boardText(fake, B).includes('🟥'));
    // The process running shard 1 is gone: what follows is the shard-0 process's doing alone.
    await second.bot.stop();
    const toFirst = interactionsOf(first);

    const token = fake.click(affected.id, idOf(prompt, 'I’ve switched'), prompt, { inDm: true, permissions: EVERYONE_PERMS });
    expect((await answerOf(h, token)).content).toContain('your audio is now phone');
    expect(toFirst).toEqual([null]);
    await waitFor('the board of server B without the conflict', () => !boardText(fake, B).includes('🟥'));
    expect((await meetingIn({ fake, engine: first.engine }, B.voice, B.guild)).attendees.find((a) => a.id === affected.id)?.audio).toBe('phone');
  });
});

describe('DISCORD_SHARDS and DISCORD_SHARD_IDS', () => {
  const base = { DISCORD_TOKEN: TOKEN, DISCORD_APPLICATION_ID: IDS.app };

  test('a shard count, auto, or a count with this process’s ids and ranges are read into the Discord settings', () => {
    expect(loadConfig(base).discord?.shards).toBeUndefined();
    expect(loadConfig({ ...base, DISCORD_SHARDS: 'auto' }).discord?.shards).toEqual({ count: 'auto' });
    expect(loadConfig({ ...base, DISCORD_SHARDS: '2' }).discord?.shards).toEqual({ count: 2 });
    expect(loadConfig({ ...base, DISCORD_SHARDS: '8', DISCORD_SHARD_IDS: '0, 2-4,4' }).discord?.shards).toEqual({ count: 8, ids: [0, 2, 3, 4] });
  });

  test.each([
    ['a count of 0', { DISCORD_SHARDS: '0' }, 'DISCORD_SHARDS: DISCORD_SHARDS must be auto or the number of gateway shards (1–9999)'],
    ['a count that is not a number', { DISCORD_SHARDS: 'two' }, 'DISCORD_SHARDS: DISCORD_SHARDS must be auto or the number of gateway shards (1–9999)'],
    ['ids without a count', { DISCORD_SHARD_IDS: '0-1' }, 'DISCORD_SHARD_IDS: needs DISCORD_SHARDS set to the total number of shards (not auto)'],
    ['ids with auto', { DISCORD_SHARDS: 'auto', DISCORD_SHARD_IDS: '0' }, 'DISCORD_SHARD_IDS: needs DISCORD_SHARDS set to the total number of shards (not auto)'],
    ['an id not below the count', { DISCORD_SHARDS: '2', DISCORD_SHARD_IDS: '1-2' }, 'DISCORD_SHARD_IDS: every shard id must be below DISCORD_SHARDS (2), ranges written low-high, e.g. 0-1'],
    ['a range written high-low', { DISCORD_SHARDS: '4', DISCORD_SHARD_IDS: '3-1' }, 'DISCORD_SHARD_IDS: every shard id must be below DISCORD_SHARDS (4), ranges written low-high, e.g. 0-1'],
    ['ids that are not numbers', { DISCORD_SHARDS: '4', DISCORD_SHARD_IDS: 'a,b' }, 'DISCORD_SHARD_IDS: DISCORD_SHARD_IDS must list shard ids and ranges, e.g. 0,1 or 0-3'],
  ])('%s stops the start with a sentence naming the variable and what to set', (_what, env, sentence) => {
    expect(() => loadConfig({ ...base, ...env })).toThrow(sentence);
  });
});
