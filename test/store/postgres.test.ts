// The PostgreSQL store: the MeetingStore contract, and what only a shared database has — several
// processes on one database (nothing lost, no entry delivered twice), and migrations applied once
// when they start together. Its failures are in postgres-failures.test.ts.
import { describe, expect, test } from 'vitest';
import type { Meeting } from '../../src/domain/meeting.ts';
import { StoreLoadError } from '../../src/store/failures.ts';
import { outboxEntries } from '../../src/store/outbox.ts';
import { openPostgresStore } from '../../src/store/postgres.ts';
import { MIGRATIONS } from '../../src/store/postgres-migrations.ts';
import { describeStoreContract } from './contract.ts';
import { bump, createDatabase, describePostgres, dm, findPostgres, KEY, meetingAt } from './postgres-helpers.ts';

describePostgres(await findPostgres(), 'the PostgreSQL store', ({ adminUrl, db, logger, open }) => {
  describeStoreContract('PostgreSQL', async () => {
    const store = await open();
    await db().query('TRUNCATE meetings, meeting_aliases, outbox RESTART IDENTITY');
    return { store, reopen: () => open(), cleanup: async () => {} };
  });

  describe('with several processes on one database', () => {
    test('200 concurrent updates of one meeting split between two processes each see the one before: none is lost', async () => {
      const [a, b] = await Promise.all([open(), open()]);
      await a!.update(KEY, () => ({ meeting: meetingAt(0), value: undefined }));
      // Spread over a few turns of the event loop, so each process writes many small groups that interleave.
      const seen = await Promise.all(
        Array.from({ length: 200 }, async (_, i) => {
          for (let turn = 0; turn < i % 10; turn++) await new Promise<void>((resolve) => setImmediate(resolve));
          return (i % 2 ? a! : b!).update(KEY, bump);
        }),
      );
      expect([...seen].sort((x, y) => x - y)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
      expect((await b!.get(KEY))?.version).toBe(200);
      expect((await db().query<{ version: number }>('SELECT version FROM meetings WHERE key = $1', [KEY]))[0]?.version).toBe(200);
    });

    test('two processes creating the same new meetings at once: one creates each, the other finds it', async () => {
      const [a, b] = await Promise.all([open(), open()]);
      const create = (current: Meeting | undefined, channel: string, id: string) => (current ? { value: 'found' } : { meeting: meetingAt(1, channel, id), value: 'created' });
      const outcomes = await Promise.all(
        Array.from({ length: 20 }, (_, i) => {
          const channel = `N${i}`;
          const id = `new${String(i).padStart(3, '0')}`;
          return Promise.all([a!.update(`slack:T1:${channel}`, (c) => create(c, channel, id)), b!.update(`slack:T1:${channel}`, (c) => create(c, channel, id))]);
        }),
      );
      for (const pair of outcomes) expect([...pair].sort()).toEqual(['created', 'found']);
    });

    test('two processes claiming the outbox at once never get the same entry, and between them get every one', async () => {
      const [a, b] = await Promise.all([open(), open()]);
      const meeting = meetingAt(1, 'C9', 'meet09');
      const entries = outboxEntries(meeting, Array.from({ length: 120 }, (_, i) => dm(`U${i}`)), new Date());
      await a!.update(meeting.key, () => ({ meeting, outbox: entries, value: undefined }));
      const taken: string[][] = [[], []];
      await Promise.all(
        [a!, b!].map(async (store, who) => {
          for (;;) {
            const got = await store.claim({ owner: `p${who}`, limit: 7, leaseMs: 60_000 });
            if (got.length === 0) return;
            taken[who]!.push(...got.map((e) => e.id));
          }
        }),
      );
      const all = [...taken[0]!, ...taken[1]!];
      expect(new Set(all).size).toBe(all.length);
      expect([...all].sort()).toEqual(entries.map((e) => e.id).sort());
      await a!.settle(all);
    });
  });

  describe('migrations', () => {
    test('a board written again while its holder settles it is never lost: the holder sees the newer revision', async () => {
      const store = await open();
      const meeting = meetingAt(1, 'C7', 'meet07');
      const [entry] = outboxEntries(meeting, [{ type: 'board' }], new Date());
      await store.update(meeting.key, () => ({ meeting, outbox: [entry!], value: undefined }));
      const [held] = await store.claim({ owner: 'holder', limit: 1, leaseMs: 60_000, ids: [entry!.id] });
      expect(held?.rev).toBe(0);
      // Another process writes the board again and has not committed yet when the holder settles.
      await db().query('BEGIN');
      await db().query('UPDATE outbox SET rev = rev + 1 WHERE id = $1', [entry!.id]);
      const settling = store.settleRevision(entry!.id, 0);
      await new Promise((resolve) => setTimeout(resolve, 150));
      await db().query('COMMIT');
      expect(await settling).toEqual({ rev: 1 });
      expect(await db().query('SELECT rev FROM outbox WHERE id = $1', [entry!.id])).toEqual([{ rev: 1 }]);
      expect(await store.settleRevision(entry!.id, 1)).toBeUndefined();
      expect(await db().query('SELECT rev FROM outbox WHERE id = $1', [entry!.id])).toEqual([]);
    });

    test('processes starting together on an empty database apply each migration once, and a restart applies none', async () => {
      const fresh = await createDatabase(adminUrl);
      try {
        const opened = await Promise.all(Array.from({ length: 4 }, () => openPostgresStore(fresh.url, { logger, poolSize: 1 })));
        await Promise.all(opened.map((s) => s.close()));
        const rows = await fresh.query<{ version: number; applied_at: Date }>('SELECT version, applied_at FROM schema_migrations ORDER BY version');
        expect(rows.map((r) => r.version)).toEqual(MIGRATIONS.map((m) => m.version));
        const again = await openPostgresStore(fresh.url, { logger });
        await again.close();
        expect(await fresh.query('SELECT version, applied_at FROM schema_migrations ORDER BY version')).toEqual(rows);
      } finally {
        await fresh.drop();
      }
    });

    test('a database written by a newer Breakouts is refused at start, and left as it is', async () => {
      const fresh = await createDatabase(adminUrl);
      try {
        await (await openPostgresStore(fresh.url, { logger })).close();
        await fresh.query(`INSERT INTO schema_migrations (version, name) VALUES (999, 'from the future')`);
        const error = await openPostgresStore(fresh.url, { logger }).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(StoreLoadError);
        expect((error as Error).message).toMatch(/DATABASE_URL=.*schema version 999.*newer Breakouts: upgrade/);
        expect((await fresh.query('SELECT count(*)::integer AS n FROM schema_migrations'))[0]).toEqual({ n: MIGRATIONS.length + 1 });
      } finally {
        await fresh.drop();
      }
    });
  });
});
