// What an adapter builds to carry out outcomes, for tests that drive the engine directly: a
// deliverer over the given store and platform, and carryOut(outcome) as an adapter would.
import { createDeliverer, type DelivererOptions, type EffectFailure } from '../../src/delivery/deliverer.ts';
import type { RoomPlatform } from '../../src/delivery/room-platform.ts';
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
  options: { readonly clock?: Clock; readonly logger?: Logger } & Pick<DelivererOptions, 'stepsAtOnce' | 'sendsAtOnce' | 'boardIntervalMs' | 'boardPaceMs'> = {},
): Carrier {
  const clock = options.clock ?? { now: () => new Date() };
  const logger = options.logger ?? silentLogger;
  const { clock: _clock, logger: _logger, ...tuning } = options;
  const deliverer = createDeliverer({ store, engine, platform, clock, logger, serves: 'playground', boardPaceMs: 0, ...tuning });
  return { carryOut: async (outcome) => (outcome.ok && !outcome.duplicate ? deliverer.deliver(outcome) : []) };
}
