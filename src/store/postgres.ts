// The PostgreSQL store (DATABASE_URL): one row per meeting, changed in a transaction that holds its
// row lock, so any number of processes share the meetings and no update is lost; the outbox is
// written in the same transaction and claimed with FOR UPDATE SKIP LOCKED. Schema: postgres-migrations.ts.
import type pg from 'pg';
import { meetingAliases, MeetingSchema, type Meeting } from '../domain/meeting.ts';
import { createKeyedQueue } from '../runtime/keyed-queue.ts';
import { createLogger } from '../runtime/logger.ts';
import { StoreUnavailableError } from './failures.ts';
import type { MeetingStore, NewOutboxEntry, OutboxEntry, StoreChange } from './port.ts';
import { damagedRow, isConnectionError } from './postgres-failures.ts';
import { CommitInDoubt, openConnections, type ConnectionOptions } from './postgres-pool.ts';
import { EffectSchema } from './records.ts';

export type PostgresStoreOptions = Partial<ConnectionOptions>;

/** Updates of one meeting that queue up while one is written are written together, up to this many. */
const MAX_GROUP = 500;
/** Namespace of the advisory locks that let only one of two creators of a meeting insert it. */
const CREATE_LOCK = 0x4272_6b73; // "Brks"

type Change = (current: Meeting | undefined) => StoreChange<unknown> | Promise<StoreChange<unknown>>;
interface Call {
  readonly change: Change;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
}
type CallResult = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: unknown };

interface EntryRow {
  id: string;
  meeting_key: string;
  meeting_id: string;
  effect: unknown;
  created_at: Date;
  attempts: number;
  rev: number;
}

function parseMeeting(key: string, data: unknown): Meeting {
  const parsed = MeetingSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw damagedRow(key, issue ? `${issue.path.join('.') || 'data'}: ${issue.message}` : 'not a meeting');
  }
  if (parsed.data.key !== key) throw damagedRow(key, `its data is meeting ${parsed.data.key}`);
  return parsed.data;
}

function sameNames(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && [...a].sort().join('\n') === [...b].sort().join('\n');
}

/**
 * Open the store at `url` (DATABASE_URL), applying schema migrations first. Throws StoreLoadError
 * naming DATABASE_URL (password masked) when the server cannot be reached or used.
 */
export async function openPostgresStore(url: string, options: PostgresStoreOptions = {}): Promise<MeetingStore> {
  const logger = options.logger ?? createLogger();
  const connections = await openConnections(url, { ...options, logger });

  const queue = createKeyedQueue();
  const waiting = new Map<string, Call[]>();
  let closing: Promise<void> | undefined;

  function refuseIfClosed(): void {
    if (closing) throw new StoreUnavailableError('Breakouts is shutting down and its database connection is closed: try again in a moment.');
  }

  /** The meeting under its row lock; a meeting not there yet is awaited under a lock named after its key. */
  async function lockMeeting(client: pg.PoolClient, key: string): Promise<Meeting | undefined> {
    const select = 'SELECT data FROM meetings WHERE key = $1 FOR UPDATE';
    let { rows } = await client.query<{ data: unknown }>(select, [key]);
    if (rows.length === 0) {
      // Two first writers of a meeting would both find no row to lock: they take turns here, and the
      // second reads (in a new statement, so it sees the first one's commit) what the first wrote.
      await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [CREATE_LOCK, key]);
      ({ rows } = await client.query<{ data: unknown }>(select, [key]));
    }
    return rows[0] ? parseMeeting(key, rows[0].data) : undefined;
  }

  async function writeMeeting(client: pg.PoolClient, meeting: Meeting, before: Meeting | undefined): Promise<void> {
    await client.query(
      `INSERT INTO meetings (key, id, version, data, updated_at) VALUES ($1, $2, $3, $4::jsonb, now())
       ON CONFLICT (key) DO UPDATE SET id = EXCLUDED.id, version = EXCLUDED.version, data = EXCLUDED.data, updated_at = now()`,
      [meeting.key, meeting.id, meeting.version, JSON.stringify(meeting)],
    );
    const names = meetingAliases(meeting);
    if (before && sameNames(names, meetingAliases(before))) return;
    await client.query('DELETE FROM meeting_aliases WHERE key = $1 AND NOT (alias = ANY($2::text[]))', [meeting.key, names]);
    // A name another meeting had (a channel reused) now finds this one: the newest owner wins.
    await client.query(
      `INSERT INTO meeting_aliases (alias, key) SELECT DISTINCT unnest($2::text[]), $1
       ON CONFLICT (alias) DO UPDATE SET key = EXCLUDED.key WHERE meeting_aliases.key <> EXCLUDED.key`,
      [meeting.key, names],
    );
  }

  async function writeOutbox(client: pg.PoolClient, meeting: Meeting, entries: readonly NewOutboxEntry[]): Promise<void> {
    const seen = new Set<string>();
    const rows = entries
      .filter((e) => !seen.has(e.id) && Boolean(seen.add(e.id)))
      .map((e, ord) => ({ ord, id: e.id, meeting_key: e.meetingKey, meeting_id: e.meetingId, effect: e.effect, created_at: e.createdAt, not_before: e.notBefore ?? null }));
    // Written in the order given, so `seq` (claim's "oldest first") follows it; an id already waiting
    // stays as it is, but a board (or a room's status) waiting to be redrawn counts up its revision
    // (one more redraw); a tick waits until it is due.
    await client.query(
      `INSERT INTO outbox (id, meeting_key, meeting_id, platform, workspace_id, effect, created_at, not_before)
       SELECT e.id, e.meeting_key, e.meeting_id, $2, $3, e.effect, e.created_at, e.not_before
       FROM jsonb_to_recordset($1::jsonb) AS e(ord integer, id text, meeting_key text, meeting_id text, effect jsonb, created_at timestamptz, not_before timestamptz)
       ORDER BY e.ord
       ON CONFLICT (id) DO UPDATE SET rev = outbox.rev + 1 WHERE outbox.effect->>'type' IN ('board', 'room-status')`,
      [JSON.stringify(rows), meeting.place.platform, meeting.place.workspaceId],
    );
  }

  /** One transaction for a group of changes of one meeting: each sees the one before, all are written once. */
  async function commitGroup(client: pg.PoolClient, key: string, calls: readonly Call[]): Promise<CallResult[]> {
    await client.query('BEGIN');
    try {
      const before = await lockMeeting(client, key);
      let current = before;
      const entries: NewOutboxEntry[] = [];
      const results: CallResult[] = [];
      for (const call of calls) {
        try {
          const result = await call.change(current);
          if (result.meeting && result.meeting.key !== key) throw new Error(`A change of meeting ${key} returned meeting ${result.meeting.key}; nothing was written.`);
          const stray = result.outbox?.find((e) => e.meetingKey !== key);
          if (stray) throw new Error(`A change of meeting ${key} wrote an effect of meeting ${stray.meetingKey}; nothing was written.`);
          if (result.meeting) current = result.meeting;
          // Effects need their meeting: a change that creates none has nowhere to keep them.
          if (current && result.outbox) entries.push(...result.outbox);
          results.push({ ok: true, value: result.value });
        } catch (error) {
          // This change writes nothing; the ones after it go on from the meeting as it was before it.
          results.push({ ok: false, error });
        }
      }
      if (current === before && entries.length === 0) {
        await client.query('ROLLBACK');
        return results;
      }
      if (current && current !== before) await writeMeeting(client, current, before);
      if (current && entries.length > 0) await writeOutbox(client, current, entries);
      try {
        await client.query('COMMIT');
      } catch (error) {
        if (isConnectionError(error)) throw new CommitInDoubt('COMMIT unanswered', { cause: error });
        throw error;
      }
      return results;
    } catch (error) {
      if (!(error instanceof CommitInDoubt) && !isConnectionError(error)) await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
  }

  async function runGroup(key: string, calls: readonly Call[]): Promise<void> {
    let results: CallResult[];
    try {
      // Before COMMIT nothing is saved, so a lost connection runs the whole group again from a fresh read.
      results = await connections.run('safe', (client) => commitGroup(client, key, calls));
    } catch (error) {
      for (const call of calls) call.reject(error);
      return;
    }
    results.forEach((result, i) => {
      const call = calls[i];
      if (!call) return;
      if (result.ok) call.resolve(result.value);
      else call.reject(result.error);
    });
  }

  return {
    async get(key) {
      refuseIfClosed();
      const { rows } = await connections.run('safe', (client) => client.query<{ data: unknown }>('SELECT data FROM meetings WHERE key = $1', [key]));
      return rows[0] ? parseMeeting(key, rows[0].data) : undefined;
    },

    async getByAlias(name) {
      refuseIfClosed();
      const { rows } = await connections.run('safe', (client) =>
        client.query<{ key: string; data: unknown }>('SELECT m.key, m.data FROM meeting_aliases a JOIN meetings m ON m.key = a.key WHERE a.alias = $1', [name]),
      );
      return rows[0] ? parseMeeting(rows[0].key, rows[0].data) : undefined;
    },

    update<T>(key: string, change: (current: Meeting | undefined) => StoreChange<T> | Promise<StoreChange<T>>): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        refuseIfClosed();
        const call: Call = { change, resolve: (value) => resolve(value as T), reject };
        const group = waiting.get(key);
        if (group && group.length < MAX_GROUP) {
          group.push(call);
          return;
        }
        const fresh = [call];
        waiting.set(key, fresh);
        queue
          .run(key, () => {
            // From here on, newcomers form the next group (they will see this one's result).
            if (waiting.get(key) === fresh) waiting.delete(key);
            return runGroup(key, fresh);
          })
          .catch((error: unknown) => {
            for (const c of fresh) c.reject(error);
          });
      });
    },

    async claim({ owner, limit, leaseMs, ids, olderThanMs = 0, platform, workspaces, at }) {
      refuseIfClosed();
      if (ids && ids.length === 0) return [];
      // A claim that reached the server may have taken entries: it is not repeated (they would wait out the lease).
      const { rows } = await connections.run('unsent', (client) =>
        client.query<EntryRow>(
          `WITH picked AS (
             SELECT id FROM outbox
             WHERE (lease_until IS NULL OR lease_until <= now())
               AND ($5::text[] IS NULL OR id = ANY($5::text[]))
               -- Asked for by id (a resumed run), an entry waiting for its retry is taken now.
               -- Due by the claimer's clock (a timer's deadline is the engine's time, not the database's).
               AND (not_before IS NULL OR not_before <= COALESCE($8::timestamptz, now()) OR ($5::text[] IS NOT NULL AND not_before <> 'infinity' AND effect->>'type' <> 'tick'))
               AND written_at <= now() - $4::double precision * interval '1 millisecond'
               AND ($6::text IS NULL OR platform = $6::text)
               AND ($7::text[] IS NULL OR workspace_id = ANY($7::text[]))
             ORDER BY seq
             LIMIT $2
             FOR UPDATE SKIP LOCKED
           ), claimed AS (
             UPDATE outbox o SET lease_owner = $1, lease_until = now() + $3::double precision * interval '1 millisecond', attempts = o.attempts + 1
             FROM picked WHERE o.id = picked.id
             RETURNING o.id, o.seq, o.meeting_key, o.meeting_id, o.effect, o.created_at, o.attempts, o.rev
           )
           SELECT id, meeting_key, meeting_id, effect, created_at, attempts, rev FROM claimed ORDER BY seq`,
          [owner, limit, leaseMs, olderThanMs, ids ? [...ids] : null, platform ?? null, workspaces ? [...workspaces] : null, at ?? null],
        ),
      );
      const entries: OutboxEntry[] = [];
      const damaged: string[] = [];
      for (const row of rows) {
        const effect = EffectSchema.safeParse(row.effect);
        if (effect.success) entries.push({ id: row.id, meetingKey: row.meeting_key, meetingId: row.meeting_id, effect: effect.data, createdAt: row.created_at.toISOString(), attempts: row.attempts, rev: row.rev });
        else damaged.push(row.id);
      }
      if (damaged.length > 0) {
        // A tampered effect is never delivered; it is set aside (still counted as waiting) for someone to look at.
        logger.error('Outbox entries that are not effects were set aside and will not be delivered.', { ids: damaged });
        await connections.run('safe', (client) => client.query(`UPDATE outbox SET lease_owner = NULL, lease_until = NULL, not_before = 'infinity' WHERE id = ANY($1::text[])`, [damaged]));
      }
      return entries;
    },

    async renew(owner, ids, leaseMs) {
      refuseIfClosed();
      if (ids.length === 0) return;
      await connections.run('safe', (client) =>
        client.query(`UPDATE outbox SET lease_until = now() + $3::double precision * interval '1 millisecond' WHERE lease_owner = $1 AND id = ANY($2::text[])`, [owner, [...ids], leaseMs]),
      );
    },

    async settle(ids) {
      refuseIfClosed();
      if (ids.length === 0) return;
      await connections.run('safe', (client) => client.query('DELETE FROM outbox WHERE id = ANY($1::text[])', [[...ids]]));
    },

    async settleRevision(id, rev) {
      refuseIfClosed();
      // The row is locked first: a change writing the board again meanwhile either commits before
      // (and its newer revision is seen) or waits until this is decided (and writes a new entry).
      return connections.run('safe', async (client) => {
        await client.query('BEGIN');
        try {
          const { rows } = await client.query<{ rev: number }>('SELECT rev FROM outbox WHERE id = $1 FOR UPDATE', [id]);
          const now = rows[0];
          if (now && now.rev === rev) await client.query('DELETE FROM outbox WHERE id = $1', [id]);
          await client.query('COMMIT');
          return now && now.rev !== rev ? { rev: now.rev } : undefined;
        } catch (error) {
          await client.query('ROLLBACK').catch(() => undefined);
          throw error;
        }
      });
    },

    async release(id, retryAt) {
      refuseIfClosed();
      await connections.run('safe', (client) => client.query('UPDATE outbox SET lease_owner = NULL, lease_until = NULL, not_before = $2 WHERE id = $1', [id, retryAt]));
    },

    async outboxDepth() {
      refuseIfClosed();
      const { rows } = await connections.run('safe', (client) => client.query<{ n: number }>('SELECT count(*)::integer AS n FROM outbox'));
      return rows[0]?.n ?? 0;
    },

    close() {
      closing ??= (async () => {
        await queue.drained();
        await connections.end();
      })();
      return closing;
    },
  };
}
