// Carries out what the engine decided, through the room-platform port each adapter implements:
// board updates, DMs, live moves, and the resumable fan-out of apply / start / end, step by
// step, recording each finished step so a crash half-way resumes without repeating anything.
import type { Meeting, Step } from '../domain/meeting.ts';
import type { Success } from '../domain/outcome.ts';
import { StepFailure, type RoomPlatform } from './room-platform.ts';
import type { Clock } from '../ports.ts';
import { SYSTEM_ACTOR } from '../domain/actor.ts';
import type { Engine } from '../engine/engine.ts';
import { roomNotice } from '../domain/messages.ts';
import type { Logger } from '../runtime/logger.ts';
import { StoreUnavailableError } from '../store/failures.ts';

export interface RunnerOptions {
  readonly engine: Engine;
  readonly platform: RoomPlatform;
  readonly clock: Clock;
  readonly logger: Logger;
  /** At most one board update per this many ms while a run is going (rate limits). */
  readonly boardIntervalMs?: number;
  /** How many steps of one kind run at once. */
  readonly concurrency?: number;
  /**
   * Redraw the board with the run's progress: through the board's own outbox entry, so that one
   * process at a time draws it, at the board's pace.
   */
  readonly redraw: (meeting: Meeting) => Promise<void>;
  /** Deliver what recording steps caused (a room's status once it is open). */
  readonly deliver?: (outcome: Success) => Promise<unknown>;
  /** How long a finished step may wait for the others under way, to be recorded with them. Default 10 ms. */
  readonly batchWaitMs?: number;
}

/** A finished (or failed) step as the `step` command records it. */
export interface StepDone {
  readonly key: string;
  readonly resourceId?: string;
  readonly resources?: Readonly<Record<string, string>>;
  readonly unreachable?: readonly string[];
  readonly failed?: string;
}

export interface Runner {
  /**
   * Carry out the pending steps of a run (also used to resume after a crash). It rejects when
   * the run stops on an unexpected error: the deliverer releases the run's entry for a retry.
   */
  run(meetingId: string, runId: string): Promise<void>;
}

// Start runs prepare, open, welcome, notify; end runs close the rooms, then tell phone callers.
const PHASES: readonly Step['kind'][] = ['prepare', 'open', 'welcome', 'close', 'notify'];

export function createRunner(options: RunnerOptions): Runner {
  const { engine, platform, clock, logger, redraw } = options;
  const boardIntervalMs = options.boardIntervalMs ?? 2000;
  const concurrency = options.concurrency ?? 4;
  const batchWaitMs = options.batchWaitMs ?? 10;
  const active = new Map<string, Promise<void>>();

  async function latest(meetingId: string): Promise<Meeting | undefined> {
    return engine.get({ meetingId });
  }

  /**
   * Record finished steps. A run that was replaced or ended meanwhile ('stale') just stops; any
   * other refusal stops the run with its reason, since an unrecorded step would be run again and
   * again (a store that cannot save would otherwise invite the same room forever).
   */
  async function record(meetingId: string, runId: string, done: readonly StepDone[]): Promise<void> {
    const outcome = await engine.execute({ target: { meetingId }, actor: SYSTEM_ACTOR, command: 'step', input: { runId, done } });
    if (outcome.ok) {
      if (outcome.effects.length > 0) await options.deliver?.(outcome);
      return;
    }
    if (outcome.code === 'stale') return;
    const keys = done.map((d) => d.key).join(', ');
    logger.warn('steps not recorded', { meetingId, runId, keys, code: outcome.code });
    throw outcome.code === 'unavailable' ? new StoreUnavailableError(outcome.message) : new Error(`Steps ${keys} could not be recorded (${outcome.code}): ${outcome.message}`);
  }

  /**
   * Finished steps wait here to be recorded together: a batch is written once every worker has
   * finished its step (or after batchWaitMs), so a start writes once per round of workers rather
   * than once per step. A worker takes its next step only once its step is recorded, so what a
   * crash can repeat stays at most one step per worker.
   */
  function createRecorder(meetingId: string, runId: string) {
    let working = 0;
    let waiting: { readonly done: StepDone; readonly settle: (error?: unknown) => void }[] = [];
    let writing = false;
    let timer: NodeJS.Timeout | undefined;

    function flush(): void {
      if (timer) clearTimeout(timer);
      timer = undefined;
      if (writing || waiting.length === 0) return;
      const batch = waiting;
      waiting = [];
      writing = true;
      record(meetingId, runId, batch.map((w) => w.done))
        .then(
          () => batch.forEach((w) => w.settle()),
          (error: unknown) => batch.forEach((w) => w.settle(error ?? new Error('steps not recorded'))),
        )
        .finally(() => {
          writing = false;
          consider();
        });
    }

    function consider(): void {
      if (writing || waiting.length === 0) return;
      if (waiting.length >= working) flush();
      else timer ??= setTimeout(flush, batchWaitMs);
    }

    return {
      /** Run a worker: while it works, finished steps may wait (briefly) for its step to join them. */
      async worker(work: () => Promise<void>): Promise<void> {
        working += 1;
        try {
          await work();
        } finally {
          working -= 1;
          consider();
        }
      },
      /** Resolves once the step is recorded; rejects when recording failed. */
      add(done: StepDone): Promise<void> {
        return new Promise<void>((resolve, reject) => {
          waiting.push({ done, settle: (error) => (error === undefined ? resolve() : reject(error)) });
          consider();
        });
      },
    };
  }

  async function runStep(meeting: Meeting, step: Step): Promise<Omit<StepDone, 'key'>> {
    const room = step.room !== undefined ? meeting.rooms[step.room - 1] : undefined;
    const members = room ? meeting.attendees.filter((a) => a.room === room.number) : [];
    switch (step.kind) {
      case 'prepare': {
        if (!room) return { failed: `Room ${step.room} no longer exists.` };
        const made = await platform.prepareRoom(meeting, room);
        return { resourceId: made.resourceId, ...(made.resources ? { resources: made.resources } : {}) };
      }
      case 'open': {
        if (!room || members.length === 0) return {};
        if (!room.resourceId) return { failed: `${room.name} could not be prepared.`, unreachable: members.map((m) => m.id) };
        const { unreachable } = await platform.openRoom(meeting, room, members);
        return unreachable.length > 0 ? { unreachable: [...unreachable] } : {};
      }
      case 'welcome':
        if (room && room.resourceId && members.length > 0) await platform.welcomeRoom(meeting, room, members);
        return {};
      case 'close':
        if (room && room.resourceId) await platform.closeRoom(meeting, room, members);
        return {};
      case 'notify': {
        const attendee = meeting.attendees.find((a) => a.id === step.to);
        const message = attendee && step.reason ? roomNotice(meeting, attendee, step.reason) : undefined;
        if (attendee && message) await platform.sendDirect(meeting, attendee.id, message);
        return {};
      }
    }
  }

  async function runOnce(meetingId: string, runId: string): Promise<void> {
    let lastBoard = 0;
    const maybeBoard = async (force: boolean): Promise<void> => {
      const now = clock.now().getTime();
      if (!force && now - lastBoard < boardIntervalMs) return;
      lastBoard = now;
      const meeting = await latest(meetingId);
      if (meeting) await redraw(meeting).catch((error: unknown) => logger.warn('board update failed', { meetingId, error }));
    };
    await maybeBoard(true);
    for (const phase of PHASES) {
      // Re-read between phases: opening rooms may add notices for people who were not reached.
      for (;;) {
        const meeting = await latest(meetingId);
        const run = meeting?.run;
        if (!meeting || !run || run.id !== runId || run.finished) {
          await maybeBoard(true);
          return;
        }
        const pending = run.steps.filter((s) => s.kind === phase && s.state === 'pending');
        if (pending.length === 0) break;
        let next = 0;
        const recorder = createRecorder(meetingId, runId);
        // An unexpected error stops every worker from taking a new step; the steps already
        // under way finish and are recorded, so a resume repeats nothing that was done.
        let crash: { error: unknown } | undefined;
        const worker = async (): Promise<void> => {
          while (!crash && next < pending.length) {
            const step = pending[next++]!;
            let extra: Omit<StepDone, 'key'>;
            try {
              extra = await runStep(meeting, step);
            } catch (error) {
              if (!(error instanceof StepFailure)) {
                crash ??= { error };
                return;
              }
              extra = { failed: error.message };
            }
            try {
              await recorder.add({ key: step.key, ...extra });
            } catch (error) {
              crash ??= { error };
              return;
            }
            await maybeBoard(false);
          }
        };
        await Promise.all(Array.from({ length: Math.min(concurrency, pending.length) }, () => recorder.worker(worker)));
        if (crash) {
          await maybeBoard(true);
          throw crash.error;
        }
      }
    }
    await maybeBoard(true);
  }

  async function run(meetingId: string, runId: string): Promise<void> {
    // One execution per run at a time: a double-clicked Start joins the one under way.
    const existing = active.get(runId);
    if (existing) return existing;
    const promise = runOnce(meetingId, runId).finally(() => active.delete(runId));
    active.set(runId, promise);
    return promise;
  }

  return {
    run,
  };
}
