// The drain on SIGTERM/SIGINT: stop taking work (health answers 503 "draining" so a load balancer
// stops sending), let each adapter finish what it has under way (its deliverer included), close
// the store, exit 0. Past the drain time it logs what was still running and exits 1; a second
// signal exits at once.
import type { RunningAdapter } from './adapter.ts';
import type { Logger } from './logger.ts';

export interface ShutdownOptions {
  readonly adapters: () => readonly RunningAdapter[];
  readonly store: { close(): Promise<void> };
  /** Closed last: it keeps answering /healthz (503 draining) while the rest drains. */
  readonly opsServer?: { close(): Promise<void> };
  /** Called first, so health reports the drain at once. */
  readonly markDraining: () => void;
  readonly drainMs: number;
  readonly logger: Logger;
  /** process.exit in the app; tests record the code. */
  readonly exit: (code: number) => void;
}

export interface Shutdown {
  /** What a signal starts: the drain the first time, an immediate exit the second time. */
  onSignal(signal: string): Promise<void>;
}

export function createShutdown(options: ShutdownOptions): Shutdown {
  const { logger } = options;
  let draining = false;
  let exited = false;
  const exit = (code: number): void => {
    if (exited) return;
    exited = true;
    options.exit(code);
  };

  async function drain(signal: string): Promise<void> {
    options.markDraining();
    const started = Date.now();
    const adapters = options.adapters();
    const underWay = new Set<string>(adapters.map((a) => a.name));
    logger.info('stopping: health answers 503 draining; finishing the work under way', { signal, drainSeconds: options.drainMs / 1000 });
    const deadline = setTimeout(() => {
      logger.error('stopping: the work under way took longer than BREAKOUTS_DRAIN_SECONDS; exiting without it', { drainSeconds: options.drainMs / 1000, stillRunning: [...underWay] });
      exit(1);
    }, options.drainMs);
    let clean = true;
    try {
      await Promise.all(
        adapters.map(async (adapter) => {
          try {
            await adapter.stop();
            logger.info('stopping: adapter stopped', { adapter: adapter.name, ms: Date.now() - started });
          } catch (error) {
            clean = false;
            logger.error('stopping: an adapter failed to stop cleanly', { adapter: adapter.name, error });
          } finally {
            underWay.delete(adapter.name);
          }
        }),
      );
      underWay.add('store');
      try {
        await options.store.close();
        logger.info('stopping: store closed', { ms: Date.now() - started });
      } catch (error) {
        clean = false;
        logger.error('stopping: the store failed to close cleanly', { error });
      }
      underWay.delete('store');
      await options.opsServer?.close();
    } finally {
      clearTimeout(deadline);
    }
    if (exited) return;
    logger.info('stopped', { ms: Date.now() - started, clean });
    exit(clean ? 0 : 1);
  }

  return {
    async onSignal(signal) {
      if (draining) {
        logger.warn('stopping now: a second signal, so the work under way is left unfinished', { signal });
        exit(1);
        return;
      }
      draining = true;
      try {
        await drain(signal);
      } catch (error) {
        logger.error('stopping failed', { error });
        exit(1);
      }
    },
  };
}
