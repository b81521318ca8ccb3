// The first look at every Slack request, before Bolt reads it: its kind (decided as Bolt decides), its
// shape (payloads.ts; events only those listened to, with OAuth), and whether it is a retry of one
// handled here already. What is not handed to Bolt is answered here.
import type { Logger } from '../../src/runtime/logger.ts';
import { SLASH_COMMAND } from './listeners/slash-command.ts';
import {
  actionIdentity,
  BlockActionsSchema,
  eventIdentity,
  InstallationEventSchema,
  OptionsRequestSchema,
  ResponseUrlSchema,
  slashIdentity,
  SlashSchema,
  viewIdentity,
  ViewSubmissionSchema,
} from './payloads.ts';
import { IMPORT_CALLBACK } from './render.ts';

export const NOT_UNDERSTOOD = 'That request was not understood, so nothing was changed.';

/** The kinds of request Breakouts has listeners for. */
export type Kind = 'command' | 'action' | 'options' | 'event' | 'view';

export type Decision =
  | {
      readonly pass: true;
      readonly kind: Kind;
      /** The parsed request: only fields of known types, so Bolt cannot trip over the rest. */
      readonly body: Record<string, unknown>;
      readonly requestId: string | undefined;
    }
  | {
      readonly pass: false;
      /** HTTP status (Socket Mode just acknowledges). */
      readonly status: 200 | 400;
      /** What the acknowledgement carries, if anything (an ephemeral sentence for a slash command). */
      readonly answer?: Record<string, unknown>;
      /** A response_url on which to tell the person their request was not understood. */
      readonly notify?: string;
      /** For the log: why the request went no further. Never the request itself (it holds tokens). */
      readonly reason: string;
    };

/** The modals whose submission Breakouts handles (the Move dialog has no submit button). */
const SUBMITTED_VIEWS: ReadonlySet<string> = new Set([IMPORT_CALLBACK]);

/** Payload types Slack may send that Breakouts does nothing with (other modals' submissions too): acknowledged and left alone. */
const IGNORED_TYPES = new Set(['view_submission', 'view_closed', 'shortcut', 'message_action', 'interactive_message', 'dialog_submission', 'dialog_cancellation', 'dialog_suggestion', 'app_rate_limited']);

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The zod issue paths, for the log (field names only, never values). */
function paths(issues: readonly { path: readonly PropertyKey[] }[]): string {
  return issues
    .slice(0, 5)
    .map((i) => i.path.map(String).join('.') || '(body)')
    .join(', ');
}

/**
 * Decide about one request body (already signature-checked) before Bolt sees it. `events`: the
 * Events API event types there are listeners for (none unless OAuth).
 */
export function inspect(body: unknown, events: ReadonlySet<string> = new Set()): Decision {
  if (!isRecord(body)) return { pass: false, status: 400, reason: 'the body is not a JSON object' };
  const type = typeof body['type'] === 'string' ? body['type'] : undefined;
  const ephemeral = { response_type: 'ephemeral', text: NOT_UNDERSTOOD };

  if (type === 'url_verification') {
    const challenge = body['challenge'];
    return typeof challenge === 'string' && challenge.length <= 500
      ? { pass: false, status: 200, answer: { challenge }, reason: 'url_verification' }
      : { pass: false, status: 400, reason: 'url_verification without a challenge' };
  }
  // Bolt's own order of tests (event, command, options, action …): a request is judged as the
  // kind Bolt would take it for, so no field Bolt reads escapes the check.
  if (body['event'] !== undefined) {
    const parsed = InstallationEventSchema.safeParse(body);
    if (parsed.success && events.has(parsed.data.event.type)) return { pass: true, kind: 'event', body: parsed.data, requestId: eventIdentity(parsed.data) };
    return { pass: false, status: 200, reason: parsed.success ? `a ${parsed.data.event.type} event (Breakouts does not listen to it here)` : 'an Events API event Breakouts does not listen to' };
  }

  if (body['command'] !== undefined) {
    const slash = SlashSchema.safeParse(body);
    if (slash.success && slash.data.command === SLASH_COMMAND) return { pass: true, kind: 'command', body: slash.data, requestId: slashIdentity(slash.data) };
    // Slack shows a slash command's acknowledgement to the person who typed it.
    return { pass: false, status: 200, answer: ephemeral, reason: slash.success ? 'another slash command' : `malformed slash command (${paths(slash.error.issues)})` };
  }

  if (body['name'] !== undefined || type === 'block_suggestion') {
    const request = OptionsRequestSchema.safeParse(body);
    if (request.success && body['name'] === undefined) return { pass: true, kind: 'options', body: request.data, requestId: undefined };
    return { pass: false, status: 200, answer: { options: [] }, reason: request.success ? 'an options request with a name' : `malformed options request (${paths(request.error.issues)})` };
  }

  if (type === 'view_submission') {
    // Breakouts' own modals with something to submit (the layout paste box); any other is closed below.
    const submission = ViewSubmissionSchema.safeParse(body);
    if (submission.success && SUBMITTED_VIEWS.has(submission.data.view.callback_id)) return { pass: true, kind: 'view', body: submission.data, requestId: viewIdentity(submission.data) };
  }

  if (type !== undefined && IGNORED_TYPES.has(type)) {
    // An empty 200 is also what closes a submitted modal.
    return { pass: false, status: 200, reason: `a ${type} payload (Breakouts has none)` };
  }

  if (body['actions'] !== undefined || type === 'block_actions') {
    const payload = BlockActionsSchema.safeParse(body);
    if (payload.success) return { pass: true, kind: 'action', body: payload.data, requestId: actionIdentity(payload.data) };
    const url = ResponseUrlSchema.safeParse(body['response_url']);
    const reason = `malformed block_actions (${paths(payload.error.issues)})`;
    return url.success ? { pass: false, status: 200, notify: url.data, reason } : { pass: false, status: 400, reason };
  }

  if (type !== undefined && type.length <= 100) return { pass: false, status: 200, reason: 'an unknown payload type' };
  return { pass: false, status: 400, reason: 'no payload type' };
}

export interface RecentRequests {
  /** True the first time an id is seen (within the time limit); the id is remembered either way. */
  firstTime(id: string): boolean;
}

/**
 * Request ids handled by this process lately, bounded and expiring. The engine remembers the ids
 * of requests that changed a meeting; this also covers those that changed nothing (status,
 * help, a refused command), so a retried one is not answered twice.
 */
export function createRecentRequests(options: { readonly limit?: number; readonly ttlMs?: number; readonly now: () => number }): RecentRequests {
  const limit = options.limit ?? 2000;
  // Slack retries within minutes (at once, after 1 minute, after 5 minutes).
  const ttlMs = options.ttlMs ?? 10 * 60_000;
  const seen = new Map<string, number>();
  return {
    firstTime(id) {
      const now = options.now();
      const at = seen.get(id);
      if (at !== undefined && now - at <= ttlMs) return false;
      seen.delete(id);
      seen.set(id, now);
      // Oldest first in a Map: drop from the front.
      for (const key of seen.keys()) {
        if (seen.size <= limit) break;
        seen.delete(key);
      }
      return true;
    },
  };
}

export interface Intake {
  /** Decide about one request, including whether it is a retry of one handled here already. */
  decide(body: unknown, retryNum: number | undefined): Decision;
  /** Tell the person on a response_url that their request was not understood (or `text`). Never rejects. */
  notify(url: string, text?: string): Promise<void>;
}

export interface IntakeOptions {
  readonly logger: Logger;
  readonly recent: RecentRequests;
  /** Events API event types handed to Bolt (default none). */
  readonly events?: readonly string[];
}

export function createIntake(options: IntakeOptions): Intake {
  const { logger, recent } = options;
  const events = new Set(options.events ?? []);
  return {
    decide(body, retryNum) {
      const decision = inspect(body, events);
      if (!decision.pass) {
        // Slack's own handshakes are routine; anything else refused is worth a line.
        if (decision.reason !== 'url_verification') logger.warn('Slack request answered without Bolt', { reason: decision.reason, status: decision.status });
        return decision;
      }
      if (decision.requestId !== undefined && !recent.firstTime(decision.requestId) && retryNum !== undefined) {
        logger.info('retried Slack request ignored: it was already handled', { kind: decision.kind, retryNum });
        return { pass: false, status: 200, reason: 'a retry of a request already handled' };
      }
      return decision;
    },
    async notify(url, text = NOT_UNDERSTOOD) {
      try {
        const res = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ response_type: 'ephemeral', replace_original: false, text }),
          signal: AbortSignal.timeout(10_000),
        });
        await res.body?.cancel();
        if (!res.ok) logger.warn('Slack did not take the "not understood" answer', { status: res.status });
      } catch (error) {
        logger.warn('could not send the "not understood" answer', { error });
      }
    },
  };
}
