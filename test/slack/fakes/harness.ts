// One Slack test rig: the fake Web API, an in-memory engine with seeded randomness and a fixed
// clock, and the real Bolt app over HTTP on 127.0.0.1 (processBeforeResponse, no retries).
import { noMetrics, type Metrics } from '../../../src/runtime/metrics.ts';
import { noOps, type OpsRoutes } from '../../../src/runtime/adapter.ts';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSlackApp, type SlackApp, type SlackAppOptions } from '../../../adapters/slack/index.ts';
import type { AdapterDeps } from '../../../src/runtime/adapter.ts';
import { loadConfig } from '../../../src/runtime/config.ts';
import { createEngine, type Engine } from '../../../src/engine/engine.ts';
import type { Meeting } from '../../../src/domain/meeting.ts';
import { createLogger, type Logger } from '../../../src/runtime/logger.ts';
import { type Clock } from '../../../src/ports.ts';
import { createSeededRandom } from '../../../src/domain/random.ts';
import { type MeetingStore } from '../../../src/store/port.ts';
import { createMemoryStore } from '../../../src/store/store.ts';
import { startFakeSlack, type FakeSlack } from './fake-slack.ts';
import { actionPayload, CHANNEL, formPayload, postSigned, SIGNING_SECRET, slashBody, TEAM, type ActionOptions, type Person, type SendOptions, type SentResult } from './signed.ts';

export const BOT_TOKEN = 'xoxb-1111-2222-testtokenvalue';

export interface Rig {
  readonly fake: FakeSlack;
  readonly slack: SlackApp;
  readonly engine: Engine;
  readonly store: MeetingStore;
  readonly url: string;
  readonly logLines: string[];
  /** A /breakouts typed in the meeting channel, or in `channel` (a room's channel). */
  command(text: string, user: Person, options?: SendOptions & { readonly channel?: string }): Promise<SentResult>;
  click(actionId: string, user: Person, options?: ActionOptions & SendOptions): Promise<SentResult>;
  meeting(): Promise<Meeting>;
  /** Replies posted to response_url, newest last, as text. */
  replies(): string[];
  close(): Promise<void>;
}

export const fixedClock: Clock = { now: () => new Date('2026-11-26T12:00:00Z') };

/** A clock a test moves by hand: timers and help re-pings fall due when it is advanced, never by waiting. */
export interface ManualClock extends Clock {
  advance(ms: number): void;
}

export function manualClock(start = '2026-11-26T12:00:00Z'): ManualClock {
  let now = Date.parse(start);
  return {
    now: () => new Date(now),
    advance(ms) {
      now += ms;
    },
  };
}

export interface RigOptions extends SlackAppOptions {
  readonly seed?: string;
  readonly fake?: FakeSlack;
  readonly logLevel?: 'debug' | 'info';
  readonly productionRetries?: boolean;
  /** Another store (a file store; the same store as another rig, like a second process). */
  readonly store?: MeetingStore;
  /** The operator's routes (GET /healthz, /metrics) the receiver offers each request first. */
  readonly ops?: OpsRoutes;
  readonly metrics?: Metrics;
  /** The engine's, the deliverer's and the boards' clock (default: fixed at 2026-11-26 12:00 UTC). */
  readonly clock?: Clock;
}

export async function startRig(options: RigOptions = {}): Promise<Rig> {
  const fake = options.fake ?? (await startFakeSlack());
  const store = options.store ?? createMemoryStore();
  const random = createSeededRandom(options.seed ?? 'slack-tests');
  const clock = options.clock ?? fixedClock;
  const engine = createEngine({ store, clock, random });
  const logLines: string[] = [];
  const logger: Logger = createLogger({ level: options.logLevel ?? 'info', write: (line) => logLines.push(line) });
  const config = loadConfig({ PORT: '0', SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: fake.apiUrl });
  const deps: AdapterDeps = { config, engine, store, clock, random, logger, metrics: options.metrics ?? noMetrics, ops: options.ops ?? noOps };
  if (!config.slack) throw new Error('the test config has no Slack section');
  const slack = createSlackApp(deps, config.slack, {
    processBeforeResponse: options.processBeforeResponse ?? true,
    // productionRetries: the client's own 429 handling and retry policy, as `npm start` has it.
    ...(options.productionRetries ? {} : { retryConfig: options.retryConfig ?? { retries: 0 } }),
    boardIntervalMs: options.boardIntervalMs ?? 2000,
    boardPaceMs: options.boardPaceMs ?? 0,
  });
  const server = (await slack.start({ port: 0, host: '127.0.0.1' })) as Server;
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
  let responseSeq = 0;
  return {
    fake,
    slack,
    engine,
    store,
    url,
    logLines,
    // Each request its own trigger id, numbered in the order this rig sends them.
    command: (text, user, send) => {
      const n = ++responseSeq;
      return postSigned(url, slashBody(text, user, fake.responseUrl(`c${n}`), send?.channel ?? CHANNEL, `trigger-${n}`), send);
    },
    click: (actionId, user, o = {}) => {
      const n = ++responseSeq;
      return postSigned(url, formPayload(actionPayload(actionId, user, { responseUrl: fake.responseUrl(`a${n}`), triggerId: `trigger-${n}`, ...o })), o);
    },
    async meeting() {
      const m = await engine.get({ place: { platform: 'slack', workspaceId: TEAM, channelId: CHANNEL, mainRoomId: CHANNEL } });
      if (!m) throw new Error('no meeting yet');
      return m;
    },
    replies: () => fake.responses.map((r) => (typeof r.body['text'] === 'string' ? r.body['text'] : '')),
    async close() {
      await slack.stop();
      if (!options.fake) await fake.close();
    },
  };
}
