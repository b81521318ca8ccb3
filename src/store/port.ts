// The store port: what the engine and the deliverer need from storage, whichever store it is
// (memory, the embedded file store, PostgreSQL). Updates of one meeting are serialised, each seeing
// the previous one's result, so none is ever lost; the effects a change causes are written in the
// same write as the change (a transactional outbox), then claimed, delivered and settled.
import type { Meeting, Platform } from '../domain/meeting.ts';
import type { Effect } from '../domain/outcome.ts';

/** An effect waiting to be carried out: written with the change that caused it. */
export interface OutboxEntry {
  /** Stable and unique: the effect's idempotency key (see effectId in domain/outcome.ts). */
  readonly id: string;
  readonly meetingKey: string;
  readonly meetingId: string;
  readonly effect: Effect;
  readonly createdAt: string;
  /** How many times a deliverer has claimed it (a retry after a failure or a crash). */
  readonly attempts: number;
  /**
   * A board entry written again while it waits counts up its revision (one more redraw, folded into
   * the one waiting); any other entry written again stays as it is (the same effect, once).
   */
  readonly rev: number;
}

/** An entry as a change writes it; an entry whose id is already waiting is not written twice. */
export type NewOutboxEntry = Omit<OutboxEntry, 'attempts' | 'rev'> & {
  /** Not to be claimed before this time (a timer's deadline). */
  readonly notBefore?: string;
};

/**
 * What a store update decides: keep the meeting as it is (`meeting` undefined) or write the new
 * one, plus the effects to deliver (written atomically with it); `value` is handed back either way.
 */
export interface StoreChange<T> {
  readonly meeting?: Meeting;
  readonly outbox?: readonly NewOutboxEntry[];
  readonly value: T;
}

export interface ClaimRequest {
  readonly owner: string;
  readonly limit: number;
  readonly leaseMs: number;
  /**
   * Only these entries (the process that just wrote them delivers them at once); they are taken
   * even while they wait for a retry, since someone asked for them now (a resumed run).
   */
  readonly ids?: readonly string[];
  /** Only entries at least this old (a sweeper leaves fresh ones to the process that wrote them). */
  readonly olderThanMs?: number;
  /** Only entries of meetings on this platform (each adapter delivers its own). */
  readonly platform?: Platform;
  /** Only entries of meetings in these workspaces (a process running some Discord shards: its servers). */
  readonly workspaces?: readonly string[];
  /** The claimer's clock: entries due by then (a timer's deadline, a retry) may be taken. Default: now. */
  readonly at?: Date;
}

export interface MeetingStore {
  get(key: string): Promise<Meeting | undefined>;
  /**
   * A meeting by one of its other names (its short id, a room's platform resource, the board's
   * channel: see meetingAliases in domain/meeting.ts), without reading every meeting.
   */
  getByAlias(alias: string): Promise<Meeting | undefined>;
  /**
   * Read-modify-write of one meeting. Calls for the same key run one after another, each seeing
   * the previous one's result, so no update is ever lost. Calls that queue up while one is being
   * written may be written together (a group commit): each still sees the one before it, and each
   * learns of a failed write. A change may run again on a fresh read (a database connection lost
   * before the commit), so it must do nothing but compute what it returns.
   */
  update<T>(key: string, change: (current: Meeting | undefined) => StoreChange<T> | Promise<StoreChange<T>>): Promise<T>;
  /**
   * Take up to `limit` outbox entries that nobody holds (or whose holder's lease ran out) and that
   * are due, oldest first, for `leaseMs`; `ids` limits it to those entries (the process that just
   * wrote them delivers them at once). Two callers never get the same entry while a lease holds.
   */
  claim(request: ClaimRequest): Promise<OutboxEntry[]>;
  /** Keep holding entries still being worked on (a long run), for another `leaseMs`. */
  renew(owner: string, ids: readonly string[], leaseMs: number): Promise<void>;
  /** Delivered (or given up): the entries are removed. */
  settle(ids: readonly string[]): Promise<void>;
  /**
   * A held board entry shown as of revision `rev`: removed when nothing newer was written since;
   * otherwise it stays held, and its newer revision is returned (to be shown too).
   */
  settleRevision(id: string, rev: number): Promise<{ readonly rev: number } | undefined>;
  /** Not delivered yet: give the entry back, to be claimed again at `retryAt`. */
  release(id: string, retryAt: Date): Promise<void>;
  /** Entries waiting to be delivered (for health and metrics). */
  outboxDepth(): Promise<number>;
  /** Wait for queued writes, then free what the store holds (a lock, a connection pool). */
  close(): Promise<void>;
}
