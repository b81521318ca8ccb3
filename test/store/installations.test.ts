// One contract for every place installations are kept (memory, the data folder, PostgreSQL): put,
// get, replace, list by prefix in key order, delete, delete by prefix and predicate; plus what each
// place adds: files only this user can read, written whole; a PostgreSQL without the table named.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryInstallationRecords, type InstallationRecords } from '../../src/store/installations.ts';
import { installationsFolder, openFileInstallationRecords } from '../../src/store/installations-file.ts';
import { openInstallationRecords } from '../../src/store/installations-open.ts';
import { openPostgresInstallationRecords } from '../../src/store/installations-postgres.ts';
import { StoreLoadError } from '../../src/store/failures.ts';
import { createDatabase, createRecordingLogger, describePostgres, findPostgres } from './postgres-helpers.ts';

function contract(name: string, open: () => Promise<InstallationRecords>): void {
  describe(name, () => {
    let records: InstallationRecords;
    beforeEach(async () => {
      records = await open();
    });
    afterEach(async () => {
      await records.close();
    });

    it('keeps what is put under its key, replaces it on a second put, and answers undefined for an unknown key', async () => {
      expect(await records.get('slack:team:T1')).toBeUndefined();
      await records.put('slack:team:T1', 'slack', 'v1.first');
      expect(await records.get('slack:team:T1')).toBe('v1.first');
      await records.put('slack:team:T1', 'slack', 'v1.second');
      expect(await records.get('slack:team:T1')).toBe('v1.second');
      expect(await records.list('')).toEqual([{ key: 'slack:team:T1', platform: 'slack', sealed: 'v1.second' }]);
    });

    it('lists the records under a prefix in key order, up to a limit, taking % and _ in a prefix literally', async () => {
      for (const key of ['slack:team:T3', 'slack:enterprise:E1', 'slack:team:T1', 'slack:team_x', 'slack:team%y', 'discord:guild:1']) await records.put(key, key.split(':')[0]!, `v1.${key}`);
      expect((await records.list('slack:team:')).map((r) => r.key)).toEqual(['slack:team:T1', 'slack:team:T3']);
      expect((await records.list('slack:', 2)).map((r) => r.key)).toEqual(['slack:enterprise:E1', 'slack:team%y']);
      expect((await records.list('slack:team_')).map((r) => r.key)).toEqual(['slack:team_x']);
      expect((await records.list('slack:team%')).map((r) => r.key)).toEqual(['slack:team%y']);
      expect((await records.list('discord:'))[0]?.platform).toBe('discord');
    });

    it('deletes one record (true only when there was one), and by prefix: all of them, or those a predicate picks', async () => {
      for (const key of ['slack:org-team:T1', 'slack:org-team:T2', 'slack:org-team:T3', 'slack:team:T9']) await records.put(key, 'slack', key.endsWith('T2') ? 'v1.E2' : 'v1.E1');
      expect(await records.delete('slack:team:T9')).toBe(true);
      expect(await records.delete('slack:team:T9')).toBe(false);
      expect(await records.deleteWhere('slack:org-team:', (r) => r.sealed === 'v1.E1')).toBe(2);
      expect((await records.list('')).map((r) => r.key)).toEqual(['slack:org-team:T2']);
      expect(await records.deleteWhere('slack:')).toBe(1);
      expect(await records.list('')).toEqual([]);
    });
  });
}

contract('installations in memory', async () => createMemoryInstallationRecords());

const folders: string[] = [];
afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});
const newFolder = (): string => {
  const folder = mkdtempSync(join(tmpdir(), 'breakouts-installations-'));
  folders.push(folder);
  return folder;
};

contract('installations in the data folder', () => openFileInstallationRecords(newFolder()));

describe('installations in the data folder, on disk', () => {
  it('are files only this user may read (0600 in a 0700 folder), each holding its key, even under a umask that allows more', async () => {
    const folder = newFolder();
    const previous = process.umask(0o000);
    try {
      const records = await openFileInstallationRecords(folder);
      await records.put('slack:team:T1', 'slack', 'v1.sealed');
      await records.put(`slack:team:${'T'.repeat(300)}`, 'slack', 'v1.long');
      const dir = installationsFolder(folder);
      expect(statSync(dir).mode & 0o777).toBe(0o700);
      const files = readdirSync(dir);
      expect(files).toHaveLength(2);
      for (const file of files) expect(statSync(join(dir, file)).mode & 0o777).toBe(0o600);
      // A long key gets a hashed file name; the key inside still finds it.
      expect(await records.get(`slack:team:${'T'.repeat(300)}`)).toBe('v1.long');
      expect(files.map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')).key).sort()).toEqual([`slack:team:${'T'.repeat(300)}`, 'slack:team:T1'].sort());
    } finally {
      process.umask(previous);
    }
  });

  it('a file that is not an installation record is reported with its path, not taken for one', async () => {
    const folder = newFolder();
    const records = await openFileInstallationRecords(folder);
    writeFileSync(join(installationsFolder(folder), 'slack%3ateam%3aT1.json'), 'not json');
    await expect(records.get('slack:team:T1')).rejects.toThrow(/could not read its data: the data file could not be read \(the file is not an installation record\)/);
  });

  it('openInstallationRecords picks the data folder when there is no DATABASE_URL', async () => {
    const folder = newFolder();
    const records = await openInstallationRecords({ dbPath: folder }, createRecordingLogger());
    await records.put('slack:team:T1', 'slack', 'v1.x');
    expect(readdirSync(installationsFolder(folder))).toHaveLength(1);
  });
});

describePostgres(await findPostgres(), 'installations in PostgreSQL', ({ adminUrl, db, open, logger }) => {
  beforeEach(async () => {
    // The meeting store creates the table (schema version 2); installations only use it.
    await (await open()).close();
    await db().query('DELETE FROM installations');
  });
  contract('the installations contract', () => openPostgresInstallationRecords(db().url, { logger }));

  it('openInstallationRecords picks PostgreSQL when DATABASE_URL is set, and rows carry their platform', async () => {
    const records = await openInstallationRecords({ dbPath: 'unused', databaseUrl: db().url }, logger);
    try {
      await records.put('slack:team:T1', 'slack', 'v1.x');
      expect(await db().query('SELECT key, platform, sealed FROM installations')).toEqual([{ key: 'slack:team:T1', platform: 'slack', sealed: 'v1.x' }]);
    } finally {
      await records.close();
    }
  });

  it('a database without the installations table (the meeting store never started there) is refused with a sentence saying how to fix it', async () => {
    const empty = await createDatabase(adminUrl);
    try {
      const error = await openPostgresInstallationRecords(empty.url, { logger }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(StoreLoadError);
      expect((error as Error).message).toMatch(/no installations table yet: it is created by the meeting store when Breakouts starts/);
    } finally {
      await empty.drop();
    }
  });

  it('an unreachable server is refused naming DATABASE_URL with its password masked', async () => {
    const error = await openPostgresInstallationRecords('postgres://breakouts:hunter2-secret@127.0.0.1:1/none', { logger, connectTimeoutMs: 500 }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(StoreLoadError);
    expect((error as Error).message).toMatch(/DATABASE_URL=postgres:\/\/breakouts:\*\*\*\*\*@127\.0\.0\.1:1\/none/);
    expect((error as Error).message).not.toContain('hunter2');
  });
});
