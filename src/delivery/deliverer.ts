// Carries out the effects the engine wrote to the outbox, through the adapter's RoomPlatform: the
// process that made a change delivers its effects at once; a sweeper delivers whatever else waits
// (after a restart, or a process that died holding a lease). Every entry is claimed under a lease,
// so no two deliverers send the same effect, and settled once done: an effect is sent twice only
// if a crash lands between the platform call and its settle, and the process's send gate keeps
// at most `sendsAtOnce` sends under way (whatever number of meetings it is starting).
import { hostname } from 'node:os';
import { digestText } from '../domain/digest.ts';
import { helpCopyText, roomStatusLine } from '../domain/facilitation.ts';
import type { Meeting, Platform, Room } from '../domain/meeting.ts';
import { folds, type Effect, type Success } from '../domain/outcome.ts';
import { randomId } from '../domain/random.ts';
import type { Engine } from '../engine/engine.ts';
import { SYSTEM_ACTOR } from '../engine/engine.ts';
import type { Clock } from '../ports.ts';
import type { Logger } from '../runtime/logger.ts';
import { noMetrics, type Metrics } from '../runtime/metrics.ts';
import { outboxEntries } from '../store/outbox.ts';
import type { MeetingStore, OutboxEntry } from '../store/port.ts';
import { StepFailure, type RoomPlatform } from './room-platform.ts';
import { createRunner } from './runner.ts';
import { createSendGate, gateSends } from './send-gate.ts';

/** An effect that could not be carried out, with its error (for the person who acted). */
export interface EffectFailure {
  readonly effect: Effect;
  readonly error: unknown;
}

export interface DelivererOptions {
  readonly store: MeetingStore;
  readonly engine: Engine;
  readonly platform: RoomPlatform;
  readonly clock: Clock;
  readonly logger: Logger;
  /** The platform whose meetings this deliverer serves. */
  readonly serves: Platform;
  /** Only meetings in these workspaces (a process running some Discord shards: the servers it has). */
  readonly workspaces?: () => readonly string[];
  /**
   * How long a claim holds; it is renewed while the work goes on, so a process that dies lets go
   * of its work within this time and another process finishes it. Default 10 s.
   */
  readonly leaseMs?: number;
  /**
   * A board is held this long after each update (no other process updates it meanwhile), then
   * shown again if it changed since: at most one update per board per this many ms. Default 1 s.
   */
  readonly boardPaceMs?: number;
  readonly metrics?: Metrics;
  /** How often the sweeper looks for effects nobody delivers. Default 2 s. */
  readonly sweepEveryMs?: number;
  /** Effects younger than this are left to the process that wrote them. Default 5 s. */
  readonly graceMs?: number;
  /** Entries the sweeper claims at once. Default 4. */
  readonly concurrency?: number;
  /**
   * Platform sends (invites, DMs, welcomes, moves) under way at once in this process, across all
   * meetings: what one crash may repeat. Default 4.
   */
  readonly sendsAtOnce?: number;
  /** Steps of one run carried out at once. Default 4. */
  readonly stepsAtOnce?: number;
  /** During a run, at most one board update per this many ms. Default 2 s. */
  readonly boardIntervalMs?: number;
  /** After this many attempts an effect that keeps failing is given up (and logged). Default 6. */
  readonly maxAttempts?: number;
}

export interface Deliverer {
  /** Deliver the effects of an outcome this process just wrote; resolves with what could not be done. */
  deliver(outcome: Success): Promise<readonly EffectFailure[]>;
  /**
   * Redraw the meeting's board (a refused click, Refresh, a run's progress) through its outbox
   * entry: the process holding the board draws it at its pace, never two at once. Throws when the
   * update failed, with the platform's error.
   */
  redraw(meeting: Meeting): Promise<void>;
  /** Deliver everything waiting now (start-up), then keep sweeping until stopped. */
  start(): void;
  /** One sweep: whatever waits and nobody holds (tests, start-up). */
  sweep(options?: { readonly olderThanMs?: number }): Promise<void>;
  /** Resolves once nothing is being delivered (tests, shutdown). */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

/** A board held after an update: who waits for its next one. */
interface BoardHold {
  /** Each is told how the update that showed their change went (an error when it failed). */
  waiting: ((error?: unknown) => void)[];
}

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
  const holding = new Map<string, BoardHold>();
  let timer: NodeJS.Timeout | undefined;
  const wakers = new Set<NodeJS.Timeout>();
  let sweeping: Promise<void> | undefined;
  let stopped = false;

  function track<T>(work: Promise<T>): Promise<T> {
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work)).catch(() => undefined);
    return work;
  }

  /** While rooms are open a move takes effect at once; a room never prepared gets its resource first. */
  async function moveLive(meeting: Meeting, effect: Extract<Effect, { type: 'live-move' }>): Promise<void> {
    const attendee = meeting.attendees.find((a) => a.id === effect.attendeeId);
    if (!attendee) return;
    let to = effect.to === null ? null : (meeting.rooms[effect.to - 1] ?? null);
    if (to && !to.resourceId) {
      const made = await platform.prepareRoom(meeting, to);
      await engine.execute({ target: { meetingId: meeting.id }, actor: SYSTEM_ACTOR, command: 'resource', input: { room: to.number, resourceId: made.resourceId } });
      to = { ...to, resourceId: made.resourceId };
    }
    const from = effect.from === null ? null : (meeting.rooms[effect.from - 1] ?? null);
    await platform.moveLive(meeting, attendee, from, to);
  }

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

  /** A system command's outcome (a tick, a recorded help copy) is delivered like any change's. */
  async function system(meetingId: string, command: 'tick' | 'help-copy', input: Record<string, unknown>): Promise<void> {
    const outcome = await engine.execute({ target: { meetingId }, actor: SYSTEM_ACTOR, command, input });
    if (!outcome.ok) {
      if (outcome.code === 'unavailable') throw new Error(outcome.message);
      logger.debug('system command refused', { command, code: outcome.code, message: outcome.message });
      return;
    }
    if (outcome.changed) await deliverOutcome(outcome);
  }

  async function sendDirect(meeting: Meeting, effect: Extract<Effect, { type: 'dm' }>): Promise<void> {
    const sent = await platform.sendDirect(meeting, effect.to, effect.message);
    // Every facilitator's copy of a help request is remembered, so that all of them can be updated.
    if (effect.message.kind === 'help-request' && sent?.ref) await system(meeting.id, 'help-copy', { requestId: effect.message.requestId, to: effect.to, ref: sent.ref });
  }

  /** A room that is open on the platform now, or undefined (breakouts ended meanwhile: nothing to post or show). */
  function openRoom(meeting: Meeting, number: number): Room | undefined {
    const room = meeting.rooms[number - 1];
    return meeting.status === 'started' && room?.resourceId ? room : undefined;
  }

  async function perform(entry: OutboxEntry): Promise<void> {
    const meeting = await engine.get({ meetingId: entry.meetingId });
    if (!meeting) return;
    const effect = entry.effect;
    switch (effect.type) {
      case 'board':
        return platform.updateBoard(meeting);
      case 'dm':
        return sendDirect(meeting, effect);
      case 'live-move':
        return moveLive(meeting, effect);
      case 'run':
        return runner.run(entry.meetingId, effect.runId);
      case 'room-post': {
        const room = openRoom(meeting, effect.room);
        return room ? platform.postToRoom(meeting, room, effect.message) : undefined;
      }
      case 'room-status': {
        const room = meeting.rooms[effect.room - 1];
        return room?.resourceId ? platform.setRoomStatus(meeting, room, meeting.status === 'started' ? roomStatusLine(meeting, room.number) : '') : undefined;
      }
      case 'visit': {
        if (effect.room === null) return platform.visit(meeting, effect.person, null);
        const room = openRoom(meeting, effect.room);
        return room ? platform.visit(meeting, effect.person, room) : undefined;
      }
      case 'help-update': {
        const request = meeting.help?.find((h) => h.id === effect.requestId);
        if (!request) return;
        const text = helpCopyText(meeting, request);
        for (const copy of request.copies) await platform.updateHelpCopy(meeting, copy, text);
        return;
      }
      case 'tick':
        return system(meeting.id, 'tick', { due: effect.due });
      case 'digest': {
        const text = digestText(meeting, effect.round);
        return text ? platform.postToMain(meeting, text) : undefined;
      }
      case 'room-cap': {
        const room = meeting.rooms[effect.room - 1];
        return room?.resourceId ? platform.setRoomCap(meeting, room, meeting.settings.roomCap ?? null) : undefined;
      }
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
