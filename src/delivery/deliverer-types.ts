// What a deliverer is given and what it offers, apart from how it works, so the pieces it is built
// from (leases, board pacing, effect dispatch) can name them without importing the deliverer.
import type { Meeting, Platform } from '../domain/meeting.ts';
import type { Effect, Success } from '../domain/outcome.ts';
import type { Engine } from '../engine/engine.ts';
import type { Clock } from '../ports.ts';
import type { Logger } from '../runtime/logger.ts';
import type { Metrics } from '../runtime/metrics.ts';
import type { MeetingStore } from '../store/port.ts';
import type { RoomPlatform } from './room-platform.ts';

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
