// A Slack app installed into many workspaces, for tests: the real Bolt app in OAuth mode on
// 127.0.0.1 against the fake Slack (which plays oauth.v2.access), installations kept in the records
// a test hands it, and the browser's side of the install flow (page, cookie, redirect).
import { createHmac } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSlackApp, type SlackApp } from '../../../adapters/slack/index.ts';
import { createEngine, type Engine } from '../../../src/engine/engine.ts';
import { createSeededRandom } from '../../../src/domain/random.ts';
import { noOps, type OpsRoutes } from '../../../src/runtime/adapter.ts';
import { loadConfig } from '../../../src/runtime/config.ts';
import { createLogger } from '../../../src/runtime/logger.ts';
import { noMetrics, type Metrics } from '../../../src/runtime/metrics.ts';
import type { InstallationRecords } from '../../../src/store/installations.ts';
import { createMemoryStore } from '../../../src/store/store.ts';
import { FAKE_CLIENT_ID, FAKE_CLIENT_SECRET, type FakeInstall, type FakeSlack } from './fake-slack.ts';
import { fixedClock } from './harness.ts';
import { nextTriggerId, postSigned, SIGNING_SECRET, slashBody, type Person, type SentResult } from './signed.ts';

export const SECRET_KEY = 'test-key-0123456789-abcdefghijklmnopqrstuvwxyz-ABCD';
export const STATE_SECRET = 'state-secret-0123456789abcdef';
export const REDIRECT_URI = 'https://breakouts.example.com/slack/oauth_redirect';

/** The environment of an app installed into many workspaces, its Web API the fake's. */
export function oauthEnv(fake: FakeSlack, secretKey = SECRET_KEY): Record<string, string> {
  return {
    PORT: '0',
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_CLIENT_ID: FAKE_CLIENT_ID,
    SLACK_CLIENT_SECRET: FAKE_CLIENT_SECRET,
    SLACK_STATE_SECRET: STATE_SECRET,
    SLACK_REDIRECT_URI: REDIRECT_URI,
    BREAKOUTS_SECRET_KEY: secretKey,
    SLACK_API_URL: fake.apiUrl,
  };
}

/** A workspace as the fake hands it out: team T…, its own token and bot user. */
export function workspace(team: string, extra: Partial<FakeInstall> = {}): FakeInstall {
  return {
    team: { id: team, name: `Workspace ${team}` },
    token: `xoxb-${team.toLowerCase()}-0000-${createHmac('sha256', 'tokens').update(team).digest('hex').slice(0, 24)}`,
    botUserId: `UBOT${team}`,
    botId: `BBOT${team}`,
    ...extra,
  };
}

export interface InstallPage {
  readonly status: number;
  readonly html: string;
  /** The "Add to Slack" link. */
  readonly authorize: URL;
  /** The state cookie as the browser sends it back ("slack-app-oauth-state=…"). */
  readonly cookie: string;
  readonly setCookie: string;
}

export interface OAuthRig {
  readonly fake: FakeSlack;
  readonly slack: SlackApp;
  readonly engine: Engine;
  /** http://127.0.0.1:port */
  readonly base: string;
  readonly logLines: string[];
  openInstallPage(): Promise<InstallPage>;
  /** The whole flow in a browser: the page, Slack's Allow (a code for `install`), the redirect. */
  install(install: FakeInstall): Promise<{ status: number; html: string }>;
  /** GET /slack/oauth_redirect as a browser would, with its cookie. */
  redirect(query: Record<string, string>, cookie?: string): Promise<{ status: number; html: string }>;
  command(team: string, text: string, user: Person, options?: { channel?: string; enterprise?: string; responseId?: string }): Promise<SentResult>;
  event(body: Record<string, unknown>): Promise<SentResult>;
  close(): Promise<void>;
}

export interface OAuthRigOptions {
  readonly records: InstallationRecords;
  readonly secretKey?: string;
  readonly ops?: OpsRoutes;
  readonly metrics?: Metrics;
}

const unescapeHtml = (s: string): string => s.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>');

export async function startOAuthRig(fake: FakeSlack, options: OAuthRigOptions): Promise<OAuthRig> {
  const store = createMemoryStore();
  const random = createSeededRandom('slack-oauth');
  const engine = createEngine({ store, clock: fixedClock, random });
  const logLines: string[] = [];
  const logger = createLogger({ level: 'info', write: (line) => logLines.push(line) });
  const config = loadConfig(oauthEnv(fake, options.secretKey));
  if (!config.slack) throw new Error('the test config has no Slack section');
  const slack = createSlackApp(
    { config, engine, store, clock: fixedClock, random, logger, metrics: options.metrics ?? noMetrics, ops: options.ops ?? noOps },
    config.slack,
    { processBeforeResponse: true, retryConfig: { retries: 0 }, boardIntervalMs: 2000, boardPaceMs: 0, installations: options.records },
  );
  const server = (await slack.start({ port: 0, host: '127.0.0.1' })) as Server;
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  let responses = 0;

  async function openInstallPage(): Promise<InstallPage> {
    const res = await fetch(`${base}/slack/install`);
    const html = await res.text();
    const href = /href="([^"]*oauth\/v2\/authorize[^"]*)"/.exec(html)?.[1];
    if (!href) throw new Error(`no Add to Slack link on the install page: ${html}`);
    const setCookie = res.headers.get('set-cookie') ?? '';
    return { status: res.status, html, authorize: new URL(unescapeHtml(href)), cookie: setCookie.split(';')[0] ?? '', setCookie };
  }

  async function redirect(query: Record<string, string>, cookie?: string): Promise<{ status: number; html: string }> {
    const res = await fetch(`${base}/slack/oauth_redirect?${new URLSearchParams(query).toString()}`, { headers: cookie ? { cookie } : {}, redirect: 'manual' });
    return { status: res.status, html: await res.text() };
  }

  return {
    fake,
    slack,
    engine,
    base,
    logLines,
    openInstallPage,
    redirect,
    async install(install) {
      const page = await openInstallPage();
      const code = `code-${install.team.id}-${++responses}`;
      fake.grant(code, install, (page.authorize.searchParams.get('scope') ?? '').split(','));
      return redirect({ code, state: page.authorize.searchParams.get('state') ?? '' }, page.cookie);
    },
    command(team, text, user, o = {}) {
      const id = o.responseId ?? `${team}-${++responses}`;
      const params = new URLSearchParams(slashBody(text, user, fake.responseUrl(id), o.channel ?? `C${team}MAIN`, nextTriggerId(), team));
      // A workspace of an org-wide install: Slack names the enterprise and says so.
      if (o.enterprise) {
        params.set('enterprise_id', o.enterprise);
        params.set('is_enterprise_install', 'true');
      }
      return postSigned(`${base}/slack/events`, params.toString());
    },
    event(body) {
      return postSigned(`${base}/slack/events`, JSON.stringify(body), { contentType: 'application/json' });
    },
    async close() {
      await slack.stop();
    },
  };
}

/** An Events API callback as Slack sends it about an installation (app_uninstalled, tokens_revoked). */
export function installationEvent(type: 'app_uninstalled' | 'tokens_revoked', where: { team?: string; enterprise?: string; orgWide?: boolean }, event: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    token: 'legacy',
    ...(where.team ? { team_id: where.team } : {}),
    ...(where.enterprise ? { enterprise_id: where.enterprise } : {}),
    api_app_id: 'A1',
    event: { type, ...event },
    type: 'event_callback',
    event_id: `Ev${type === 'app_uninstalled' ? 'U' : 'R'}${where.team ?? where.enterprise ?? 'X'}${Math.floor(Math.random() * 1e9)}`,
    event_time: 1_700_000_000,
    authorizations: [{ enterprise_id: where.enterprise ?? null, team_id: where.orgWide ? null : (where.team ?? null), user_id: 'UBOT', is_bot: true, is_enterprise_install: where.orgWide ?? false }],
  };
}

/** A state as @slack/oauth signs it (an HS256 JWT), made `minutesAgo` before now, signed with `secret`. */
export function stateToken(secret: string, minutesAgo: number, scopes: readonly string[]): string {
  const part = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
  const issued = Date.now() - minutesAgo * 60_000;
  const head = `${part({ alg: 'HS256', typ: 'JWT' })}.${part({ installOptions: { scopes, redirectUri: REDIRECT_URI }, now: new Date(issued).toJSON(), random: 42, iat: Math.floor(issued / 1000) })}`;
  return `${head}.${createHmac('sha256', secret).update(head).digest('base64url')}`;
}
