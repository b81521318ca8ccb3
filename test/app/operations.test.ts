// The real `npm start` (playground mode, no credentials) as an operator runs it: /healthz and
// /metrics answer on PORT, commands show up in the metrics, METRICS_TOKEN guards them, and
// SIGTERM drains and exits 0 with its steps logged.
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { killAll, removeFolder, startBreakouts, tempFolder, waitFor, type Breakouts } from './crash-harness.ts';

const TOKEN = 'ops-test-metrics-token-123';
const folders: string[] = [];

afterEach(async () => {
  await killAll();
});
afterAll(async () => {
  await Promise.all(folders.map(removeFolder));
});

/** A port nobody listens on right now (for PLAYGROUND_PORT, which must differ from PORT). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return z.object({ port: z.number() }).parse(address).port;
}

/** `npm start` in an empty folder with its data folder there; resolves once it printed `pattern`'s port. */
async function start(label: string, env: Record<string, string>, pattern: RegExp): Promise<{ app: Breakouts; port: number }> {
  const cwd = await tempFolder('ops');
  folders.push(cwd);
  const app = startBreakouts(label, { BREAKOUTS_DB: join(cwd, 'data'), ...env }, cwd);
  const port = await waitFor(`${label} to print its port`, () => pattern.exec(app.output())?.[1] ?? (app.child.exitCode !== null ? 'gone' : undefined), 30_000, () => app.output());
  if (port === 'gone') throw new Error(`${label} ended before it listened: ${app.output()}`);
  return { app, port: Number(port) };
}

const Health = z.object({ status: z.string(), reasons: z.array(z.string()), store: z.object({ ok: z.boolean(), outboxDepth: z.number().optional() }).optional(), adapters: z.array(z.object({ name: z.string(), ok: z.boolean() })) });

async function health(port: number): Promise<{ status: number; body: z.infer<typeof Health> }> {
  const res = await fetch(`http://127.0.0.1:${port}/healthz`);
  return { status: res.status, body: Health.parse(await res.json()) };
}

/** The messages of the JSON log lines it wrote (other output, like the start-up lines, is left out). */
function logMessages(app: Breakouts): string[] {
  return app
    .output()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => z.object({ message: z.string() }).loose().parse(JSON.parse(line)).message);
}

describe('npm start for operators', () => {
  it('answers /healthz and /metrics on the playground port, counts commands, and drains on SIGTERM with exit 0', async () => {
    const { app, port } = await start('playground', { PORT: '0' }, /Playground: http:\/\/localhost:(\d+)/);
    expect(await health(port)).toEqual({ status: 200, body: { status: 'ok', reasons: [], store: { ok: true, outboxDepth: 0 }, adapters: [{ name: 'playground', ok: true }] } });

    const command = await fetch(`http://127.0.0.1:${port}/api/command`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ as: 'host', text: '/breakouts distribute 2' }) });
    expect(await command.json()).toMatchObject({ ok: true });
    const metrics = await fetch(`http://127.0.0.1:${port}/metrics`);
    expect(metrics.status).toBe(200);
    const text = await metrics.text();
    expect(text).toContain('breakouts_commands_total{command="distribute",result="changed"} 1');
    expect(text).toContain('breakouts_store_up 1');
    expect(text).toMatch(/^breakouts_outbox_depth \d+$/m);
    expect(text).toContain('process_resident_memory_bytes');

    expect(await app.stop()).toBe(0);
    const messages = logMessages(app);
    expect(messages.filter((m) => m.startsWith('stop'))).toEqual([
      'stopping: health answers 503 draining; finishing the work under way',
      'stopping: adapter stopped',
      'stopping: store closed',
      'stopped',
    ]);
    expect(messages.filter((m) => /unhandled/i.test(m))).toEqual([]);
  });

  it('serves /healthz and /metrics on PORT itself when no adapter listens there, and guards /metrics with METRICS_TOKEN', async () => {
    const playgroundPort = await freePort();
    const { app, port } = await start('ops-server', { PORT: '0', PLAYGROUND_PORT: String(playgroundPort), METRICS_TOKEN: TOKEN }, /Health and metrics: port (\d+)/);
    expect(app.output()).toContain(`Playground: http://localhost:${playgroundPort}`);
    expect((await health(port)).body.status).toBe('ok');
    expect((await health(playgroundPort)).status).toBe(200);

    const other = await fetch(`http://127.0.0.1:${port}/`);
    expect([other.status, await other.text()]).toEqual([404, 'Nothing here: this Breakouts process answers GET /healthz and GET /metrics only.\n']);
    const open = await fetch(`http://127.0.0.1:${port}/metrics`);
    expect([open.status, await open.text()]).toEqual([401, 'GET /metrics needs the header "Authorization: Bearer <METRICS_TOKEN>"; the token was missing or wrong.\n']);
    const authorized = await fetch(`http://127.0.0.1:${port}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(authorized.status).toBe(200);
    expect(await authorized.text()).toContain('breakouts_outbox_depth 0');

    expect(await app.stop()).toBe(0);
    expect(app.output()).not.toContain(TOKEN);
  });
});
