// Slack adapter entry point: builds the Bolt app (HTTP mode with a signing secret, Socket Mode with
// an app token) behind receivers that check every request first, the Slack RoomPlatform and the
// deliverer, and starts listening.
import type { Server } from 'node:http';
import { App, LogLevel, webApi, type Logger as BoltLogger } from '@slack/bolt';
import type { AdapterDeps, RunningAdapter } from '../../src/runtime/adapter.ts';
import type { SlackConfig } from '../../src/runtime/config.ts';
import type { Logger } from '../../src/runtime/logger.ts';
import { createDeliverer, type Deliverer } from '../../src/delivery/deliverer.ts';
import { slackErrorCode } from './errors.ts';
import { createIntake, createRecentRequests } from './intake.ts';
import { registerListeners } from './listeners/index.ts';
import { createSlackPlatform, type SlackPlatform } from './platform.ts';
import { CheckedHttpReceiver, CheckedSocketModeReceiver } from './receiver.ts';
import { createUserDirectory } from './users.ts';

export interface SlackAppOptions {
  /** Tests: answer the HTTP request only after the listener finished. */
  readonly processBeforeResponse?: boolean;
  /** Tests pass `{ retries: 0 }`; production keeps the client's 429 handling and retries. */
  readonly retryConfig?: webApi.RetryOptions;
  /** Milliseconds between board updates during a long run (runner throttling). */
  readonly boardIntervalMs?: number;
  /** At least this many ms between two updates of one board (default 1000; tests 0). */
  readonly boardPaceMs?: number;
}

export interface SlackApp {
  readonly app: App;
  readonly platform: SlackPlatform;
  readonly deliverer: Deliverer;
  readonly mode: 'http' | 'socket';
  /** Start listening; HTTP mode resolves with the server (port from deps.config). */
  start(listen?: { port: number; host?: string }): Promise<Server | undefined>;
  stop(): Promise<void>;
}

/** Bolt logs through our logger, so its lines are redacted like every other. */
function boltLogger(logger: Logger): BoltLogger {
  let level = LogLevel.INFO;
  const text = (msg: unknown[]): string => msg.map((m) => (typeof m === 'string' ? m : m instanceof Error ? m.message : JSON.stringify(m))).join(' ');
  return {
    debug: (...msg: unknown[]) => logger.debug(`bolt: ${text(msg)}`),
    info: (...msg: unknown[]) => logger.info(`bolt: ${text(msg)}`),
    warn: (...msg: unknown[]) => logger.warn(`bolt: ${text(msg)}`),
    error: (...msg: unknown[]) => logger.error(`bolt: ${text(msg)}`),
    setLevel: (l: LogLevel) => (level = l),
    getLevel: () => level,
    setName: () => {},
  };
}

export function createSlackApp(deps: AdapterDeps, config: SlackConfig, options: SlackAppOptions = {}): SlackApp {
  const socket = config.appToken !== undefined;
  if (!socket && !config.signingSecret) throw new Error('SLACK_SIGNING_SECRET (HTTP mode) or SLACK_APP_TOKEN (Socket Mode) is required.');
  const clientOptions: webApi.WebClientOptions = {
    ...(config.apiUrl ? { slackApiUrl: config.apiUrl.endsWith('/') ? config.apiUrl : `${config.apiUrl}/` } : {}),
    ...(options.retryConfig ? { retryConfig: options.retryConfig } : {}),
  };
  const logger = boltLogger(deps.logger);
  const now = (): number => deps.clock.now().getTime();
  // Every request is checked (shape, retries) before Bolt reads it; see intake.ts.
  const intake = createIntake({ logger: deps.logger, recent: createRecentRequests({ now }) });
  const receiver = config.appToken !== undefined
    ? new CheckedSocketModeReceiver(
        // The Socket Mode client opens its connection with its own Web API client.
        { appToken: config.appToken, logger, installerOptions: { clientOptions } },
        intake,
        deps.logger,
      )
    : new CheckedHttpReceiver({
        signingSecret: config.signingSecret ?? '',
        intake,
        logger: deps.logger,
        processBeforeResponse: options.processBeforeResponse ?? false,
      });
  // Deferred: Bolt would otherwise call auth.test in the constructor and leave a wrong token as an
  // unhandled rejection (a stack trace instead of checkToken's sentence). start() runs init().
  const app = new App({
    token: config.botToken,
    receiver,
    ...(socket ? { socketMode: true } : {}),
    clientOptions,
    logger,
    deferInitialization: true,
  });

  let botUserId: string | undefined;
  const platform = createSlackPlatform({
    client: app.client,
    boardClient: new webApi.WebClient(config.botToken, clientOptions),
    engine: deps.engine,
    logger: deps.logger,
    botUserId: () => botUserId,
    ...(options.boardPaceMs !== undefined ? { boardPaceMs: options.boardPaceMs } : {}),
  });
  const deliverer = createDeliverer({
    store: deps.store,
    engine: deps.engine,
    platform,
    clock: deps.clock,
    logger: deps.logger,
    serves: 'slack',
    metrics: deps.metrics,
    ...(options.boardIntervalMs !== undefined ? { boardIntervalMs: options.boardIntervalMs } : {}),
    ...(options.boardPaceMs !== undefined ? { boardPaceMs: options.boardPaceMs } : {}),
  });
  const users = createUserDirectory({ client: app.client, logger: deps.logger, now });
  registerListeners(app, { engine: deps.engine, deliverer, platform, logger: deps.logger, client: app.client, users });

  return {
    app,
    platform,
    deliverer,
    mode: socket ? 'socket' : 'http',
    async start(listen) {
      botUserId = await checkToken(config, clientOptions);
      await app.init();
      // Effects written before a crash (or by a process that died) go out now, then every few seconds.
      deliverer.start();
      if (receiver instanceof CheckedSocketModeReceiver) {
        await app.start();
        return undefined;
      }
      const where = listen ?? { port: deps.config.port, ...(deps.config.host ? { host: deps.config.host } : {}) };
      return receiver.start(where);
    },
    async stop() {
      await app.stop();
      await deliverer.stop();
    },
  };
}

/** Fail fast and clearly on a wrong token or an unreachable Web API (the app's client would retry for 30 min). */
async function checkToken(config: SlackConfig, clientOptions: webApi.WebClientOptions): Promise<string | undefined> {
  const client = new webApi.WebClient(config.botToken, { ...clientOptions, retryConfig: { retries: 1, minTimeout: 200, maxTimeout: 1000 }, timeout: 10_000 });
  try {
    const auth = await client.auth.test();
    return typeof auth.user_id === 'string' ? auth.user_id : undefined;
  } catch (error) {
    const code = slackErrorCode(error);
    if (code === 'invalid_auth' || code === 'not_authed' || code === 'account_inactive' || code === 'token_revoked') {
      throw new Error(`Slack refused SLACK_BOT_TOKEN (${code}): copy the Bot User OAuth Token (xoxb-…) from Install App.`);
    }
    const where = config.apiUrl ?? 'https://slack.com/api/';
    throw new Error(`Slack's Web API at ${where} did not answer auth.test (${code ?? (error instanceof Error ? error.message : 'unknown error')}). Check the network, or SLACK_API_URL.`);
  }
}

export async function startSlack(deps: AdapterDeps, config: SlackConfig): Promise<RunningAdapter> {
  const slack = createSlackApp(deps, config);
  const server = await slack.start();
  // The bound port, not the asked one: PORT=0 picks a free port.
  const address = server?.address();
  const port = address && typeof address === 'object' ? address.port : deps.config.port;
  const where = slack.mode === 'socket' ? 'Socket Mode connected' : `HTTP mode on port ${port}, endpoint /slack/events`;
  return { name: 'slack', description: `Slack: ${where}`, servesPort: slack.mode === 'http', health: () => ({ ok: true }), stop: () => slack.stop() };
}
