// Where tests and benches find PostgreSQL: DATABASE_URL or the default server on 127.0.0.1, checked
// with one query. Only a local server is used; when there is none, the reason says so. No test
// framework here, so the benches can use it too.
import pg from 'pg';

const DEFAULT_SERVER = 'postgres://postgres@127.0.0.1:5432/postgres';

export const START_HINT =
  'Start PostgreSQL with `pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start` (trust auth on 127.0.0.1:5432), or set DATABASE_URL to a server on 127.0.0.1 whose user may create databases';

export type Reachability = { readonly ok: true; readonly adminUrl: string } | { readonly ok: false; readonly reason: string };

/** The URL of `base` with another database (and nothing else changed). */
export function withDatabase(base: string, database: string): string {
  const url = new URL(base);
  url.pathname = `/${database}`;
  return url.toString();
}

/** Whether a server tests may use is up, and its admin URL (database `postgres`). */
export async function findPostgres(): Promise<Reachability> {
  const base = process.env['DATABASE_URL'] || DEFAULT_SERVER;
  let host: string;
  try {
    host = new URL(base).hostname;
  } catch {
    return { ok: false, reason: 'DATABASE_URL is not a URL' };
  }
  if (host !== '127.0.0.1' && host !== 'localhost') return { ok: false, reason: `DATABASE_URL names ${host}; tests and benches only use a server on 127.0.0.1` };
  const adminUrl = withDatabase(base, 'postgres');
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return { ok: true, adminUrl };
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    return { ok: false, reason: `no PostgreSQL answered at ${new URL(adminUrl).host} (${typeof code === 'string' ? code : (error as Error).message})` };
  } finally {
    await client.end().catch(() => undefined);
  }
}
