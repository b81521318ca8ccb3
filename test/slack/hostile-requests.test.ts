// Hostile Slack requests through the real Bolt app (HTTP and Socket Mode): the payloads one
// by one, then 1,200 seeded signed requests mixed with valid ones, each answered within 3 s, no 5xx,
// refused ones changing nothing, nothing unhandled. BREAKOUTS_FUZZ_SEED=<seed> replays a failed run.
import { noMetrics } from '../../src/runtime/metrics.ts';
import { noOps } from '../../src/runtime/adapter.ts';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { NOT_UNDERSTOOD } from '../../adapters/slack/intake.ts';
import { createSlackApp } from '../../adapters/slack/index.ts';
import { encodeAction } from '../../src/commands/action-id.ts';
import { loadConfig } from '../../src/runtime/config.ts';
import type { Meeting } from '../../src/domain/meeting.ts';
import { createEngine } from '../../src/engine/engine.ts';
import { createLogger } from '../../src/runtime/logger.ts';
import { createSeededRandom } from '../../src/domain/random.ts';
import { createMemoryStore } from '../../src/store/store.ts';
import { findAction, lastBoard, repliesTo } from './fakes/board-actions.ts';
import { startFakeSlack } from './fakes/fake-slack.ts';
import { BOT_TOKEN, fixedClock, startRig, type Rig } from './fakes/harness.ts';
import { actionPayload, CHANNEL, formPayload, nextTriggerId, postSigned, SIGNING_SECRET, slashBody, TEAM, type Person, type SendOptions, type SentResult } from './fakes/signed.ts';

const PAYLOADS = 1200;
const BATCH = 20;
/** Slack's deadline for the HTTP answer; a request not answered by then is aborted and counted. */
const DEADLINE_MS = 3000;
const SEED = Number(process.env['BREAKOUTS_FUZZ_SEED'] ?? Math.floor(Math.random() * 2 ** 31));

const FAC: Person = { id: 'UFAC', name: 'fran' };
const MEMBER: Person = { id: 'U5', name: 'person5' };
const STRANGER: Person = { id: 'UZZZ', name: 'zed' };

let rig: Rig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

/** A meeting run by FAC with 12 people in 3 rooms and its board posted. */
async function meetingRig(): Promise<Rig> {
  rig = await startRig();
  const r = rig;
  const people = Array.from({ length: 12 }, (_, i) => ({ id: `U${i + 1}`, name: `person${i + 1}`, audio: i % 4 === 0 ? 'phone' : 'voip' }));
  await r.command('distribute 3', FAC);
  const imported = await r.engine.execute({ target: { place: { platform: 'slack', workspaceId: TEAM, channelId: CHANNEL, mainRoomId: CHANNEL } }, actor: FAC, command: 'import', input: { people } });
  expect(imported.ok).toBe(true);
  await r.command('distribute 3', FAC);
  return r;
}

type Json = Record<string, unknown>;
const send = (r: Rig, body: string, options: SendOptions = {}): Promise<SentResult> => postSigned(r.url, body, { deadlineMs: DEADLINE_MS, ...options });
const click = (r: Rig, payload: Json, options: SendOptions = {}): Promise<SentResult> => send(r, formPayload(payload), options);
/** A click on the board by `who`, with a response_url recorded by the fake under `replyId`. */
const clickPayload = (r: Rig, actionId: string, who: Person, replyId: string): Json => actionPayload(actionId, who, { responseUrl: r.fake.responseUrl(replyId) });
const errorLines = (r: Rig): string[] => r.logLines.filter((l) => /"level":"error"|unhandled/i.test(l));

describe('requests Bolt used to trip over', () => {
  it('payload=null, broken JSON and bodies that are not objects get 400 at once, and nothing is left unhandled', async () => {
    const rejections: unknown[] = [];
    const onRejection = (reason: unknown): void => void rejections.push(reason);
    process.on('unhandledRejection', onRejection);
    try {
      const r = await meetingRig();
      const before = await r.meeting();
      for (const body of ['payload=null', 'payload=%7B%22type%22%3A', 'payload=%5B%5D', 'payload=42', 'payload=%22x%22', '', 'payload=a&payload=b']) {
        const res = await send(r, body);
        expect(res.status, body).toBe(400);
      }
      for (const json of ['null', '[]', '"x"', '{"__proto__":{"type":"block_actions"}}', '{broken']) {
        const res = await send(r, json, { contentType: 'application/json' });
        expect(res.status, json).toBe(400);
      }
      expect(await r.meeting()).toEqual(before);
      expect(errorLines(r)).toEqual([]);
      // Nothing was left behind to reject later either.
      await new Promise((resolve) => setTimeout(resolve, 20));
    } finally {
      process.off('unhandledRejection', onRejection);
    }
    expect(rejections).toEqual([]);
  });

  it('a click whose user is null or a number, whose action_id is not a string, or whose team is __proto__ gets “not understood” on its response_url and changes nothing', async () => {
    const r = await meetingRig();
    const shuffle = findAction(lastBoard(r)?.body['blocks'], 'shuffle');
    const before = await r.meeting();
    const bends: Record<string, (p: Json) => void> = {
      'user null': (p) => (p['user'] = null),
      'user a number': (p) => (p['user'] = 42),
      'user id __proto__': (p) => (p['user'] = { id: '__proto__', name: 'x' }),
      'action_id a number': (p) => (p['actions'] = [{ type: 'button', action_id: 42, block_id: 'b1' }]),
      'action_id an object': (p) => (p['actions'] = [{ type: 'button', action_id: { toString: 'x' }, block_id: 'b1' }]),
      'team __proto__': (p) => (p['team'] = { id: '__proto__' }),
      'team and team_id __proto__': (p) => {
        p['team_id'] = '__proto__';
        p['team'] = { id: '__proto__' };
      },
      'no actions': (p) => (p['actions'] = []),
      'two actions': (p) => (p['actions'] = [...(p['actions'] as unknown[]), ...(p['actions'] as unknown[])]),
    };
    for (const [what, bend] of Object.entries(bends)) {
      const replyId = what.replace(/\W+/g, '-');
      const payload = clickPayload(r, shuffle, FAC, replyId);
      bend(payload);
      const res = await click(r, payload);
      expect(res.status, what).toBe(200);
      await r.fake.waitFor(() => repliesTo(r, replyId).length > 0).catch(() => expect.fail(`${what}: no answer on the response_url (HTTP ${res.status} ${res.text})`));
      expect(repliesTo(r, replyId), what).toEqual([NOT_UNDERSTOOD]);
      expect(r.fake.responses.find((x) => x.id === replyId)?.body['response_type']).toBe('ephemeral');
    }
    expect(await r.meeting()).toEqual(before);
    expect(errorLines(r)).toEqual([]);
  });

  it('a malformed click with no usable response_url gets a plain 400', async () => {
    const r = await meetingRig();
    const payload = clickPayload(r, findAction(lastBoard(r)?.body['blocks'], 'shuffle'), FAC, 'x');
    payload['user'] = null;
    payload['response_url'] = 'javascript:alert(1)';
    expect((await click(r, payload)).status).toBe(400);
    delete payload['response_url'];
    expect((await click(r, payload)).status).toBe(400);
  });

  it('a slash command with team_id __proto__ (or a user id that is not one) is answered with “not understood” and changes nothing', async () => {
    const r = await meetingRig();
    const before = await r.meeting();
    const bodies = [
      slashBody('shuffle', FAC, r.fake.responseUrl('s1')).replace(`team_id=${TEAM}`, 'team_id=__proto__'),
      slashBody('shuffle', FAC, r.fake.responseUrl('s2')).replace('user_id=UFAC', 'user_id=constructor'),
      slashBody('shuffle', FAC, r.fake.responseUrl('s3')).replace('user_id=UFAC', 'user_id=UFAC&user_id=U1'),
      slashBody('shuffle', FAC, r.fake.responseUrl('s4')).replace('command=%2Fbreakouts', 'command=%2Fsomething-else'),
    ];
    for (const body of bodies) {
      const res = await send(r, body);
      expect(res.status).toBe(200);
      expect(JSON.parse(res.text)).toEqual({ response_type: 'ephemeral', text: NOT_UNDERSTOOD });
    }
    expect(await r.meeting()).toEqual(before);
    expect(errorLines(r)).toEqual([]);
  });

  it('view submissions, closed views, shortcuts, message actions and events are acknowledged with an empty 200 and change nothing', async () => {
    const r = await meetingRig();
    const before = await r.meeting();
    const user = { id: FAC.id, username: FAC.name, team_id: TEAM };
    const payloads: Json[] = [
      { type: 'view_submission', user, team: { id: TEAM }, view: { id: 'V1', callback_id: 'breakouts-move', state: { values: {} } } },
      { type: 'view_closed', user, team: { id: TEAM }, view: { id: 'V1' }, is_cleared: false },
      { type: 'shortcut', user, team: { id: TEAM }, callback_id: 'x', trigger_id: nextTriggerId() },
      { type: 'message_action', user, team: { id: TEAM }, channel: { id: CHANNEL }, callback_id: 'x', message: { ts: '1.1' } },
      { type: 'interactive_message', user, team: { id: TEAM }, actions: [{ name: 'x' }], callback_id: 'x' },
      { type: 'something_slack_adds_next_year', user },
    ];
    for (const payload of payloads) {
      const res = await click(r, payload);
      expect([res.status, res.text], String(payload['type'])).toEqual([200, '']);
    }
    const event = await send(r, JSON.stringify({ type: 'event_callback', team_id: TEAM, event: { type: 'app_mention', user: FAC.id, channel: CHANNEL } }), { contentType: 'application/json' });
    expect([event.status, event.text]).toEqual([200, '']);
    expect(await r.meeting()).toEqual(before);
    expect(errorLines(r)).toEqual([]);
  });

  it('ssl_check and url_verification still work; other paths get 404, a bad signature 401, an oversized body 413', async () => {
    const r = await meetingRig();
    const ssl = await fetch(r.url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'ssl_check=1&token=x' });
    expect(ssl.status).toBe(200);
    const challenge = await send(r, JSON.stringify({ type: 'url_verification', challenge: 'c-123', token: 'x' }), { contentType: 'application/json' });
    expect([challenge.status, JSON.parse(challenge.text)]).toEqual([200, { challenge: 'c-123' }]);
    expect((await send(r, JSON.stringify({ type: 'url_verification' }), { contentType: 'application/json' })).status).toBe(400);
    expect((await postSigned(r.url.replace('/slack/events', '/other'), 'payload=null')).status).toBe(404);
    expect((await fetch(r.url)).status).toBe(404);
    expect((await send(r, slashBody('status', FAC, r.fake.responseUrl('bad')), { badSignature: true })).status).toBe(401);
    expect((await send(r, slashBody('status', FAC, r.fake.responseUrl('bad')), { headers: { 'x-slack-signature': '' } })).status).toBe(401);
    expect((await send(r, `payload=${'x'.repeat(5 * 1024 * 1024)}`)).status).toBe(413);
    expect(repliesTo(r, 'bad')).toEqual([]);
  });
});

describe('Socket Mode', () => {
  it('malformed envelopes are acknowledged (a slash command with “not understood”), never thrown, and change nothing', async () => {
    const rejections: unknown[] = [];
    const onRejection = (reason: unknown): void => void rejections.push(reason);
    process.on('unhandledRejection', onRejection);
    const fake = await startFakeSlack();
    const logLines: string[] = [];
    const store = createMemoryStore();
    const random = createSeededRandom('socket-hostile');
    const config = loadConfig({ SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_APP_TOKEN: 'xapp-1-A1-1-socketsecret', SLACK_API_URL: fake.apiUrl });
    if (!config.slack) throw new Error('no Slack section');
    const engine = createEngine({ store, clock: fixedClock, random });
    const slack = createSlackApp({ config, engine, store, clock: fixedClock, random, logger: createLogger({ level: 'info', write: (l) => logLines.push(l) }), metrics: noMetrics, ops: noOps }, config.slack, { retryConfig: { retries: 0 } });
    const slash = (fields: Json): Json => ({
      token: 'legacy', team_id: TEAM, team_domain: 'test', channel_id: CHANNEL, channel_name: 'general', user_id: FAC.id, user_name: FAC.name,
      command: '/breakouts', text: 'distribute 2', api_app_id: 'A1', is_enterprise_install: 'false', response_url: fake.responseUrl('s'), trigger_id: nextTriggerId(), ...fields,
    });
    /** The acknowledgement, or a clear failure when none comes. */
    const acked = (sent: Promise<unknown>): Promise<unknown> =>
      Promise.race([sent, new Promise((_, reject) => setTimeout(() => reject(new Error('the envelope was never acknowledged')), DEADLINE_MS))]);
    try {
      await slack.start();
      await fake.waitFor(() => fake.sockets.size > 0);
      await acked(fake.sendEnvelope('slash_commands', slash({})));
      const place = { platform: 'slack' as const, workspaceId: TEAM, channelId: CHANNEL, mainRoomId: CHANNEL };
      // The board is posted and remembered, and the person answered: the meeting is settled.
      let before: Meeting | undefined;
      await fake.waitFor(() => fake.responses.some((x) => x.id === 's'));
      for (let i = 0; i < 200 && !before?.resources['boardTs']; i++) {
        before = await engine.get({ place });
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      expect(before?.resources['boardTs']).toBeDefined();

      expect(await acked(fake.sendEnvelope('slash_commands', slash({ team_id: '__proto__', text: 'shuffle' })))).toEqual({ response_type: 'ephemeral', text: NOT_UNDERSTOOD });
      expect(await acked(fake.sendEnvelope('slash_commands', slash({ user_id: 42, text: 'shuffle' })))).toEqual({ response_type: 'ephemeral', text: NOT_UNDERSTOOD });
      for (const payload of [
        null,
        [],
        'x',
        { type: 'block_actions', user: null, team: { id: TEAM }, actions: [{ action_id: 'x', type: 'button' }], response_url: fake.responseUrl('i1') },
        { type: 'block_actions', user: { id: FAC.id }, team: { id: '__proto__' }, actions: [{ action_id: 42, type: 'button' }] },
        { type: 'view_submission', user: { id: FAC.id }, team: { id: TEAM }, view: { id: 'V1' } },
        { type: 'block_suggestion', user: 42, action_id: 'x', value: 'a' },
      ]) {
        await acked(fake.sendEnvelope('interactive', payload));
      }
      await fake.waitFor(() => fake.responses.some((x) => x.id === 'i1'));
      expect(fake.responses.find((x) => x.id === 'i1')?.body['text']).toBe(NOT_UNDERSTOOD);
      expect(await engine.get({ place })).toEqual(before);
      expect(logLines.filter((l) => /"level":"error"|unhandled/i.test(l))).toEqual([]);
    } finally {
      await slack.stop();
      await fake.close();
      process.off('unhandledRejection', onRejection);
    }
    expect(rejections).toEqual([]);
  });
});

// ---- the fuzz ----------------------------------------------------------------------------

interface Ctx {
  readonly r: Rig;
  readonly meeting: Meeting;
  /** Board action ids of the current version. */
  readonly ids: { readonly shuffle: string; readonly start: string; readonly apply: string; readonly moveOpen: string; readonly move: string; readonly audio: string };
  /** A response_url that is expected to receive the “not understood” sentence. */
  notice(): string;
}

interface Built {
  readonly body: string;
  readonly options?: SendOptions;
}

interface Case {
  readonly kind: string;
  build(ctx: Ctx): Built;
  /** A problem with the answer beyond "answered in time, not 5xx", or undefined. */
  check?(res: SentResult): string | undefined;
}

const MISSING = Symbol('missing');
type FormValue = string | string[] | typeof MISSING;

/** A slash command by FAC that would change the meeting, with one field bent. */
function slashFields(ctx: Ctx, text: string, who: Person): Record<string, string> {
  return Object.fromEntries(new URLSearchParams(slashBody(text, who, ctx.r.fake.responseUrl('fz-slash'))));
}

function encodeForm(fields: Record<string, FormValue>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) {
    if (v === MISSING) continue;
    for (const value of Array.isArray(v) ? v : [v]) params.append(k, value);
  }
  return params.toString();
}

const notUnderstood = (res: SentResult): string | undefined => {
  try {
    return z.object({ text: z.literal(NOT_UNDERSTOOD) }).safeParse(JSON.parse(res.text)).success ? undefined : `answered ${res.status} ${res.text.slice(0, 80)}`;
  } catch {
    return `answered ${res.status} ${res.text.slice(0, 80)}`;
  }
};
const status = (...wanted: number[]) => (res: SentResult): string | undefined => (wanted.includes(res.status) ? undefined : `answered ${res.status}, wanted ${wanted.join(' or ')}`);

const CHANGING_TEXT = fc.constantFrom('shuffle', 'rooms 4', 'distribute 2', 'dialin +1-555-0100 1# 2#', 'phone-rooms 2', 'rename 1 Garden', 'start', 'apply');
/** Slash text that the parser or the engine refuses whoever types it. */
const REFUSED_TEXT = fc.constantFrom('dance', '__proto__', 'constructor', 'toString', 'rooms 0', 'rooms 51', 'rooms lots', 'rename 99 X', 'move <@U1|a> 99', 'move <@UNOBODY|a> 1', 'phone-rooms 0', 'dialin 12', 'audio loud', 'move', 'facilitator dance <@U1|a>', 'distribute -3');
const badFormId = fc.constantFrom<FormValue>('__proto__', 'constructor', 'toString', '', 'lower', 'T-1', 'X'.repeat(33), 'T1 ', ' T1', 'T1\u0000', MISSING, ['T1', 'T1'], ['UFAC', 'U1']);
const junk: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>('x', '', 42, -1, 1.5, true, false, null, {}, [], '__proto__', 'constructor', 'toString', [null], { length: 3 }, 'x'.repeat(5000)),
  fc.string({ maxLength: 40 }),
  fc.jsonValue({ maxDepth: 2 }),
);

function slashCase(kind: string, make: (ctx: Ctx) => Record<string, FormValue>, check?: Case['check']): Case {
  return { kind, build: (ctx) => ({ body: encodeForm(make(ctx)) }), ...(check ? { check } : {}) };
}

function clickCase(kind: string, make: (ctx: Ctx) => Json, check?: Case['check'], options?: SendOptions): Case {
  return { kind, build: (ctx) => ({ body: formPayload(make(ctx)), ...(options ? { options } : {}) }), ...(check ? { check } : {}) };
}

/** Bends of a block_actions payload that no schema lets through (null team is allowed: org-wide installs). */
const clickBends: readonly [string, (p: Json) => void][] = [
  ['user null', (p) => (p['user'] = null)],
  ['user a number', (p) => (p['user'] = 42)],
  ['user a string', (p) => (p['user'] = 'UFAC')],
  ['user without id', (p) => (p['user'] = { name: 'x' })],
  ['user id null', (p) => (p['user'] = { id: null })],
  ['user id __proto__', (p) => (p['user'] = { id: '__proto__' })],
  ['user id lower case', (p) => (p['user'] = { id: 'ufac' })],
  ['user team __proto__', (p) => (p['user'] = { id: 'UFAC', team_id: '__proto__' })],
  ['team __proto__', (p) => (p['team'] = { id: '__proto__' })],
  ['team constructor', (p) => (p['team'] = { id: 'constructor' })],
  ['team a string', (p) => (p['team'] = TEAM)],
  ['team id a number', (p) => (p['team'] = { id: 42 })],
  ['enterprise __proto__', (p) => (p['enterprise'] = { id: '__proto__' })],
  ['actions empty', (p) => (p['actions'] = [])],
  ['actions null', (p) => (p['actions'] = null)],
  ['actions a string', (p) => (p['actions'] = 'x')],
  ['actions an object', (p) => (p['actions'] = { 0: {} })],
  ['action empty', (p) => (p['actions'] = [{}])],
  ['action_id a number', (p) => ((p['actions'] as Json[])[0]!['action_id'] = 42)],
  ['action_id null', (p) => ((p['actions'] as Json[])[0]!['action_id'] = null)],
  ['action_id missing', (p) => delete (p['actions'] as Json[])[0]!['action_id']],
  ['action_id empty', (p) => ((p['actions'] as Json[])[0]!['action_id'] = '')],
  ['action_id huge', (p) => ((p['actions'] as Json[])[0]!['action_id'] = 'bk1:'.repeat(200))],
  ['action type a number', (p) => ((p['actions'] as Json[])[0]!['type'] = 42)],
  ['selected_option a string', (p) => ((p['actions'] as Json[])[0]!['selected_option'] = 'x')],
  ['two actions', (p) => (p['actions'] = [...(p['actions'] as Json[]), ...(p['actions'] as Json[])])],
  ['channel null', (p) => (p['channel'] = null)],
  ['channel __proto__', (p) => (p['channel'] = { id: '__proto__' })],
  ['channel a string', (p) => (p['channel'] = CHANNEL)],
  ['trigger_id a number', (p) => (p['trigger_id'] = 42)],
  ['trigger_id with spaces', (p) => (p['trigger_id'] = 'a trigger id')],
  ['trigger_id huge', (p) => (p['trigger_id'] = 'x'.repeat(500))],
  ['view a number', (p) => (p['view'] = 42)],
  ['view id a number', (p) => (p['view'] = { id: 42 })],
  ['view state a string', (p) => (p['view'] = { id: 'V1', state: 'x' })],
  ['container a string', (p) => (p['container'] = 'message')],
  ['type missing', (p) => delete p['type']],
  ['type a number', (p) => (p['type'] = 42)],
  ['type upper case', (p) => (p['type'] = 'BLOCK_ACTIONS')],
  ['is_enterprise_install a string', (p) => (p['is_enterprise_install'] = 'true')],
];

function cases(): fc.Arbitrary<Case>[] {
  const who = fc.constantFrom(FAC, MEMBER, STRANGER);
  const retry = fc.constantFrom<Readonly<Record<string, string>> | undefined>(undefined, undefined, undefined, { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' });
  const list: fc.Arbitrary<Case>[] = [
    // Valid requests that change nothing, mixed in with the rest.
    fc.record({ w: who, text: fc.constantFrom('status', 'help', 'help move', 'help __proto__', `help ${'x'.repeat(3000)}`) }).map(({ w, text }) =>
      slashCase(`valid /breakouts ${text.slice(0, 20)}`, (ctx) => slashFields(ctx, text, w), status(200)),
    ),
    fc.record({ w: who, verb: fc.constantFrom('page', 'refresh') }).map(({ w, verb }) =>
      clickCase(`valid ${verb} click`, (ctx) => actionPayload(encodeAction({ verb, meetingId: ctx.meeting.id, version: ctx.meeting.version, args: verb === 'page' ? ['0'] : [] }), w, { responseUrl: ctx.r.fake.responseUrl('fz') }), status(200)),
    ),
    fc.record({ w: who, value: fc.string({ maxLength: 60 }) }).map(({ w, value }) =>
      clickCase('valid person search', (ctx) => ({ type: 'block_suggestion', user: { id: w.id, name: w.name }, team: { id: TEAM }, action_id: encodeAction({ verb: 'move-pick', meetingId: ctx.meeting.id, version: ctx.meeting.version, args: [] }), block_id: 'move-0', value }), status(200)),
    ),
    // Slash commands that would change the meeting, with one field bent out of shape.
    fc.record({ text: CHANGING_TEXT, field: fc.constantFrom('team_id', 'channel_id', 'user_id'), value: badFormId }).map(({ text, field, value }) =>
      slashCase(`slash ${field}=${JSON.stringify(value === MISSING ? 'missing' : value).slice(0, 20)}`, (ctx) => ({ ...slashFields(ctx, text, FAC), [field]: value }), notUnderstood),
    ),
    fc.record({ text: CHANGING_TEXT, command: fc.constantFrom('/other', '/breakouts ', '/BREAKOUTS', '', 'breakouts', '/breakouts\u0000') }).map(({ text, command }) =>
      slashCase(`slash command=${JSON.stringify(command)}`, (ctx) => ({ ...slashFields(ctx, text, FAC), command }), notUnderstood),
    ),
    fc.record({ text: CHANGING_TEXT, field: fc.constantFrom('text', 'user_name', 'trigger_id', 'response_url', 'is_enterprise_install', 'enterprise_id'), size: fc.constantFrom(1, 2) }).map(({ text, field, size }) =>
      slashCase(`slash ${field} out of range`, (ctx) => {
        const bad: Record<string, string> = {
          text: `${text} ${'x'.repeat(4000 * size)}`,
          user_name: 'n'.repeat(201 * size),
          trigger_id: size === 1 ? 'has spaces in it' : 't'.repeat(101),
          response_url: size === 1 ? 'javascript:alert(1)' : 'not a url',
          is_enterprise_install: 'maybe',
          enterprise_id: '__proto__',
        };
        return { ...slashFields(ctx, text, FAC), [field]: bad[field] ?? '' };
      }, notUnderstood),
    ),
    fc.record({ text: CHANGING_TEXT }).map(({ text }) => slashCase('slash without a command field', (ctx) => ({ ...slashFields(ctx, text, FAC), command: MISSING }), status(400))),
    // Well-formed slash commands that are refused: a non-facilitator, or text nobody may run.
    fc.record({ text: CHANGING_TEXT, w: fc.constantFrom(MEMBER, STRANGER) }).map(({ text, w }) =>
      slashCase(`/breakouts ${text} by a non-facilitator`, (ctx) => slashFields(ctx, text, w), status(200)),
    ),
    fc.record({ text: REFUSED_TEXT, w: who }).map(({ text, w }) => slashCase(`/breakouts ${text}`, (ctx) => slashFields(ctx, text, w), status(200))),
    // Clicks that would change the meeting, bent out of shape: with a response_url, the sentence
    // goes there; without one, a 400.
    fc.record({ bend: fc.constantFrom(...clickBends), verb: fc.constantFrom('shuffle', 'start', 'move'), url: fc.constantFrom('notice', 'bad', 'none') }).map(({ bend: [what, bend], verb, url }) => ({
      kind: `click ${verb}: ${what} (${url} response_url)`,
      build: (ctx: Ctx): Built => {
        const id = verb === 'shuffle' ? ctx.ids.shuffle : verb === 'start' ? ctx.ids.start : ctx.ids.move;
        const payload = actionPayload(id, FAC, verb === 'move' ? { selected: '2' } : {});
        bend(payload);
        if (url === 'notice') payload['response_url'] = ctx.notice();
        else if (url === 'bad') payload['response_url'] = 'ftp://127.0.0.1/x';
        else delete payload['response_url'];
        return { body: formPayload(payload) };
      },
      check: status(url === 'notice' ? 200 : 400),
    })),
    // Well-formed clicks that are refused: tampered ids, stale versions, other people's meetings,
    // non-facilitators, rooms and people that do not exist.
    fc.record({ raw: fc.oneof(fc.string({ maxLength: 120 }), fc.constantFrom('bk1:zz:whatever', 'bk1', 'bk1:s', 'bk1:s::::', 'bk2:s:abcd:1', '__proto__', 'constructor', 'x'.repeat(255))) }).map(({ raw }) =>
      clickCase('click with a tampered action id', (ctx) => actionPayload(raw === '' ? 'x' : raw, FAC, { responseUrl: ctx.r.fake.responseUrl('fz') }), status(200)),
    ),
    fc.record({ part: fc.constantFrom('meeting', 'version', 'verb', 'args') }).map(({ part }) =>
      clickCase(`click with its ${part} changed`, (ctx) => {
        const meetingId = part === 'meeting' ? 'zzzz0000' : ctx.meeting.id;
        const version = part === 'version' ? Math.max(0, ctx.meeting.layoutVersion - 1) : ctx.meeting.version;
        const id =
          part === 'verb'
            ? ctx.ids.shuffle.replace(':s:', ':zz:')
            : part === 'args'
              ? encodeAction({ verb: 'move', meetingId, version, args: ['UNOBODY', '1'] })
              : encodeAction({ verb: 'shuffle', meetingId, version, args: [] });
        return actionPayload(id, FAC, { responseUrl: ctx.r.fake.responseUrl('fz') });
      }, status(200)),
    ),
    fc.record({ verb: fc.constantFrom('shuffle', 'start', 'apply', 'moveOpen', 'move'), w: fc.constantFrom(MEMBER, STRANGER) }).map(({ verb, w }) =>
      clickCase(`${verb} clicked by a non-facilitator`, (ctx) => actionPayload(ctx.ids[verb as keyof Ctx['ids']], w, { responseUrl: ctx.r.fake.responseUrl('fz'), ...(verb === 'move' ? { selected: '2' } : {}) }), status(200)),
    ),
    fc.record({ room: fc.constantFrom('99', '51', '-1', 'x', '', 'main main', '1'.repeat(140)) }).map(({ room }) =>
      clickCase(`move to room ${room.slice(0, 10)}`, (ctx) => actionPayload(ctx.ids.move, FAC, { responseUrl: ctx.r.fake.responseUrl('fz'), selected: room }), status(200)),
    ),
    // Person searches bent out of shape: always an empty list.
    fc.record({ field: fc.constantFrom('user', 'action_id', 'value', 'name', 'team'), value: junk }).map(({ field, value }) =>
      clickCase(`person search with ${field} bent`, (ctx) => ({
        type: 'block_suggestion', user: { id: FAC.id, name: FAC.name }, team: { id: TEAM }, action_id: encodeAction({ verb: 'move-pick', meetingId: ctx.meeting.id, version: ctx.meeting.version, args: [] }), block_id: 'move-0', value: '',
        [field]: field === 'value' ? 'x'.repeat(300) : field === 'name' ? 'anything' : field === 'team' ? { id: '__proto__' } : value === null || typeof value !== 'string' ? value : 42,
      }), (res) => (res.status === 200 && /"options":\[\]/.test(res.text) ? undefined : `answered ${res.status} ${res.text.slice(0, 80)}`)),
    ),
    // Every other payload type, well-formed or not: an empty 200.
    fc.record({ type: fc.constantFrom('view_submission', 'view_closed', 'shortcut', 'message_action', 'interactive_message', 'dialog_submission', 'dialog_cancellation', 'app_rate_limited', 'not_a_type'), extra: junk }).map(({ type, extra }) =>
      clickCase(`a ${type} payload`, () => ({ type, user: { id: FAC.id }, team: { id: TEAM }, view: { id: 'V1' }, callback_id: 'x', extra }), (res) => (res.status === 200 && res.text === '' ? undefined : `answered ${res.status} ${res.text.slice(0, 80)}`)),
    ),
    fc.record({ event: junk }).map(({ event }) => ({
      kind: 'an Events API event',
      build: (): Built => ({ body: JSON.stringify({ type: 'event_callback', team_id: TEAM, event: event ?? 'x' }), options: { contentType: 'application/json' } }),
      check: status(200),
    })),
    // Whole bodies that are not a request: junk, broken JSON, other content types, deep nesting.
    fc.record({ body: fc.oneof(fc.string({ maxLength: 300 }), fc.constantFrom('payload=null', 'payload=%7B', 'payload=%5B%5D', 'payload=1e400', 'payload=a&payload=b', '', '%%%', 'payload=%7B%22__proto__%22%3A%7B%22type%22%3A%22block_actions%22%7D%7D')) }).map(({ body }) => ({
      kind: `junk body ${JSON.stringify(body).slice(0, 30)}`,
      build: (): Built => ({ body }),
    })),
    fc.record({ json: fc.oneof(fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)), fc.constantFrom('[', '{"type":"block_actions"', '[[[[[[[[[[', `${'['.repeat(5000)}${']'.repeat(5000)}`)) }).map(({ json }) => ({
      kind: `JSON body ${json.slice(0, 30)}`,
      build: (): Built => ({ body: json, options: { contentType: 'application/json' } }),
    })),
    fc.record({ type: fc.constantFrom('application/json', 'text/plain', 'multipart/form-data; boundary=x', 'application/xml', ''), text: CHANGING_TEXT }).map(({ type, text }) => ({
      kind: `FAC's /breakouts ${text} sent as ${type || 'no content type'}`,
      build: (ctx: Ctx): Built => ({ body: slashBody(text, FAC, ctx.r.fake.responseUrl('fz')), options: { contentType: type } }),
      check: status(400),
    })),
    fc.record({ text: CHANGING_TEXT }).map(({ text }) => ({
      kind: `a member's /breakouts ${text} with a charset`,
      build: (ctx: Ctx): Built => ({ body: slashBody(text, MEMBER, ctx.r.fake.responseUrl('fz')), options: { contentType: 'application/x-www-form-urlencoded; charset=utf-8' } }),
      check: status(200),
    })),
    // Signatures that do not verify.
    fc.record({ how: fc.constantFrom('bad', 'stale', 'missing', 'other secret') }).map(({ how }) => ({
      kind: `signature ${how}`,
      build: (ctx: Ctx): Built => ({
        body: slashBody('shuffle', FAC, ctx.r.fake.responseUrl('fz')),
        options: how === 'bad' ? { badSignature: true } : how === 'stale' ? { timestamp: Math.floor(Date.now() / 1000) - 3600 } : how === 'missing' ? { headers: { 'x-slack-signature': '' } } : { secret: 'not-the-secret' },
      }),
      check: status(401),
    })),
  ];
  // Any of them may come as a retried delivery too.
  return list.map((arb) =>
    fc.tuple(arb, retry).map(([c, headers]): Case => {
      if (!headers) return c;
      return {
        ...c,
        kind: `${c.kind} (retried)`,
        build: (ctx) => {
          const b = c.build(ctx);
          return { ...b, options: { ...b.options, headers: { ...b.options?.headers, ...headers } } };
        },
      };
    }),
  );
}

function boardIds(r: Rig): Ctx['ids'] {
  const blocks = lastBoard(r)?.body['blocks'];
  return {
    shuffle: findAction(blocks, 'shuffle'),
    start: findAction(blocks, 'start'),
    apply: findAction(blocks, 'apply'),
    moveOpen: findAction(blocks, 'move-open'),
    move: findAction(blocks, 'move', 'U1'),
    audio: findAction(blocks, 'audio'),
  };
}

describe('hostile requests', () => {
  it(`${PAYLOADS} generated signed requests, broken and valid, are each answered within 3 s, never with a 5xx, refused ones change nothing and nothing is unhandled`, async () => {
    const rejections: unknown[] = [];
    const onRejection = (reason: unknown): void => void rejections.push(reason);
    process.on('unhandledRejection', onRejection);
    const say = (what: string): string => `seed ${SEED} (replay with BREAKOUTS_FUZZ_SEED=${SEED}): ${what}`;
    try {
      const r = await meetingRig();
      const generated = fc.sample(fc.oneof(...cases()), { seed: SEED, numRuns: PAYLOADS });
      const problems: string[] = [];
      const notices: string[] = [];
      let changes = 0;
      for (let at = 0; at < generated.length; at += BATCH) {
        const meeting = await r.meeting();
        const ctx: Ctx = {
          r,
          meeting,
          ids: boardIds(r),
          notice: () => {
            const id = `notice-${notices.length}`;
            notices.push(id);
            return r.fake.responseUrl(id);
          },
        };
        const before = structuredClone(meeting);
        const batch = generated.slice(at, at + BATCH);
        await Promise.all(
          batch.map(async (c) => {
            const built = c.build(ctx);
            try {
              const res = await send(r, built.body, built.options);
              if (res.status >= 500) problems.push(`${c.kind}: HTTP ${res.status}`);
              const problem = c.check?.(res);
              if (problem) problems.push(`${c.kind}: ${problem}`);
            } catch (error) {
              problems.push(`${c.kind}: no answer within ${DEADLINE_MS} ms (${error instanceof Error ? error.message : String(error)})`);
            }
          }),
        );
        expect(await r.meeting(), say(`the meeting changed during batch ${at / BATCH}: ${batch.map((c) => c.kind).join(' | ')}`)).toEqual(before);
        // Between batches, a real change by the facilitator: the next batch works on a new board.
        if ((at / BATCH) % 8 === 7) {
          const res = await r.command(changes % 2 === 0 ? 'rooms 4' : 'rooms 3', FAC);
          expect(res.status, say('a valid change between batches')).toBe(200);
          expect((await r.meeting()).version, say('a valid change between batches')).toBeGreaterThan(before.version);
          changes++;
        }
      }
      expect(problems, say('requests answered wrongly')).toEqual([]);
      // Every malformed click that had a usable response_url was told so there, once.
      await r.fake.waitFor(() => notices.every((id) => repliesTo(r, id).length > 0), 10_000).catch(() => undefined);
      const missing = notices.filter((id) => repliesTo(r, id).join() !== NOT_UNDERSTOOD);
      expect(missing, say('malformed clicks not told “not understood”')).toEqual([]);
      expect(changes, say('valid changes made between batches')).toBeGreaterThan(3);
      // Still alive and still acting on a valid command.
      await r.command('rooms 5', FAC);
      expect((await r.meeting()).rooms.length, say('the app after the storm')).toBe(5);
      expect(r.logLines.join('\n'), say('a secret in the log')).not.toContain(SIGNING_SECRET);
      expect(r.logLines.filter((l) => /unhandled|"level":"error"/i.test(l)), say('logged as unhandled or as an error')).toEqual([]);
    } finally {
      process.off('unhandledRejection', onRejection);
    }
    expect(rejections.map((x) => (x instanceof Error ? x.message : String(x))), say('unhandled rejections')).toEqual([]);
  }, 120_000);
});
