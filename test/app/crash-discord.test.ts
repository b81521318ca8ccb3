// Crash tests of the real `npm start` as a Discord bot against the fake gateway and REST API: the
// process is SIGKILLed at seeded points of a start and of a conflict-producing move, started again
// on the same data folder, and every REST call is counted: everyone is moved or DMed, and a send
// repeats only when the kill landed between the call and its record (at most 4, the concurrency).
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { discordPlace } from '../../adapters/discord/meeting-index.ts';
import { meetingKey, type Meeting } from '../../src/domain/meeting.ts';
import { FakeDiscord, IDS, memberId, type RestCall } from '../discord/fakes/fake-discord.ts';
import {
  crashSeed,
  extras,
  killAll,
  killed,
  killPoints,
  lockHolder,
  meetingOnDisk,
  occupied,
  phoneCallers,
  quiet,
  seededDelay,
  scratchFolders,
  sleep,
  startBreakouts,
  storedMeeting,
  tempFolder,
  unhandledRejections,
  waitFor,
  type Breakouts,
} from './crash-harness.ts';

const SEED = crashSeed();
/** Sends one kill may repeat: those under way when it landed (the process's send gate, sendsAtOnce). */
const BOUND = 4;
const TOKEN = 'fake-bot-token-crash-0123456789';
const KEY = meetingKey(discordPlace(IDS.guild, IDS.voice));
/** Members 1–30 in the meeting's voice channel (1–8 declare phone, 27–30 cannot speak), 31–32 join from text. */
const MEMBERS = 32;
const PHONE = [1, 2, 3, 4, 5, 6, 7, 8];
const LISTENING = [27, 28, 29, 30];
const BY_TEXT = [31, 32];
const ROOMS = 6;
const NOT_MANAGER = 0n;
/** The start's REST calls: deferral, answer, board, a category and 6 rooms, ~28 moves, 10 DMs of two calls. */
const START_CALLS = 3 + 1 + ROOMS + 28 + 20;

const folders = scratchFolders();
const fakes: FakeDiscord[] = [];
const report: string[] = [];

afterEach(async () => {
  await killAll();
});

afterAll(async () => {
  await Promise.all(fakes.map((f) => f.stop()));
  await folders.removeAll();
  process.stderr.write(`crash-discord (seed ${SEED}; CRASH_SEED=${SEED} replays it):\n${report.map((l) => `  ${l}`).join('\n')}\n`);
});

/** A fresh fake Discord with the meeting's members in voice (and, optionally, the server as an earlier run left it). */
async function freshFake(like?: FakeDiscord): Promise<FakeDiscord> {
  const fake = new FakeDiscord({ members: MEMBERS, voiceFor: (i) => (BY_TEXT.includes(i) ? null : IDS.voice) });
  for (const i of LISTENING) fake.voice.set(memberId(i), { channelId: IDS.voice, suppress: true });
  if (like) {
    for (const [id, c] of like.channels) fake.channels.set(id, structuredClone(c));
    fake.voice.clear();
    for (const [id, v] of like.voice) fake.voice.set(id, { ...v });
    for (const [id, m] of like.messages) fake.messages.set(id, structuredClone(m));
    for (const [id, u] of like.dmChannels) fake.dmChannels.set(id, u);
    // New ids must not collide with the ones copied over.
    const highest = [...fake.channels.keys(), ...fake.messages.keys(), ...fake.dmChannels.keys()].reduce((a, b) => (BigInt(b) > a ? BigInt(b) : a), 0n);
    while (BigInt(fake.id()) < highest);
  }
  await fake.start();
  fakes.push(fake);
  return fake;
}

/** Arms a SIGKILL on the n-th REST call that reaches the fake from now on (before it is answered). */
function killSwitch(fake: FakeDiscord): { arm(n: number, target: Breakouts): void } {
  let armed: { left: number; target: Breakouts } | undefined;
  const push = fake.calls.push.bind(fake.calls);
  fake.calls.push = (...items: RestCall[]): number => {
    const length = push(...items);
    if (armed) {
      armed.left -= items.length;
      if (armed.left <= 0) {
        armed.target.kill();
        armed = undefined;
      }
    }
    return length;
  };
  return {
    arm(n, target) {
      armed = { left: n, target };
    },
  };
}

function launch(label: string, fake: FakeDiscord, folder: string): Breakouts {
  return startBreakouts(label, { DISCORD_TOKEN: TOKEN, DISCORD_APPLICATION_ID: IDS.app, DISCORD_API_URL: fake.apiUrl, BREAKOUTS_DB: folder }, folder);
}

/** Resolves once it is logged in (true), or false when it was killed first. */
async function loggedIn(app: Breakouts): Promise<boolean> {
  const state = await waitFor('npm start to log in', () => (app.output().includes('Discord: logged in as') ? 'ready' : app.child.exitCode !== null || app.child.signalCode !== null ? 'gone' : undefined), 20_000, () => app.output());
  if (state === 'ready') return true;
  if (app.child.signalCode === 'SIGKILL') return false;
  throw new Error(`${app.label} exited at start-up: ${app.output()}`);
}

async function startDiscord(label: string, fake: FakeDiscord, folder: string): Promise<Breakouts> {
  const app = launch(label, fake, folder);
  if (!(await loggedIn(app))) throw new Error(`${label} was killed at start-up`);
  return app;
}

type Option = { name: string; type: number; value: string | number };

/** A slash command as Discord sends it; resolves with its token (the answer comes later). */
function slash(fake: FakeDiscord, user: string, sub: string, options: Option[] = [], opts: { command?: string; permissions?: bigint } = {}): string {
  return fake.slash(user, sub, options, opts);
}

async function answered(fake: FakeDiscord, token: string): Promise<string> {
  const reply = await waitFor(`the answer to ${token}`, () => {
    const r = fake.reply(token);
    return r && r.content !== '' ? r : undefined;
  }, 10_000);
  return reply.content;
}

const settled = (fake: FakeDiscord, quietMs?: number): Promise<void> => quiet(() => fake.calls.length, quietMs);


/** A meeting as it is set up in Discord: dial-in, phone and text joiners, distribute. Clean stop. */
async function prepareMeeting(folder: string): Promise<{ meeting: Meeting; fake: FakeDiscord }> {
  const fake = await freshFake();
  const app = await startDiscord('setup', fake, folder);
  expect(await answered(fake, slash(fake, IDS.facilitator, 'dialin', [{ name: 'number', type: 3, value: '+15550100' }, { name: 'codes', type: 3, value: '111# 222# 333# 444# 555# 666#' }]))).toContain('+15550100');
  for (const i of PHONE) {
    expect(await answered(fake, slash(fake, memberId(i), 'audio', [{ name: 'audio', type: 3, value: 'phone' }], { command: 'breakouts-me', permissions: NOT_MANAGER }))).toContain('phone');
  }
  for (const i of BY_TEXT) expect(await answered(fake, slash(fake, memberId(i), 'join', [], { command: 'breakouts-me', permissions: NOT_MANAGER }))).toContain('joined');
  expect(await answered(fake, slash(fake, IDS.facilitator, 'distribute', [{ name: 'rooms', type: 4, value: ROOMS }]))).toMatch(/room/i);
  await settled(fake);
  expect(await app.stop()).toBe(0);
  const { meeting, waiting } = await storedMeeting(folder, KEY);
  expect(waiting).toBe(0);
  expect(meeting.status).toBe('draft');
  expect(meeting.attendees.filter((a) => a.audio === 'listening')).toHaveLength(LISTENING.length);
  expect(occupied(meeting)).toHaveLength(ROOMS);
  expect(phoneCallers(meeting)).toHaveLength(PHONE.length);
  return { meeting, fake };
}

const CreateSchema = z.object({ name: z.string(), type: z.number() }).loose();

/** The run step each REST call of a start carries out (undefined for calls that carry none: boards, DM channels). */
function stepsOf(fake: FakeDiscord, meeting: Meeting, calls: readonly RestCall[]): { call: RestCall; step: string; key: string }[] {
  const roomOf = new Map(meeting.attendees.map((a) => [a.id, a.room]));
  const byName = new Map(occupied(meeting).map((r) => [r.name, r.number]));
  return calls.flatMap((call) => {
    const parts = call.path.split('/');
    if (call.method === 'POST' && /^\/guilds\/\d+\/channels$/.test(call.path)) {
      const body = CreateSchema.safeParse(call.body);
      const room = body.success && body.data.type === 2 ? byName.get(body.data.name) : undefined;
      return room === undefined ? [] : [{ call, step: `prepare:${room}`, key: `room ${room}` }];
    }
    if (call.method === 'PATCH' && /^\/guilds\/\d+\/members\/\d+$/.test(call.path)) {
      const user = parts[4] ?? '';
      return [{ call, step: `open:${roomOf.get(user)}`, key: `move ${user}` }];
    }
    if (call.method === 'POST' && /^\/channels\/\d+\/messages$/.test(call.path)) {
      const user = fake.dmChannels.get(parts[2] ?? '');
      return user ? [{ call, step: `notify:${user}`, key: `dm ${user}` }] : [];
    }
    return [];
  });
}

interface StartCount {
  readonly categories: number;
  /** Voice channels made per room (must be 1 each). */
  readonly made: number[];
  /** Moves and DMs beyond the first, per person. */
  readonly duplicates: { total: number; byKey: Record<string, number> };
  readonly missing: string[];
}

/** What the fake shows of a start: the category and rooms made, members moved, DMs; and what repeated. */
function countStart(fake: FakeDiscord, meeting: Meeting, since: number): StartCount {
  const missing: string[] = [];
  const categories = [...fake.channels.values()].filter((c) => c.type === 4 && c.name.startsWith('Breakouts'));
  const category = categories[0]?.id;
  const made: number[] = [];
  for (const room of occupied(meeting)) {
    const channels = [...fake.channels.values()].filter((c) => c.type === 2 && c.parent_id === category && c.name === room.name);
    made.push(channels.length);
    const channel = channels[0]?.id;
    if (!channel) {
      missing.push(`no voice channel for room ${room.number}`);
      continue;
    }
    for (const a of meeting.attendees.filter((x) => x.room === room.number)) {
      const voice = fake.voice.get(a.id)?.channelId;
      if (voice && voice !== channel) missing.push(`${a.id} not moved to room ${room.number}`);
      if (!voice && fake.dmsTo(a.id).length === 0) missing.push(`${a.id} (not in voice) not DMed`);
    }
  }
  for (const a of phoneCallers(meeting)) if (!fake.dmsTo(a.id).some((m) => m.content.includes('+15550100'))) missing.push(`${a.id}: no dial-in DM`);
  const sends = stepsOf(fake, meeting, fake.calls.slice(since)).filter((s) => !s.step.startsWith('prepare:') && (s.call.status === undefined || s.call.status < 300));
  return { categories: categories.length, made, duplicates: extras(sends.map((s) => s.key)), missing };
}

let template = '';
let prepared: Meeting;
let setupFake: FakeDiscord;

/**
 * One start, SIGKILLed at each of `kills` (the n-th REST call since the start, then since each
 * restart), restarted on the same folder after each kill, with no second /breakouts start.
 */
async function startCycle(kills: readonly number[]): Promise<void> {
  const t0 = Date.now();
  const folder = await folders.from(template, 'crash-discord');
  const fake = await freshFake(setupFake);
  const kill = killSwitch(fake);
  const first = await startDiscord('first', fake, folder);
  const since = fake.calls.length;
  kill.arm(kills[0]!, first);
  slash(fake, IDS.facilitator, 'start');
  let victim = first;
  const deaths: { at: number; recorded: Set<string> }[] = [];
  for (const [i, k] of kills.entries()) {
    if (i > 0) {
      victim = launch(`restart ${i}`, fake, folder);
      kill.arm(k, victim);
      await loggedIn(victim);
    }
    await killed(victim);
    // The dead process's lock is still there: the next start has to take it over.
    expect(await lockHolder(folder)).toBe(victim.child.pid);
    const onDisk = await meetingOnDisk(folder, prepared.id);
    expect(onDisk.status).toBe('started');
    deaths.push({ at: fake.calls.length, recorded: new Set(onDisk.run?.steps.filter((s) => s.state !== 'pending').map((s) => s.key)) });
  }

  const last = await startDiscord('last', fake, folder);
  await waitFor('every room made, everyone moved or DMed', () => countStart(fake, prepared, since).missing.length === 0, 30_000, () => countStart(fake, prepared, since).missing.join('; '));
  await settled(fake);
  expect(await last.stop()).toBe(0);

  const count = countStart(fake, prepared, since);
  expect(count.categories).toBe(1);
  expect(count.made).toEqual(Array(ROOMS).fill(1));
  expect(count.duplicates.total, JSON.stringify(count.duplicates.byKey)).toBeLessThanOrEqual(BOUND * kills.length);
  // Never a replay of finished work: nothing recorded as done when a process died is sent after it.
  for (const death of deaths) {
    const replayed = stepsOf(fake, prepared, fake.calls.slice(death.at)).filter((s) => death.recorded.has(s.step));
    expect(replayed.map((s) => `${s.step} (${s.call.method} ${s.call.path})`)).toEqual([]);
  }
  const { meeting, waiting } = await storedMeeting(folder, KEY);
  expect(meeting.run?.finished).toBe(true);
  expect(meeting.run?.steps.filter((s) => s.state === 'pending')).toEqual([]);
  expect(waiting).toBe(0);
  expect(unhandledRejections()).toEqual([]);
  report.push(
    `start, ${kills.length === 1 ? 'kill at call' : 'kills at calls'} ${kills.join(' then ')}: ${deaths.map((d) => `${d.at - since} calls and ${d.recorded.size} steps recorded at a kill`).join(', ')}; ${fake.calls.length - since} calls in all; duplicates ${count.duplicates.total} ${JSON.stringify(count.duplicates.byKey)}; ${Date.now() - t0} ms`,
  );
}

describe('Discord: npm start killed in the middle of a start', () => {
  beforeAll(async () => {
    template = await tempFolder('crash-discord-template');
    folders.keep(template);
    ({ meeting: prepared, fake: setupFake } = await prepareMeeting(template));
  }, 60_000);

  // Call 1 is the deferral, sent before the start is saved: the kills land from call 2 on.
  for (const k of killPoints(`${SEED}:start`, 3, START_CALLS - 1).map((n) => n + 1)) {
    it(`a start killed at its REST call ${k} is finished by the restarted process alone: every room made once, everyone moved or DMed, at most ${BOUND} sends repeated, nothing recorded sent again (seed ${SEED})`, async () => {
      await startCycle([k]);
    }, 90_000);
  }

  // The first kill in the first half, so that the resume still has calls left to be killed at.
  const [once] = killPoints(`${SEED}:once`, 1, Math.floor(START_CALLS / 2)).map((n) => n + 1);
  const [again] = killPoints(`${SEED}:again`, 1, 20);
  it(`a start killed at its call ${once} and killed again at call ${again} of the resume is finished by the third process: at most ${BOUND} sends repeated per kill, nothing recorded sent again (seed ${SEED})`, async () => {
    await startCycle([once!, again!]);
  }, 90_000);

  it('a start killed just after Discord has its deferral is either carried out in full after the restart or was never saved and nothing of it happens', async () => {
    const folder = await folders.from(template, 'crash-discord-ack');
    const fake = await freshFake(setupFake);
    const first = await startDiscord('first', fake, folder);
    const since = fake.calls.length;
    const token = slash(fake, IDS.facilitator, 'start');
    await waitFor('the deferral', () => (fake.responses.get(token)?.callbacks.length ?? 0) > 0, 10_000);
    await sleep(seededDelay(`${SEED}:start-ack`, 30));
    first.kill();
    expect((await first.exited).signal).toBe('SIGKILL');
    const saved = (await meetingOnDisk(folder, prepared.id)).status === 'started';
    const second = await startDiscord('second', fake, folder);
    if (saved) await waitFor('every room made, everyone moved or DMed', () => countStart(fake, prepared, since).missing.length === 0, 30_000, () => countStart(fake, prepared, since).missing.join('; '));
    await settled(fake);
    expect(await second.stop()).toBe(0);
    const count = countStart(fake, prepared, since);
    const { meeting, waiting } = await storedMeeting(folder, KEY);
    if (saved) {
      expect(count.missing).toEqual([]);
      expect(meeting.run?.finished).toBe(true);
    } else {
      expect(stepsOf(fake, prepared, fake.calls.slice(since))).toEqual([]);
      expect(count.categories).toBe(0);
      expect(meeting.status).toBe('draft');
    }
    expect(count.duplicates.total).toBeLessThanOrEqual(BOUND);
    expect(waiting).toBe(0);
    expect(unhandledRejections()).toEqual([]);
    report.push(`start, kill just after the deferral: ${saved ? 'saved, carried out after the restart' : 'never saved, nothing happened'}; duplicates ${count.duplicates.total}`);
  }, 90_000);
});

const EmbedsSchema = z.array(z.object({ fields: z.array(z.object({ name: z.string(), value: z.string() }).loose()).optional() }).loose());

describe('Discord: npm start killed in the middle of a conflict-producing move', () => {
  let open = '';
  let openFake: FakeDiscord;
  let mover: Meeting['attendees'][number];
  let phoneRoom: number;

  beforeAll(async () => {
    open = await folders.from(template, 'crash-discord-open');
    openFake = await freshFake(setupFake);
    const app = await startDiscord('open', openFake, open);
    slash(openFake, IDS.facilitator, 'start');
    await waitFor('the start carried out', () => countStart(openFake, prepared, 0).missing.length === 0, 30_000, () => countStart(openFake, prepared, 0).missing.join('; '));
    await settled(openFake);
    expect(await app.stop()).toBe(0);
    const { meeting } = await storedMeeting(open, KEY);
    expect(meeting.run?.finished).toBe(true);
    phoneRoom = phoneCallers(meeting)[0]!.room!;
    mover = meeting.attendees.find((a) => a.audio === 'voip' && a.room !== null && openFake.voice.get(a.id)?.channelId && !meeting.attendees.some((b) => b.room === a.room && b.audio === 'phone'))!;
  }, 60_000);

  const prompts = (fake: FakeDiscord, before: number): number => fake.dmsTo(mover.id).slice(before).filter((m) => m.content.startsWith('Audio conflict in')).length;

  /** The board's field for the phone room: marked as a conflict, with the mover in it. */
  function boardShowsMove(fake: FakeDiscord): boolean {
    const embeds = EmbedsSchema.parse(fake.channelMessages(IDS.text)[0]?.embeds ?? []);
    return embeds.flatMap((e) => e.fields ?? []).some((f) => f.name.startsWith(`🟥 ${phoneRoom}.`) && f.value.includes(mover.name));
  }

  async function moveCycle(k: number | 'ack'): Promise<void> {
    const t0 = Date.now();
    const folder = await folders.from(open, 'crash-discord-move');
    const fake = await freshFake(openFake);
    const roomChannel = (await storedMeeting(folder, KEY)).meeting.rooms[phoneRoom - 1]!.resourceId!;
    const kill = killSwitch(fake);
    const first = await startDiscord('first', fake, folder);
    await settled(fake, 300);
    const since = fake.calls.length;
    const dmsBefore = fake.dmsTo(mover.id).length;
    if (k !== 'ack') kill.arm(k, first);
    const token = slash(fake, IDS.facilitator, 'move', [{ name: 'user', type: 6, value: mover.id }, { name: 'to', type: 4, value: phoneRoom }]);
    if (k === 'ack') {
      await waitFor('the deferral', () => (fake.responses.get(token)?.callbacks.length ?? 0) > 0, 10_000);
      await sleep(seededDelay(`${SEED}:move-ack`, 30));
      first.kill();
    }
    await killed(first);
    const atKill = fake.calls.length;
    const promptsBefore = prompts(fake, dmsBefore);
    expect(await lockHolder(folder)).toBe(first.child.pid);
    const saved = (await meetingOnDisk(folder, prepared.id)).attendees.find((a) => a.id === mover.id)?.room === phoneRoom;
    // Every REST call of the move after its deferral is made only once the move is saved.
    if (k !== 'ack') expect(saved).toBe(true);

    const second = await startDiscord('second', fake, folder);
    const done = (): string[] => [
      ...(prompts(fake, dmsBefore) === 0 ? ['no conflict prompt'] : []),
      ...(fake.voice.get(mover.id)?.channelId !== roomChannel ? ['not moved into the phone room'] : []),
      ...(boardShowsMove(fake) ? [] : ['the board does not show the move']),
    ];
    if (saved) await waitFor('the move carried out', () => done().length === 0, 30_000, () => done().join('; '));
    await settled(fake);
    expect(await second.stop()).toBe(0);

    const count = prompts(fake, dmsBefore);
    const moves = fake.moves.filter((m) => m.userId === mover.id).length;
    const { meeting, waiting } = await storedMeeting(folder, KEY);
    if (saved) {
      expect(done()).toEqual([]);
      // One prompt per conflict; a second only when the first reached Discord before the kill.
      expect(count).toBe(promptsBefore > 0 ? count : 1);
      expect(count).toBeLessThanOrEqual(2);
      expect(meeting.prompts[mover.id]?.room).toBe(phoneRoom);
    } else {
      expect(count).toBe(0);
      expect(meeting.attendees.find((a) => a.id === mover.id)?.room).toBe(mover.room);
    }
    const duplicates = Math.max(0, count - 1) + Math.max(0, moves - 1) + Math.max(0, fake.dmsTo(mover.id).length - dmsBefore - count);
    expect(duplicates).toBeLessThanOrEqual(BOUND);
    expect(waiting).toBe(0);
    expect(unhandledRejections()).toEqual([]);
    report.push(`move, kill ${k === 'ack' ? 'just after the deferral' : `at call ${k}`}: ${saved ? 'saved' : 'never saved'}; ${atKill - since} calls before the kill, ${fake.calls.length - atKill} after; conflict prompts ${count}, voice moves ${moves}; ${Date.now() - t0} ms`);
  }

  // The move's 6 REST calls: the deferral, then (after the save) the answer, the board, the voice move, the DM channel, the prompt.
  for (const k of killPoints(`${SEED}:move`, 2, 5).map((n) => n + 1)) {
    it(`a conflict-producing move killed at its REST call ${k} is finished after the restart: one conflict prompt (two only if the kill hit it), the board shows the move (seed ${SEED})`, async () => {
      await moveCycle(k);
    }, 90_000);
  }

  it('a conflict-producing move killed just after Discord has its deferral is either carried out in full after the restart or was never saved and nothing of it happens', async () => {
    await moveCycle('ack');
  }, 90_000);
});
