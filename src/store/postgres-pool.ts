// The PostgreSQL store's connections: opened (and the schema migrated) at start, where a failure
// stops Breakouts with a sentence naming DATABASE_URL; while running, an operation that lost its
// connection before anything was saved runs again on a new one, then the command hears "try again".
import pg from 'pg';
import type { Logger } from '../runtime/logger.ts';
import { applyMigrations } from './postgres-migrations.ts';
import { inDoubt, isConnectionError, isTransientConflict, openError, unreachable } from './postgres-failures.ts';

export interface ConnectionOptions {
  readonly logger: Logger;
  /** Connections this process keeps open at most (default 10). */
  readonly poolSize?: number;
  /** Waits before each new try after a lost connection (default 100 and 400 ms: two more tries). */
  readonly retryDelaysMs?: readonly number[];
  /** How long to wait for a connection before giving up on this try (default 3 s). */
  readonly connectTimeoutMs?: number;
}

/**
 * When a failed operation may run again on a new connection: `safe` ones (reads, writes that are
 * the same done twice, a transaction before its COMMIT) after any lost connection; `unsent` ones
 * (a claim) only when nothing reached the server.
 */
export type Retry = 'safe' | 'unsent';

/** COMMIT was sent and no answer came back: whether it was saved is unknown, so it is never retried. */
export class CommitInDoubt extends Error {}

export interface Connections {
  /** Run `work` on a pooled connection, retried as `retry` allows; a lost database becomes StoreUnavailableError. */
  run<T>(retry: Retry, work: (client: pg.PoolClient) => Promise<T>): Promise<T>;
  end(): Promise<void>;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** pg's own words for a query refused before it was written to the socket. */
const NOT_SENT = /is not queryable$/;

/** Connect to `url`, apply the schema migrations, and keep a pool. Throws StoreLoadError naming DATABASE_URL. */
export async function openConnections(url: string, options: ConnectionOptions): Promise<Connections> {
  const { logger } = options;
  const delays = options.retryDelaysMs ?? [100, 400];
  if (!/^postgres(ql)?:\/\//.test(url)) {
    throw openError(url, new Error('it is not a PostgreSQL URL (postgres://user:password@host:5432/database)'));
  }
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 3_000,
    idleTimeoutMillis: 30_000,
    keepAlive: true,
    application_name: 'breakouts',
    // A process that hangs inside a transaction would hold its meeting's row lock for every other process.
    idle_in_transaction_session_timeout: 60_000,
  });
  // An idle connection that dies (server restart, terminated backend) is dropped by the pool and
  // the next command opens a new one; without a listener, the pool's error would end the process.
  pool.on('error', (error) => logger.warn('A database connection was lost while idle; the next command opens a new one.', { error: error.message }));

  try {
    const client = await pool.connect();
    try {
      const applied = await applyMigrations(client);
      if (applied.length > 0) logger.info('Database schema migrated.', { applied });
    } finally {
      client.release();
    }
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw openError(url, error);
  }

  async function run<T>(retry: Retry, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      const again = attempt < delays.length;
      let client: pg.PoolClient;
      try {
        client = await pool.connect();
      } catch (error) {
        if (!isConnectionError(error)) throw error;
        if (!again) throw unreachable(error, url);
        await sleep(delays[attempt] ?? 0);
        continue;
      }
      // A connection that dies between two queries (while a change is computed) errors with nobody else listening.
      const onError = (error: Error): void => logger.warn('A database connection was lost while in use.', { error: error.message });
      client.on('error', onError);
      try {
        const result = await work(client);
        client.release();
        return result;
      } catch (error) {
        const cause = error instanceof CommitInDoubt ? error.cause : error;
        // A connection that failed is closed, never handed to the next command.
        client.release(isConnectionError(cause) ? (cause as Error) : undefined);
        if (error instanceof CommitInDoubt) throw inDoubt(cause, url);
        const lost = isConnectionError(error) && (retry === 'safe' || NOT_SENT.test((error as Error).message));
        if ((lost || isTransientConflict(error)) && again) {
          logger.warn('A database operation failed; trying again.', { attempt: attempt + 1, error: (error as Error).message });
          await sleep(delays[attempt] ?? 0);
          continue;
        }
        throw isConnectionError(error) ? unreachable(error, url) : error;
      } finally {
        // After release: the pool has put its own listener back by now.
        client.off('error', onError);
      }
    }
  }

  return { run, end: () => pool.end() };
}
