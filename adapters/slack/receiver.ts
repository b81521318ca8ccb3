// Bolt receivers that check every request before Bolt reads it (transport only, like Bolt's own): HTTP
// serves the operator's routes and install pages first, then verifies, parses and lets intake.ts decide
// before the app sees a request; Socket Mode puts the same check in front and says if it is connected.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import {
  defaultBodyLimit,
  HTTPModuleFunctions,
  SocketModeReceiver,
  verifySlackRequest,
  type App,
  type Receiver,
  type ReceiverEvent,
  type SocketModeReceiverOptions,
} from '@slack/bolt';
import type { OpsRoutes } from '../../src/runtime/adapter.ts';
import type { Logger } from '../../src/runtime/logger.ts';
import type { Intake } from './intake.ts';
import type { HttpRoutes } from './oauth.ts';

export const EVENTS_PATH = '/slack/events';
/** Slack gives up after 3 s; a request no listener acknowledged is answered before that. */
const UNACKED_AFTER_MS = 2500;

type Answer = Record<string, unknown> | string | undefined;

function send(res: ServerResponse, status: number, answer?: Answer): void {
  if (res.headersSent) return;
  if (answer === undefined || answer === '') {
    res.writeHead(status);
    res.end();
  } else if (typeof answer === 'string') {
    res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
    res.end(answer);
  } else {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(answer));
  }
}

class TooLarge extends Error {}

async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  let over = false;
  for await (const chunk of req) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    // Keep reading (and dropping) so the answer is not cut off by an unread request.
    if (size > limit) over = true;
    else chunks.push(buffer);
  }
  if (over) throw new TooLarge();
  return Buffer.concat(chunks);
}

/** Form fields as an object; a field sent twice becomes a list, which no schema accepts. */
function formFields(params: URLSearchParams): Record<string, string | string[]> {
  const grouped = new Map<string, string[]>();
  for (const [key, value] of params) grouped.set(key, [...(grouped.get(key) ?? []), value]);
  // fromEntries defines own properties: a "__proto__" field stays a field.
  return Object.fromEntries([...grouped].map(([key, values]) => [key, values.length === 1 ? values[0]! : values]));
}

/** The request body as Bolt would read it: form fields, the JSON in `payload`, or JSON. */
function parseBody(raw: string, form: boolean): { ok: true; body: unknown } | { ok: false } {
  try {
    if (!form) return { ok: true, body: JSON.parse(raw) };
    const params = new URLSearchParams(raw);
    const payload = params.getAll('payload');
    if (payload.length === 0) return { ok: true, body: formFields(params) };
    return payload.length === 1 ? { ok: true, body: JSON.parse(payload[0]!) } : { ok: false };
  } catch {
    return { ok: false };
  }
}

export interface HttpReceiverOptions {
  readonly signingSecret: string;
  readonly intake: Intake;
  readonly logger: Logger;
  /** Tests: answer only after the listener finished. */
  readonly processBeforeResponse: boolean;
  readonly bodyLimit?: number;
  /** GET /healthz and GET /metrics, answered before anything else. */
  readonly ops?: OpsRoutes;
  /** More pages beside /slack/events (the install flow's). */
  readonly routes?: HttpRoutes;
}

/** Bolt's HTTP receiver, with the shape check and retry handling in front of the app. */
export class CheckedHttpReceiver implements Receiver {
  private app: App | undefined;
  private server: Server | undefined;

  constructor(private readonly options: HttpReceiverOptions) {}

  init(app: App): void {
    this.app = app;
  }

  start(listen: { port: number; host?: string }): Promise<Server> {
    if (this.server) return Promise.reject(new Error('The Slack receiver is already started.'));
    const server = createServer((req, res) => {
      this.serve(req, res).catch((error: unknown) => {
        // Only a fault in this file gets here; it is still answered, never left hanging.
        this.options.logger.error('Slack request failed in the receiver', { error });
        send(res, 500);
      });
    });
    this.server = server;
    return new Promise((resolve, reject) => {
      const failed = (error: Error): void => {
        this.server = undefined;
        reject(error);
      };
      server.once('error', failed);
      server.listen(listen, () => {
        server.off('error', failed);
        resolve(server);
      });
    });
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    await new Promise<void>((resolve, reject) => {
      server.close((error) => (error ? reject(error) : resolve()));
      server.closeIdleConnections();
    });
  }

  /** Whether it is listening (HTTP mode is healthy once it is). */
  get listening(): boolean {
    return this.server?.listening ?? false;
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const { logger, intake } = this.options;
    if (this.options.ops?.handle(req, res)) return;
    let path: string;
    try {
      path = new URL(req.url ?? '/', 'http://localhost').pathname;
    } catch {
      path = '';
    }
    if (this.options.routes && (await this.options.routes.handle(req, res, path))) return;
    if (path !== EVENTS_PATH || req.method !== 'POST') {
      req.resume();
      return send(res, 404);
    }
    let raw: string;
    try {
      raw = (await readBody(req, this.options.bodyLimit ?? defaultBodyLimit)).toString('utf8');
    } catch (error) {
      if (error instanceof TooLarge) {
        logger.warn('Slack request over the size limit', { limit: this.options.bodyLimit ?? defaultBodyLimit });
        return send(res, 413);
      }
      // The sender went away half-way: nobody is left to answer but the socket.
      logger.warn('Slack request body could not be read', { error });
      return send(res, 400);
    }
    const contentType = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
    const form = contentType === 'application/x-www-form-urlencoded';
    // Slack's certificate check is not signed; it is answered without reading anything else.
    if (form && new URLSearchParams(raw).get('ssl_check') === '1') return send(res, 200);

    const signature = req.headers['x-slack-signature'];
    const timestamp = req.headers['x-slack-request-timestamp'];
    try {
      if (typeof signature !== 'string' || typeof timestamp !== 'string') throw new Error('signature headers missing');
      verifySlackRequest({ signingSecret: this.options.signingSecret, body: raw, headers: { 'x-slack-signature': signature, 'x-slack-request-timestamp': Number(timestamp) } });
    } catch (error) {
      logger.warn('Slack request refused: its signature does not verify', { error });
      return send(res, 401);
    }

    const parsed = parseBody(raw, form);
    if (!parsed.ok) {
      logger.warn('Slack request answered without Bolt', { reason: 'the body is not valid JSON or form data', status: 400 });
      return send(res, 400);
    }
    const retryNum = HTTPModuleFunctions.extractRetryNumFromHTTPRequest(req);
    const decision = intake.decide(parsed.body, retryNum);
    if (!decision.pass) {
      send(res, decision.status, decision.answer);
      if (decision.notify) await intake.notify(decision.notify);
      return;
    }

    let acked = false;
    let stored: Answer;
    const ack = async (answer?: Answer): Promise<void> => {
      if (acked) return;
      acked = true;
      if (this.options.processBeforeResponse) stored = answer;
      else send(res, 200, answer);
    };
    const timer = setTimeout(() => {
      if (acked) return;
      logger.warn('no listener acknowledged a Slack request in time; answered it empty', { kind: decision.kind });
      acked = true;
      send(res, 200);
    }, UNACKED_AFTER_MS);
    const event: ReceiverEvent = {
      body: decision.body,
      ack,
      ...(retryNum !== undefined ? { retryNum } : {}),
      ...(typeof req.headers['x-slack-retry-reason'] === 'string' ? { retryReason: req.headers['x-slack-retry-reason'] } : {}),
    };
    try {
      if (!this.app) throw new Error('The Slack receiver was started before the app.');
      await this.app.processEvent(event);
    } catch (error) {
      logger.error('Bolt could not process a Slack request', { kind: decision.kind, error });
    } finally {
      clearTimeout(timer);
      // Acknowledged (the stored answer), or nobody acknowledged it: either way it is answered now.
      send(res, 200, stored);
    }
  }
}

/** Socket Mode: the same check, on every envelope, before the app sees it. */
export class CheckedSocketModeReceiver extends SocketModeReceiver {
  private state = 'not started';

  constructor(
    options: SocketModeReceiverOptions,
    private readonly intake: Intake,
    private readonly log: Logger,
  ) {
    super(options);
    // The client's own states: connected once Slack said hello, reconnecting when it tries again.
    for (const state of ['connecting', 'connected', 'reconnecting', 'disconnecting', 'disconnected']) {
      this.client.on(state, () => {
        this.state = state;
      });
    }
  }

  /**
   * "connected", or the state it is in instead. A dropped socket is said at once: the client stays
   * "connected" until its reconnect attempt, which waits seconds first.
   */
  get connection(): string {
    const open = this.client.websocket?.isActive() ?? false;
    if (this.state === 'connected') return open ? 'connected' : 'disconnected (it will reconnect)';
    return this.state;
  }

  override init(app: App): void {
    const check = async (event: ReceiverEvent): Promise<void> => {
      let acked = false;
      const ack = async (answer?: Answer): Promise<void> => {
        if (acked) return;
        acked = true;
        await event.ack(answer);
      };
      const decision = this.intake.decide(event.body, event.retryNum);
      if (!decision.pass) {
        await ack(decision.answer);
        if (decision.notify) await this.intake.notify(decision.notify);
        return;
      }
      try {
        await app.processEvent({ ...event, body: decision.body, ack });
      } catch (error) {
        this.log.error('Bolt could not process a Slack envelope', { kind: decision.kind, error });
      }
      // An envelope nobody acknowledged would make Slack retry it and the person see an error.
      await ack();
    };
    // The receiver calls processEvent on what it is given; everything else is the app itself.
    super.init(
      new Proxy(app, {
        get: (target, key, receiver) => (key === 'processEvent' ? check : Reflect.get(target, key, receiver)),
      }),
    );
  }
}
