// What the Slack adapter tells operators: its HTTP server offers every request to the operator's
// routes first (GET /healthz, GET /metrics), it says honestly whether it can work (HTTP listening,
// Socket Mode connected), and every 429 the Web API answers is counted by method.
import { afterEach, describe, expect, it } from 'vitest';
import type { OpsRoutes } from '../../src/runtime/adapter.ts';
import { loadConfig } from '../../src/runtime/config.ts';
import { createEngine } from '../../src/engine/engine.ts';
import { createSeededRandom } from '../../src/domain/random.ts';
import { silentLogger } from '../../src/runtime/logger.ts';
import { noMetrics, type Metrics } from '../../src/runtime/metrics.ts';
import { createMemoryStore } from '../../src/store/store.ts';
import { createSlackApp } from '../../adapters/slack/index.ts';
import { noOps } from '../../src/runtime/adapter.ts';
import { startFakeSlack } from './fakes/fake-slack.ts';
import { BOT_TOKEN, fixedClock, startRig, type Rig } from './fakes/harness.ts';
import type { Person } from './fakes/signed.ts';

const FAC: Person = { id: 'UFAC', name: 'fran' };

let rig: Rig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

/** The operator's routes as main.ts would answer them: /healthz and /metrics, nothing else. */
function opsRoutes(seen: string[]): OpsRoutes {
  return {
    handle(req, res) {
      seen.push(`${req.method} ${req.url}`);
      if (req.method !== 'GET' || (req.url !== '/healthz' && req.url !== '/metrics')) return false;
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end(req.url === '/healthz' ? 'ok' : '# metrics');
      return true;
    },
  };
}

describe('operations', () => {
  it('the HTTP receiver offers every request to the operator routes first: /healthz and /metrics are theirs, /slack/events is still Bolt’s', async () => {
    const seen: string[] = [];
    rig = await startRig({ ops: opsRoutes(seen) });
    const base = rig.url.replace('/slack/events', '');
    expect(await (await fetch(`${base}/healthz`)).text()).toBe('ok');
    expect(await (await fetch(`${base}/metrics`)).text()).toBe('# metrics');
    expect((await rig.command('help', FAC)).status).toBe(200);
    expect(rig.replies().join('\n')).toContain('/breakouts');
    expect((await fetch(`${base}/elsewhere`)).status).toBe(404);
    expect(seen).toEqual(['GET /healthz', 'GET /metrics', 'POST /slack/events', 'GET /elsewhere']);
  });

  it('in HTTP mode the adapter is healthy once it listens, and not once it stopped', async () => {
    rig = await startRig();
    expect(rig.slack.health()).toEqual({ ok: true });
    await rig.slack.stop();
    expect(rig.slack.health()).toEqual({ ok: false, reason: 'Slack: not started' });
  });

  it('in Socket Mode the adapter is healthy while connected, and says so at once when the socket drops', async () => {
    const fake = await startFakeSlack();
    const config = loadConfig({ SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_APP_TOKEN: 'xapp-1-A1-1-socketsecret', SLACK_API_URL: fake.apiUrl });
    if (!config.slack) throw new Error('no Slack section');
    const store = createMemoryStore();
    const random = createSeededRandom('health');
    const engine = createEngine({ store, clock: fixedClock, random });
    const slack = createSlackApp({ config, engine, store, clock: fixedClock, random, logger: silentLogger, metrics: noMetrics, ops: noOps }, config.slack, { retryConfig: { retries: 0 } });
    try {
      expect(slack.health()).toEqual({ ok: false, reason: 'Slack: not started' });
      await slack.start();
      expect(slack.health()).toEqual({ ok: true });
      for (const socket of fake.sockets) socket.terminate();
      // The client waits seconds before it reconnects; meanwhile it is not connected, and says so.
      await fake.waitFor(() => !slack.health().ok);
      expect(slack.health()).toEqual({ ok: false, reason: 'Slack: Socket Mode is disconnected (it will reconnect)' });
    } finally {
      await slack.stop();
      await fake.close();
    }
  });

  it('a 429 from the Web API is counted as a Slack rate limit on its method', async () => {
    const limited: string[] = [];
    const metrics: Metrics = { ...noMetrics, rateLimited: (platform, route) => limited.push(`${platform} ${route}`) };
    rig = await startRig({ metrics });
    rig.fake.users.set('U1', { id: 'U1', name: 'ann' });
    rig.fake.rateLimit('users.info', 0);
    expect((await rig.command('join', { id: 'U1', name: 'ann' })).status).toBe(200);
    expect(limited).toEqual(['slack users.info']);
  });
});
