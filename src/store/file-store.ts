// The embedded store (lowdb): one JSON file per meeting in the data folder, so a change costs the
// same with one meeting stored or five thousand. Each meeting file is a lowdb database whose
// adapter replaces the file atomically (temp file, then rename) and keeps its permissions. Later
// changes are appended to the meeting's journal as one short line each (what changed: a step
// marked done, an effect settled), so a change costs what changed, not the whole meeting; the
// file is written whole again (and the journal started afresh) when the journal has grown to the
// size of the file, and at the first change after a start. Small name files find a meeting by key
// or alias without reading the others; marker files list the meetings whose effects still wait; a
// lock file keeps a second process out. A single-file store of earlier versions is migrated once,
// left untouched.
//
//   <folder>/meetings/<meeting id>.json   {schemaVersion: 3, journal: n, meeting, outbox}
//   <folder>/journal/<meeting id>.<n>.jsonl  changes since that file was written, one per line
//   <folder>/names/<encoded key or alias> the meeting id and key, one per line (an alias: a hard link to the key's)
//   <folder>/outbox/<meeting id>          present while the meeting has effects to deliver (and a little after)
//   <folder>/lock                         {pid, host, startedAt} of the process using the folder
import { mkdir, open, readdir, readFile, stat, unlink, type FileHandle } from 'node:fs/promises';
import { linkSync, readFileSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Low } from 'lowdb';
import { meetingAliases } from '../domain/meeting.ts';
import { StoreLoadError, storeWriteError, StoreUnavailableError } from './failures.ts';
import { parseLegacyFile } from './legacy-file.ts';
import { openLocalStore, type LocalBacking, type StoredRecord } from './local-store.ts';
import { readIfExists, safeFileName } from './atomic-file.ts';
import { takeLock } from './folder-lock.ts';
import { journalLine } from './journal.ts';
import { journalFilePath, meetingFilePath, recordAdapter, writeAtomically, type MeetingFile } from './meeting-file.ts';
import type { MeetingStore } from './port.ts';

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

/** The journal this process appends to for one meeting, since it last wrote the meeting's file. */
interface OpenJournal {
  readonly generation: number;
  /** Bytes appended so far, and how many before the file is written whole again. */
  bytes: number;
  readonly limit: number;
  handle?: FileHandle;
}

/** An outbox marker whose effects are all delivered is removed at the first change after this long (or at close). */
const MARKER_KEEP_MS = 5_000;

/** A journal is started afresh once it holds this much, or as much as its meeting's file if more. */
const JOURNAL_MIN_LIMIT = 64 * 1024;

/** The backing of the file store: what the local store reads and writes. */
function fileBacking(folder: string, release: () => Promise<void>): LocalBacking {
  const namesDir = join(folder, 'names');
  const outboxDir = join(folder, 'outbox');
  const recordPath = (id: string): string => meetingFilePath(folder, id);
  const journalPath = (id: string, generation: number): string => journalFilePath(folder, id, generation);
  const namePath = (name: string): string => join(namesDir, safeFileName(name));
  /** Meeting id → the generation of the journal its file names, as last read or written. */
  const generations = new Map<string, number>();
  /** Meeting id → the journal this process may append to (only after writing the file itself). */
  const journals = new Map<string, OpenJournal>();

  /** The meeting a name points at: its id and key (undefined when there is no such name). */
  async function named(name: string): Promise<{ readonly id: string; readonly key: string } | undefined> {
    const text = await readIfExists(namePath(name));
    if (text === undefined) return undefined;
    const [id = '', key = ''] = text.split('\n');
    return /^[a-z0-9]{4,12}$/.test(id) && key !== '' ? { id, key } : undefined;
  }

  /** The lowdb database of one meeting's file (its data is null until read or written). */
  function recordDb(id: string, key: string): Low<MeetingFile | null> {
    return new Low<MeetingFile | null>(recordAdapter(recordPath(id), (generation) => journalPath(id, generation), key), null);
  }

  async function readRecord(id: string, key: string): Promise<StoredRecord | undefined> {
    const db = recordDb(id, key);
    await db.read();
    if (db.data?.record.meeting.key !== key) return undefined;
    generations.set(id, db.data.generation);
    return db.data.record;
  }

  /** Meeting id → its outbox marker: since when it is there, and whether nothing waits any more. */
  const markers = new Map<string, { readonly since: number; empty: boolean }>();

  async function dropMarker(id: string): Promise<void> {
    markers.delete(id);
    await unlink(join(outboxDir, id)).catch(() => undefined);
  }

  /** Stop appending to a meeting's journal: its next change writes the whole file. */
  async function dropJournal(id: string): Promise<void> {
    const journal = journals.get(id);
    journals.delete(id);
    await journal?.handle?.close().catch(() => undefined);
  }

  /** Write the meeting's file whole, naming a new, empty journal; the older journals are removed. */
  async function writeWhole(id: string, key: string, record: StoredRecord): Promise<void> {
    const generation = (journals.get(id)?.generation ?? generations.get(id) ?? 0) + 1;
    await dropJournal(id);
    const db = recordDb(id, key);
    db.data = { record, generation };
    await db.write();
    generations.set(id, generation);
    const size = (await stat(recordPath(id)).catch(() => undefined))?.size ?? 0;
    journals.set(id, { generation, bytes: 0, limit: Math.max(JOURNAL_MIN_LIMIT, size) });
    // The journals the file no longer names (the one before it, and one a crash may have left).
    for (const old of [generation - 1, generation - 2]) if (old > 0) await unlink(journalPath(id, old)).catch(() => undefined);
  }

  /** Append one line to the meeting's journal; false when the journal is full or the change is most of the meeting (write the file whole instead). */
  async function append(id: string, journal: OpenJournal, text: string): Promise<boolean> {
    const size = Buffer.byteLength(text);
    if (journal.bytes + size > journal.limit || size > journal.limit / 2) return false;
    const path = journalPath(id, journal.generation);
    try {
      if (!journal.handle) {
        // The journal gets the mode of the meeting's file (a 0600 or 0444 file stays so).
        const mode = (await stat(recordPath(id))).mode & 0o777;
        journal.handle = await open(path, 'w', mode);
        await journal.handle.chmod(mode);
      }
      const bytes = Buffer.from(text, 'utf8');
      // Written at once: a line of a few hundred bytes goes to the page cache in microseconds, less
      // than an asynchronous write's trip through the thread pool, and the meeting waits for it.
      const bytesWritten = writeSync(journal.handle.fd, bytes);
      if (bytesWritten !== bytes.length) throw Object.assign(new Error(`only ${bytesWritten} of ${bytes.length} bytes were written`), { code: 'ENOSPC' });
      journal.bytes += bytes.length;
      return true;
    } catch (error) {
      // A line cut short stays at the journal's end, where a reader leaves it out; nothing is ever
      // appended after it: the next change writes the whole file and a new journal.
      await dropJournal(id);
      throw storeWriteError(error, path);
    }
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
        markers.set(id, { since: Date.now(), empty: false });
      }
      return keys;
    },

    async write(key, record, before) {
      const id = record.meeting.id;
      const names = [keyName(key), ...meetingAliases(record.meeting)];
      const had = new Set(before ? [keyName(key), ...meetingAliases(before.meeting)] : []);
      // Names first: a crash before the record is written leaves a name that finds nothing yet.
      // A name never changes what it points at, and one cut short by a crash is written again by
      // the next change (the record never got the alias). Written at once: the key's name as a
      // file of a few bytes, the others as links to it.
      const keyPath = namePath(keyName(key));
      for (const name of names) {
        if (had.has(name)) continue;
        const path = namePath(name);
        try {
          if (path === keyPath) writeNewFile(path, `${id}\n${key}`);
          else linkName(keyPath, path, `${id}\n${key}`);
        } catch (error) {
          throw storeWriteError(error, path);
        }
      }
      const marker = join(outboxDir, id);
      const waiting = record.outbox.length > 0;
      // The marker before the effects it announces: a crash leaves a marker with nothing waiting, never the reverse.
      if (waiting && !markers.has(id)) {
        await writeAtomically(marker, key);
        markers.set(id, { since: Date.now(), empty: false });
      }
      const journal = journals.get(id);
      if (!journal || !before || before.meeting.id !== id) await writeWhole(id, key, record);
      else {
        const line = journalLine(before, record);
        if (line && !(await append(id, journal, `${JSON.stringify(line)}\n`))) await writeWhole(id, key, record);
      }
      const known = markers.get(id);
      if (known) {
        known.empty = !waiting;
        // Kept a while after the effects are done, so that a busy meeting does not add and remove it with every change.
        if (!waiting && Date.now() - known.since >= MARKER_KEEP_MS) await dropMarker(id);
      }
      const keep = new Set(names);
      await Promise.all([...had].filter((name) => !keep.has(name)).map((name) => unlink(namePath(name)).catch(() => undefined)));
    },

    async close() {
      for (const id of [...journals.keys()]) await dropJournal(id);
      for (const [id, known] of [...markers]) if (known.empty) await dropMarker(id);
      await release();
    },
  };
}

/** Write `text` to `path` as a file of its own (a file there before is replaced, not written into: other names may share it). */
function writeNewFile(path: string, text: string): void {
  try {
    unlinkSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  writeFileSync(path, text);
}

/** Errors that say this folder cannot hold hard links (or the key's name file is gone). */
const NO_LINK = new Set(['EPERM', 'ENOTSUP', 'EXDEV', 'EMLINK', 'ENOENT']);

/**
 * Make `path` a name of the meeting whose key name file is `keyPath`: a hard link to it, since
 * every name of a meeting holds the same text (its id and key), and a link costs microseconds
 * where a new file costs a new inode (about 1 ms on the machines measured; a start that prepares
 * 50 rooms adds 50 names). Where links are not possible, a file of its own.
 */
function linkName(keyPath: string, path: string, text: string): void {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      linkSync(keyPath, path);
      return;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? '';
      if (NO_LINK.has(code)) break;
      if (code !== 'EEXIST') throw error;
      // A name left by a crash: kept when it already says this, else replaced.
      if (readFileSync(path, 'utf8') === text) return;
      unlinkSync(path);
    }
  }
  writeNewFile(path, text);
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
    for (const dir of ['meetings', 'journal', 'names', 'outbox']) await mkdir(join(folder, dir), { recursive: true });
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

/**
 * One meeting as its files hold it (the meeting file and its journal), read without taking the
 * folder's lock: for looking at a data folder another process uses, as the crash tests do.
 */
export async function readMeetingFile(setting: string, meetingId: string): Promise<StoredRecord | undefined> {
  const { folder } = dataLocation(setting);
  const adapter = recordAdapter(meetingFilePath(folder, meetingId), (generation) => journalFilePath(folder, meetingId, generation), meetingId);
  return (await adapter.read())?.record;
}
