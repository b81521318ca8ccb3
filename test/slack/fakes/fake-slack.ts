// A working fake of the Slack Web API on 127.0.0.1: records every call with its token's workspace, keeps
// channels, members and users (found by e-mail too), injects errors and 429s, captures response_url posts,
// takes file uploads (upload URL, the bytes, completion into a conversation), keeps the modals opened,
// serves Socket Mode, and plays Slack's side of the install flow (oauth.v2.access: one bot token per workspace).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { z } from 'zod';

export interface RecordedCall {
  readonly method: string;
  readonly body: Record<string, unknown>;
  readonly token: string | undefined;
  /** The workspace whose installation the token belongs to (undefined: not a token the fake handed out). */
  readonly team?: string | undefined;
  readonly at: number;
  /** Whether the fake answered ok (injected failures and Slack errors are not ok). */
  readonly ok: boolean;
}

export interface RecordedResponse {
  readonly id: string;
  readonly body: Record<string, unknown>;
}

export interface FakeUser {
  readonly id: string;
  readonly name: string;
  readonly display_name?: string;
  readonly is_bot?: boolean;
  readonly deleted?: boolean;
  /** Workspace roles, as users.info reports them. */
  readonly is_admin?: boolean;
  readonly is_owner?: boolean;
  readonly is_primary_owner?: boolean;
  /** What users.lookupByEmail finds them by. */
  readonly email?: string;
}

/** A file shared by files.completeUploadExternal: what was uploaded to its URL, and where it went. */
export interface FakeFile {
  readonly id: string;
  readonly filename: string;
  readonly title: string | undefined;
  readonly content: string;
  readonly channel: string;
  readonly comment: string | undefined;
}

/** A modal as the app last left it (views.open, then views.update). */
export interface FakeView {
  readonly id: string;
  readonly triggerId: string;
  view: Record<string, unknown>;
}

/** A workspace as Slack's install flow hands it out: who it is and its bot's token. */
export interface FakeInstall {
  readonly team: { readonly id: string; readonly name: string };
  /** An org-wide install has an enterprise and no team of its own in oauth.v2.access. */
  readonly enterprise?: { readonly id: string; readonly name: string };
  readonly isEnterpriseInstall?: boolean;
  readonly token: string;
  readonly botUserId: string;
  readonly botId: string;
  /** The person who clicked Allow. */
  readonly installer?: string;
}

/** The app's credentials the fake accepts in oauth.v2.access. */
export const FAKE_CLIENT_ID = '1111111111.2222222222';
export const FAKE_CLIENT_SECRET = 'abcdef0123456789abcdef0123456789';

export type Answer = { status: number; headers?: Record<string, string>; body: Record<string, unknown> };
type Handler = (body: Record<string, unknown>, token: string | undefined) => Answer;

const JSON_FIELDS = new Set(['blocks', 'view', 'attachments', 'files']);
const EnvelopeAck = z.object({ envelope_id: z.string(), payload: z.unknown().optional() });

export interface FakeSlack {
  readonly url: string;
  readonly apiUrl: string;
  readonly calls: RecordedCall[];
  readonly responses: RecordedResponse[];
  readonly users: Map<string, FakeUser>;
  /** channel id → member ids. */
  readonly members: Map<string, Set<string>>;
  /** Private channels made with conversations.create: id → name. */
  readonly channels: Map<string, string>;
  /** Each channel's topic, as conversations.setTopic last set it. */
  readonly topics: Map<string, string>;
  /** Files completed into a conversation, in order. */
  readonly files: FakeFile[];
  /** Modals opened with views.open (by view id), as last updated. */
  readonly views: Map<string, FakeView>;
  /**
   * A file someone chose in a dialog's file input (Slack stores it and names it in the submission):
   * files.info describes it and its private URL hands its bytes to a request with a bot token. The id.
   */
  shareFile(name: string, content: string | Uint8Array): string;
  /** Downloads of shared files, with the token each came with. */
  readonly downloads: { readonly id: string; readonly token: string | undefined }[];
  responseUrl(id?: string): string;
  callsOf(method: string): RecordedCall[];
  /** The next `times` calls of `method` answer `{ok:false, error}`. */
  fail(method: string, error: string, times?: number): void;
  /** The next `times` calls of `method` answer HTTP 429 with Retry-After. */
  rateLimit(method: string, retryAfterSeconds: number, times?: number): void;
  /** Queue any answer (status, headers, body) for the next call of `method` that `when` accepts. */
  inject(method: string, answer: Answer, when?: (body: Record<string, unknown>) => boolean): void;
  /** Channel names taken by someone else (not visible to the bot). */
  readonly takenNames: Set<string>;
  /** Tokens handed out by oauth.v2.access (or added by a test) → their workspace. */
  readonly installs: Map<string, FakeInstall>;
  /** Slack's side of "Allow": the next oauth.v2.access with `code` installs `install` with `scopes`. */
  grant(code: string, install: FakeInstall, scopes: readonly string[]): void;
  /** The token stops working: every later call with it answers token_revoked (as after an uninstall). */
  revoke(token: string): void;
  /** conversations.invite reports these users as not invitable (per-user errors). */
  readonly uninvitable: Set<string>;
  /** Replace a method's answer. */
  on(method: string, handler: Handler): void;
  /** Calls of `method` wait (unanswered) until the returned function is called. */
  hold(method: string): () => void;
  /** How many calls of `method` have arrived and wait at a hold. */
  held(method: string): number;
  /** Run `fn` when a call of `method` arrives, before it is answered (to change the world mid-run). */
  tap(method: string, fn: (body: Record<string, unknown>) => void): void;
  waitFor<T>(check: () => T | undefined | false, timeoutMs?: number): Promise<T>;
  /**
   * Socket Mode: push an envelope to every connected client and wait for its ack. The payload may
   * be anything (hostile tests send null); `extra` adds envelope fields such as retry_attempt.
   */
  sendEnvelope(type: 'slash_commands' | 'interactive', payload: unknown, extra?: Record<string, unknown>): Promise<unknown>;
  readonly sockets: Set<WebSocket>;
  reset(): void;
  close(): Promise<void>;
}

function parseForm(raw: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of new URLSearchParams(raw)) {
    if (JSON_FIELDS.has(k)) {
      try {
        out[k] = JSON.parse(v);
        continue;
      } catch {
        // keep the raw string
      }
    }
    out[k] = v;
  }
  return out;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** The bytes sent to an upload URL: the SDK posts them as multipart form data (field `body`); raw bytes also do. */
async function uploadedText(raw: Buffer, contentType: string | undefined): Promise<string> {
  if (!contentType?.startsWith('multipart/form-data')) return raw.toString('utf8');
  const form = await new Request('http://fake.invalid/', { method: 'POST', headers: { 'content-type': contentType }, body: new Uint8Array(raw) }).formData();
  const part = form.get('body') ?? form.get('file');
  return part === null ? '' : typeof part === 'string' ? part : await part.text();
}

/** Slack's own check on files.completeUploadExternal: a conversation id, never a user id (U…). */
const CONVERSATION_ID = /^[CGDZ][A-Z0-9]+$/;
const CompletedFiles = z.array(z.object({ id: z.string(), title: z.string().optional() })).min(1);

export async function startFakeSlack(): Promise<FakeSlack> {
  const calls: RecordedCall[] = [];
  const responses: RecordedResponse[] = [];
  const users = new Map<string, FakeUser>();
  const members = new Map<string, Set<string>>();
  const channels = new Map<string, string>();
  const topics = new Map<string, string>();
  const files: FakeFile[] = [];
  const views = new Map<string, FakeView>();
  const shared = new Map<string, { readonly name: string; readonly bytes: Uint8Array }>();
  const downloads: { id: string; token: string | undefined }[] = [];
  /** Upload URLs handed out and not completed yet: file id → name, announced length, and the bytes once sent. */
  const pendingUploads = new Map<string, { filename: string; length: number; content?: string }>();
  let fileSeq = 0;
  let viewSeq = 0;
  const uninvitable = new Set<string>();
  const failures = new Map<string, { answer: Answer; when?: (body: Record<string, unknown>) => boolean }[]>();
  const takenNames = new Set<string>();
  const installs = new Map<string, FakeInstall>();
  const grants = new Map<string, { install: FakeInstall; scopes: readonly string[] }>();
  const revoked = new Set<string>();
  const custom = new Map<string, Handler>();
  const gates = new Map<string, Promise<void>>();
  const waiting = new Map<string, number>();
  const taps = new Map<string, (body: Record<string, unknown>) => void>();
  let ts = 1_700_000_000;
  let channelSeq = 0;
  let envelopeSeq = 0;
  const pendingAcks = new Map<string, (payload: unknown) => void>();
  const sockets = new Set<WebSocket>();

  const ok = (body: Record<string, unknown> = {}): Answer => ({ status: 200, body: { ok: true, ...body } });
  const err = (error: string): Answer => ({ status: 200, body: { ok: false, error } });
  const nextTs = (): string => `${++ts}.000100`;
  const str = (v: unknown): string => (typeof v === 'string' ? v : '');

  const handlers: Record<string, Handler> = {
    'auth.test': (_b, token) => {
      const install = token ? installs.get(token) : undefined;
      if (!install) return ok({ user_id: 'UBOT', bot_id: 'BBOT', team_id: 'T1', user: 'breakouts', team: 'Test' });
      return ok({ user_id: install.botUserId, bot_id: install.botId, team_id: install.team.id, team: install.team.name, user: 'breakouts', url: `https://${install.team.id.toLowerCase()}.fake-slack.test/`, ...(install.enterprise ? { enterprise_id: install.enterprise.id } : {}) });
    },
    'oauth.v2.access': (b) => {
      if (b['client_id'] !== FAKE_CLIENT_ID) return err('invalid_client_id');
      if (b['client_secret'] !== FAKE_CLIENT_SECRET) return err('bad_client_secret');
      const grant = grants.get(str(b['code']));
      if (!grant) return err('invalid_code');
      // A code works once.
      grants.delete(str(b['code']));
      const { install, scopes } = grant;
      installs.set(install.token, install);
      return ok({
        app_id: 'A1',
        authed_user: { id: install.installer ?? 'UINSTALLER' },
        scope: scopes.join(','),
        token_type: 'bot',
        access_token: install.token,
        bot_user_id: install.botUserId,
        team: install.isEnterpriseInstall ? null : install.team,
        enterprise: install.enterprise ?? null,
        is_enterprise_install: install.isEnterpriseInstall ?? false,
      });
    },
    'chat.postMessage': (b) => {
      const channel = str(b['channel']);
      const id = channel.startsWith('U') ? `D${channel.slice(1)}` : channel;
      return ok({ channel: id, ts: nextTs(), message: { text: b['text'] } });
    },
    'chat.update': (b) => ok({ channel: b['channel'], ts: b['ts'], text: b['text'] }),
    'chat.postEphemeral': () => ok({ message_ts: nextTs() }),
    'conversations.create': (b) => {
      const name = str(b['name']);
      if (!/^[a-z0-9_-]{1,80}$/.test(name)) return err('invalid_name_specials');
      if (takenNames.has(name) || [...channels.values()].includes(name)) return err('name_taken');
      const id = `G${String(++channelSeq).padStart(6, '0')}`;
      channels.set(id, name);
      members.set(id, new Set(['UBOT']));
      return ok({ channel: { id, name, is_private: true } });
    },
    'conversations.list': () => ok({ channels: [...channels].map(([id, name]) => ({ id, name, is_archived: false })), response_metadata: { next_cursor: '' } }),
    'conversations.invite': (b) => {
      const channel = str(b['channel']);
      const set = members.get(channel);
      if (!set) return err('channel_not_found');
      const ids = str(b['users']).split(',').filter(Boolean);
      const errors = ids.filter((id) => uninvitable.has(id)).map((user) => ({ user, ok: false, error: 'user_is_restricted' }));
      const good = ids.filter((id) => !uninvitable.has(id));
      if (ids.length === 1 && set.has(ids[0]!)) return err('already_in_channel');
      for (const id of good) set.add(id);
      if (errors.length > 0 && good.length === 0 && b['force'] !== 'true') return err('user_is_restricted');
      return ok({ channel: { id: channel }, ...(errors.length > 0 ? { errors } : {}) });
    },
    'conversations.setTopic': (b) => {
      const channel = str(b['channel']);
      if (!members.has(channel)) return err('channel_not_found');
      if (!members.get(channel)?.has('UBOT')) return err('not_in_channel');
      const topic = str(b['topic']);
      if (topic.length > 250) return err('too_long');
      topics.set(channel, topic);
      return ok({ channel: { id: channel, topic: { value: topic } } });
    },
    'conversations.members': (b) => {
      const all = [...(members.get(str(b['channel'])) ?? [])];
      const limit = Number(b['limit'] ?? 100) || 100;
      const start = Number(str(b['cursor']) || '0');
      const page = all.slice(start, start + limit);
      const next = start + limit < all.length ? String(start + limit) : '';
      return ok({ members: page, response_metadata: { next_cursor: next } });
    },
    'users.info': (b) => {
      const user = users.get(str(b['user']));
      if (!user) return err('user_not_found');
      return ok({
        user: {
          id: user.id,
          name: user.name,
          real_name: user.name,
          deleted: user.deleted ?? false,
          is_bot: user.is_bot ?? false,
          is_admin: user.is_admin ?? false,
          is_owner: user.is_owner ?? false,
          is_primary_owner: user.is_primary_owner ?? false,
          profile: { display_name: user.display_name ?? '', real_name: user.name },
        },
      });
    },
    'users.lookupByEmail': (b) => {
      const email = str(b['email']).toLowerCase();
      const user = [...users.values()].find((u) => u.email?.toLowerCase() === email);
      if (!user) return err('users_not_found');
      return ok({ user: { id: user.id, name: user.name, real_name: user.name, deleted: user.deleted ?? false, is_bot: user.is_bot ?? false, profile: { email: user.email, display_name: user.display_name ?? '', real_name: user.name } } });
    },
    'conversations.open': (b) => {
      const ids = str(b['users']).split(',').filter(Boolean);
      if (ids.length !== 1 || !/^[UW][A-Z0-9]+$/.test(ids[0]!)) return err(ids.length === 0 ? 'users_list_not_supplied' : 'user_not_found');
      return ok({ channel: { id: `D${ids[0]!.slice(1)}` } });
    },
    'files.getUploadURLExternal': (b) => {
      const filename = str(b['filename']);
      const length = Number(b['length']);
      if (!filename || !Number.isInteger(length) || length < 1) return err('invalid_arguments');
      const id = `F${String(++fileSeq).padStart(8, '0')}`;
      pendingUploads.set(id, { filename, length });
      return ok({ upload_url: `${url}/upload/${id}`, file_id: id });
    },
    'files.completeUploadExternal': (b) => {
      const parsed = CompletedFiles.safeParse(b['files']);
      const channel = str(b['channel_id']);
      if (!parsed.success || (channel !== '' && !CONVERSATION_ID.test(channel))) return err('invalid_arguments');
      const done: FakeFile[] = [];
      for (const f of parsed.data) {
        const upload = pendingUploads.get(f.id);
        if (upload?.content === undefined) return err('file_not_found');
        done.push({ id: f.id, filename: upload.filename, title: f.title, content: upload.content, channel, comment: typeof b['initial_comment'] === 'string' ? b['initial_comment'] : undefined });
      }
      for (const f of done) pendingUploads.delete(f.id);
      files.push(...done);
      return ok({ files: done.map((f) => ({ id: f.id, title: f.title ?? f.filename })) });
    },
    'files.info': (b) => {
      const id = str(b['file']);
      const file = shared.get(id);
      if (!file) return err('file_not_found');
      const where = `${url}/files-pri/T1-${id}`;
      return ok({ file: { id, name: file.name, size: file.bytes.byteLength, filetype: 'csv', url_private: `${where}/${encodeURIComponent(file.name)}`, url_private_download: `${where}/download/${encodeURIComponent(file.name)}` } });
    },
    'views.open': (b) => {
      const view = b['view'];
      if (!str(b['trigger_id'])) return err('invalid_trigger_id');
      if (!view || typeof view !== 'object' || Array.isArray(view)) return err('invalid_arguments');
      const id = `V${++viewSeq}`;
      views.set(id, { id, triggerId: str(b['trigger_id']), view: view as Record<string, unknown> });
      return ok({ view: { id, hash: 'h1' } });
    },
    'views.update': (b) => {
      const id = str(b['view_id']);
      const known = views.get(id);
      const view = b['view'];
      if (known && view && typeof view === 'object' && !Array.isArray(view)) known.view = view as Record<string, unknown>;
      return ok({ view: { id, hash: 'h2' } });
    },
    'apps.connections.open': () => ok({ url: `${wsUrl}/link` }),
  };

  let wsUrl = '';
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    void (async () => {
      const bytes = await readBody(req);
      const raw = bytes.toString('utf8');
      const path = (req.url ?? '').split('?')[0] ?? '';
      const send = (answer: Answer): void => {
        res.writeHead(answer.status, { 'content-type': 'application/json', ...(answer.headers ?? {}) });
        res.end(JSON.stringify(answer.body));
      };
      if (path.startsWith('/response/')) {
        let body: Record<string, unknown> = {};
        try {
          body = z.record(z.string(), z.unknown()).parse(JSON.parse(raw));
        } catch {
          body = { raw };
        }
        responses.push({ id: path.slice('/response/'.length), body });
        return send(ok());
      }
      if (path.startsWith('/upload/')) {
        // The upload URL (files.slack.com in production): not a Web API method, so not among the calls.
        const upload = pendingUploads.get(path.slice('/upload/'.length));
        if (!upload) return send({ status: 404, body: { ok: false, error: 'unknown_upload' } });
        upload.content = await uploadedText(bytes, req.headers['content-type']);
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end(`OK - ${Buffer.byteLength(upload.content)}`);
        return;
      }
      if (path.startsWith('/files-pri/')) {
        // A shared file's private URL (files.slack.com in production): its bytes for a bot token,
        // Slack's sign-in page (a redirect) for anyone else.
        const id = path.split('/')[2]?.replace(/^T1-/, '') ?? '';
        const auth = req.headers['authorization'];
        const token = typeof auth === 'string' ? auth.replace(/^Bearer /, '') : undefined;
        downloads.push({ id, token });
        const file = shared.get(id);
        if (!token?.startsWith('xoxb-') || revoked.has(token)) {
          res.writeHead(302, { location: 'https://slack.com/signin' });
          res.end();
          return;
        }
        if (!file) return send({ status: 404, body: { ok: false, error: 'file_not_found' } });
        res.writeHead(200, { 'content-type': 'text/csv', 'content-length': String(file.bytes.byteLength) });
        res.end(file.bytes);
        return;
      }
      if (!path.startsWith('/api/')) return send({ status: 404, body: { ok: false, error: 'unknown_route' } });
      const method = path.slice('/api/'.length);
      const gate = gates.get(method);
      if (gate) waiting.set(method, (waiting.get(method) ?? 0) + 1);
      await gate;
      if (gate) waiting.set(method, (waiting.get(method) ?? 1) - 1);
      const body = parseForm(raw);
      taps.get(method)?.(body);
      const auth = req.headers['authorization'];
      const token = typeof auth === 'string' ? auth.replace(/^Bearer /, '') : undefined;
      const queued = failures.get(method) ?? [];
      const index = queued.findIndex((q) => !q.when || q.when(body));
      const injected = index >= 0 ? queued.splice(index, 1)[0]?.answer : undefined;
      const handler = custom.get(method) ?? handlers[method];
      const answer = token !== undefined && revoked.has(token) ? err('token_revoked') : (injected ?? (handler ? handler(body, token) : err('unknown_method')));
      calls.push({ method, body, token, team: token ? installs.get(token)?.team.id : undefined, at: performance.now(), ok: answer.status === 200 && answer.body['ok'] === true });
      send(answer);
    })().catch((error: unknown) => {
      res.writeHead(500);
      res.end(String(error));
    });
  });
  const wss = new WebSocketServer({ server, path: '/link' });
  wss.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('message', (data) => {
      try {
        const ack = EnvelopeAck.safeParse(JSON.parse(String(data)));
        if (ack.success) pendingAcks.get(ack.data.envelope_id)?.(ack.data.payload);
      } catch {
        // not an ack
      }
    });
    socket.send(JSON.stringify({ type: 'hello', num_connections: 1, debug_info: { host: 'fake', approximate_connection_time: 3600 }, connection_info: { app_id: 'A1' } }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  wsUrl = `ws://127.0.0.1:${port}`;

  const fake: FakeSlack = {
    url,
    apiUrl: `${url}/api/`,
    calls,
    responses,
    users,
    members,
    channels,
    topics,
    files,
    downloads,
    shareFile(name, content) {
      const id = `F${String(++fileSeq).padStart(8, '0')}`;
      shared.set(id, { name, bytes: typeof content === 'string' ? new TextEncoder().encode(content) : content });
      return id;
    },
    views,
    uninvitable,
    sockets,
    responseUrl: (id = 'r1') => `${url}/response/${id}`,
    callsOf: (method) => calls.filter((c) => c.method === method),
    fail(method, error, times = 1) {
      for (let i = 0; i < times; i++) fake.inject(method, err(error));
    },
    rateLimit(method, retryAfterSeconds, times = 1) {
      for (let i = 0; i < times; i++) fake.inject(method, { status: 429, headers: { 'retry-after': String(retryAfterSeconds) }, body: { ok: false, error: 'ratelimited' } });
    },
    inject(method, answer, when) {
      const list = failures.get(method) ?? [];
      list.push(when ? { answer, when } : { answer });
      failures.set(method, list);
    },
    takenNames,
    installs,
    grant(code, install, scopes) {
      grants.set(code, { install, scopes });
    },
    revoke(token) {
      revoked.add(token);
    },
    on(method, handler) {
      custom.set(method, handler);
    },
    tap(method, fn) {
      taps.set(method, fn);
    },
    hold(method) {
      let release = (): void => {};
      gates.set(method, new Promise<void>((resolve) => (release = resolve)));
      return () => {
        gates.delete(method);
        release();
      };
    },
    held(method) {
      return waiting.get(method) ?? 0;
    },
    async waitFor(check, timeoutMs = 5000) {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const value = check();
        if (value !== undefined && value !== false) return value;
        if (Date.now() > until) throw new Error('waitFor timed out');
        await new Promise((r) => setTimeout(r, 5));
      }
    },
    async sendEnvelope(type, payload, extra = {}) {
      const envelope_id = `env-${++envelopeSeq}`;
      const acked = new Promise<unknown>((resolve) => pendingAcks.set(envelope_id, resolve));
      const frame = JSON.stringify({ envelope_id, type, accepts_response_payload: type !== 'slash_commands' ? false : true, payload, ...extra });
      for (const socket of sockets) socket.send(frame);
      return acked;
    },
    reset() {
      calls.length = 0;
      responses.length = 0;
    },
    async close() {
      const closing = [...sockets].map((s) => new Promise<void>((resolve) => (s.readyState === s.CLOSED ? resolve() : s.once('close', () => resolve()))));
      for (const s of sockets) s.terminate();
      await Promise.all(closing);
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return fake;
}
