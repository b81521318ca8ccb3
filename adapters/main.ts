// `npm start`, the composition root: read the configuration, open the store, build the engine,
// start the adapters the configuration asks for (Slack, Discord, or the local playground), serve
// /healthz and /metrics, and on SIGTERM drain the work under way before exiting.
import { existsSync } from 'node:fs';
import { ConfigError, loadConfig, type Config } from '../src/runtime/config.ts';
import { createEngine } from '../src/engine/engine.ts';
import { createLogger } from '../src/runtime/logger.ts';
import { systemClock, systemRandom } from '../src/ports.ts';
import { openConfiguredStore, StoreLoadError } from '../src/store/store.ts';
import type { AdapterDeps, RunningAdapter } from '../src/runtime/adapter.ts';
import { instrumentEngine } from '../src/runtime/instrumented-engine.ts';
import { createOpsRoutes, startOpsServer } from '../src/runtime/ops.ts';
import { createPrometheusMetrics } from '../src/runtime/prometheus.ts';
import { createShutdown } from '../src/runtime/shutdown.ts';

/** Starts each configured adapter, adding it to `running` as soon as it runs (health reports it from then on). */
async function startAdapters(deps: AdapterDeps, config: Config, running: RunningAdapter[]): Promise<void> {
  if (config.slack) {
    const { startSlack } = await import('./slack/index.ts');
    running.push(await startSlack(deps, config.slack));
  }
  if (config.discord) {
    const { startDiscord } = await import('./discord/index.ts');
    running.push(await startDiscord(deps, config.discord));
  }
  if (config.playground) {
    const { startPlayground } = await import('./playground/index.ts');
    running.push(await startPlayground(deps, { port: config.playgroundPort, ...(config.host ? { host: config.host } : {}) }));
  }
}

async function main(): Promise<void> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  let config: Config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger({ level: config.logLevel });
  // Registered before anything starts: a stray rejection is logged (secrets redacted), never a raw stack.
  process.on('unhandledRejection', (reason) => logger.error('unhandled rejection', { error: reason }));
  let store;
  try {
    store = await openConfiguredStore(config, logger);
  } catch (error) {
    if (error instanceof StoreLoadError) {
      process.stderr.write(`Breakouts cannot start: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const metrics = createPrometheusMetrics({ store, logger });
  const running: RunningAdapter[] = [];
  let phase: 'starting' | 'running' | 'draining' = 'starting';
  const ops = createOpsRoutes({
    store,
    adapters: () => running,
    metrics,
    ...(config.metricsToken ? { metricsToken: config.metricsToken } : {}),
    starting: () => phase === 'starting',
    draining: () => phase === 'draining',
    logger,
  });
  const engine = instrumentEngine(createEngine({ store, clock: systemClock, random: systemRandom }), metrics);
  const deps: AdapterDeps = { config, engine, store, clock: systemClock, random: systemRandom, logger, metrics, ops };
  await startAdapters(deps, config, running);
  // Discord alone, or Slack in Socket Mode: nothing listens on PORT, so the ops endpoints get a server of their own.
  const opsServer = running.some((a) => a.servesPort) ? undefined : await startOpsServer(ops, { port: config.port, ...(config.host ? { host: config.host } : {}) });
  phase = 'running';
  for (const adapter of running) process.stdout.write(`${adapter.description}\n`);
  if (opsServer) process.stdout.write(`Health and metrics: port ${opsServer.port} (/healthz, /metrics)\n`);
  const shutdown = createShutdown({
    adapters: () => running,
    store,
    ...(opsServer ? { opsServer } : {}),
    markDraining: () => (phase = 'draining'),
    drainMs: config.drainSeconds * 1000,
    logger,
    exit: (code) => process.exit(code),
  });
  // onSignal handles its own failures (logged, exit 1): nothing is left to reject.
  const onSignal = (signal: NodeJS.Signals): void => void shutdown.onSignal(signal);
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}

main().catch((error: unknown) => {
  process.stderr.write(`Breakouts failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
