// The playground adapter over plain HTTP (no browser): command text and action ids reach the
// engine like on Slack, effects land in inboxes and the activity feed, the event stream announces
// changes, bad requests get clear refusals, a half-done run resumes after a restart, and
// `npm start` with no credentials runs it on the lowdb file.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Playground } from '../../adapters/playground/index.ts';
import { createPlayground, PLAYGROUND_PLACE } from '../../adapters/playground/index.ts';
import { splitByMix, simulatedPeople, namedPerson } from '../../adapters/playground/people.ts';
import { escapeMentions } from '../../adapters/playground/session.ts';
import { createEngine, type Engine } from '../../src/engine/engine.ts';
import { silentLogger, type Logger } from '../../src/runtime/logger.ts';
import type { MeetingStore } from '../../src/store/port.ts';
import { createSeededRandom } from '../../src/domain/random.ts';
import { createMemoryStore, openFileStore } from '../../src/store/store.ts';
import { startTestPlayground, testDeps } from './harness.ts';

const ReplySchema = z.union([
  z.object({ ok: z.literal(true), reply: z.string() }),
  z.object({ ok: z.literal(false), code: z.string(), message: z.string() }),
]);
type Reply = z.infer<typeof ReplySchema>;

let playground: Playground | undefined;

afterEach(async () => {
  await playground?.stop();
  playground = undefined;
});

async function start(seed = 'server'): Promise<Playground> {
  playground = await startTestPlayground(seed);
  return playground;
}

function base(pg: Playground): string {
  return `http://127.0.0.1:${pg.port}`;
}

async function post(pg: Playground, path: string, body: unknown): Promise<Reply> {
  const res = await fetch(`${base(pg)}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect(res.status).toBe(200);
  return ReplySchema.parse(await res.json());
}

async function meeting(pg: Playground) {
  const view = await pg.session.view('host');
  if (!view.board) throw new Error('no meeting yet');
  return view.board;
}

/** A meeting in two rooms whose start was recorded but not carried out: the process "died" before the runner ran. */
async function startedButNotCarriedOut(store: MeetingStore, count: number): Promise<Engine> {
  const engine = createEngine({ store, clock: { now: () => new Date() }, random: createSeededRandom('crash') });
  const host = { id: 'host', name: 'Host' };
  const people = simulatedPeople(new Set(), count, { phone: 0, voip: 1, listening: 0 }, createSeededRandom(1));
  await engine.execute({ target: { place: PLAYGROUND_PLACE }, actor: host, command: 'import', input: { people } });
  await engine.execute({ target: { place: PLAYGROUND_PLACE }, actor: host, command: 'distribute', input: { rooms: 2 } });
  expect(await engine.execute({ target: { place: PLAYGROUND_PLACE }, actor: host, command: 'start', input: {} })).toMatchObject({ ok: true });
  return engine;
}

describe('the playground server', () => {
  it('listens where it is told and describes itself in one line with its URL', async () => {
    const pg = await start();
    expect(pg.description).toBe(`Playground: http://localhost:${pg.port}`);
    expect(pg.url).toBe(`http://localhost:${pg.port}`);
    const page = await fetch(`${base(pg)}/`);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await page.text()).toContain('<script type="module" src="/app.js">');
    const script = await fetch(`${base(pg)}/app.js`);
    expect(script.headers.get('content-type')).toContain('text/javascript');
    await script.arrayBuffer();
  });

  it('says which port is taken when another program holds it', async () => {
    const pg = await start();
    await expect(createPlayground(testDeps('second'), { port: pg.port, host: '127.0.0.1' })).rejects.toThrow(`Port ${pg.port} is already in use: stop the program using it, or set PORT to another port.`);
  });

  it('takes the same /breakouts text as Slack, with people mentioned by their full name', async () => {
    const pg = await start();
    expect((await post(pg, '/api/people', { as: 'host', name: 'Ada Lovelace', audio: 'voip' })).ok).toBe(true);
    expect((await post(pg, '/api/people', { as: 'host', name: 'Ada', audio: 'listening' })).ok).toBe(true);
    expect(await post(pg, '/api/command', { as: 'host', text: '/breakouts distribute 2' })).toMatchObject({ ok: true });
    expect(await post(pg, '/api/command', { as: 'host', text: 'move @Ada Lovelace main' })).toEqual({ ok: true, reply: 'Moved Ada Lovelace to the main room.' });
    const board = await meeting(pg);
    expect(board.main.map((p) => p.name)).toContain('Ada Lovelace');
    expect(board.rooms.flatMap((r) => r.people.map((p) => p.name))).toContain('Ada');
  });

  it('refuses a tampered or foreign action id with a clear message and changes nothing', async () => {
    const pg = await start();
    await pg.session.addPeople('host', { count: 6, mix: { phone: 0, voip: 1, listening: 0 } });
    const before = await meeting(pg);
    for (const actionId of ['bk1:d:abcd:0:x:y:z', 'nonsense', `bk1:zz:${before.meetingId}:0`]) {
      const reply = await post(pg, '/api/action', { as: 'host', actionId });
      expect(reply).toEqual({ ok: false, code: 'bad-input', message: expect.stringContaining('not one Breakouts made') });
    }
    expect((await meeting(pg)).version).toBe(before.version);
  });

  it('refuses a button built on an older board, and needs a person to act as', async () => {
    const pg = await start();
    await pg.session.addPeople('host', { count: 6, mix: { phone: 0, voip: 1, listening: 0 } });
    const old = (await meeting(pg)).actions.find((a) => a.verb === 'distribute')!;
    await pg.session.command('host', 'rooms 3');
    const stale = await post(pg, '/api/action', { as: 'host', actionId: old.id });
    expect(stale).toMatchObject({ ok: false, code: 'stale' });
    expect(await post(pg, '/api/command', { as: 'stranger', text: 'distribute' })).toMatchObject({ ok: false, message: expect.stringContaining('You are') });
  });

  it('offers Add a room when people wait for one, and the button adds exactly one', async () => {
    const pg = await start();
    await pg.session.addPeople('host', { count: 4, mix: { phone: 1, voip: 1, listening: 0 } });
    await pg.session.command('host', 'distribute 1');
    const board = await meeting(pg);
    expect(board.suggestAddRoom).toBe(true);
    const add = board.actions.find((a) => a.verb === 'add-room');
    expect(add).toMatchObject({ label: 'Add a room', style: 'primary' });
    expect(await post(pg, '/api/action', { as: 'host', actionId: add!.id })).toMatchObject({ ok: true });
    expect((await meeting(pg)).roomCount).toBe(2);
  });

  it('announces every change on the event stream', async () => {
    const pg = await start();
    const received: string[] = [];
    const stream = request(`${base(pg)}/events`);
    const opened = new Promise<void>((resolve) => {
      stream.on('response', (res) => {
        expect(res.headers['content-type']).toContain('text/event-stream');
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => received.push(chunk));
        resolve();
      });
    });
    stream.end();
    await opened;
    await pg.session.addPeople('host', { count: 3, mix: { phone: 0, voip: 1, listening: 0 } });
    await pg.session.settle();
    await expect.poll(() => received.join('')).toMatch(/event: update\ndata: \{"seq":[1-9]\d*\}/);
    stream.destroy();
  });

  it('records what each room gets on start and end, and phone attendees get their dial-in in their inbox', async () => {
    const pg = await start();
    await pg.session.addPeople('host', { count: 10, mix: { phone: 1, voip: 1, listening: 0 } });
    expect(await pg.session.command('host', 'dialin "+1 555 0100" 1111 2222')).toMatchObject({ ok: true });
    await pg.session.command('host', 'distribute 2');
    expect(await pg.session.command('host', 'start')).toMatchObject({ ok: true });
    await pg.session.settle();
    const feed = pg.session.platform.feed();
    const kinds = feed.filter((e) => e.run === 'start').map((e) => e.kind);
    expect(kinds.filter((k) => k === 'prepare')).toHaveLength(2);
    expect(kinds.filter((k) => k === 'open')).toHaveLength(2);
    expect(kinds.filter((k) => k === 'welcome')).toHaveLength(2);
    expect(kinds.filter((k) => k === 'dm')).toHaveLength(5);
    const board = await meeting(pg);
    expect(board.status).toBe('started');
    const phoneRoom = board.rooms.find((r) => r.counts.phone > 0)!;
    for (const person of phoneRoom.people) {
      const inbox = pg.session.platform.inbox(person.id);
      expect(inbox).toHaveLength(1);
      expect(inbox[0]!.message).toMatchObject({ kind: 'room-notice', reason: 'phone-dial-in', text: expect.stringContaining(`Dial +1 555 0100 and enter access code ${phoneRoom.number === 1 ? '1111' : '2222'}`) });
    }
    expect(feed.find((e) => e.kind === 'open' && e.room === phoneRoom.number)?.text).toContain('Joining by phone');

    await pg.session.command('host', 'end');
    await pg.session.settle();
    expect(pg.session.platform.feed().filter((e) => e.run === 'end' && e.kind === 'close')).toHaveLength(2);
    expect((await meeting(pg)).status).toBe('ended');
  });

  it('sends one conflict prompt to one inbox; its button answers in place, and a second press says it no longer applies', async () => {
    const pg = await start('conflict');
    await pg.session.addPeople('host', { count: 8, mix: { phone: 1, voip: 1, listening: 0 } });
    await pg.session.command('host', 'distribute 2');
    const board = await meeting(pg);
    const phoneRoom = board.rooms.find((r) => r.counts.phone > 0)!;
    const voip = board.rooms.find((r) => r.counts.phone === 0)!.people[0]!;
    const move = await post(pg, '/api/action', { as: 'host', actionId: voip.moveId, value: String(phoneRoom.number) });
    expect(move).toMatchObject({ ok: true, reply: expect.stringContaining('audio conflict') });
    await pg.session.settle();
    expect((await meeting(pg)).rooms[phoneRoom.number - 1]!.conflict).toContain('Audio conflict');

    const inbox = (await pg.session.view(voip.id)).inbox;
    expect(inbox).toHaveLength(1);
    const prompt = inbox[0]!;
    expect(prompt).toMatchObject({ kind: 'conflict-prompt', button: { label: 'I’ve switched to phone' } });
    for (const other of phoneRoom.people) expect(pg.session.platform.inbox(other.id)).toHaveLength(0);

    const confirmed = await post(pg, '/api/action', { as: voip.id, actionId: prompt.button!.id, value: String(prompt.id) });
    expect(confirmed).toMatchObject({ ok: true, reply: expect.stringContaining('your audio is now phone') });
    await pg.session.settle();
    const after = await pg.session.view(voip.id);
    expect(after.inbox[0]).toMatchObject({ answer: { ok: true } });
    expect(after.inbox[0]!.button).toBeUndefined();
    expect(after.board!.rooms[phoneRoom.number - 1]!.conflict).toBeUndefined();

    const again = await post(pg, '/api/action', { as: voip.id, actionId: prompt.button!.id });
    expect(again).toMatchObject({ ok: false, code: 'prompt-gone', message: expect.stringContaining('no longer applies') });
  });

  it('answers malformed requests with a clear refusal: content type, JSON, fields, paths, foreign hosts', async () => {
    const pg = await start();
    const form = await fetch(`${base(pg)}/api/command`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'text=start' });
    expect(form.status).toBe(415);
    await form.arrayBuffer();
    const broken = await fetch(`${base(pg)}/api/command`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"as":' });
    expect(broken.status).toBe(400);
    expect(await broken.json()).toMatchObject({ ok: false, message: 'That request is not valid JSON.' });
    const tooMany = await fetch(`${base(pg)}/api/people`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ as: 'host', count: 5000, mix: { phone: 1, voip: 1, listening: 1 } }) });
    expect(tooMany.status).toBe(400);
    expect(await tooMany.json()).toMatchObject({ message: 'That request is not right: count must be at most 1000. Nothing was changed.' });
    // Words for people, never zod's ("Too small: expected string to have >=1 characters").
    const unnamed = await fetch(`${base(pg)}/api/people`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ as: 'host', name: '\u200B ', audio: 'voip' }) });
    expect(unnamed.status).toBe(400);
    expect(await unnamed.json()).toMatchObject({ message: 'That request is not right: name is empty (or only invisible characters). Nothing was changed.' });
    const missing = await fetch(`${base(pg)}/nowhere`);
    expect(missing.status).toBe(404);
    await missing.arrayBuffer();
    const rebinding = await new Promise<number>((resolve, reject) => {
      const req = request(`${base(pg)}/api/state`, { headers: { host: 'attacker.example' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
    expect(rebinding).toBe(403);
  });

  it('resumes a start that a crash left half-done when it starts again on the same store', async () => {
    const store = createMemoryStore();
    const engine = await startedButNotCarriedOut(store, 6);

    playground = await startTestPlayground('crash', store);
    await playground.session.settle();
    const resumed = await engine.get({ place: PLAYGROUND_PLACE });
    expect(resumed?.run).toMatchObject({ kind: 'start', finished: true });
    expect(playground.session.platform.feed().filter((e) => e.kind === 'open')).toHaveLength(2);
  });

  it('logs a resumed run that fails instead of leaving an unhandled rejection, and keeps answering', async () => {
    const memory = createMemoryStore();
    await startedButNotCarriedOut(memory, 4);
    // The disk fails while the resumed start records its first step.
    const broken: MeetingStore = { ...memory, update: () => Promise.reject(new Error('disk full')) };
    const logged: { message: string; context?: Record<string, unknown> }[] = [];
    const logger: Logger = { ...silentLogger, error: (message, context) => logged.push({ message, ...(context ? { context } : {}) }) };

    playground = await startTestPlayground('broken', broken, logger);
    await playground.session.settle();
    // The deliverer took up the waiting start at once, and logged how it failed (it will try again later).
    expect(logged).toEqual([{ message: 'effect failed', context: expect.objectContaining({ effect: 'run', retry: 'later', error: expect.objectContaining({ message: 'disk full' }) }) }]);
    const state = await fetch(`${base(playground)}/api/state?as=host`);
    expect(state.status).toBe(200);
    await state.arrayBuffer();
  });
});

describe('npm start', () => {
  it('runs the playground when no credentials are set, says so in one line with its URL, and keeps the meeting in the data folder', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'breakouts-playground-'));
    const db = join(dir, 'data');
    // Blank credentials also outrank any .env in the work tree (loadEnvFile never overrides).
    const blank = Object.fromEntries(['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET', 'SLACK_APP_TOKEN', 'DISCORD_TOKEN', 'DISCORD_APPLICATION_ID', 'BREAKOUTS_PLAYGROUND', 'PLAYGROUND_PORT', 'HOST'].map((name) => [name, '']));
    const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...blank, BREAKOUTS_DB: db, PORT: '0' };
    const child = spawn(process.execPath, ['--import', 'tsx', 'adapters/main.ts'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      let out = '';
      let err = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
      await expect.poll(() => out + err, { timeout: 15_000 }).toMatch(/\n/);
      const line = /^Playground: http:\/\/localhost:([0-9]+)\n$/.exec(out);
      expect(line, `stdout: ${out}\nstderr: ${err}`).not.toBeNull();
      const url = `http://127.0.0.1:${line![1]}`;
      const added = await fetch(`${url}/api/people`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ as: 'host', count: 3, mix: { phone: 0, voip: 1, listening: 0 } }) });
      expect(ReplySchema.parse(await added.json())).toMatchObject({ ok: true });
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      expect((await exited)[0]).toBe(0);
      const saved = await openFileStore(db);
      expect((await saved.get('playground:playground:main'))?.attendees).toHaveLength(4);
      await saved.close();
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('simulated attendees', () => {
  it('split a count by the audio mix so the parts add up exactly', () => {
    expect(splitByMix(40, { phone: 20, voip: 60, listening: 20 })).toEqual({ phone: 8, voip: 24, listening: 8 });
    expect(splitByMix(10, { phone: 1, voip: 1, listening: 1 })).toEqual({ phone: 4, voip: 3, listening: 3 });
    expect(splitByMix(7, { phone: 0, voip: 0, listening: 0 })).toEqual({ phone: 0, voip: 7, listening: 0 });
  });

  it('get 1,000 different names and ids that skip the ones taken', () => {
    const people = simulatedPeople(new Set(['sim-1']), 1000, { phone: 1, voip: 7, listening: 2 }, createSeededRandom('names'));
    expect(new Set(people.map((p) => p.name)).size).toBe(1000);
    expect(new Set(people.map((p) => p.id)).size).toBe(1000);
    expect(people.some((p) => p.id === 'sim-1')).toBe(false);
    expect(people.filter((p) => p.audio === 'phone')).toHaveLength(100);
    expect(namedPerson(new Set(['p-ada-lovelace']), ' Ada Lovelace ', 'phone')).toEqual({ id: 'p-ada-lovelace-2', name: 'Ada Lovelace', audio: 'phone' });
  });

  it('are mentioned by full name the way Slack escapes a typed mention, longest name first', () => {
    const roster = [
      { id: 'a1', name: 'Ada' },
      { id: 'a2', name: 'Ada Lovelace' },
    ];
    expect(escapeMentions('move @Ada Lovelace 3', roster)).toBe('move <@a2|Ada Lovelace> 3');
    expect(escapeMentions('move @ada main', roster)).toBe('move <@a1|Ada> main');
    expect(escapeMentions('move @Adam 2', roster)).toBe('move @Adam 2');
  });

  it('a typed name two people share is not guessed: the command is refused and nothing changes', async () => {
    const pg = await start('same-name');
    await pg.session.addPeople('host', { name: 'Ada Zhou', audio: 'phone' });
    await pg.session.addPeople('host', { name: 'Ada Zhou', audio: 'voip' });
    await pg.session.command('host', 'rooms 20');
    const before = await pg.session.view('host');
    const answer = await pg.session.command('host', 'move @Ada Zhou 20');
    expect(answer).toMatchObject({ ok: false, message: expect.stringContaining('More than one person is called Ada Zhou') });
    expect((await pg.session.view('host')).board).toEqual(before.board);
  });
});
