// GET /healthz and GET /metrics as a load balancer and Prometheus see them, over real HTTP on
// 127.0.0.1 through the standalone ops server (the one a Discord-only process runs on PORT).
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { AdapterHealth, RunningAdapter } from '../../src/runtime/adapter.ts';
import { createLogger } from '../../src/runtime/logger.ts';
import { createOpsRoutes, startOpsServer, type OpsOptions, type OpsServer } from '../../src/runtime/ops.ts';
import { createPrometheusMetrics } from '../../src/runtime/prometheus.ts';

const TOKEN = 'metrics-token-0123456789';
const DB_PASSWORD = 'pw-that-must-not-leak';

const Report = z.object({
  status: z.enum(['ok', 'unavailable', 'draining']),
  reasons: z.array(z.string()),
  store: z.object({ ok: z.boolean(), outboxDepth: z.number().optional() }).optional(),
  adapters: z.array(z.object({ name: z.string(), ok: z.boolean(), reason: z.string().optional() })),
});

function adapter(name: string, health: () => AdapterHealth): RunningAdapter {
  return { name, description: name, health, stop: async () => {} };
}

interface Rig {
  readonly base: string;
  readonly logs: string[];
  readonly server: OpsServer;
}

const servers: OpsServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function rig(overrides: Partial<OpsOptions> = {}): Promise<Rig> {
  const logs: string[] = [];
  const logger = createLogger({ write: (l) => logs.push(l) });
  const store = overrides.store ?? { outboxDepth: async () => 4 };
  const ops = createOpsRoutes({
    store,
    adapters: () => [adapter('slack', () => ({ ok: true }))],
    metrics: createPrometheusMetrics({ store, processMetrics: false }),
    draining: () => false,
    logger,
    ...overrides,
  });
  const server = await startOpsServer(ops, { port: 0, host: '127.0.0.1' });
  servers.push(server);
  return { base: `http://127.0.0.1:${server.port}`, logs, server };
}

async function health(r: Rig): Promise<{ status: number; report: z.infer<typeof Report>; text: string }> {
  const res = await fetch(`${r.base}/healthz`);
  const text = await res.text();
  return { status: res.status, report: Report.parse(JSON.parse(text)), text };
}

describe('GET /healthz', () => {
  it('answers 200 ok with the outbox depth when the store answers and every adapter is connected', async () => {
    const r = await rig();
    const { status, report } = await health(r);
    expect(status).toBe(200);
    expect(report).toEqual({ status: 'ok', reasons: [], store: { ok: true, outboxDepth: 4 }, adapters: [{ name: 'slack', ok: true }] });
  });

  it('answers 503 with every reason: a store that throws (without its connection string) and an adapter that is not connected', async () => {
    const r = await rig({
      store: { outboxDepth: () => Promise.reject(new Error(`connect ECONNREFUSED postgres://breakouts:${DB_PASSWORD}@db:5432/breakouts`)) },
      adapters: () => [adapter('slack', () => ({ ok: true })), adapter('discord', () => ({ ok: false, reason: 'Discord gateway not connected' }))],
    });
    const { status, report, text } = await health(r);
    expect(status).toBe(503);
    expect(report.status).toBe('unavailable');
    expect(report.reasons).toEqual(['store: the store could not be read (the log has the error)', 'discord: Discord gateway not connected']);
    expect(report.store).toEqual({ ok: false });
    expect(text).not.toContain(DB_PASSWORD);
    expect(r.logs.some((l) => l.includes('health: unavailable') && l.includes('ECONNREFUSED'))).toBe(true);
    expect(r.logs.join('\n')).not.toContain(DB_PASSWORD);
  });

  it('answers 503 when the store does not answer before the deadline', async () => {
    const r = await rig({ store: { outboxDepth: () => new Promise<number>(() => {}) }, storeTimeoutMs: 20 });
    const { status, report } = await health(r);
    expect(status).toBe(503);
    expect(report.reasons).toEqual(['store: the store did not answer within 0.02 s']);
  });

  it('answers 503 when an adapter cannot even tell its health', async () => {
    const r = await rig({
      adapters: () => [
        adapter('slack', () => {
          throw new Error('boom');
        }),
      ],
    });
    const { status, report } = await health(r);
    expect([status, report.reasons]).toEqual([503, ['slack: it could not tell its health (the log has the error)']]);
  });

  it('answers 503 starting until the adapters run, and 503 draining once shutdown began', async () => {
    let phase: 'starting' | 'running' | 'draining' = 'starting';
    const r = await rig({ starting: () => phase === 'starting', draining: () => phase === 'draining' });
    const starting = await health(r);
    expect([starting.status, starting.report.reasons]).toEqual([503, ['starting: the platforms are still being connected']]);
    phase = 'running';
    expect((await health(r)).status).toBe(200);
    phase = 'draining';
    const draining = await health(r);
    expect(draining.status).toBe(503);
    expect(draining.report.status).toBe('draining');
    expect(draining.report.reasons).toEqual(['draining: this process is shutting down and takes no new work']);
  });

  it('logs a change of health once, not on every probe', async () => {
    let up = false;
    const r = await rig({ store: { outboxDepth: async () => (up ? 0 : Promise.reject(new Error('down'))) } });
    for (let i = 0; i < 3; i++) await health(r);
    up = true;
    for (let i = 0; i < 3; i++) await health(r);
    expect(r.logs.filter((l) => l.includes('"message":"health:')).map((l) => z.object({ message: z.string() }).parse(JSON.parse(l)).message)).toEqual(['health: unavailable', 'health: ok again']);
  });

  it('answers HEAD with the status and no body, and any other method with 405', async () => {
    const r = await rig({ draining: () => true });
    const head = await fetch(`${r.base}/healthz`, { method: 'HEAD' });
    expect([head.status, await head.text()]).toEqual([503, '']);
    const post = await fetch(`${r.base}/healthz`, { method: 'POST' });
    expect([post.status, post.headers.get('allow'), await post.text()]).toEqual([405, 'GET, HEAD', '/healthz answers GET (and HEAD) only.\n']);
  });
});

describe('GET /metrics', () => {
  it('answers the Prometheus text with breakouts_ metrics when no token is configured', async () => {
    const r = await rig();
    const res = await fetch(`${r.base}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    expect(text).toContain('breakouts_outbox_depth 4');
    expect(text).toContain('breakouts_store_up 1');
  });

  it('answers 401 with a sentence when METRICS_TOKEN is set and the bearer token is missing or wrong, 200 when it is right', async () => {
    const r = await rig({ metricsToken: TOKEN });
    const missing = await fetch(`${r.base}/metrics`);
    expect([missing.status, missing.headers.get('www-authenticate'), await missing.text()]).toEqual([401, 'Bearer realm="metrics"', 'GET /metrics needs the header "Authorization: Bearer <METRICS_TOKEN>"; the token was missing or wrong.\n']);
    for (const header of [`Bearer ${TOKEN}x`, `Bearer ${TOKEN.slice(0, -1)}`, `Basic ${TOKEN}`, TOKEN]) {
      const wrong = await fetch(`${r.base}/metrics`, { headers: { authorization: header } });
      expect([header, wrong.status]).toEqual([header, 401]);
      await wrong.arrayBuffer();
    }
    const right = await fetch(`${r.base}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(right.status).toBe(200);
    expect(await right.text()).toContain('breakouts_outbox_depth');
  });

  it('leaves /healthz open when METRICS_TOKEN is set (load balancers send no token)', async () => {
    const r = await rig({ metricsToken: TOKEN });
    expect((await health(r)).status).toBe(200);
  });
});

describe('the standalone ops server', () => {
  it('answers anything but /healthz and /metrics with a one-line 404', async () => {
    const r = await rig();
    const res = await fetch(`${r.base}/slack/events`, { method: 'POST' });
    expect([res.status, await res.text()]).toEqual([404, 'Nothing here: this Breakouts process answers GET /healthz and GET /metrics only.\n']);
    const query = await fetch(`${r.base}/healthz?verbose=1`);
    expect(query.status).toBe(200);
    await query.arrayBuffer();
  });

  it('says which port is taken when PORT is in use', async () => {
    const r = await rig();
    const ops = createOpsRoutes({ store: { outboxDepth: async () => 0 }, adapters: () => [], metrics: { scrape: async () => ({ contentType: 'text/plain', body: '' }) }, draining: () => false, logger: createLogger({ write: () => {} }) });
    await expect(startOpsServer(ops, { port: r.server.port, host: '127.0.0.1' })).rejects.toThrow(`Port ${r.server.port} is already in use (for /healthz and /metrics)`);
  });
});
