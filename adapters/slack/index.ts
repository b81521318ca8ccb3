// Slack adapter entry point: builds the Bolt app (HTTP or Socket Mode; one bot token, or with OAuth any
// number of installed workspaces) behind receivers that check every request first, the Slack
// RoomPlatform and the deliverer, and starts listening.
import type { Server } from 'node:http';
import { App, webApi } from '@slack/bolt';
import type { AdapterDeps, AdapterHealth, RunningAdapter } from '../../src/runtime/adapter.ts';
import type { SlackConfig } from '../../src/runtime/config.ts';
import { createDeliverer, type Deliverer } from '../../src/delivery/deliverer.ts';
import type { InstallationRecords } from '../../src/store/installations.ts';
import { openInstallationRecords } from '../../src/store/installations-open.ts';
import { boltLogger } from './bolt-logger.ts';
import { slackErrorCode } from './errors.ts';
import { createIntake, createRecentRequests } from './intake.ts';
import { registerListeners } from './listeners/index.ts';
import { createSlackOAuth, type SlackOAuth } from './oauth.ts';
import { INSTALL_PATH, REDIRECT_PATH } from './oauth-pages.ts';
import { createMeetingIndex } from './meeting-index.ts';
import { INSTALLATION_EVENTS } from './payloads.ts';
import { createSlackPlatform, type SlackPlatform } from './platform.ts';
import { CheckedHttpReceiver, CheckedSocketModeReceiver } from './receiver.ts';
import { createUserDirectory } from './users.ts';
import { reportRateLimits, singleWorkspace, type Workspaces } from './workspaces.ts';

export interface SlackAppOptions {
  /** Tests: answer the HTTP request only after the listener finished. */
  readonly processBeforeResponse?: boolean;
  /** Tests pass `{ retries: 0 }`; production keeps the client's 429 handling and retries. */
  readonly retryConfig?: webApi.RetryOptions;
  /** Milliseconds between board updates during a long run (runner throttling). */
  readonly boardIntervalMs?: number;
  /** At least this many ms between two updates of one board (default 1000; tests 0). */
  readonly boardPaceMs?: number;
  /** OAuth (many workspaces): where installations are kept. Required with `config.oauth`. */
  readonly installations?: InstallationRecords;
}

export interface SlackApp {
  readonly app: App;
  readonly platform: SlackPlatform;
  readonly deliverer: Deliverer;
  readonly mode: 'http' | 'socket';
  /** Each workspace's Web API clients (one set for every team with a bot token). */
  readonly workspaces: Workspaces;
  /** The install flow and the installations, with OAuth. */
  readonly oauth: SlackOAuth | undefined;
  /** Start listening; HTTP mode resolves with the server (port from deps.config). */
  start(listen?: { port: number; host?: string }): Promise<Server | undefined>;
  stop(): Promise<void>;
  health(): AdapterHealth;
}

/** Bolt says this before its error handler runs; Breakouts' handler says it with the workspace and what to do. */
const AUTHORIZE_WARNING = 'Authorization of incoming event did not succeed';

export function createSlackApp(deps: AdapterDeps, config: SlackConfig, options: SlackAppOptions = {}): SlackApp {
  const socket = config.appToken !== undefined;
  if (!socket && !config.signingSecret) throw new Error('SLACK_SIGNING_SECRET (HTTP mode) or SLACK_APP_TOKEN (Socket Mode) is required.');
  if (config.oauth && socket) throw new Error('The Slack install flow (SLACK_CLIENT_ID …) runs in HTTP mode: remove SLACK_APP_TOKEN.');
  if (!config.oauth && !config.botToken) throw new Error('SLACK_BOT_TOKEN (one workspace) or SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET (many workspaces) is required.');
  if (config.oauth && !options.installations) throw new Error('The Slack install flow needs somewhere to keep installations (the installation records).');
  const clientOptions: webApi.WebClientOptions = {
    ...(config.apiUrl ? { slackApiUrl: config.apiUrl.endsWith('/') ? config.apiUrl : `${config.apiUrl}/` } : {}),
    ...(options.retryConfig ? { retryConfig: options.retryConfig } : {}),
  };
  const logger = boltLogger(deps.logger, { quiet: [AUTHORIZE_WARNING] });
  const now = (): number => deps.clock.now().getTime();
  const oauth =
    config.oauth && options.installations
      ? createSlackOAuth({ config: config.oauth, apiUrl: config.apiUrl, clientOptions, records: options.installations, logger: deps.logger, metrics: deps.metrics, now: () => Date.now() })
      : undefined;
  // Every request is checked (shape, retries) before Bolt reads it; see intake.ts.
  const intake = createIntake({ logger: deps.logger, recent: createRecentRequests({ now }), ...(oauth ? { events: INSTALLATION_EVENTS } : {}) });
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
        ops: deps.ops,
        ...(oauth ? { routes: oauth.routes } : {}),
      });
  // Deferred: Bolt would otherwise call auth.test in the constructor and leave a wrong token as an
  // unhandled rejection (a stack trace instead of checkToken's sentence). start() runs init().
  const app = new App({
    ...(oauth ? { authorize: (source) => oauth.authorize(source) } : { token: config.botToken }),
    receiver,
    ...(socket ? { socketMode: true } : {}),
    clientOptions,
    logger,
    deferInitialization: true,
    extendedErrorHandler: true,
  });

  let botUserId: string | undefined;
  const workspaces: Workspaces =
    oauth?.workspaces ??
    singleWorkspace({
      client: reportRateLimits(app.client, deps.metrics),
      boardClient: reportRateLimits(new webApi.WebClient(config.botToken, clientOptions), deps.metrics),
      botUserId: () => botUserId,
    });
  const platform = createSlackPlatform({
    workspaces,
    engine: deps.engine,
    logger: deps.logger,
    clock: deps.clock,
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
  const users = createUserDirectory({ workspaces, logger: deps.logger, now });
  registerListeners(
    app,
    { engine: deps.engine, deliverer, platform, logger: deps.logger, workspaces, users, meetings: createMeetingIndex(deps.store), clock: deps.clock },
    oauth ? { authorizeFailed: (error, body) => oauth.authorizeFailed(error, body, (url, text) => intake.notify(url, text)) } : {},
  );
  oauth?.register(app);

  let started = false;
  return {
    app,
    platform,
    deliverer,
    mode: socket ? 'socket' : 'http',
    workspaces,
    oauth,
    async start(listen) {
      // OAuth: no token of its own; a BREAKOUTS_SECRET_KEY that cannot open the stored installations stops here.
      if (oauth) await oauth.installations.checkKey();
      else botUserId = await checkToken(config, clientOptions);
      await app.init();
      // Effects written before a crash (or by a process that died) go out now, then every few seconds.
      deliverer.start();
      if (receiver instanceof CheckedSocketModeReceiver) {
        await app.start();
        started = true;
        return undefined;
      }
      const where = listen ?? { port: deps.config.port, ...(deps.config.host ? { host: deps.config.host } : {}) };
      const server = await receiver.start(where);
      started = true;
      return server;
    },
    async stop() {
      started = false;
      await app.stop();
      await deliverer.stop();
    },
    health() {
      if (!started) return { ok: false, reason: 'Slack: not started' };
      if (receiver instanceof CheckedSocketModeReceiver) {
        const state = receiver.connection;
        return state === 'connected' ? { ok: true } : { ok: false, reason: `Slack: Socket Mode is ${state}` };
      }
      return receiver.listening ? { ok: true } : { ok: false, reason: 'Slack: the HTTP server is not listening' };
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
  // Many workspaces: their installations live where the meetings do (PostgreSQL or the data folder).
  const installations = config.oauth ? await openInstallationRecords(deps.config, deps.logger) : undefined;
  let slack: SlackApp;
  let server: Server | undefined;
  try {
    slack = createSlackApp(deps, config, installations ? { installations } : {});
    server = await slack.start();
  } catch (error) {
    await installations?.close();
    throw error;
  }
  // The bound port, not the asked one: PORT=0 picks a free port.
  const address = server?.address();
  const port = address && typeof address === 'object' ? address.port : deps.config.port;
  const where =
    slack.mode === 'socket'
      ? 'Socket Mode connected'
      : `HTTP mode on port ${port}, endpoint /slack/events${config.oauth ? `; install at ${INSTALL_PATH}, OAuth redirect ${REDIRECT_PATH}` : ''}`;
  return {
    name: 'slack',
    description: `Slack: ${where}`,
    servesPort: slack.mode === 'http',
    health: () => slack.health(),
    async stop() {
      await slack.stop();
      await installations?.close();
    },
  };
}
