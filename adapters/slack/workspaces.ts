// The Web API clients of a Slack workspace (team): one bot token's for every team, or with OAuth each
// workspace's own from its installation, cached briefly. Two clients each, so board updates never queue
// behind invites and DMs; every client reports its rate limits to the metrics.
import { webApi } from '@slack/bolt';
import type { Logger } from '../../src/runtime/logger.ts';
import type { Metrics } from '../../src/runtime/metrics.ts';
import { NotInstalledError } from './errors.ts';
import type { InstallationRef, SlackInstallations, StoredInstallation } from './installations.ts';

type WebClient = webApi.WebClient;

export interface Workspace {
  readonly teamId: string;
  readonly client: WebClient;
  /** The board's own client (its own request queue). */
  readonly boardClient: WebClient;
  /** The bot's user id in this workspace (never invited, never imported). */
  readonly botUserId: string | undefined;
}

/** What Bolt's authorize needs for one request. */
export interface Authorization {
  readonly botToken: string;
  readonly botUserId: string;
  readonly botId: string;
  readonly teamId?: string;
  readonly enterpriseId?: string;
}

export interface Workspaces {
  /** The clients for this team; throws NotInstalledError when it has no installation. */
  get(teamId: string): Promise<Workspace>;
}

export interface InstalledWorkspaces extends Workspaces {
  /** Bolt's authorize for one request; throws NotInstalledError when nothing is installed there. */
  authorize(ref: InstallationRef): Promise<Authorization>;
  /** Drop what is cached for an installation that changed or went (uninstalled, reinstalled). */
  forget(ref: InstallationRef): void;
}

/** The method name of a Web API URL ("…/api/chat.update" → "chat.update"). */
function methodOf(url: unknown): string {
  if (typeof url !== 'string') return 'unknown';
  return url.split('?')[0]?.split('/').pop() || 'unknown';
}

/** Count every 429 this client waits out, by method. */
export function reportRateLimits(client: WebClient, metrics: Metrics): WebClient {
  client.on(webApi.WebClientEvent.RATE_LIMITED, (_retryAfter: unknown, request: unknown) => {
    const url = typeof request === 'object' && request !== null && 'url' in request ? request.url : undefined;
    metrics.rateLimited('slack', methodOf(url));
  });
  return client;
}

/** One bot token: every team gets the same clients (single-workspace mode, as before OAuth). */
export function singleWorkspace(options: { readonly client: WebClient; readonly boardClient: WebClient; readonly botUserId: () => string | undefined }): Workspaces {
  return {
    async get(teamId) {
      return { teamId, client: options.client, boardClient: options.boardClient, botUserId: options.botUserId() };
    },
  };
}

export interface InstalledWorkspacesOptions {
  readonly installations: SlackInstallations;
  readonly clientOptions: webApi.WebClientOptions;
  readonly metrics: Metrics;
  readonly logger: Logger;
  readonly now: () => number;
  /**
   * How long deliveries trust a looked-up installation (default 30 s). Another process may remove
   * or replace it meanwhile; until then deliveries here use the token read, which Slack refuses
   * once revoked. Requests always read it afresh.
   */
  readonly ttlMs?: number;
}

interface Cached {
  readonly installation: StoredInstallation;
  readonly workspace: Workspace;
  readonly at: number;
}

/** Many workspaces (OAuth): each team's installation, its clients kept while its token stays the same. */
export function installedWorkspaces(options: InstalledWorkspacesOptions): InstalledWorkspaces {
  const { installations, metrics, now } = options;
  const ttlMs = options.ttlMs ?? 30_000;
  const byTeam = new Map<string, Cached>();

  function build(teamId: string, installation: StoredInstallation, before: Cached | undefined): Cached {
    const bot = installation.bot;
    if (!bot) throw new NotInstalledError(teamId);
    // The same token keeps the same clients (and their queues); a new one gets new clients.
    if (before && before.workspace.client.token === bot.token) return { installation, workspace: before.workspace, at: now() };
    // teamId: an org-wide token needs the workspace named on each call (as Bolt does for its own clients).
    const clientOptions: webApi.WebClientOptions = { ...options.clientOptions, teamId };
    const workspace: Workspace = {
      teamId,
      client: reportRateLimits(new webApi.WebClient(bot.token, clientOptions), metrics),
      boardClient: reportRateLimits(new webApi.WebClient(bot.token, clientOptions), metrics),
      botUserId: bot.userId,
    };
    return { installation, workspace, at: now() };
  }

  const reading = new Map<string, Promise<Cached>>();

  /** The team's installation: cached for `ttlMs`, or read now (`fresh`); reads at the same time share one. */
  function lookUp(teamId: string, read: 'cached' | 'fresh'): Promise<Cached> {
    const before = byTeam.get(teamId);
    if (read === 'cached' && before && now() - before.at <= ttlMs) return Promise.resolve(before);
    const running = reading.get(teamId);
    if (running) return running;
    const reads = (async () => {
      const installation = await installations.forTeam(teamId);
      if (!installation) {
        byTeam.delete(teamId);
        throw new NotInstalledError(teamId);
      }
      const fresh = build(teamId, installation, byTeam.get(teamId));
      byTeam.set(teamId, fresh);
      return fresh;
    })().finally(() => reading.delete(teamId));
    reading.set(teamId, reads);
    return reads;
  }

  return {
    async get(teamId) {
      return (await lookUp(teamId, 'cached')).workspace;
    },

    async authorize(ref) {
      const { teamId, enterpriseId } = ref;
      let installation: StoredInstallation | undefined;
      if (ref.isEnterpriseInstall) {
        installation = await installations.find(ref);
        // Work for this workspace's meetings later knows only the workspace: point it at the org.
        if (installation && teamId && enterpriseId && !byTeam.has(teamId)) {
          await installations.rememberOrgTeam(teamId, enterpriseId);
          byTeam.set(teamId, build(teamId, installation, undefined));
        }
      } else if (teamId) {
        // Every request reads its installation afresh (an uninstall seen by another process counts at once).
        installation = (await lookUp(teamId, 'fresh').catch((error: unknown) => {
          if (error instanceof NotInstalledError) return undefined;
          throw error;
        }))?.installation;
      }
      const bot = installation?.bot;
      if (!installation || !bot) throw new NotInstalledError(teamId ?? enterpriseId ?? 'unknown');
      return {
        botToken: bot.token,
        botUserId: bot.userId,
        botId: bot.id,
        ...(teamId ? { teamId } : {}),
        ...(enterpriseId ? { enterpriseId } : {}),
      };
    },

    forget(ref) {
      if (ref.teamId) byTeam.delete(ref.teamId);
      if (!ref.isEnterpriseInstall || !ref.enterpriseId) return;
      for (const [team, cached] of byTeam) {
        if (cached.installation.isEnterpriseInstall && cached.installation.enterprise?.id === ref.enterpriseId) byTeam.delete(team);
      }
    },
  };
}
