// The embedded store (lowdb): one JSON file per meeting in the data folder, so a change costs the
// same with one meeting stored or five thousand. Each meeting file is a lowdb database whose
// adapter replaces the file atomically (temp file, then rename) and keeps its permissions; small name files find a meeting by key or alias without
// reading the others; marker files list the meetings whose effects still wait; a lock file keeps
// a second process out. A single-file store of earlier versions is migrated once, left untouched.
//
//   <folder>/meetings/<meeting id>.json   {schemaVersion: 2, meeting, outbox}
//   <folder>/names/<encoded key or alias> the meeting id and key, one per line
//   <folder>/outbox/<meeting id>          present while the meeting has effects to deliver
//   <folder>/lock                         {pid, host, startedAt} of the process using the folder
import { mkdir, readdir, readFile, stat, unlink, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { dirname, join } from 'node:path';
import { Low, type Adapter } from 'lowdb';
import { meetingAliases } from '../domain/meeting.ts';
import { StoreLoadError, storeReadError, storeWriteError, StoreUnavailableError } from './failures.ts';
import { parseLegacyFile } from './legacy-file.ts';
import { openLocalStore, type LocalBacking, type StoredRecord } from './local-store.ts';
import { replaceFile, safeFileName } from './atomic-file.ts';
import type { MeetingStore } from './port.ts';
import { RECORD_VERSION, StoredRecordSchema } from './records.ts';

/** Where the data lives: BREAKOUTS_DB names the folder (or, as before, a single .json file beside it). */
export function dataLocation(setting: string): { readonly folder: string; readonly legacyFile: string } {
  return setting.endsWith('.json') ? { folder: dirname(setting), legacyFile: setting } : { folder: setting, legacyFile: join(setting, 'breakouts.json') };
}


const keyName = (key: string): string => `key:${key}`;

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/** Replace a file atomically, keeping the mode of the one it replaces (0644 for a new one). */
async function writeAtomically(path: string, text: string): Promise<void> {
  try {
    await replaceFile(path, text);
  } catch (error) {
    throw storeWriteError(error, path);
  }
}

/**
 * Take the folder for this process. A lock left by a process that is gone (same host, pid not
 * running) is taken over; one held by a live process stops start-up with who holds it.
 */
async function takeLock(folder: string): Promise<() => Promise<void>> {
  const path = join(folder, 'lock');
  const mine = JSON.stringify({ pid: process.pid, host: hostname(), startedAt: new Date().toISOString() });
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      await writeFile(path, mine, { flag: 'wx' });
      return async () => {
        const now = await readFile(path, 'utf8').catch(() => '');
        if (now === mine) await unlink(path).catch(() => undefined);
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw new StoreLoadError(`The data folder cannot be locked (${(error as NodeJS.ErrnoException).code ?? String(error)}). Check BREAKOUTS_DB and the folder's permissions. Folder: ${folder}`);
    }
    const holder = await readFile(path, 'utf8')
      .then((text) => JSON.parse(text) as { pid?: unknown; host?: unknown; startedAt?: unknown })
      .catch(() => undefined);
    const pid = typeof holder?.pid === 'number' ? holder.pid : undefined;
    const sameHost = holder?.host === hostname();
    if (pid !== undefined && sameHost && processAlive(pid)) {
      throw new StoreLoadError(
        `Another Breakouts process (pid ${pid}, started ${String(holder?.startedAt ?? 'earlier')}) is using the data folder ${folder}. Stop it first, or give this one another BREAKOUTS_DB. To run several processes on the same meetings, use PostgreSQL (set DATABASE_URL).`,
      );
    }
    if (pid !== undefined && !sameHost) {
      throw new StoreLoadError(`The data folder ${folder} is locked by a Breakouts process on another machine (${String(holder?.host)}, pid ${pid}). Several machines need PostgreSQL (DATABASE_URL); if that process is gone, delete ${path}.`);
    }
    // The holder is gone (or the lock is unreadable): take it over.
    await unlink(path).catch(() => undefined);
  }
  throw new StoreLoadError(`The data folder ${folder} could not be locked: another process keeps taking it. Use PostgreSQL (DATABASE_URL) for several processes.`);
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The backing of the file store: what the local store reads and writes. */
function fileBacking(folder: string, release: () => Promise<void>): LocalBacking {
  const meetingsDir = join(folder, 'meetings');
  const namesDir = join(folder, 'names');
  const outboxDir = join(folder, 'outbox');
  const recordPath = (id: string): string => join(meetingsDir, `${id}.json`);
  const namePath = (name: string): string => join(namesDir, safeFileName(name));

  /** The meeting a name points at: its id and key (undefined when there is no such name). */
  async function named(name: string): Promise<{ readonly id: string; readonly key: string } | undefined> {
    let text: string;
    try {
      text = await readFile(namePath(name), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw storeReadError(error, namePath(name));
    }
    const [id = '', key = ''] = text.split('\n');
    return /^[a-z0-9]{4,12}$/.test(id) && key !== '' ? { id, key } : undefined;
  }

  /** The lowdb database of one meeting's file (its data is null until read or written). */
  function recordDb(id: string, key: string): Low<StoredRecord | null> {
    return new Low<StoredRecord | null>(recordAdapter(recordPath(id), key), null);
  }

  async function readRecord(id: string, key: string): Promise<StoredRecord | undefined> {
    const db = recordDb(id, key);
    await db.read();
    return db.data?.meeting.key === key ? db.data : undefined;
  }

  return {
    async read(key) {
      const found = await named(keyName(key));
      return found === undefined ? undefined : readRecord(found.id, key);
    },

    async keyOf(name) {
      return (await named(name))?.key;
    },

    async keysWithOutbox() {
      const ids = await readdir(outboxDir).catch(() => []);
      const keys: string[] = [];
      for (const id of ids) {
        const key = await readFile(join(outboxDir, id), 'utf8').catch(() => '');
        if (key) keys.push(key);
      }
      return keys;
    },

    async write(key, record, before) {
      const id = record.meeting.id;
      const names = [keyName(key), ...meetingAliases(record.meeting)];
      const had = new Set(before ? [keyName(key), ...meetingAliases(before.meeting)] : []);
      // Names first: a crash before the record is written leaves a name that finds nothing yet.
      await Promise.all(names.filter((name) => !had.has(name)).map((name) => writeAtomically(namePath(name), `${id}\n${key}`)));
      const marker = join(outboxDir, id);
      if (record.outbox.length > 0 && (before?.outbox.length ?? 0) === 0) await writeAtomically(marker, key);
      const db = recordDb(id, key);
      db.data = record;
      await db.write();
      if (record.outbox.length === 0 && (before?.outbox.length ?? 0) > 0) await unlink(marker).catch(() => undefined);
      const keep = new Set(names);
      await Promise.all([...had].filter((name) => !keep.has(name)).map((name) => unlink(namePath(name)).catch(() => undefined)));
    },

    close: release,
  };
}

/**
 * lowdb's adapter for one meeting's file: read and validated with zod (a damaged file names its
 * meeting), written atomically with the file's mode kept.
 */
function recordAdapter(path: string, key: string): Adapter<StoredRecord | null> {
  return {
    async read() {
      let text: string;
      try {
        text = await readFile(path, 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw storeReadError(error, path);
      }
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch (error) {
        throw damaged(key, path, (error as Error).message);
      }
      const parsed = StoredRecordSchema.safeParse(json);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw damaged(key, path, issue ? `${issue.path.join('.')}: ${issue.message}` : 'not a meeting record');
      }
      return { meeting: parsed.data.meeting, outbox: parsed.data.outbox };
    },
    async write(record) {
      if (record) await writeAtomically(path, JSON.stringify({ schemaVersion: RECORD_VERSION, meeting: record.meeting, outbox: record.outbox }));
    },
  };
}

function damaged(key: string, path: string, why: string): StoreUnavailableError {
  return new StoreUnavailableError(
    `The data file of meeting ${key} is damaged (${why}). Breakouts has not changed it; the other meetings go on. Restore it from a backup, or move it aside to start this meeting afresh. File: ${path}`,
  );
}

/** Copy the meetings of a single-file store of earlier versions into the folder, once; the old file stays as it is. */
async function migrateLegacy(folder: string, legacyFile: string): Promise<void> {
  const marker = join(folder, 'migrated.json');
  if (!(await exists(legacyFile)) || (await exists(marker))) return;
  const legacy = parseLegacyFile(await readFile(legacyFile, 'utf8'), legacyFile);
  const backing = fileBacking(folder, async () => {});
  for (const meeting of Object.values(legacy.meetings)) await backing.write(meeting.key, { meeting, outbox: [] }, undefined);
  await writeAtomically(marker, JSON.stringify({ from: legacyFile, at: new Date().toISOString(), meetings: Object.keys(legacy.meetings).length }));
}

/**
 * Open the file store in the data folder BREAKOUTS_DB names. Throws StoreLoadError when the folder
 * cannot be used (another process holds it, a legacy file is damaged, no permission).
 */
export async function openFileStore(setting: string): Promise<MeetingStore> {
  const { folder, legacyFile } = dataLocation(setting);
  try {
    for (const dir of ['meetings', 'names', 'outbox']) await mkdir(join(folder, dir), { recursive: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new StoreLoadError(`The data folder cannot be used (${code}). Check BREAKOUTS_DB and the permissions of its folder. Folder: ${folder}`);
  }
  const release = await takeLock(folder);
  try {
    await migrateLegacy(folder, legacyFile);
    return await openLocalStore(fileBacking(folder, release));
  } catch (error) {
    await release();
    if (error instanceof StoreLoadError) throw error;
    if (error instanceof StoreUnavailableError) throw new StoreLoadError(error.message);
    throw error;
  }
}
