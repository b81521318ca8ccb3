// Crash tests of the real `npm start` in Slack HTTP mode against the fake Web API: the process is
// SIGKILLed at seeded points of a start and of a conflict-producing move, started again on the
// same data folder, and every platform call is counted: everything happens, and a send repeats
// only when the kill landed between the call and its record (at most the delivery concurrency, 4).
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Meeting } from '../../src/domain/meeting.ts';
import { startFakeSlack, type FakeSlack, type RecordedCall } from '../slack/fakes/fake-slack.ts';
import { CHANNEL, postSigned, SIGNING_SECRET, slashBody, TEAM, type Person } from '../slack/fakes/signed.ts';
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
import { slackAttendees } from './slack-people.ts';
import { countStart, stepsOf, waitForStart } from './slack-start-count.ts';

const SEED = crashSeed();
/** Sends one kill may repeat: those under way when it landed (the process's send gate, sendsAtOnce). */
const BOUND = 4;
const BOT_TOKEN = 'xoxb-1-2-crashtests';
const KEY = `slack:${TEAM}:${CHANNEL}`;
const FAC: Person = { id: 'UFAC', name: 'fran' };
/** 30 attendees: 8 on the phone, 4 listening, the rest on VOIP; 6 rooms; a dial-in with codes. */
const PEOPLE = slackAttendees(30, { phone: 8, listening: 4 });
const ROOMS = 6;
const DIAL_IN = '+15550100';
/** The start's Web API calls: 6 channels made, 6 invites, 6 welcomes, 8 dial-in DMs (and board updates). */
const START_CALLS = ROOMS * 3 + 8;
/** Every Web API method Breakouts calls; each is tapped so a kill can land on any of them. */
const METHODS = ['auth.test', 'chat.postMessage', 'chat.update', 'chat.postEphemeral', 'conversations.create', 'conversations.list', 'conversations.invite', 'conversations.members', 'users.info'];

const folders = scratchFolders();
const fakes: FakeSlack[] = [];
const report: string[] = [];

afterEach(async () => {
  await killAll();
});

afterAll(async () => {
  await Promise.all(fakes.map((f) => f.close()));
  await folders.removeAll();
  process.stderr.write(`crash-slack (seed ${SEED}; CRASH_SEED=${SEED} replays it):\n${report.map((l) => `  ${l}`).join('\n')}\n`);
});

/** A fresh fake Web API that knows the people (and, optionally, the channels an earlier run left). */
async function freshFake(like?: FakeSlack): Promise<FakeSlack> {
  const fake = await startFakeSlack();
  fakes.push(fake);
  for (const p of [FAC, ...PEOPLE]) fake.users.set(p.id, { id: p.id, name: p.name });
  if (like) {
    for (const [id, name] of like.channels) fake.channels.set(id, name);
    for (const [id, set] of like.members) fake.members.set(id, new Set(set));
  }
  return fake;
}

/** Arms a SIGKILL on the n-th Web API call that reaches the fake from now on, before it is answered. */
function killSwitch(fake: FakeSlack): { arm(n: number, target: Breakouts): void } {
  let armed: { left: number; target: Breakouts } | undefined;
  for (const method of METHODS) {
    fake.tap(method, () => {
      if (!armed) return;
      armed.left -= 1;
      if (armed.left === 0) {
        armed.target.kill();
        armed = undefined;
      }
    });
  }
  return {
    arm(n, target) {
      armed = { left: n, target };
    },
  };
}

function launch(label: string, fake: FakeSlack, folder: string): Breakouts {
  return startBreakouts(label, { SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: fake.apiUrl, PORT: '0', HOST: '127.0.0.1', BREAKOUTS_DB: folder }, folder);
}

/** The events URL once it listens; undefined when it was killed first. */
async function listening(app: Breakouts): Promise<string | undefined> {
  const port = await waitFor('npm start to listen', () => /Slack: HTTP mode on port (\d+)/.exec(app.output())?.[1] ?? (app.child.exitCode !== null || app.child.signalCode !== null ? 'gone' : undefined), 20_000, () => app.output());
  if (port !== 'gone') return `http://127.0.0.1:${port}/slack/events`;
  if (app.child.signalCode === 'SIGKILL') return undefined;
  throw new Error(`${app.label} exited at start-up: ${app.output()}`);
}

async function startSlack(label: string, fake: FakeSlack, folder: string): Promise<{ app: Breakouts; events: string }> {
  const app = launch(label, fake, folder);
  const events = await listening(app);
  if (!events) throw new Error(`${label} was killed at start-up`);
  return { app, events };
}

let commandSeq = 0;
/** A signed /breakouts command; resolves with Slack's ack (the work goes on after it) and the answer's id. */
async function slash(events: string, fake: FakeSlack, text: string, user: Person = FAC): Promise<string> {
  const id = `c${++commandSeq}`;
  const res = await postSigned(events, slashBody(text, user, fake.responseUrl(id)));
  expect(res.status).toBe(200);
  return id;
}

async function answered(fake: FakeSlack, id: string): Promise<string> {
  const answer = await waitFor(`the answer to ${id}`, () => fake.responses.find((r) => r.id === id), 10_000);
  return String(answer.body['text'] ?? '');
}

/** Wait until the fake has seen no Web API call for a while (board pacing is 1 s). */
const settled = (fake: FakeSlack, quietMs?: number): Promise<void> => quiet(() => fake.calls.length, quietMs);

const text = (c: RecordedCall): string => String(c.body['text'] ?? '');
const posts = (calls: readonly RecordedCall[]): RecordedCall[] => calls.filter((c) => c.method === 'chat.postMessage');

const BlocksSchema = z.array(z.object({ block_id: z.string().optional(), text: z.object({ text: z.string() }).loose().optional() }).loose());

/** The board as last drawn in the main channel: the text of each section, by block id. */
function lastBoard(fake: FakeSlack): Map<string, string> {
  const call = [...fake.calls].reverse().find((c) => c.ok && c.body['channel'] === CHANNEL && (c.method === 'chat.update' || c.method === 'chat.postMessage') && Array.isArray(c.body['blocks']));
  const blocks = BlocksSchema.parse(call?.body['blocks'] ?? []);
  return new Map(blocks.flatMap((b) => (b.block_id && b.text ? [[b.block_id, b.text.text] as const] : [])));
}


/** A meeting as the facilitator sets it up in Slack: import, audio, dial-in, distribute; then a clean stop. */
async function prepareMeeting(folder: string): Promise<{ meeting: Meeting; fake: FakeSlack }> {
  const fake = await freshFake();
  fake.members.set(CHANNEL, new Set(['UBOT', FAC.id, ...PEOPLE.map((p) => p.id)]));
  const { app, events } = await startSlack('setup', fake, folder);
  expect(await answered(fake, await slash(events, fake, 'import'))).toContain('Added 30 people');
  expect(await answered(fake, await slash(events, fake, `dialin ${DIAL_IN} codes 111# 222# 333# 444# 555# 666#`))).toContain(DIAL_IN);
  for (const p of PEOPLE.filter((x) => x.audio !== 'voip')) {
    expect(await answered(fake, await slash(events, fake, `audio ${p.audio} <@${p.id}|${p.name}>`))).toContain(`audio is now ${p.audio}`);
  }
  expect(await answered(fake, await slash(events, fake, `distribute ${ROOMS}`))).toMatch(/room/i);
  await settled(fake);
  expect(await app.stop()).toBe(0);
  const { meeting, waiting } = await storedMeeting(folder, KEY);
  expect(waiting).toBe(0);
  expect(meeting.status).toBe('draft');
  expect(occupied(meeting)).toHaveLength(ROOMS);
  expect(phoneCallers(meeting)).toHaveLength(PEOPLE.filter((p) => p.audio === 'phone').length);
  return { meeting, fake };
}

let template = '';
let prepared: Meeting;
let setupFake: FakeSlack;

/**
 * One start, SIGKILLed at each of `kills` (the n-th Web API call since the start, then since each
 * restart), restarted on the same folder after each kill, with no second /breakouts start.
 */
async function startCycle(kills: readonly number[]): Promise<void> {
  const t0 = Date.now();
  const folder = await folders.from(template, 'crash-slack');
  const fake = await freshFake(setupFake);
  const kill = killSwitch(fake);
  const first = await startSlack('first', fake, folder);
  const since = fake.calls.length;
  kill.arm(kills[0]!, first.app);
  await slash(first.events, fake, 'start');
  let victim = first.app;
  const deaths: { at: number; recorded: Set<string> }[] = [];
  for (const [i, k] of kills.entries()) {
    if (i > 0) {
      victim = launch(`restart ${i}`, fake, folder);
      kill.arm(k, victim);
      await listening(victim);
    }
    await killed(victim);
    // The dead process's lock is still there: the next start has to take it over.
    expect(await lockHolder(folder)).toBe(victim.child.pid);
    const onDisk = await meetingOnDisk(folder, prepared.id);
    expect(onDisk.status).toBe('started');
    deaths.push({ at: fake.calls.length, recorded: new Set(onDisk.run?.steps.filter((s) => s.state !== 'pending').map((s) => s.key)) });
  }

  const last = await startSlack('last', fake, folder);
  await waitForStart('every room made, everyone invited, welcomed and DMed', () => countStart(fake, prepared, since, DIAL_IN), 30_000);
  await settled(fake);
  expect(await last.app.stop()).toBe(0);

  const count = countStart(fake, prepared, since, DIAL_IN);
  expect(count.made).toEqual(Array(ROOMS).fill(1));
  expect(count.duplicates.total, JSON.stringify(count.duplicates.byKey)).toBeLessThanOrEqual(BOUND * kills.length);
  // Never a replay of finished work: nothing recorded as done when a process died is sent after it.
  for (const death of deaths) {
    const replayed = stepsOf(fake, prepared, fake.calls.slice(death.at)).filter((s) => death.recorded.has(s.step));
    expect(replayed.map((s) => `${s.step} (${s.call.method})`)).toEqual([]);
  }
  const { meeting, waiting } = await storedMeeting(folder, KEY);
  expect(meeting.run?.finished).toBe(true);
  expect(meeting.run?.steps.filter((s) => s.state !== 'done')).toEqual([]);
  expect(waiting).toBe(0);
  expect(unhandledRejections()).toEqual([]);
  report.push(
    `start, ${kills.length === 1 ? 'kill at call' : 'kills at calls'} ${kills.join(' then ')}: ${deaths.map((d) => `${d.at - since} calls and ${d.recorded.size} steps recorded at a kill`).join(', ')}; ${fake.calls.length - since} calls in all; duplicates ${count.duplicates.total} ${JSON.stringify(count.duplicates.byKey)}; ${Date.now() - t0} ms`,
  );
}

describe('Slack: npm start killed in the middle of a start', () => {
  beforeAll(async () => {
    template = await tempFolder('crash-slack-template');
    folders.keep(template);
    ({ meeting: prepared, fake: setupFake } = await prepareMeeting(template));
  }, 60_000);

  for (const k of killPoints(`${SEED}:start`, 4, START_CALLS)) {
    it(`a start killed at its Web API call ${k} is finished by the restarted process alone: every room made once, everyone invited, welcomed and DMed, at most ${BOUND} sends repeated, nothing recorded sent again (seed ${SEED})`, async () => {
      await startCycle([k]);
    }, 90_000);
  }

  // The first kill in the first half, so that the resume still has calls left to be killed at.
  const [once] = killPoints(`${SEED}:once`, 1, Math.floor(START_CALLS / 2));
  const [again] = killPoints(`${SEED}:again`, 1, 10);
  it(`a start killed at its call ${once} and killed again at call ${again} of the resume is finished by the third process: at most ${BOUND} sends repeated per kill, nothing recorded sent again (seed ${SEED})`, async () => {
    await startCycle([once!, again!]);
  }, 90_000);

  it('a start killed just after Slack has its ack is either carried out in full after the restart or was never saved and nothing of it happens', async () => {
    const folder = await folders.from(template, 'crash-slack-ack');
    const fake = await freshFake(setupFake);
    const first = await startSlack('first', fake, folder);
    const since = fake.calls.length;
    await slash(first.events, fake, 'start');
    await sleep(seededDelay(`${SEED}:start-ack`, 30));
    first.app.kill();
    expect((await first.app.exited).signal).toBe('SIGKILL');
    const saved = (await meetingOnDisk(folder, prepared.id)).status === 'started';
    const second = await startSlack('second', fake, folder);
    if (saved) await waitForStart('every room made, everyone invited, welcomed and DMed', () => countStart(fake, prepared, since, DIAL_IN), 30_000);
    await settled(fake);
    expect(await second.app.stop()).toBe(0);
    const count = countStart(fake, prepared, since, DIAL_IN);
    const { meeting, waiting } = await storedMeeting(folder, KEY);
    if (saved) {
      expect(count.missing).toEqual([]);
      expect(meeting.run?.finished).toBe(true);
    } else {
      // Acked but never saved (Slack does not resend slash commands): nothing of it may happen.
      expect(fake.calls.slice(since).filter((c) => c.method.startsWith('conversations.') || c.method === 'chat.postMessage')).toEqual([]);
      expect(meeting.status).toBe('draft');
    }
    expect(count.made.every((n) => n <= 1)).toBe(true);
    expect(count.duplicates.total).toBeLessThanOrEqual(BOUND);
    expect(waiting).toBe(0);
    expect(unhandledRejections()).toEqual([]);
    report.push(`start, kill just after the ack: ${saved ? 'saved, carried out after the restart' : 'never saved, nothing happened'}; duplicates ${count.duplicates.total}`);
  }, 90_000);
});

describe('Slack: npm start killed in the middle of a conflict-producing move', () => {
  let open = '';
  let openFake: FakeSlack;
  let mover: Meeting['attendees'][number];
  let phoneRoom: number;
  let phoneChannel: string;

  beforeAll(async () => {
    open = await folders.from(template, 'crash-slack-open');
    openFake = await freshFake(setupFake);
    const { app, events } = await startSlack('open', openFake, open);
    await slash(events, openFake, 'start');
    await waitForStart('the start carried out', () => countStart(openFake, prepared, 0, DIAL_IN), 30_000);
    await settled(openFake);
    expect(await app.stop()).toBe(0);
    const { meeting } = await storedMeeting(open, KEY);
    expect(meeting.run?.finished).toBe(true);
    phoneRoom = phoneCallers(meeting)[0]!.room!;
    phoneChannel = meeting.rooms[phoneRoom - 1]!.resourceId!;
    mover = meeting.attendees.find((a) => a.audio === 'voip' && a.room !== null && !meeting.attendees.some((b) => b.room === a.room && b.audio === 'phone'))!;
  }, 60_000);

  /** What the fake shows of the move: the mover invited to the phone room, their DMs, the board. */
  function countMove(fake: FakeSlack, since: number) {
    const calls = fake.calls.slice(since);
    const dms = posts(calls).filter((c) => c.body['channel'] === mover.id);
    const prompts = dms.filter((c) => text(c).startsWith('Audio conflict in')).length;
    const moved = dms.filter((c) => text(c).startsWith('A facilitator moved you to')).length;
    const missing: string[] = [];
    if (prompts === 0) missing.push('no conflict prompt');
    if (moved === 0) missing.push('no "moved" DM');
    if (!fake.members.get(phoneChannel)?.has(mover.id)) missing.push('not invited to the phone room');
    const section = lastBoard(fake).get(`room-${phoneRoom}`) ?? '';
    if (!section.startsWith('🟥') || !section.includes(mover.name)) missing.push(`the board's room ${phoneRoom} reads ${JSON.stringify(section)}`);
    const keys = [...calls.filter((c) => c.method === 'conversations.invite').map((c) => `invite ${String(c.body['channel'])}`), ...dms.map((c) => (text(c).startsWith('Audio conflict in') ? 'conflict prompt' : 'moved DM'))];
    return { prompts, moved, missing, duplicates: extras(keys) };
  }

  async function moveCycle(k: number | 'ack'): Promise<void> {
    const t0 = Date.now();
    const folder = await folders.from(open, 'crash-slack-move');
    const fake = await freshFake(openFake);
    const kill = killSwitch(fake);
    const first = await startSlack('first', fake, folder);
    await settled(fake, 300);
    const since = fake.calls.length;
    if (k !== 'ack') kill.arm(k, first.app);
    await slash(first.events, fake, `move <@${mover.id}|${mover.name}> ${phoneRoom}`);
    if (k === 'ack') {
      await sleep(seededDelay(`${SEED}:move-ack`, 30));
      first.app.kill();
    }
    await killed(first.app);
    const atKill = fake.calls.length;
    const promptsBefore = countMove(fake, since).prompts;
    expect(await lockHolder(folder)).toBe(first.app.child.pid);
    const saved = (await meetingOnDisk(folder, prepared.id)).attendees.find((a) => a.id === mover.id)?.room === phoneRoom;
    // A Web API call of the move is made only once the move is saved.
    if (k !== 'ack') expect(saved).toBe(true);

    const second = await startSlack('second', fake, folder);
    if (saved) await waitFor('the move carried out', () => countMove(fake, since).missing.length === 0, 30_000, () => countMove(fake, since).missing.join('; '));
    await settled(fake);
    expect(await second.app.stop()).toBe(0);

    const count = countMove(fake, since);
    const { meeting, waiting } = await storedMeeting(folder, KEY);
    if (saved) {
      expect(count.missing).toEqual([]);
      // One prompt per conflict; a second only when the first reached Slack before the kill.
      expect(count.prompts).toBe(promptsBefore > 0 ? count.prompts : 1);
      expect(count.prompts).toBeLessThanOrEqual(2);
      expect(count.moved).toBeLessThanOrEqual(2);
      expect(meeting.attendees.find((a) => a.id === mover.id)?.room).toBe(phoneRoom);
      expect(meeting.prompts[mover.id]?.room).toBe(phoneRoom);
    } else {
      expect(count.prompts + count.moved).toBe(0);
      expect(meeting.attendees.find((a) => a.id === mover.id)?.room).toBe(mover.room);
    }
    expect(count.duplicates.total, JSON.stringify(count.duplicates.byKey)).toBeLessThanOrEqual(BOUND);
    expect(waiting).toBe(0);
    expect(unhandledRejections()).toEqual([]);
    report.push(
      `move, kill ${k === 'ack' ? 'just after the ack' : `at call ${k}`}: ${saved ? 'saved' : 'never saved'}; ${atKill - since} calls before the kill, ${fake.calls.length - atKill} after; conflict prompts ${count.prompts}, moved DMs ${count.moved}; duplicates ${count.duplicates.total} ${JSON.stringify(count.duplicates.byKey)}; ${Date.now() - t0} ms`,
    );
  }

  // The move's 4 calls: the board (paced, beside the rest), the invite into the phone room, the "moved" DM, the conflict prompt.
  for (const k of killPoints(`${SEED}:move`, 2, 4)) {
    it(`a conflict-producing move killed at its Web API call ${k} is finished after the restart: one conflict prompt (two only if the kill hit it), the board shows the move (seed ${SEED})`, async () => {
      await moveCycle(k);
    }, 90_000);
  }

  it('a conflict-producing move killed just after Slack has its ack is either carried out in full after the restart or was never saved and nothing of it happens', async () => {
    await moveCycle('ack');
  }, 90_000);
});
