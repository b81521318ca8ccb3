// PostgreSQL for tests: the server on 127.0.0.1:5432 (or DATABASE_URL, if it names 127.0.0.1), a
// fresh database per test file dropped afterwards, and a suite that runs on it — or, with no
// server, says how to start one and is skipped (fails under BREAKOUTS_REQUIRE_POSTGRES=1).
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, test } from 'vitest';
import { emptyMeeting, type Meeting, type Place } from '../../src/domain/meeting.ts';
import type { Effect } from '../../src/domain/outcome.ts';
import type { Logger } from '../../src/runtime/logger.ts';
import type { MeetingStore } from '../../src/store/port.ts';
import { openPostgresStore, type PostgresStoreOptions } from '../../src/store/postgres.ts';

export { findPostgres, START_HINT, withDatabase, type Reachability } from './postgres-server.ts';
import { START_HINT, withDatabase, type Reachability } from './postgres-server.ts';

export interface TestDatabase {
  readonly name: string;
  readonly url: string;
  /** Run SQL on this database as the admin (inspect rows, damage one). */
  query<R extends pg.QueryResultRow>(sql: string, values?: unknown[]): Promise<R[]>;
  /** End every connection Breakouts has open to this database, as an operator or a failover would. */
  terminateConnections(): Promise<number>;
  drop(): Promise<void>;
}

/** A new, empty database on the server (breakouts_test_<random>). */
export async function createDatabase(adminUrl: string): Promise<TestDatabase> {
  const name = `breakouts_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = withDatabase(adminUrl, name);
  const inside = new pg.Client({ connectionString: url, application_name: 'breakouts-test-admin' });
  await inside.connect();
  return {
    name,
    url,
    async query<R extends pg.QueryResultRow>(sql: string, values?: unknown[]) {
      return (await inside.query<R>(sql, values)).rows;
    },
    async terminateConnections() {
      const rows = await admin.query<{ pid: number }>(
        `SELECT pg_terminate_backend(pid) AS ok, pid FROM pg_stat_activity WHERE datname = $1 AND application_name = 'breakouts' AND pid <> pg_backend_pid()`,
        [name],
      );
      return rows.rowCount ?? 0;
    },
    async drop() {
      await inside.end().catch(() => undefined);
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}

export interface RecordingLogger extends Logger {
  readonly lines: { readonly level: string; readonly message: string; readonly context?: Record<string, unknown> }[];
}

/** A logger that keeps what it is told (the store's warnings), so tests stay quiet and can look. */
export function createRecordingLogger(): RecordingLogger {
  const lines: RecordingLogger['lines'] = [];
  const at =
    (level: string) =>
    (message: string, context?: Record<string, unknown>): void => {
      lines.push(context ? { level, message, context } : { level, message });
    };
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

export interface PostgresSuite {
  readonly adminUrl: string;
  /** This file's database (created before its tests, dropped after them). */
  readonly db: () => TestDatabase;
  readonly logger: RecordingLogger;
  /** A store on `url` (default: this file's database), closed after the test, like a process that stops. */
  open(url?: string, options?: PostgresStoreOptions): Promise<MeetingStore>;
}

/**
 * Tests that need PostgreSQL. With no server they are skipped with a line saying how to start one,
 * unless BREAKOUTS_REQUIRE_POSTGRES=1 (CI, where the server must be up): then they fail saying so.
 */
export function describePostgres(server: Reachability, name: string, body: (suite: PostgresSuite) => void): void {
  if (!server.ok) {
    if (process.env['BREAKOUTS_REQUIRE_POSTGRES'] === '1') {
      describe(name, () => {
        test('has a PostgreSQL server to run against (BREAKOUTS_REQUIRE_POSTGRES=1)', () => {
          throw new Error(`BREAKOUTS_REQUIRE_POSTGRES=1 but ${server.reason}. ${START_HINT}.`);
        });
      });
      return;
    }
    process.stderr.write(`${name}: skipped, ${server.reason}. ${START_HINT}.\n`);
  }
  describe.skipIf(!server.ok)(server.ok ? name : `${name} (skipped: ${server.reason})`, () => {
    const adminUrl = server.ok ? server.adminUrl : '';
    let db: TestDatabase | undefined;
    const stores: MeetingStore[] = [];
    const logger = createRecordingLogger();
    const current = (): TestDatabase => {
      if (!db) throw new Error('the test database was not created');
      return db;
    };
    beforeAll(async () => {
      db = await createDatabase(adminUrl);
    });
    // Every store a test opened is closed after it (each holds a pool of connections).
    afterEach(async () => {
      await Promise.all(stores.splice(0).map((s) => s.close()));
    });
    afterAll(async () => {
      await db?.drop();
    });
    body({
      adminUrl,
      db: current,
      logger,
      async open(url, options) {
        const store = await openPostgresStore(url ?? current().url, { logger, poolSize: 4, ...options });
        stores.push(store);
        return store;
      },
    });
  });
}

export const PLACE: Place = { platform: 'slack', workspaceId: 'T1', channelId: 'C1', mainRoomId: 'C1' };
export const KEY = 'slack:T1:C1';

/** The meeting in channel `channel` at `version`. */
export function meetingAt(version: number, channel = 'C1', id = 'meet01'): Meeting {
  const place = { ...PLACE, channelId: channel, mainRoomId: channel };
  return { ...emptyMeeting(place, id, new Date('2026-01-01T00:00:00Z')), version, layoutVersion: version };
}

export const dm = (to: string): Effect => ({
  type: 'dm',
  to,
  message: { kind: 'room-notice', meetingId: 'meet01', reason: 'moved', room: 1, roomName: 'Breakout 1', members: [], text: `hello ${to}` },
});

/** Add one to the meeting's version, as a command would; the value is the new version. */
export function bump(current: Meeting | undefined): { meeting: Meeting; value: number } {
  const version = (current?.version ?? 0) + 1;
  return { meeting: { ...meetingAt(version), title: `after ${version - 1}` }, value: version };
}
