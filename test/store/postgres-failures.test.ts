// The PostgreSQL store when things go wrong: start-up errors that name DATABASE_URL and never its
// password, connections lost while running (retried, else "try again in a moment", never a crash),
// a damaged row or outbox entry, and a failed group commit.
import { describe, expect, test } from 'vitest';
import { alias } from '../../src/domain/meeting.ts';
import { StoreLoadError, StoreUnavailableError } from '../../src/store/failures.ts';
import { outboxEntries } from '../../src/store/outbox.ts';
import { openPostgresStore } from '../../src/store/postgres.ts';
import { createCuttableProxy } from './cuttable-proxy.ts';
import { bump, describePostgres, dm, findPostgres, KEY, meetingAt, withDatabase } from './postgres-helpers.ts';

describePostgres(await findPostgres(), 'the PostgreSQL store when things go wrong', ({ db, logger, open }) => {
  describe('start-up errors name DATABASE_URL and never its password', () => {
    const PASSWORD = 'hunter2-very-secret';
    const withPassword = (url: string): string => {
      const u = new URL(url);
      u.password = PASSWORD;
      return u.toString();
    };
    async function openError(url: string): Promise<string> {
      const error = await openPostgresStore(url, { logger, connectTimeoutMs: 2_000 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StoreLoadError);
      const message = (error as Error).message;
      expect(message).toContain('DATABASE_URL=');
      expect(message).not.toContain(PASSWORD);
      expect(message).not.toContain('hunter2');
      return message;
    }

    test('nothing listening at the port: it says so', async () => {
      const url = new URL(withPassword(db().url));
      url.port = '1';
      expect(await openError(url.toString())).toMatch(/postgres:\/\/postgres:\*\*\*\*\*@127\.0\.0\.1:1\/.*nothing is listening.*ECONNREFUSED/);
    });

    test('a database that does not exist: it says so', async () => {
      expect(await openError(withDatabase(withPassword(db().url), 'breakouts_no_such_db'))).toMatch(/database does not exist \(3D000/);
    });

    test('a user the server refuses: it says so', async () => {
      const url = new URL(withPassword(db().url));
      url.username = 'no_such_role';
      expect(await openError(url.toString())).toMatch(/server refused this user \(28000/);
    });

    test('a setting that is not a PostgreSQL URL: it says what one looks like, and shows nothing of it', async () => {
      const message = await openError(`host=127.0.0.1 password=${PASSWORD}`);
      expect(message).toMatch(/not shown.*not a PostgreSQL URL \(postgres:\/\/user:password@host:5432\/database\)/);
    });
  });

  describe('a connection lost while running', () => {
    test('connections ended by the server are replaced: the next update goes through', async () => {
      const store = await open();
      await store.update(KEY, () => ({ meeting: meetingAt(1), value: undefined }));
      expect(await db().terminateConnections()).toBeGreaterThan(0);
      expect(await store.update(KEY, (current) => ({ meeting: meetingAt((current?.version ?? 0) + 1), value: 'saved' }))).toBe('saved');
      expect((await store.get(KEY))?.version).toBe(2);
    });

    test('a connection ended in the middle of an update: the change runs again on a fresh read and is written once', async () => {
      const store = await open();
      await store.update(KEY, () => ({ meeting: meetingAt(1), value: undefined }));
      const sawVersions: number[] = [];
      const value = await store.update(KEY, async (current) => {
        sawVersions.push(current?.version ?? -1);
        if (sawVersions.length === 1) await db().terminateConnections();
        return { meeting: meetingAt((current?.version ?? 0) + 1), value: 'saved' };
      });
      expect(value).toBe('saved');
      expect(sawVersions).toEqual([1, 1]);
      expect((await store.get(KEY))?.version).toBe(2);
    });

    test('while the database cannot be reached, commands are told to try again in a moment; once it is back they go through', async () => {
      const proxy = await createCuttableProxy(db().url);
      try {
        const store = await open(proxy.url, { retryDelaysMs: [20, 50] });
        await store.update(KEY, () => ({ meeting: meetingAt(1), value: undefined }));
        proxy.cut();
        let changes = 0;
        const refused = await store
          .update(KEY, (current) => {
            changes += 1;
            return { meeting: meetingAt((current?.version ?? 0) + 1), value: 'saved' };
          })
          .catch((e: unknown) => e);
        expect(refused).toBeInstanceOf(StoreUnavailableError);
        expect((refused as Error).message).toMatch(/^Breakouts could not reach its database \(.+\): it is retrying; try again in a moment\.$/);
        expect(changes).toBe(0);
        await expect(store.get(KEY)).rejects.toThrow(/try again in a moment/);
        await expect(store.claim({ owner: 'a', limit: 1, leaseMs: 1_000 })).rejects.toThrow(/try again in a moment/);
        proxy.restore();
        expect(await store.update(KEY, (current) => ({ meeting: meetingAt((current?.version ?? 0) + 1), value: 'saved' }))).toBe('saved');
        expect((await store.get(KEY))?.version).toBe(2);
      } finally {
        proxy.cut();
        await proxy.close();
      }
    });

    test('a connection lost after COMMIT was sent is not retried: the caller hears the change may or may not be saved', async () => {
      const proxy = await createCuttableProxy(db().url);
      try {
        const store = await open(proxy.url, { retryDelaysMs: [20, 50] });
        await store.update(KEY, () => ({ meeting: meetingAt(1), value: undefined }));
        let changes = 0;
        proxy.cutAfterNext('COMMIT');
        const outcome = await store
          .update(KEY, (current) => {
            changes += 1;
            return { meeting: meetingAt((current?.version ?? 0) + 1), value: 'saved' };
          })
          .catch((e: unknown) => e);
        expect(outcome).toBeInstanceOf(StoreUnavailableError);
        expect((outcome as Error).message).toMatch(/lost its database connection while saving .*may or may not have been saved/);
        expect(changes).toBe(1);
        // Here the server did commit it; the next update reads it and goes on.
        expect((await store.get(KEY))?.version).toBe(2);
        expect(await store.update(KEY, bump)).toBe(3);
      } finally {
        await proxy.close();
      }
    });
  });

  describe('damage and failed writes', () => {
    test('a damaged row is reported for that meeting only, and is left as it is', async () => {
      const store = await open();
      await db().query('TRUNCATE meetings, meeting_aliases, outbox');
      await store.update(KEY, () => ({ meeting: meetingAt(1), value: undefined }));
      await store.update('slack:T1:C2', () => ({ meeting: meetingAt(1, 'C2', 'meet02'), value: undefined }));
      await db().query(`UPDATE meetings SET data = jsonb_set(data, '{status}', '"exploded"') WHERE key = $1`, [KEY]);
      const damaged = /^The stored meeting slack:T1:C1 is damaged \(status: .+\)\. Breakouts has not changed it; the other meetings go on\./;
      await expect(store.get(KEY)).rejects.toThrow(damaged);
      await expect(store.getByAlias(alias.id('meet01'))).rejects.toThrow(damaged);
      let called = false;
      const refused = await store
        .update(KEY, (current) => {
          called = true;
          return { meeting: meetingAt((current?.version ?? 0) + 1), value: undefined };
        })
        .catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(StoreUnavailableError);
      expect((refused as Error).message).toMatch(damaged);
      expect(called).toBe(false);
      expect((await db().query<{ status: string }>(`SELECT data->>'status' AS status FROM meetings WHERE key = $1`, [KEY]))[0]?.status).toBe('exploded');
      expect((await store.get('slack:T1:C2'))?.id).toBe('meet02');
      expect(await store.update('slack:T1:C2', (current) => ({ meeting: meetingAt((current?.version ?? 0) + 1, 'C2', 'meet02'), value: 'ok' }))).toBe('ok');
    });

    test('an outbox entry that is not an effect is never delivered: it is set aside, still counted, and logged', async () => {
      const store = await open();
      await db().query('TRUNCATE meetings, meeting_aliases, outbox');
      const meeting = meetingAt(1);
      const [bad, good] = outboxEntries(meeting, [dm('U1'), dm('U2')], new Date());
      await store.update(KEY, () => ({ meeting, outbox: [bad!, good!], value: undefined }));
      await db().query(`UPDATE outbox SET effect = '{"type":"format-disk"}' WHERE id = $1`, [bad!.id]);
      expect((await store.claim({ owner: 'a', limit: 10, leaseMs: 60_000 })).map((e) => e.id)).toEqual([good!.id]);
      expect(await store.claim({ owner: 'b', limit: 10, leaseMs: 60_000 })).toEqual([]);
      expect(await store.claim({ owner: 'c', limit: 10, leaseMs: 60_000, ids: [bad!.id] })).toEqual([]);
      expect(await store.outboxDepth()).toBe(2);
      expect(logger.lines.some((l) => l.level === 'error' && JSON.stringify(l.context).includes(bad!.id))).toBe(true);
    });

    test('when the write of a group of queued changes fails, every change in the group hears why, and the next update goes on', async () => {
      const store = await open();
      await db().query('TRUNCATE meetings, meeting_aliases, outbox');
      await store.update('slack:T1:C2', () => ({ meeting: meetingAt(1, 'C2', 'taken1'), value: undefined }));
      await store.update(KEY, () => ({ meeting: meetingAt(1), value: undefined }));
      let firstRuns: () => void = () => undefined;
      let letFirstFinish: () => void = () => undefined;
      const running = new Promise<void>((resolve) => (firstRuns = resolve));
      const gate = new Promise<void>((resolve) => (letFirstFinish = resolve));
      const first = store.update(KEY, async (current) => {
        firstRuns();
        await gate;
        return bump(current);
      });
      await running;
      // These queue up behind the first and are written together; the last leaves the meeting with another meeting's id.
      const group = [store.update(KEY, bump), store.update(KEY, bump), store.update(KEY, (current) => ({ meeting: { ...bump(current).meeting, id: 'taken1' }, value: 0 }))].map((p) =>
        p.catch((e: unknown) => e),
      );
      letFirstFinish();
      expect(await first).toBe(2);
      const failures = await Promise.all(group);
      for (const failure of failures) expect((failure as { code?: string }).code).toBe('23505');
      expect((await store.get(KEY))?.version).toBe(2);
      expect(await store.update(KEY, bump)).toBe(3);
    });
  });
});
