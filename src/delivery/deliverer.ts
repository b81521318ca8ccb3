// Carries out the effects the engine wrote to the outbox, through the adapter's RoomPlatform: the
// process that made a change delivers its effects at once; a sweeper delivers whatever else waits
// (after a restart, or a process that died holding a lease). Every entry is claimed under a lease,
// so no two deliverers send the same effect, and settled once done: an effect is sent twice only
// if a crash lands between the platform call and its settle, and the process's send gate keeps
// at most `sendsAtOnce` sends under way (whatever number of meetings it is starting).
import { hostname } from 'node:os';
import type { Meeting } from '../domain/meeting.ts';
import { folds, type Effect, type Success } from '../domain/outcome.ts';
import { randomId } from '../domain/random.ts';
import { noMetrics } from '../runtime/metrics.ts';
import { outboxEntries } from '../store/outbox.ts';
import type { OutboxEntry } from '../store/port.ts';
import { createBoardPacer } from './board-pacing.ts';
import type { Deliverer, DelivererOptions, EffectFailure } from './deliverer-types.ts';
import { createPerform } from './effect-dispatch.ts';
import { createLeases } from './outbox-leases.ts';
import { createRunner } from './runner.ts';
import { createSendGate, gateSends } from './send-gate.ts';

export type { Deliverer, DelivererOptions, EffectFailure } from './deliverer-types.ts';

/** The order a change's effects go out in: the board first (everyone sees it), then moves, DMs, long runs. */
const ORDER: Readonly<Record<Effect['type'], number>> = {
  board: 0,
  'room-status': 1,
  'live-move': 2,
  visit: 2,
  'room-post': 3,
  dm: 4,
  'help-update': 5,
  run: 6,
  tick: 7,
  'room-cap': 2,
  digest: 5,
};

export function createDeliverer(options: DelivererOptions): Deliverer {
  const { store, engine, clock, logger, serves } = options;
  const platform = gateSends(options.platform, createSendGate(options.sendsAtOnce ?? 4));
  const runner = createRunner({
    engine,
    platform,
    clock,
    logger,
    redraw: async (meeting) => {
      await redraw(meeting);
    },
    deliver: (outcome) => deliverOutcome(outcome),
    ...(options.stepsAtOnce !== undefined ? { concurrency: options.stepsAtOnce } : {}),
    ...(options.boardIntervalMs !== undefined ? { boardIntervalMs: options.boardIntervalMs } : {}),
  });
  const leaseMs = options.leaseMs ?? 10_000;
  const boardPaceMs = options.boardPaceMs ?? 1_000;
  const metrics = options.metrics ?? noMetrics;
  const sweepEveryMs = options.sweepEveryMs ?? 2_000;
  const graceMs = options.graceMs ?? 5_000;
  const concurrency = options.concurrency ?? 4;
  const maxAttempts = options.maxAttempts ?? 6;
  const owner = `${hostname()}:${process.pid}:${randomId({ next: Math.random }, 6)}`;
  const inFlight = new Set<Promise<unknown>>();
  let timer: NodeJS.Timeout | undefined;
  const wakers = new Set<NodeJS.Timeout>();
  let sweeping: Promise<void> | undefined;
  let stopped = false;

  function track<T>(work: Promise<T>): Promise<T> {
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work)).catch(() => undefined);
    return work;
  }

  const leases = createLeases({ store, clock, logger, metrics, owner, leaseMs, maxAttempts });
  const { held, failed, secondsSince } = leases;
  const perform = createPerform({ engine, platform, runner, logger, deliverOutcome });
  const { carryBoard, nextShow } = createBoardPacer({ store, clock, logger, metrics, serves, boardPaceMs, leases, perform, track });

  /** Carry out one claimed entry and settle it; a failure is released for a retry, or given up. */
  async function carry(entry: OutboxEntry): Promise<EffectFailure | undefined> {
    if (entry.effect.type === 'board') return carryBoard(entry);
    try {
      await held(entry, () => perform(entry));
      if (folds(entry.effect)) {
        // Written again while it was being shown: shown again, with the newest state.
        for (let newer = await store.settleRevision(entry.id, entry.rev); newer; newer = await store.settleRevision(entry.id, newer.rev)) {
          await held(entry, () => perform(entry));
        }
      } else await store.settle([entry.id]);
      metrics.effectDelivered(entry.effect.type, 'done', secondsSince(entry.createdAt));
      return undefined;
    } catch (error) {
      return failed(entry, error);
    }
  }

  async function sweep(opts: { olderThanMs?: number } = {}): Promise<void> {
    for (;;) {
      const workspaces = options.workspaces?.();
      const entries = await store.claim({ owner, limit: concurrency, leaseMs, olderThanMs: opts.olderThanMs ?? graceMs, platform: serves, at: clock.now(), ...(workspaces ? { workspaces } : {}) });
      if (entries.length === 0) return;
      // Runs go on in the background (they may take minutes); the rest is carried out now.
      for (const e of entries.filter((x) => x.effect.type === 'run')) void track(carry(e));
      await Promise.all(entries.filter((x) => x.effect.type !== 'run').map((e) => track(carry(e))));
      if (entries.length < concurrency || stopped) return;
    }
  }

  /** A deadline this process wrote: it sweeps then (any other process finds it on its own sweeps). */
  function wakeAt(due: string): void {
    if (stopped) return;
    const wake = setTimeout(() => {
      wakers.delete(wake);
      void track(sweep({ olderThanMs: 0 }).catch((error: unknown) => logger.warn('outbox sweep failed', { error })));
    }, Math.max(0, Date.parse(due) - clock.now().getTime()) + 50);
    wake.unref();
    wakers.add(wake);
  }

  async function deliverOutcome(outcome: Success): Promise<readonly EffectFailure[]> {
    const entries = outboxEntries(outcome.meeting, outcome.effects, clock.now());
    // A tick waits for its deadline: it is never delivered with the change that wrote it.
    for (const e of entries) if (e.notBefore) wakeAt(e.notBefore);
    const ids = entries.filter((e) => !e.notBefore).map((e) => e.id);
    if (ids.length === 0) return [];
    const claimed = await store.claim({ owner, limit: ids.length, leaseMs, ids, at: clock.now() });
    const byOrder = [...claimed].sort((a, b) => ORDER[a.effect.type] - ORDER[b.effect.type]);
    // The board update starts first but is paced (one a second): the moves and DMs do not wait
    // for it, so they go out at once while the board catches up with the newest state.
    const boards = byOrder.filter((e) => e.effect.type === 'board').map((e) => track(carry(e)));
    // A board this process already holds shows this change in its next update: wait for that.
    const claimedIds = new Set(claimed.map((e) => e.id));
    const later = ids.filter((id) => !claimedIds.has(id)).map(nextShow).filter((p) => p !== undefined);
    const failures: EffectFailure[] = [];
    for (const entry of byOrder.filter((e) => e.effect.type !== 'board')) {
      const failure = await track(carry(entry));
      if (failure) failures.push(failure);
    }
    for (const failure of await Promise.all(boards)) if (failure) failures.unshift(failure);
    // The holder's update that shows this change failed: it is this change's board failure too.
    for (const error of await Promise.all(later)) if (error !== undefined) failures.unshift({ effect: { type: 'board' }, error });
    return failures;
  }

  async function redraw(meeting: Meeting): Promise<void> {
    const entries = outboxEntries(meeting, [{ type: 'board' }], clock.now());
    // Written (or its revision counted up) without touching the meeting, then delivered as a change's board is.
    await store.update(meeting.key, (current) => (current ? { outbox: entries, value: undefined } : { value: undefined }));
    const failures = await deliverOutcome({ ok: true, meeting, effects: [{ type: 'board' }], reply: '', changed: false });
    if (failures[0]) throw failures[0].error;
  }

  function schedule(): void {
    if (stopped) return;
    timer = setTimeout(() => {
      sweeping = sweep()
        .catch((error: unknown) => logger.warn('outbox sweep failed', { error }))
        .finally(() => {
          sweeping = undefined;
          schedule();
        });
    }, sweepEveryMs);
    timer.unref();
  }

  return {
    deliver: deliverOutcome,
    redraw,

    start() {
      stopped = false;
      sweeping = sweep({ olderThanMs: 0 })
        .catch((error: unknown) => logger.warn('outbox sweep failed', { error }))
        .finally(() => {
          sweeping = undefined;
          schedule();
        });
    },

    sweep,

    async idle() {
      while (inFlight.size > 0 || sweeping) {
        await Promise.allSettled([...inFlight]);
        await sweeping;
      }
    },

    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      for (const wake of wakers) clearTimeout(wake);
      wakers.clear();
      await sweeping;
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
  };
}
