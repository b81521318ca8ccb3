// What an adapter builds to carry out outcomes, for tests that drive the engine directly: a runner
// and a deliverer over the given store and platform, and carryOut(outcome) as an adapter would.
import { createDeliverer, type EffectFailure } from '../../src/delivery/deliverer.ts';
import type { RoomPlatform } from '../../src/delivery/room-platform.ts';
import { createRunner, type RunnerOptions } from '../../src/delivery/runner.ts';
import type { Outcome } from '../../src/domain/outcome.ts';
import type { Engine } from '../../src/engine/engine.ts';
import type { Clock } from '../../src/ports.ts';
import { silentLogger, type Logger } from '../../src/runtime/logger.ts';
import type { MeetingStore } from '../../src/store/port.ts';

export interface Carrier {
  /** Deliver an outcome's effects (its runs to the end), as the adapter would after answering. */
  carryOut(outcome: Outcome): Promise<readonly EffectFailure[]>;
}

export function createCarrier(
  engine: Engine,
  store: MeetingStore,
  platform: RoomPlatform,
  options: { readonly clock?: Clock; readonly logger?: Logger } & Pick<RunnerOptions, 'concurrency' | 'boardIntervalMs'> = {},
): Carrier {
  const clock = options.clock ?? { now: () => new Date() };
  const logger = options.logger ?? silentLogger;
  const runner = createRunner({ engine, platform, clock, logger, ...(options.concurrency !== undefined ? { concurrency: options.concurrency } : {}), ...(options.boardIntervalMs !== undefined ? { boardIntervalMs: options.boardIntervalMs } : {}) });
  const deliverer = createDeliverer({ store, engine, platform, runner, clock, logger, serves: 'playground' });
  return { carryOut: async (outcome) => (outcome.ok && !outcome.duplicate ? deliverer.deliver(outcome) : []) };
}
