// Slack for many workspaces: Slack's own install flow (@slack/oauth's InstallProvider) served on
// /slack/install and /slack/oauth_redirect, installations sealed into the shared records, Bolt's
// authorize answered from them, and app_uninstalled / tokens_revoked removing them again.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { App, AuthorizeResult, AuthorizeSourceData, CodedError, webApi } from '@slack/bolt';
import { ErrorCode as OAuthError, InstallProvider, type Installation } from '@slack/oauth';
import { z } from 'zod';
import type { SlackOAuthConfig } from '../../src/runtime/config.ts';
import type { Logger } from '../../src/runtime/logger.ts';
import type { Metrics } from '../../src/runtime/metrics.ts';
import { createSecretBox } from '../../src/runtime/secret-box.ts';
import { describeFailure } from '../../src/store/failures.ts';
import type { InstallationRecords } from '../../src/store/installations.ts';
import { boltLogger } from './bolt-logger.ts';
import { NOT_INSTALLED, NotInstalledError, slackErrorCode } from './errors.ts';
import { ResponseUrlSchema } from './payloads.ts';
import { createSlackInstallations, type InstallationRef, type SlackInstallations } from './installations.ts';
import { botScopes } from './manifest.ts';
import { failurePage, INSTALL_PATH, installPage, REDIRECT_PATH, successPage, unavailablePage } from './oauth-pages.ts';
import { installedWorkspaces, type InstalledWorkspaces } from './workspaces.ts';

/** Extra HTTP routes the receiver serves beside /slack/events. */
export interface HttpRoutes {
  /** Answer the request and say true, or say false and leave it alone. */
  handle(req: IncomingMessage, res: ServerResponse, path: string): Promise<boolean>;
}

export interface SlackOAuth {
  readonly installations: SlackInstallations;
  readonly workspaces: InstalledWorkspaces;
  /** GET /slack/install and GET /slack/oauth_redirect. */
  readonly routes: HttpRoutes;
  /** Bolt's authorize: the request's workspace (or org) → its bot token. */
  authorize(source: AuthorizeSourceData<boolean>): Promise<AuthorizeResult>;
  /** app_uninstalled and tokens_revoked remove what they name. */
  register(app: App): void;
  /** Bolt could not authorize a request: one clear line, and the person told on its response_url. */
  authorizeFailed(error: CodedError, body: unknown, tell: (url: string, text: string) => Promise<void>): Promise<void>;
  /** Where a workspace admin installs Breakouts (or its path, when the public URL is not configured). */
  readonly installUrl: string;
}

export interface SlackOAuthOptions {
  readonly config: SlackOAuthConfig;
  /** SLACK_API_URL: the install flow's Web API and authorize page follow it (GovSlack, the tests' fake). */
  readonly apiUrl: string | undefined;
  readonly clientOptions: webApi.WebClientOptions;
  readonly records: InstallationRecords;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly now: () => number;
}

/** Slack's authorize page beside the Web API it was given ("https://slack-gov.com/api/" → "https://slack-gov.com/oauth/v2/authorize"). */
export function authorizationUrlFor(apiUrl: string | undefined): string {
  if (!apiUrl) return 'https://slack.com/oauth/v2/authorize';
  return new URL('../oauth/v2/authorize', apiUrl.endsWith('/') ? apiUrl : `${apiUrl}/`).toString();
}

/** Who a request came from, as far as Bolt's authorize would have read it. */
const RequestSource = z.object({
  team_id: z.string().optional(),
  enterprise_id: z.string().optional(),
  team: z.object({ id: z.string() }).nullable().optional(),
  user: z.object({ team_id: z.string().optional() }).optional(),
  response_url: ResponseUrlSchema.optional(),
});

const RevokedTokens = z.object({ tokens: z.object({ bot: z.array(z.string()).optional(), oauth: z.array(z.string()).optional() }) });

export function createSlackOAuth(options: SlackOAuthOptions): SlackOAuth {
  const { config, logger } = options;
  const installations = createSlackInstallations(options.records, createSecretBox(config.secretKey), logger);
  const workspaces = installedWorkspaces({ installations, clientOptions: options.clientOptions, metrics: options.metrics, logger, now: options.now });
  const installUrl = config.redirectUri ? config.redirectUri.replace(/\/slack\/oauth_redirect$/, INSTALL_PATH) : INSTALL_PATH;

  const installer = new InstallProvider({
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    stateSecret: config.stateSecret,
    installationStore: installations,
    authorizationUrl: authorizationUrlFor(options.apiUrl),
    // Exactly the bot scopes the manifest lists; Breakouts asks for no user scopes.
    installUrlOptions: { scopes: botScopes(), ...(config.redirectUri ? { redirectUri: config.redirectUri } : {}) },
    renderHtmlForInstallPath: installPage,
    // Every failure of the flow is logged below with what it means; its own lines are detail.
    logger: boltLogger(logger, { name: 'slack oauth', errorsAsDebug: true }),
    // oauth.v2.access and its auth.test go to SLACK_API_URL, with the app's retry settings.
    clientOptions: options.clientOptions,
  });

  /** Forget what is cached for an installation that was just written or removed. */
  const forgetInstallation = (installation: Installation): void =>
    workspaces.forget({ teamId: installation.team?.id, enterpriseId: installation.enterprise?.id, isEnterpriseInstall: installation.isEnterpriseInstall === true });

  function sendPage(res: ServerResponse, status: number, html: string): void {
    if (res.headersSent) return;
    res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(html);
  }

  /** Why the install did not finish, in words for the person installing, and the status to answer with. */
  function explain(error: CodedError): { status: number; reason: string } {
    switch (error.code) {
      case OAuthError.InvalidStateError:
      case OAuthError.MissingStateError:
        return { status: 400, reason: 'This install link has expired (it works for 10 minutes) or was started in another browser, so nothing was installed. Start again from the install page, in this browser.' };
      case OAuthError.MissingCodeError:
        return { status: 400, reason: 'Slack sent no authorization code back, so nothing was installed. Start again from the install page.' };
      case OAuthError.AuthorizationError:
        return { status: 400, reason: 'The installation was cancelled in Slack, so nothing was installed. To install Breakouts, start again from the install page.' };
    }
    const code = slackErrorCode(error);
    if (code) return { status: 502, reason: `Slack did not complete the installation (${code}), so nothing was stored. Start again from the install page; if it keeps failing, the app's SLACK_CLIENT_ID or SLACK_CLIENT_SECRET may be wrong.` };
    const store = describeFailure(error);
    if (store) return { status: 503, reason: `Slack approved the installation but Breakouts could not save it: ${store} Start again from the install page once it is fixed.` };
    return { status: 500, reason: 'Something went wrong on our side, so nothing was installed. Start again from the install page in a moment.' };
  }

  const routes: HttpRoutes = {
    async handle(req, res, path) {
      if (req.method !== 'GET' || (path !== INSTALL_PATH && path !== REDIRECT_PATH)) return false;
      if (path === INSTALL_PATH) {
        try {
          await installer.handleInstallPath(req, res);
        } catch (error) {
          logger.error('The Slack install page could not be served.', { error });
          sendPage(res, 500, unavailablePage('Breakouts could not prepare the link to Slack. Try again in a moment.'));
        }
        return true;
      }
      await installer.handleCallback(req, res, {
        successAsync: async (installation, _options, _req, response) => {
          forgetInstallation(installation);
          logger.info('Breakouts was installed into a Slack workspace.', { team: installation.team?.id, enterprise: installation.enterprise?.id, orgWide: installation.isEnterpriseInstall === true });
          sendPage(response, 200, successPage(installation.team?.name ?? installation.enterprise?.name));
        },
        failureAsync: async (error, _options, _req, response) => {
          const { status, reason } = explain(error);
          if (status >= 500) logger.error('A Slack installation did not finish.', { code: error.code, reason, error });
          else logger.warn('A Slack installation did not finish.', { code: error.code, reason });
          sendPage(response, status, failurePage(reason));
        },
      });
      return true;
    },
  };

  async function removeInstallation(ref: InstallationRef, why: string): Promise<void> {
    const removed = await installations.remove(ref);
    workspaces.forget(ref);
    logger.info(removed > 0 ? `Slack installation removed: ${why}.` : `Slack said ${why}, but no installation was stored for it.`, {
      team: ref.teamId,
      enterprise: ref.enterpriseId,
      orgWide: ref.isEnterpriseInstall === true,
    });
  }

  return {
    installations,
    workspaces,
    routes,
    installUrl,

    async authorize(source) {
      const found = await workspaces.authorize({ teamId: source.teamId, enterpriseId: source.enterpriseId, isEnterpriseInstall: source.isEnterpriseInstall });
      return { ...found };
    },

    register(app) {
      // Bolt skips authorize for these two: the installation may already be unusable.
      app.event('app_uninstalled', async ({ context }) => {
        await removeInstallation({ teamId: context.teamId, enterpriseId: context.enterpriseId, isEnterpriseInstall: context.isEnterpriseInstall }, 'the app was uninstalled');
      });
      app.event('tokens_revoked', async ({ event, context }) => {
        const ref: InstallationRef = { teamId: context.teamId, enterpriseId: context.enterpriseId, isEnterpriseInstall: context.isEnterpriseInstall };
        const revoked = RevokedTokens.safeParse(event);
        const bot = revoked.success ? (revoked.data.tokens.bot ?? []) : [];
        // Only the bot token does Breakouts' work: without it the installation is of no use.
        if (bot.length > 0 || !revoked.success) return removeInstallation(ref, 'its bot token was revoked');
        await installations.dropUserToken(ref);
        workspaces.forget(ref);
        logger.info('Slack revoked user tokens of an installation; its bot token still works.', { team: ref.teamId, enterprise: ref.enterpriseId });
      });
    },

    async authorizeFailed(error, body, tell) {
      const original = 'original' in error ? error.original : undefined;
      const source = RequestSource.safeParse(body);
      const from = source.success ? source.data : {};
      const team = from.team_id ?? from.team?.id ?? from.user?.team_id;
      const context = { team, enterprise: from.enterprise_id };
      let sentence: string;
      if (original instanceof NotInstalledError) {
        logger.warn(`A Slack request was not handled: Breakouts has no installation in workspace ${team ?? '(unknown)'} (it was uninstalled, or never installed). A workspace admin can install it at ${installUrl}.`, context);
        sentence = NOT_INSTALLED;
      } else {
        logger.error('A Slack request was not handled: its workspace’s installation could not be read.', { ...context, error: original ?? error });
        sentence = describeFailure(original) ?? 'Breakouts could not check its installation in this workspace, so nothing was changed. Try again in a moment.';
      }
      if (from.response_url) await tell(from.response_url, sentence);
    },
  };
}
