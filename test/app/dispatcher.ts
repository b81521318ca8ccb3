// A round-robin HTTP proxy on 127.0.0.1, the load balancer in front of several `npm start`
// processes: each request's bytes go unchanged to the next upstream (Slack signatures stay valid),
// and every request is recorded with the process that took it, its status and its time to answer.
import { Agent, createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Dispatched {
  /** Order of arrival at the dispatcher, from 0. */
  readonly seq: number;
  /** Index of the upstream (in the list given) that took it. */
  readonly upstream: number;
  readonly method: string;
  readonly path: string;
  /** The request body as sent (to find which process took a given command). */
  readonly body: string;
  /** Epoch ms when the request had fully arrived, and when its answer had fully come back. */
  readonly receivedAt: number;
  readonly answeredAt: number;
  /** HTTP status of the upstream's answer; 502 when the upstream could not be reached. */
  readonly status: number;
  /** Time from the request's arrival to the end of the upstream's answer (ms). */
  readonly ms: number;
}

export interface DispatcherOptions {
  /** Ports on 127.0.0.1 to forward to, in round-robin order. */
  readonly upstreams: readonly number[];
  /** Wait this long before forwarding each request: a slow upstream network (a slow Slack Web API). */
  readonly delayMs?: number;
}

export interface Dispatcher {
  readonly url: string;
  readonly records: readonly Dispatched[];
  /** The records of requests whose body contains `text` (in arrival order). */
  find(text: string): Dispatched[];
  /** From now on, wait this long before forwarding each request. */
  delay(ms: number): void;
  close(): Promise<void>;
}

async function readRaw(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export async function startDispatcher(options: DispatcherOptions): Promise<Dispatcher> {
  if (options.upstreams.length === 0) throw new Error('a dispatcher needs at least one upstream port');
  const records: Dispatched[] = [];
  // Kept-alive connections, as a load balancer keeps them: no handshake per request.
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  let next = 0;
  let seq = 0;
  let delayMs = options.delayMs ?? 0;

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    void (async () => {
      const body = await readRaw(req);
      const receivedAt = Date.now();
      const t0 = performance.now();
      const mine = seq++;
      const upstream = next;
      next = (next + 1) % options.upstreams.length;
      if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
      const headers = { ...req.headers, host: `127.0.0.1:${options.upstreams[upstream]}`, 'content-length': String(body.length) };
      delete headers['transfer-encoding'];
      delete headers['connection'];
      const record = (status: number): void => {
        records.push({ seq: mine, upstream, method: req.method ?? 'GET', path: req.url ?? '/', body: body.toString('utf8'), receivedAt, answeredAt: Date.now(), status, ms: performance.now() - t0 });
      };
      const forward = httpRequest({ host: '127.0.0.1', port: options.upstreams[upstream], method: req.method, path: req.url, headers, agent }, (answer) => {
        void readRaw(answer).then(
          (bytes) => {
            record(answer.statusCode ?? 0);
            const back = { ...answer.headers, 'content-length': String(bytes.length) };
            delete back['transfer-encoding'];
            delete back['connection'];
            res.writeHead(answer.statusCode ?? 502, back);
            res.end(bytes);
          },
          () => {
            record(502);
            res.writeHead(502).end();
          },
        );
      });
      forward.on('error', () => {
        // The upstream is gone (killed): a load balancer answers 502 for it.
        record(502);
        if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
        res.end('upstream unreachable');
      });
      forward.end(body);
    })().catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(String(error));
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    records,
    find: (text) => records.filter((r) => r.body.includes(text)).sort((a, b) => a.seq - b.seq),
    delay(ms) {
      delayMs = ms;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      agent.destroy();
    },
  };
}
