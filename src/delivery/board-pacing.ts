// Paces board updates: one in flight per board, at most one per pace, the last change always shown,
// and whoever changed the meeting meanwhile told how the update that showed it went.
import type { Platform } from '../domain/meeting.ts';
import type { Clock } from '../ports.ts';
import type { Logger } from '../runtime/logger.ts';
import type { Metrics } from '../runtime/metrics.ts';
import type { MeetingStore, OutboxEntry } from '../store/port.ts';
import type { EffectFailure } from './deliverer-types.ts';
import type { Leases } from './outbox-leases.ts';

/** A board held after an update: who waits for its next one. */
interface BoardHold {
  /** Each is told how the update that showed their change went (an error when it failed). */
  waiting: ((error?: unknown) => void)[];
}

export interface BoardPacingOptions {
  readonly store: MeetingStore;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly serves: Platform;
  readonly boardPaceMs: number;
  readonly leases: Leases;
  readonly perform: (entry: OutboxEntry) => Promise<void>;
  /** Background work the deliverer waits for when idle or stopping. */
  readonly track: <T>(work: Promise<T>) => Promise<T>;
}

export interface BoardPacer {
  carryBoard(entry: OutboxEntry): Promise<EffectFailure | undefined>;
  nextShow(id: string): Promise<unknown> | undefined;
}

export function createBoardPacer({ store, clock, logger, metrics, serves, boardPaceMs, leases, perform, track }: BoardPacingOptions): BoardPacer {
  const { held, failed, secondsSince } = leases;
  const holding = new Map<string, BoardHold>();

  /**
   * Show the board, then hold it for the pace: no other process updates it meanwhile, and changes
   * that arrive count up the entry's revision. After the pause the entry is settled, or, when it
   * changed, shown again (the newest state) — so one update is in flight per board, at most one
   * per pace, and the last change is always shown. Resolves after the first update; the holding
   * goes on in the background.
   */
  async function carryBoard(entry: OutboxEntry): Promise<EffectFailure | undefined> {
    try {
      await held(entry, () => perform(entry));
    } catch (error) {
      return failed(entry, error);
    }
    metrics.effectDelivered('board', 'done', secondsSince(entry.createdAt));
    metrics.boardShown(serves, secondsSince(entry.createdAt));
    const hold: BoardHold = { waiting: [] };
    holding.set(entry.id, hold);
    void track(holdBoard(entry, hold).finally(() => {
      holding.delete(entry.id);
      for (const wake of hold.waiting) wake();
    }));
    return undefined;
  }

  async function holdBoard(first: OutboxEntry, hold: BoardHold): Promise<void> {
    let entry = first;
    for (;;) {
      const shownAt = clock.now().toISOString();
      await held(entry, () => new Promise((resolve) => setTimeout(resolve, boardPaceMs)));
      let newer: { readonly rev: number } | undefined;
      try {
        newer = await store.settleRevision(entry.id, entry.rev);
      } catch (error) {
        // Not settled: the lease runs out and a sweeper shows the board again (harmless).
        logger.warn('board not settled', { entry: entry.id, error });
        return;
      }
      if (!newer) return;
      entry = { ...entry, rev: newer.rev };
      // Whoever waits now sees their change in this update (it reads the meeting afresh).
      const woken = hold.waiting;
      hold.waiting = [];
      try {
        await held(entry, () => perform(entry));
        metrics.boardShown(serves, secondsSince(shownAt));
        for (const wake of woken) wake();
      } catch (error) {
        for (const wake of woken) wake(error);
        await failed(entry, error);
        return;
      }
    }
  }

  /** A board this process holds: the change's own update comes from the holder, once its pause is over. */
  function nextShow(id: string): Promise<unknown> | undefined {
    const hold = holding.get(id);
    return hold ? new Promise<unknown>((resolve) => hold.waiting.push(resolve)) : undefined;
  }

  return { carryBoard, nextShow };
}
