// Work on a claimed outbox entry under its lease, and what happens to an entry whose work failed:
// released for a retry, or given up when retrying cannot help.
import type { Clock } from '../ports.ts';
import type { Logger } from '../runtime/logger.ts';
import type { Metrics } from '../runtime/metrics.ts';
import type { MeetingStore, OutboxEntry } from '../store/port.ts';
import type { EffectFailure } from './deliverer-types.ts';
import { StepFailure } from './room-platform.ts';

export interface LeaseOptions {
  readonly store: MeetingStore;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly metrics: Metrics;
  /** Who holds the claims (this deliverer). */
  readonly owner: string;
  readonly leaseMs: number;
  readonly maxAttempts: number;
}

export interface Leases {
  held<T>(entry: OutboxEntry, work: () => Promise<T>): Promise<T>;
  failed(entry: OutboxEntry, error: unknown): Promise<EffectFailure>;
  /** Seconds since an entry was written (for the metrics). */
  secondsSince(iso: string): number;
}

export function createLeases({ store, clock, logger, metrics, owner, leaseMs, maxAttempts }: LeaseOptions): Leases {
  /** Work on a claimed entry with its claim renewed meanwhile (a run takes minutes, a rate-limited DM seconds). */
  async function held<T>(entry: OutboxEntry, work: () => Promise<T>): Promise<T> {
    const renew = setInterval(() => void store.renew(owner, [entry.id], leaseMs).catch((error: unknown) => logger.warn('lease not renewed', { entry: entry.id, error })), Math.max(250, leaseMs / 3));
    renew.unref();
    try {
      return await work();
    } finally {
      clearInterval(renew);
    }
  }

  const secondsSince = (iso: string): number => Math.max(0, (clock.now().getTime() - Date.parse(iso)) / 1000);

  /** A failed entry: given up when the platform will refuse again (or after maxAttempts), else released for a retry. */
  async function failed(entry: OutboxEntry, error: unknown): Promise<EffectFailure> {
    const failure = { effect: entry.effect, error };
    // A refusal the platform will repeat (DMs closed, a channel gone): done, and said.
    if (error instanceof StepFailure || entry.attempts >= maxAttempts) {
      if (!(error instanceof StepFailure)) logger.error('effect given up after repeated failures', { entry: entry.id, effect: entry.effect.type, attempts: entry.attempts, error });
      await store.settle([entry.id]).catch((again: unknown) => logger.warn('effect not settled', { entry: entry.id, error: again }));
      metrics.effectDelivered(entry.effect.type, 'given-up', secondsSince(entry.createdAt));
      return failure;
    }
    logger.error('effect failed', { entry: entry.id, effect: entry.effect.type, attempts: entry.attempts, retry: 'later', error });
    const retryAt = new Date(clock.now().getTime() + Math.min(300_000, 2_000 * 2 ** entry.attempts));
    await store.release(entry.id, retryAt).catch((again: unknown) => logger.warn('effect not released', { entry: entry.id, error: again }));
    metrics.effectDelivered(entry.effect.type, 'retry', secondsSince(entry.createdAt));
    return failure;
  }

  return { held, failed, secondsSince };
}
