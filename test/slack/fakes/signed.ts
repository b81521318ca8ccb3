// Signed requests into Bolt's HTTP receiver, the way Slack sends them: form-encoded slash
// commands and interaction payloads with X-Slack-Signature over the exact bytes sent.
import { createHmac } from 'node:crypto';

export const SIGNING_SECRET = '8f742231b10e8888abcd990000085a5c';
export const TEAM = 'T1';
export const CHANNEL = 'CMAIN';

export function signature(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export interface SendOptions {
  readonly secret?: string;
  /** Unix seconds; default now. */
  readonly timestamp?: number;
  readonly badSignature?: boolean;
  /** Extra headers (X-Slack-Retry-Num for a retried delivery). */
  readonly headers?: Readonly<Record<string, string>>;
  /** Content-Type to send instead of Slack's form encoding. */
  readonly contentType?: string;
  /** Give up (and reject) when no answer came within this many ms. */
  readonly deadlineMs?: number;
}

/** A Slack trigger id: unique per request, as Slack's are (a retry re-sends the same one). */
let triggerSeq = 0;
export function nextTriggerId(): string {
  return `trigger-u${++triggerSeq}`;
}

export interface SentResult {
  readonly status: number;
  readonly text: string;
  readonly ms: number;
}

export async function postSigned(url: string, body: string, options: SendOptions = {}): Promise<SentResult> {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const sig = signature(options.secret ?? SIGNING_SECRET, timestamp, body);
  const t0 = performance.now();
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': options.contentType ?? 'application/x-www-form-urlencoded',
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': options.badSignature ? sig.replace(/.$/, (c) => (c === '0' ? '1' : '0')) : sig,
      ...options.headers,
    },
    body,
    ...(options.deadlineMs !== undefined ? { signal: AbortSignal.timeout(options.deadlineMs) } : {}),
  });
  const text = await res.text();
  return { status: res.status, text, ms: performance.now() - t0 };
}

export interface Person {
  readonly id: string;
  readonly name: string;
}

export function slashBody(text: string, user: Person, responseUrl: string, channel = CHANNEL, triggerId = nextTriggerId(), team = TEAM): string {
  return new URLSearchParams({
    token: 'legacy',
    team_id: team,
    team_domain: 'test',
    channel_id: channel,
    channel_name: 'general',
    user_id: user.id,
    user_name: user.name,
    command: '/breakouts',
    text,
    api_app_id: 'A1',
    is_enterprise_install: 'false',
    response_url: responseUrl,
    trigger_id: triggerId,
  }).toString();
}

export interface ActionOptions {
  readonly value?: string;
  readonly selected?: string;
  readonly type?: string;
  readonly channel?: string | null;
  readonly ephemeral?: boolean;
  readonly view?: Record<string, unknown>;
  readonly responseUrl?: string;
  /** Default: a fresh one, as Slack sends with every click. */
  readonly triggerId?: string;
}

export function actionPayload(actionId: string, user: Person, options: ActionOptions = {}): Record<string, unknown> {
  const channel = options.channel === undefined ? CHANNEL : options.channel;
  const action: Record<string, unknown> = {
    type: options.type ?? (options.selected !== undefined ? 'static_select' : 'button'),
    action_id: actionId,
    block_id: 'b1',
    action_ts: '1700000000.1',
  };
  if (options.value !== undefined) action['value'] = options.value;
  if (options.selected !== undefined) action['selected_option'] = { text: { type: 'plain_text', text: options.selected }, value: options.selected };
  return {
    type: 'block_actions',
    user: { id: user.id, username: user.name, name: user.name, team_id: TEAM },
    api_app_id: 'A1',
    token: 'legacy',
    team: { id: TEAM, domain: 'test' },
    trigger_id: options.triggerId ?? nextTriggerId(),
    ...(options.view
      ? { container: { type: 'view', view_id: 'V1' }, view: options.view }
      : {
          container: { type: 'message', message_ts: '1.1', channel_id: channel ?? 'D1', is_ephemeral: options.ephemeral ?? false },
          channel: { id: channel ?? 'D1', name: 'general' },
          message: { ts: '1.1', text: 'board' },
          response_url: options.responseUrl,
        }),
    actions: [action],
  };
}

export function formPayload(payload: Record<string, unknown>): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}
