// Through the real Bolt app on loopback: a request Slack delivers again (X-Slack-Retry-Num, same
// trigger id) changes nothing and sends nothing twice, in this process or another one on the same
// data; and who facilitates: joining first takes nothing over, workspace admins may step in.
import { noMetrics } from '../../src/runtime/metrics.ts';
import { noOps } from '../../src/runtime/adapter.ts';
import { afterEach, describe, expect, it } from 'vitest';
import { createSlackApp } from '../../adapters/slack/index.ts';
import { loadConfig } from '../../src/runtime/config.ts';
import type { Place } from '../../src/domain/meeting.ts';
import { createEngine } from '../../src/engine/engine.ts';
import { silentLogger } from '../../src/runtime/logger.ts';
import { createSeededRandom } from '../../src/domain/random.ts';
import { createMemoryStore } from '../../src/store/store.ts';
import { boardCalls, findAction, lastBoard, repliesTo } from './fakes/board-actions.ts';
import { startFakeSlack, type FakeUser } from './fakes/fake-slack.ts';
import { BOT_TOKEN, fixedClock, startRig, type Rig } from './fakes/harness.ts';
import { actionPayload, CHANNEL, formPayload, postSigned, slashBody, TEAM, type Person } from './fakes/signed.ts';

const FAC: Person = { id: 'UFAC', name: 'fran' };
const place: Place = { platform: 'slack', workspaceId: TEAM, channelId: CHANNEL, mainRoomId: CHANNEL };
const RETRY = { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' };

const rigs: Rig[] = [];
afterEach(async () => {
  // The second rig shares the first one's fake: close it first.
  for (const r of rigs.reverse()) await r.close();
  rigs.length = 0;
});

async function open(options: Parameters<typeof startRig>[0] = {}): Promise<Rig> {
  const r = await startRig(options);
  rigs.push(r);
  return r;
}

/** A meeting run by FAC with 8 people in 2 rooms, its board posted. */
async function withMeeting(r: Rig): Promise<void> {
  await r.command('distribute 2', FAC);
  const people = Array.from({ length: 8 }, (_, i) => ({ id: `U${i + 1}`, name: `person${i + 1}`, audio: 'voip' }));
  const imported = await r.engine.execute({ target: { place }, actor: FAC, command: 'import', input: { people } });
  expect(imported.ok).toBe(true);
  await r.command('distribute 2', FAC);
}

describe('retried deliveries', () => {
  for (const [name, text] of [
    ['shuffle', 'shuffle'],
    ['dialin', 'dialin +1-555-0100 111# 222#'],
  ] as const) {
    it(`a /breakouts ${name} Slack delivers again with X-Slack-Retry-Num and the same trigger_id changes nothing and answers once`, async () => {
      const r = await open();
      await withMeeting(r);
      const body = slashBody(text, FAC, r.fake.responseUrl(name), CHANNEL, `trigger-${name}-1`);
      expect((await postSigned(r.url, body)).status).toBe(200);
      const after = await r.meeting();
      const boards = boardCalls(r).length;
      expect(repliesTo(r, name)).toHaveLength(1);

      const retry = await postSigned(r.url, body, { headers: RETRY });
      expect(retry.status).toBe(200);
      expect(await r.meeting()).toEqual(after);
      expect(boardCalls(r)).toHaveLength(boards);
      expect(repliesTo(r, name)).toHaveLength(1);
    });
  }

  it('a board click Slack delivers again changes nothing and answers once', async () => {
    const r = await open();
    await withMeeting(r);
    const payload = formPayload(actionPayload(findAction(lastBoard(r)?.body['blocks'], 'shuffle'), FAC, { responseUrl: r.fake.responseUrl('click'), triggerId: 'trigger-click-1' }));
    await postSigned(r.url, payload);
    const after = await r.meeting();
    const boards = boardCalls(r).length;
    expect(repliesTo(r, 'click')).toHaveLength(1);

    expect((await postSigned(r.url, payload, { headers: RETRY })).status).toBe(200);
    expect(await r.meeting()).toEqual(after);
    expect(boardCalls(r)).toHaveLength(boards);
    expect(repliesTo(r, 'click')).toHaveLength(1);
  });

  it('a retried /breakouts status or help, which change nothing, is not answered twice', async () => {
    const r = await open();
    await withMeeting(r);
    for (const text of ['status', 'help']) {
      const body = slashBody(text, { id: 'U3', name: 'person3' }, r.fake.responseUrl(text), CHANNEL, `trigger-${text}`);
      await postSigned(r.url, body);
      await postSigned(r.url, body, { headers: RETRY });
      await postSigned(r.url, body, { headers: { 'x-slack-retry-num': '2' } });
      expect(repliesTo(r, text)).toHaveLength(1);
    }
  });

  it('a retry that arrives while the first delivery is still being worked on is dropped', async () => {
    const r = await open({ processBeforeResponse: false });
    await withMeeting(r);
    const version = (await r.meeting()).version;
    const release = r.fake.hold('chat.update');
    const body = slashBody('shuffle', FAC, r.fake.responseUrl('busy'), CHANNEL, 'trigger-busy');
    try {
      expect((await postSigned(r.url, body)).status).toBe(200);
      expect((await postSigned(r.url, body, { headers: RETRY })).status).toBe(200);
    } finally {
      release();
    }
    await r.fake.waitFor(() => repliesTo(r, 'busy').length > 0 && boardCalls(r).some((c) => c.method === 'chat.update'));
    // Let anything the retry might have started finish before counting.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await r.meeting()).version).toBe(version + 1);
    expect(repliesTo(r, 'busy')).toHaveLength(1);
    expect(r.fake.callsOf('chat.update')).toHaveLength(1);
  });

  it('a retry delivered to another process on the same data is recognised by the stored request id: nothing changes, nothing is sent', async () => {
    const first = await open();
    await withMeeting(first);
    // A second app on the same store and the same Slack: another process, or this one restarted.
    const second = await open({ fake: first.fake, store: first.store });
    const body = slashBody('shuffle', FAC, first.fake.responseUrl('two'), CHANNEL, 'trigger-two');
    await postSigned(first.url, body);
    const after = await first.meeting();
    const calls = first.fake.calls.length;

    expect((await postSigned(second.url, body, { headers: RETRY })).status).toBe(200);
    expect(await second.meeting()).toEqual(after);
    expect(first.fake.calls.slice(calls).filter((c) => c.method !== 'users.info')).toEqual([]);
    expect(repliesTo(first, 'two')).toHaveLength(1);
  });

  it('in Socket Mode an envelope Slack sends again (retry_attempt) changes nothing and answers once', async () => {
    const fake = await startFakeSlack();
    const store = createMemoryStore();
    const random = createSeededRandom('socket-retry');
    const config = loadConfig({ SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_APP_TOKEN: 'xapp-1-A1-1-socketsecret', SLACK_API_URL: fake.apiUrl });
    if (!config.slack) throw new Error('no Slack section');
    const engine = createEngine({ store, clock: fixedClock, random });
    const slack = createSlackApp({ config, engine, store, clock: fixedClock, random, logger: silentLogger, metrics: noMetrics, ops: noOps }, config.slack, { retryConfig: { retries: 0 } });
    try {
      await slack.start();
      await fake.waitFor(() => fake.sockets.size > 0);
      const payload = {
        token: 'legacy', team_id: TEAM, team_domain: 'test', channel_id: CHANNEL, channel_name: 'general', user_id: FAC.id, user_name: FAC.name,
        command: '/breakouts', text: 'rooms 3', api_app_id: 'A1', is_enterprise_install: 'false', response_url: fake.responseUrl('sock'), trigger_id: 'trigger-sock',
      };
      await fake.sendEnvelope('slash_commands', payload);
      await fake.waitFor(() => fake.responses.some((x) => x.id === 'sock') && fake.callsOf('chat.postMessage').length > 0);
      await new Promise((resolve) => setTimeout(resolve, 50));
      const after = await engine.get({ place });
      const calls = fake.calls.length;
      await fake.sendEnvelope('slash_commands', payload, { retry_attempt: 1, retry_reason: 'timeout' });
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(await engine.get({ place })).toEqual(after);
      expect(fake.calls.slice(calls)).toEqual([]);
      expect(fake.responses.filter((x) => x.id === 'sock')).toHaveLength(1);
    } finally {
      await slack.stop();
      await fake.close();
    }
  });
});

describe('who facilitates', () => {
  const host: Person = { id: 'UHOST', name: 'host' };
  const early: Person = { id: 'UEARLY', name: 'early' };
  const roleOf = async (r: Rig, id: string): Promise<string | undefined> => (await r.meeting()).attendees.find((a) => a.id === id)?.role;

  for (const first of ['join', 'audio phone'] as const) {
    it(`typing /breakouts ${first} first makes nobody a facilitator: the host who distributes next is one, the early joiner is not`, async () => {
      const r = await open();
      await r.command(first, early);
      await r.command('distribute 2', host);
      expect(await roleOf(r, host.id)).toBe('facilitator');
      expect(await roleOf(r, early.id)).toBe('attendee');
      const version = (await r.meeting()).version;
      await r.command('shuffle', early);
      expect(r.replies().at(-1)).toMatch(/Only a facilitator can shuffle/);
      expect((await r.meeting()).version).toBe(version);
    });
  }

  for (const flag of ['is_admin', 'is_owner', 'is_primary_owner'] as const) {
    it(`a workspace ${flag.replace('is_', '').replace('_', ' ')} who is not a facilitator can add themselves with /breakouts facilitator add`, async () => {
      const r = await open();
      await r.command('distribute 2', host);
      const admin: FakeUser = { id: 'UADMIN', name: 'ada', [flag]: true };
      r.fake.users.set(admin.id, admin);
      await r.command('facilitator add <@UADMIN|ada>', { id: admin.id, name: admin.name });
      expect(r.replies().at(-1)).toMatch(/ada is now a facilitator/);
      expect(await roleOf(r, admin.id)).toBe('facilitator');
      expect(await roleOf(r, host.id)).toBe('facilitator');
    });
  }

  it('someone Slack does not call an owner or admin cannot add themselves as a facilitator', async () => {
    const r = await open();
    await r.command('distribute 2', host);
    r.fake.users.set('UPLAIN', { id: 'UPLAIN', name: 'pat' });
    await r.command('join', { id: 'UPLAIN', name: 'pat' });
    await r.command('facilitator add <@UPLAIN|pat>', { id: 'UPLAIN', name: 'pat' });
    expect(r.replies().at(-1)).toMatch(/Only a facilitator can add or remove facilitators/);
    expect(await roleOf(r, 'UPLAIN')).toBe('attendee');
  });

  it('a workspace admin can press the board’s facilitator buttons', async () => {
    const r = await open();
    await withMeeting(r);
    r.fake.users.set('UADMIN', { id: 'UADMIN', name: 'ada', is_admin: true });
    const version = (await r.meeting()).version;
    await r.click(findAction(lastBoard(r)?.body['blocks'], 'shuffle'), { id: 'UADMIN', name: 'ada' });
    expect(r.replies().at(-1)).toMatch(/Shuffled/);
    expect((await r.meeting()).version).toBe(version + 1);
  });

  it('Slack is asked about admin rights only for facilitator commands from non-facilitators, once per person', async () => {
    const r = await open();
    await withMeeting(r);
    r.fake.users.set('U3', { id: 'U3', name: 'person3' });
    r.fake.reset();
    // The facilitator's own commands and clicks, and anyone's personal ones: no question.
    await r.command('shuffle', FAC);
    await r.command('rooms 3', FAC);
    await r.click(findAction(lastBoard(r)?.body['blocks'], 'shuffle'), FAC);
    await r.command('status', { id: 'U3', name: 'person3' });
    expect(r.fake.callsOf('users.info')).toEqual([]);
    // A facilitator command from someone else: asked once, then remembered.
    await r.command('shuffle', { id: 'U3', name: 'person3' });
    await r.command('rooms 4', { id: 'U3', name: 'person3' });
    await r.click(findAction(lastBoard(r)?.body['blocks'], 'start'), { id: 'U3', name: 'person3' });
    expect(r.fake.callsOf('users.info').map((c) => c.body['user'])).toEqual(['U3']);
    expect(r.replies().at(-1)).toMatch(/Only a facilitator/);
  });
});
