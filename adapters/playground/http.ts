// The playground's transport: Node's http server with the static page, a JSON API validated by
// zod, and Server-Sent Events that tell every open page to redraw when anything changes.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readdirSync, readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { z } from 'zod';
import { DisplayNameSchema } from '../../src/commands/inputs.ts';
import { AUDIO_KINDS, PersonIdSchema } from '../../src/domain/meeting.ts';
import { HUMAN_ERRORS } from '../../src/domain/issues.ts';
import type { OpsRoutes } from '../../src/runtime/adapter.ts';
import type { Logger } from '../../src/runtime/logger.ts';
import { PLAYGROUND_LIMITS } from './limits.ts';
import { BUTTON_PLACES, type Reply, type Session } from './session.ts';

const Percent = z.number().int().min(0).max(100);

export const CommandBody = z.object({ as: PersonIdSchema, text: z.string().max(PLAYGROUND_LIMITS.commandChars) });
export const ActionBody = z.object({
  as: PersonIdSchema,
  actionId: z.string().min(1).max(200),
  value: z.string().min(1).max(40).optional(),
  /** Where the button was pressed: the board (default), the person's room's chat, a direct message. */
  where: z.enum(BUTTON_PLACES).optional(),
});
/**
 * An imported layout: the text of the CSV file chosen (or pasted) on the page. `confirm`: sent again
 * after the person said OK to the engine's question (rooms are open and it moves people).
 */
export const LayoutBody = z.object({ as: PersonIdSchema, csv: z.string().min(1).max(PLAYGROUND_LIMITS.page.layoutChars), confirm: z.boolean().optional() });
const SimulatedBody = z.object({
  as: PersonIdSchema,
  count: z.number().int().min(1).max(PLAYGROUND_LIMITS.addAtOnce),
  mix: z.object({ phone: Percent, voip: Percent, listening: Percent }).refine((m) => m.phone + m.voip + m.listening > 0, 'adds up to nothing'),
});
/** One named person: the name is read as every platform's names are (no hidden characters). */
const NamedBody = z.object({ as: PersonIdSchema, name: DisplayNameSchema, audio: z.enum(AUDIO_KINDS) });
type PeopleRequest = z.infer<typeof SimulatedBody> | z.infer<typeof NamedBody>;
/** "Add people": one named person when a name is given, else simulated ones, so an error names the right field. */
export function peopleBody(json: unknown): z.ZodType<PeopleRequest> {
  return typeof json === 'object' && json !== null && 'name' in json ? NamedBody : SimulatedBody;
}

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

/** Every page file by its URL path (the page is a few ES modules, no build step), read once at start. */
function staticFiles(): ReadonlyMap<string, { body: Buffer; type: string }> {
  const dir = new URL('./public/', import.meta.url);
  const files = new Map<string, { body: Buffer; type: string }>();
  for (const name of readdirSync(dir)) {
    const type = TYPES[extname(name)];
    if (type) files.set(`/${name}`, { body: readFileSync(new URL(name, dir)), type });
  }
  const index = files.get('/index.html');
  if (index) files.set('/', index);
  return files;
}

const SECURITY_HEADERS = {
  'content-security-policy': "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; base-uri 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
} as const;

const LOOPBACK_HOSTS = /^(localhost|127\.0\.0\.1|\[::1\])(:[0-9]+)?$/i;

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export interface PlaygroundServer {
  readonly server: Server;
  /** Tell every open page that something changed (coalesced). */
  changed(): void;
  /** Send a coalesced update now, if one is waiting. */
  flush(): void;
  close(): Promise<void>;
}

export function createPlaygroundServer(session: Session, options: { logger: Logger; loopbackOnly: boolean; ops?: OpsRoutes }): PlaygroundServer {
  const { logger } = options;
  const files = staticFiles();
  const streams = new Set<ServerResponse>();
  let seq = 0;
  let pending: NodeJS.Timeout | undefined;
  let closed = false;

  const heartbeat = setInterval(() => {
    for (const res of streams) res.write(': still here\n\n');
  }, PLAYGROUND_LIMITS.heartbeatMs);
  heartbeat.unref();

  function announce(): void {
    pending = undefined;
    seq++;
    for (const res of streams) res.write(`event: update\ndata: {"seq":${seq}}\n\n`);
  }

  function changed(): void {
    if (pending || closed) return;
    pending = setTimeout(announce, PLAYGROUND_LIMITS.coalesceMs);
  }

  function flush(): void {
    if (!pending) return;
    clearTimeout(pending);
    announce();
  }

  function send(res: ServerResponse, status: number, body: unknown): void {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...SECURITY_HEADERS });
    res.end(text);
  }

  async function readJson<T>(req: IncomingMessage, schemaFor: z.ZodType<T> | ((json: unknown) => z.ZodType<T>)): Promise<T> {
    // JSON only: a cross-site form cannot send it without a preflight this server never answers.
    if (!(req.headers['content-type'] ?? '').toLowerCase().startsWith('application/json')) throw new HttpError(415, 'Send JSON (Content-Type: application/json).');
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      const buffer = chunk as Buffer;
      size += buffer.length;
      if (size > PLAYGROUND_LIMITS.bodyBytes) throw new HttpError(413, 'That request is too large.');
      chunks.push(buffer);
    }
    let json: unknown;
    try {
      json = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      throw new HttpError(400, 'That request is not valid JSON.');
    }
    const schema = typeof schemaFor === 'function' ? schemaFor(json) : schemaFor;
    const parsed = schema.safeParse(json, HUMAN_ERRORS);
    if (!parsed.success) {
      // "name is empty", "count must be at most 500": the field and what is wrong, in words.
      const issue = parsed.error.issues[0];
      const what = issue ? `${issue.path.length > 0 ? `${issue.path.join('.')} ` : ''}${issue.message}` : 'is not valid';
      throw new HttpError(400, `That request is not right: ${what}. Nothing was changed.`);
    }
    return parsed.data;
  }

  function openStream(req: IncomingMessage, res: ServerResponse): void {
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive', ...SECURITY_HEADERS });
    res.write(`retry: 1000\nevent: update\ndata: {"seq":${seq}}\n\n`);
    streams.add(res);
    req.on('close', () => streams.delete(res));
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // A page on another site must not reach this one through DNS rebinding.
    if (options.loopbackOnly && !LOOPBACK_HOSTS.test(req.headers.host ?? '')) throw new HttpError(403, 'This playground only answers on localhost.');
    const url = new URL(req.url ?? '/', 'http://playground.invalid');
    const method = req.method ?? 'GET';
    const asset = files.get(url.pathname);
    if (method === 'GET' && asset) {
      res.writeHead(200, { 'content-type': asset.type, 'cache-control': 'no-cache', ...SECURITY_HEADERS });
      res.end(asset.body);
      return;
    }
    if (method === 'GET' && url.pathname === '/events') return openStream(req, res);
    if (method === 'GET' && url.pathname === '/api/state') {
      const as = PersonIdSchema.safeParse(url.searchParams.get('as') ?? 'host');
      return send(res, 200, await session.view(as.success ? as.data : 'host'));
    }
    if (method === 'POST') {
      let reply: Reply | undefined;
      if (url.pathname === '/api/command') {
        const body = await readJson(req, CommandBody);
        reply = await session.command(body.as, body.text);
      } else if (url.pathname === '/api/action') {
        const body = await readJson(req, ActionBody);
        reply = await session.action(body.as, body.actionId, body.value, body.where);
      } else if (url.pathname === '/api/layout') {
        const body = await readJson(req, LayoutBody);
        reply = await session.importLayout(body.as, body.csv, body.confirm ?? false);
      } else if (url.pathname === '/api/people') {
        const body = await readJson(req, peopleBody);
        reply = await session.addPeople(body.as, 'count' in body ? { count: body.count, mix: body.mix } : { name: body.name, audio: body.audio });
      }
      if (reply) return send(res, 200, reply);
    }
    throw new HttpError(404, `Nothing at ${method} ${url.pathname}.`);
  }

  const server = createServer((req, res) => {
    // /healthz and /metrics first: a health check from a load balancer need not come from localhost.
    if (options.ops?.handle(req, res)) return;
    route(req, res).catch((error: unknown) => {
      if (error instanceof HttpError) return send(res, error.status, { ok: false, code: 'http', message: error.message });
      logger.error('playground request failed', { method: req.method, path: req.url, error });
      if (!res.headersSent) send(res, 500, { ok: false, code: 'crash', message: 'Something went wrong in the playground. Try again; the server log has the details.' });
      else res.end();
    });
  });

  return {
    server,
    changed,
    flush,
    async close() {
      closed = true;
      clearInterval(heartbeat);
      if (pending) clearTimeout(pending);
      for (const res of streams) res.end();
      streams.clear();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
