// The PostgreSQL schema as a list of versioned migrations, applied at start in order, each once:
// every process that starts runs them under one advisory lock, so two starting together never
// apply one twice, and a database written by a newer Breakouts is refused rather than guessed at.
//
// Tables (version 1):
//   schema_migrations (version pk, name, applied_at)        what has been applied, and when
//   meetings          (key pk, id unique, version, data jsonb, updated_at)
//                     one row per meeting; `data` is the whole Meeting, checked with zod when read
//   meeting_aliases   (alias pk, key → meetings on delete cascade)
//                     the other names of a meeting (meetingAliases), rewritten with every change
//   outbox            (id pk, seq, meeting_key → meetings, meeting_id, platform, effect jsonb,
//                      created_at, written_at, attempts, lease_owner, lease_until, not_before)
//                     effects written in the transaction of the change that caused them; `seq`
//                     orders them as written (oldest first), `platform` is their meeting's (each
//                     adapter delivers its own), `written_at` is the database's clock (the grace
//                     period a sweeper leaves), the lease columns say who holds one
// Version 2:
//   outbox            + workspace_id (a process running some Discord shards claims its servers'),
//                       rev (a waiting entry written again, e.g. a board to redraw once more)
//   installations     (key pk, platform, sealed, updated_at): Slack installations, encrypted
import type pg from 'pg';

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'meetings, their aliases and the outbox',
    sql: `
      CREATE TABLE meetings (
        key text PRIMARY KEY,
        id text NOT NULL UNIQUE,
        version integer NOT NULL,
        data jsonb NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE meeting_aliases (
        alias text PRIMARY KEY,
        key text NOT NULL REFERENCES meetings (key) ON DELETE CASCADE
      );
      CREATE INDEX meeting_aliases_key ON meeting_aliases (key);
      CREATE TABLE outbox (
        id text PRIMARY KEY,
        seq bigint GENERATED ALWAYS AS IDENTITY,
        meeting_key text NOT NULL REFERENCES meetings (key) ON DELETE CASCADE,
        meeting_id text NOT NULL,
        platform text NOT NULL,
        effect jsonb NOT NULL,
        created_at timestamptz NOT NULL,
        written_at timestamptz NOT NULL DEFAULT now(),
        attempts integer NOT NULL DEFAULT 0,
        lease_owner text,
        lease_until timestamptz,
        not_before timestamptz
      );
      -- claim walks entries oldest first and skips held or not-yet-due ones as it goes.
      CREATE UNIQUE INDEX outbox_seq ON outbox (seq);
      CREATE INDEX outbox_platform_seq ON outbox (platform, seq);
      CREATE INDEX outbox_meeting_key ON outbox (meeting_key);
    `,
  },
  {
    version: 2,
    name: 'outbox workspaces and revisions; installations',
    sql: `
      -- Which workspace (Slack team, Discord server) an effect belongs to, so a process that runs
      -- some Discord shards claims only its servers' effects; written from the meeting key.
      ALTER TABLE outbox ADD COLUMN workspace_id text;
      UPDATE outbox SET workspace_id = split_part(meeting_key, ':', 2);
      ALTER TABLE outbox ALTER COLUMN workspace_id SET NOT NULL;
      CREATE INDEX outbox_platform_workspace_seq ON outbox (platform, workspace_id, seq);
      -- An entry written again while it waits (a board to redraw once more) counts up its revision;
      -- settling a revision that is no longer the newest leaves the entry for one more delivery.
      ALTER TABLE outbox ADD COLUMN rev integer NOT NULL DEFAULT 0;
      -- An app installed into many workspaces: one row per installation, sealed (encrypted) by the app.
      CREATE TABLE installations (
        key text PRIMARY KEY,
        platform text NOT NULL,
        sealed text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      );
    `,
  },
];

/** One lock for every Breakouts process on this database: held while migrations are checked. */
const MIGRATION_LOCK = 0x4272_6b73_4d69_67n; // "BrksMig"

/** The database's schema is newer than this Breakouts knows (written by a newer release). */
export class NewerSchemaError extends Error {
  override readonly name = 'NewerSchemaError';
  constructor(readonly found: number, readonly known: number) {
    super(`the database has schema version ${found}; this Breakouts knows up to version ${known} (it was written by a newer Breakouts: upgrade)`);
  }
}

/**
 * Apply what is missing, one migration per transaction, each under the advisory lock (a process
 * that waited for it finds the work done). Returns the versions this call applied.
 */
export async function applyMigrations(client: pg.ClientBase, migrations: readonly Migration[] = MIGRATIONS): Promise<number[]> {
  const known = Math.max(0, ...migrations.map((m) => m.version));
  const applied: number[] = [];
  for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
    await client.query('BEGIN');
    try {
      await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK.toString()]);
      await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
        version integer PRIMARY KEY,
        name text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`);
      const { rows } = await client.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
      const newest = rows.at(-1)?.version ?? 0;
      if (newest > known) throw new NewerSchemaError(newest, known);
      if (!rows.some((r) => r.version === migration.version)) {
        await client.query(migration.sql);
        await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [migration.version, migration.name]);
        applied.push(migration.version);
      }
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
  }
  return applied;
}
