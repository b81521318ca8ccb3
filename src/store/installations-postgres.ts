// Installations in PostgreSQL: the `installations` table (schema version 2, created by the meeting
// store's migrations at start), on a pool of its own that stays small (installs and look-ups are
// rare next to meeting updates, and look-ups are cached by the adapter).
import pg from 'pg';
import type { Logger } from '../runtime/logger.ts';
import { StoreLoadError } from './failures.ts';
import type { InstallationRecord, InstallationRecords } from './installations.ts';
import { isConnectionError, openError, unreachable } from './postgres-failures.ts';

export interface PostgresInstallationOptions {
  readonly logger: Logger;
  /** How long to wait for a connection (default 3 s). */
  readonly connectTimeoutMs?: number;
}

/** `prefix` as a LIKE pattern that matches it literally, then anything. */
function likePrefix(prefix: string): string {
  return `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * Open the installations table at `url`. Throws StoreLoadError (naming DATABASE_URL, never its
 * password) when the server cannot be reached or the table is missing.
 */
export async function openPostgresInstallationRecords(url: string, options: PostgresInstallationOptions): Promise<InstallationRecords> {
  const { logger } = options;
  const pool = new pg.Pool({
    connectionString: url,
    max: 2,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 3_000,
    idleTimeoutMillis: 30_000,
    keepAlive: true,
    application_name: 'breakouts',
  });
  pool.on('error', (error) => logger.warn('An installations database connection was lost while idle; the next look-up opens a new one.', { error: error.message }));

  try {
    await pool.query('SELECT 1 FROM installations LIMIT 1');
  } catch (error) {
    await pool.end().catch(() => undefined);
    if ((error as { code?: unknown }).code === '42P01') {
      throw new StoreLoadError('The database has no installations table yet: it is created by the meeting store when Breakouts starts (schema version 2). Start Breakouts with this DATABASE_URL once, then try again.');
    }
    throw openError(url, error);
  }

  /** Every statement here is the same done twice, so one lost connection is retried once. */
  async function query<R extends pg.QueryResultRow>(sql: string, values: unknown[]): Promise<pg.QueryResult<R>> {
    try {
      return await pool.query<R>(sql, values);
    } catch (error) {
      if (!isConnectionError(error)) throw error;
      try {
        return await pool.query<R>(sql, values);
      } catch (again) {
        throw isConnectionError(again) ? unreachable(again, url) : again;
      }
    }
  }

  const list = async (prefix: string, limit?: number): Promise<InstallationRecord[]> => {
    const rows = await query<InstallationRecord>(
      `SELECT key, platform, sealed FROM installations WHERE key LIKE $1 ESCAPE '\\' ORDER BY key COLLATE "C"${limit !== undefined ? ' LIMIT $2' : ''}`,
      limit !== undefined ? [likePrefix(prefix), limit] : [likePrefix(prefix)],
    );
    return rows.rows.map((r) => ({ key: r.key, platform: r.platform, sealed: r.sealed }));
  };

  return {
    async get(key) {
      const rows = await query<{ sealed: string }>('SELECT sealed FROM installations WHERE key = $1', [key]);
      return rows.rows[0]?.sealed;
    },
    async put(key, platform, sealed) {
      await query(
        `INSERT INTO installations (key, platform, sealed, updated_at) VALUES ($1, $2, $3, now())
         ON CONFLICT (key) DO UPDATE SET platform = EXCLUDED.platform, sealed = EXCLUDED.sealed, updated_at = now()`,
        [key, platform, sealed],
      );
    },
    async delete(key) {
      const result = await query('DELETE FROM installations WHERE key = $1', [key]);
      return (result.rowCount ?? 0) > 0;
    },
    list,
    async deleteWhere(prefix, matches) {
      if (!matches) return (await query('DELETE FROM installations WHERE key LIKE $1 ESCAPE \'\\\'', [likePrefix(prefix)])).rowCount ?? 0;
      const doomed = (await list(prefix)).filter(matches).map((r) => r.key);
      if (doomed.length === 0) return 0;
      return (await query('DELETE FROM installations WHERE key = ANY($1::text[])', [doomed])).rowCount ?? 0;
    },
    close: () => pool.end(),
  };
}
