// The operator's endpoints: GET /healthz (can this process take work: store answering, platforms
// connected, not shutting down) for load balancers, GET /metrics for Prometheus; and a small
// server for them on PORT when no adapter has an HTTP server there (Discord only, Socket Mode).
import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { MeetingStore } from '../store/port.ts';
import type { OpsRoutes, RunningAdapter } from './adapter.ts';
import type { Logger } from './logger.ts';
import type { PrometheusMetrics } from './prometheus.ts';
import { probeStore, PROBE_TIMEOUT_MS } from './store-probe.ts';

export interface OpsOptions {
  readonly store: Pick<MeetingStore, 'outboxDepth'>;
  /** The adapters running now (none yet while they start). */
  readonly adapters: () => readonly RunningAdapter[];
  readonly metrics: Pick<PrometheusMetrics, 'scrape'>;
  /** GET /metrics needs `Authorization: Bearer <metricsToken>` when set. */
  readonly metricsToken?: string;
  /** True from the first shutdown signal on: health answers 503 so a load balancer stops sending. */
  readonly draining: () => boolean;
  /** True while the adapters are still starting: health answers 503 until they all run. */
  readonly starting?: () => boolean;
  readonly logger: Logger;
  readonly storeTimeoutMs?: number;
}

/** What GET /healthz answers, as JSON. */
export interface HealthReport {
  readonly status: 'ok' | 'unavailable' | 'draining';
  /** Every reason this process cannot take work, one sentence each; empty when ok. */
  readonly reasons: readonly string[];
  /** Absent while draining (the store is being closed, so it is not asked). */
  readonly store?: { readonly ok: boolean; readonly outboxDepth?: number };
  readonly adapters: readonly { readonly name: string; readonly ok: boolean; readonly reason?: string }[];
}

const JSON_TYPE = 'application/json; charset=utf-8';
const TEXT_TYPE = 'text/plain; charset=utf-8';

const digest = (text: string): Buffer => createHash('sha256').update(text).digest();

/** Whether the request carries the bearer token: compared in constant time (digests of equal length). */
function bearerMatches(req: IncomingMessage, token: string): boolean {
  const header = req.headers.authorization ?? '';
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match !== null && timingSafeEqual(digest(match[1] ?? ''), digest(token));
}

export function createOpsRoutes(options: OpsOptions): OpsRoutes & { health(): Promise<HealthReport> } {
  const { logger } = options;
  let lastReasons = '';

  async function health(): Promise<HealthReport> {
    const adapters = options.adapters().map((adapter) => {
      let state: ReturnType<RunningAdapter['health']>;
      try {
        state = adapter.health();
      } catch (error) {
        logger.warn('health: an adapter could not tell its health', { adapter: adapter.name, error });
        state = { ok: false, reason: 'it could not tell its health (the log has the error)' };
      }
      return state.ok ? { name: adapter.name, ok: true } : { name: adapter.name, ok: false, reason: state.reason };
    });
    const reasons = adapters.flatMap((a) => (a.ok ? [] : [`${a.name}: ${a.reason ?? 'not ready'}`]));
    if (options.starting?.()) reasons.unshift('starting: the platforms are still being connected');
    if (options.draining()) {
      // The store is being closed: asking it now would only add noise to the log.
      return { status: 'draining', reasons: ['draining: this process is shutting down and takes no new work', ...reasons], adapters };
    }
    const probe = await probeStore(options.store, options.storeTimeoutMs ?? PROBE_TIMEOUT_MS);
    if (!probe.ok) reasons.unshift(`store: ${probe.reason}`);
    // Logged when the answer changes, not on every probe (a load balancer asks every few seconds).
    const now = reasons.join('; ');
    if (now !== lastReasons) {
      if (now === '') logger.info('health: ok again');
      else logger.warn('health: unavailable', { reasons, ...(!probe.ok && probe.error !== undefined ? { error: probe.error } : {}) });
      lastReasons = now;
    }
    return {
      status: reasons.length === 0 ? 'ok' : 'unavailable',
      reasons,
      store: probe.ok ? { ok: true, outboxDepth: probe.depth } : { ok: false },
      adapters,
    };
  }

  function send(req: IncomingMessage, res: ServerResponse, status: number, type: string, body: string, headers: Record<string, string> = {}): void {
    res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', 'content-length': String(Buffer.byteLength(body)), ...headers });
    res.end(req.method === 'HEAD' ? undefined : body);
  }

  async function answer(req: IncomingMessage, res: ServerResponse, path: '/healthz' | '/metrics'): Promise<void> {
    if (path === '/healthz') {
      const report = await health();
      return send(req, res, report.status === 'ok' ? 200 : 503, JSON_TYPE, `${JSON.stringify(report)}\n`);
    }
    if (options.metricsToken !== undefined && !bearerMatches(req, options.metricsToken)) {
      return send(req, res, 401, TEXT_TYPE, 'GET /metrics needs the header "Authorization: Bearer <METRICS_TOKEN>"; the token was missing or wrong.\n', { 'www-authenticate': 'Bearer realm="metrics"' });
    }
    const { contentType, body } = await options.metrics.scrape();
    send(req, res, 200, contentType, body);
  }

  return {
    health,
    handle(req, res) {
      const path = new URL(req.url ?? '/', 'http://ops.invalid').pathname;
      if (path !== '/healthz' && path !== '/metrics') return false;
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        send(req, res, 405, TEXT_TYPE, `${path} answers GET (and HEAD) only.\n`, { allow: 'GET, HEAD' });
        return true;
      }
      answer(req, res, path).catch((error: unknown) => {
        logger.error('ops endpoint failed', { path, error });
        if (!res.headersSent) send(req, res, 500, TEXT_TYPE, `${path} failed; the server log has the details.\n`);
        else res.end();
      });
      return true;
    },
  };
}

export interface OpsServer {
  readonly server: Server;
  readonly port: number;
  close(): Promise<void>;
}

/** The ops endpoints alone on `port` (a process whose adapters have no HTTP server of their own). */
export async function startOpsServer(ops: OpsRoutes, options: { readonly port: number; readonly host?: string }): Promise<OpsServer> {
  const server = createServer((req, res) => {
    if (ops.handle(req, res)) return;
    res.writeHead(404, { 'content-type': TEXT_TYPE });
    res.end('Nothing here: this Breakouts process answers GET /healthz and GET /metrics only.\n');
  });
  await new Promise<void>((resolve, reject) => {
    const failed = (error: NodeJS.ErrnoException): void =>
      reject(error.code === 'EADDRINUSE' ? new Error(`Port ${options.port} is already in use (for /healthz and /metrics): stop the program using it, or set PORT to another port.`) : error);
    server.once('error', failed);
    server.listen(options.port, options.host, () => {
      server.off('error', failed);
      resolve();
    });
  });
  return {
    server,
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
