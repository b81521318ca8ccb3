// `npm start`, the composition root: read the configuration, open the store, build the engine,
// start the adapters the configuration asks for (Slack, Discord, or the local playground), and
// stop cleanly on a signal. It lives beside the adapters so that src/ never imports one.
import { existsSync } from 'node:fs';
import { ConfigError, loadConfig, type Config } from '../src/runtime/config.ts';
import { createEngine } from '../src/engine/engine.ts';
import { createLogger } from '../src/runtime/logger.ts';
import { systemClock, systemRandom } from '../src/ports.ts';
import { openConfiguredStore, StoreLoadError } from '../src/store/store.ts';
import { noOps, type AdapterDeps, type RunningAdapter } from '../src/runtime/adapter.ts';
import { noMetrics } from '../src/runtime/metrics.ts';

async function startAdapters(deps: AdapterDeps, config: Config): Promise<RunningAdapter[]> {
  const running: RunningAdapter[] = [];
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
  return running;
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
  const deps: AdapterDeps = { config, engine: createEngine({ store, clock: systemClock, random: systemRandom }), store, clock: systemClock, random: systemRandom, logger, metrics: noMetrics, ops: noOps };
  const running = await startAdapters(deps, config);
  for (const adapter of running) process.stdout.write(`${adapter.description}\n`);

  const stop = async (signal: string): Promise<void> => {
    logger.info('stopping', { signal });
    await Promise.allSettled(running.map((a) => a.stop()));
    await store.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
  process.stderr.write(`Breakouts failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
