// Slack Web API failures → a short code and a sentence for the person. Known refusals
// (bot not in channel, channel gone, rate limits) become clear ephemeral answers, never stack traces.
import { z } from 'zod';
import { StepFailure } from '../../src/delivery/room-platform.ts';

/**
 * A workspace Breakouts has no installation for (removed, or never installed): nothing can be done
 * there, so a delivery records it as a failed step instead of trying again and again.
 */
export class NotInstalledError extends StepFailure {
  constructor(readonly teamId: string) {
    super(`Breakouts is not installed in Slack workspace ${teamId} (any more), so it cannot act there. A workspace admin can install it again.`);
  }
}

const PlatformErrorSchema = z.object({ code: z.literal('slack_webapi_platform_error'), data: z.object({ error: z.string() }) });
const RateLimitedSchema = z.object({ code: z.literal('slack_webapi_rate_limited_error') });
const HttpErrorSchema = z.object({ code: z.literal('slack_webapi_http_error'), statusCode: z.number() });
const RequestErrorSchema = z.object({ code: z.literal('slack_webapi_request_error') });

/** The Slack error code of a failed call ("not_in_channel", "ratelimited"), or undefined for other errors. */
export function slackErrorCode(error: unknown): string | undefined {
  const platform = PlatformErrorSchema.safeParse(error);
  if (platform.success) return platform.data.data.error;
  if (RateLimitedSchema.safeParse(error).success) return 'ratelimited';
  // With retries exhausted after a 429, the client throws a plain Error with this wording.
  if (error instanceof Error && /rate limit was exceeded/i.test(error.message)) return 'ratelimited';
  return undefined;
}

const SENTENCES: Readonly<Record<string, string>> = {
  not_in_channel: 'Breakouts is not a member of this channel. Add it with /invite @Breakouts, then try again.',
  channel_not_found: 'Breakouts cannot see that channel (for a private channel, /invite @Breakouts first). Nothing else was changed.',
  user_not_in_channel: 'That person is not in this channel, so Slack would not let Breakouts reach them here.',
  ratelimited: 'Slack is rate-limiting Breakouts right now. Wait a minute and try again; nothing was lost.',
  is_archived: 'That channel is archived. Unarchive it or use another channel.',
  missing_scope: 'Breakouts lacks a Slack permission for this. Reinstall the app from manifests/slack.yaml.',
  token_revoked: 'Breakouts’ access to this workspace was removed (its token was revoked), so nothing was changed. A workspace admin can install it again from the app’s install page (/slack/install).',
  invalid_auth: 'Slack no longer accepts Breakouts’ token for this workspace, so nothing was changed. A workspace admin can install it again from the app’s install page (/slack/install).',
  account_inactive: 'Breakouts’ bot in this workspace was deactivated, so nothing was changed. A workspace admin can install it again from the app’s install page (/slack/install).',
  expired_trigger_id: 'Slack took too long to open that dialog. Press the button again.',
  exchanged_trigger_id: 'That dialog was already opened. Press the button again for a new one.',
};

/**
 * A sentence for a failure that was Slack's (a refusal, an HTTP error, no answer), or undefined
 * when the error did not come from Slack: then it must not be blamed on Slack.
 */
export function describeSlackError(error: unknown): string | undefined {
  if (error instanceof NotInstalledError) return NOT_INSTALLED;
  const code = slackErrorCode(error);
  if (code !== undefined) return SENTENCES[code] ?? `Slack refused that (${code}). Try again, or type /breakouts status.`;
  const http = HttpErrorSchema.safeParse(error);
  if (http.success) return `Slack answered with an error (HTTP ${http.data.statusCode}); try again in a moment.`;
  if (RequestErrorSchema.safeParse(error).success) return 'Breakouts could not reach Slack; try again in a moment.';
  return undefined;
}

export const NOT_INSTALLED = 'Breakouts is no longer installed in this workspace, so nothing was changed. A workspace admin can install it again from the app’s install page (/slack/install).';

export const APOLOGY = 'Sorry — something went wrong on our side. Try again, or type /breakouts status to see the current board.';
