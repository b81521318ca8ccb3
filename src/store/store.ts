// Meeting storage: one serialised read-modify-write queue per meeting over an in-memory map,
// persisted to a lowdb JSON file (atomic writes through steno: temp file, then rename) or kept
// in memory (tests, playground demos). A corrupt or unknown file stops start-up, untouched.
import { mkdir, open, readFile, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { Low, type Adapter } from 'lowdb';
import { z } from 'zod';
import { MeetingSchema, meetingKey, type Meeting } from '../domain/meeting.ts';
import { storeWriteError } from './failures.ts';
import { createKeyedQueue } from '../runtime/keyed-queue.ts';
import type { MeetingStore, StoreChange } from './port.ts';

export const SCHEMA_VERSION = 1;

const FileSchema = z.object({
  schemaVersion: z.number().int(),
  // Checked as a plain object only: its entries are read from the parsed JSON itself, because a
  // copy made by assignment would turn a "__proto__" entry into a prototype and silently drop it.
  meetings: z.custom<Record<string, unknown>>((v) => typeof v === 'object' && v !== null && !Array.isArray(v)),
});
export interface StoreFile {
  schemaVersion: number;
  meetings: Record<string, Meeting>;
}

/** The data file cannot be used; start-up stops with this message and the file stays as it is. */
export class StoreLoadError extends Error {
  override readonly name = 'StoreLoadError';
}

function fixHint(path: string): string {
  return `Breakouts has not changed it. Restore it from a backup or move it aside (a new empty one is then created), or point BREAKOUTS_DB at another file. File: ${path}`;
}

/** Parse and validate a data file's text; throws StoreLoadError saying what is wrong. */
export function parseStoreFile(text: string, path: string): StoreFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new StoreLoadError(`The data file is not valid JSON (${(error as Error).message}). ${fixHint(path)}`);
  }
  const outer = FileSchema.safeParse(json);
  if (!outer.success) {
    throw new StoreLoadError(`The data file is not a Breakouts data file (no schemaVersion/meetings). ${fixHint(path)}`);
  }
  if (outer.data.schemaVersion !== SCHEMA_VERSION) {
    throw new StoreLoadError(
      `The data file has schema version ${outer.data.schemaVersion}; this Breakouts reads version ${SCHEMA_VERSION}${outer.data.schemaVersion > SCHEMA_VERSION ? ' (it was written by a newer Breakouts: upgrade)' : ''}. ${fixHint(path)}`,
    );
  }
  // No prototype: a "__proto__" entry is an entry like any other (and refused below), never a setter.
  const meetings: Record<string, Meeting> = Object.create(null) as Record<string, Meeting>;
  for (const [key, raw] of Object.entries(outer.data.meetings)) {
    const parsed = MeetingSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new StoreLoadError(`Meeting “${key}” in the data file is damaged (${issue ? `${issue.path.join('.')}: ${issue.message}` : 'invalid'}). ${fixHint(path)}`);
    }
    if (parsed.data.key !== key || key !== meetingKey(parsed.data.place)) {
      throw new StoreLoadError(`Meeting “${key}” in the data file is filed under the wrong key. ${fixHint(path)}`);
    }
    meetings[key] = parsed.data;
  }
  return { schemaVersion: SCHEMA_VERSION, meetings };
}

function emptyFile(): StoreFile {
  return { schemaVersion: SCHEMA_VERSION, meetings: Object.create(null) as Record<string, Meeting> };
}

interface Backing {
  readonly data: StoreFile;
  persist(): Promise<void>;
}

function createStoreOver(backing: Backing): MeetingStore {
  // Idle meetings hold no memory here: a meeting's queue is forgotten once it drains.
  const queue = createKeyedQueue();
  const byId = new Map<string, string>();
  for (const m of Object.values(backing.data.meetings)) byId.set(m.id, m.key);

  return {
    async get(key) {
      return backing.data.meetings[key];
    },
    async getById(id) {
      const key = byId.get(id);
      return key === undefined ? undefined : backing.data.meetings[key];
    },
    async list() {
      return Object.values(backing.data.meetings);
    },
    update<T>(key: string, change: (current: Meeting | undefined) => StoreChange<T> | Promise<StoreChange<T>>): Promise<T> {
      return queue.run(key, async () => {
        const result = await change(backing.data.meetings[key]);
        if (result.meeting) {
          const before = backing.data.meetings[key];
          backing.data.meetings[key] = result.meeting;
          byId.set(result.meeting.id, key);
          try {
            await backing.persist();
          } catch (error) {
            // Not written: keep memory equal to the file, so nothing claims to be saved that is not.
            if (before) backing.data.meetings[key] = before;
            else delete backing.data.meetings[key];
            throw error;
          }
        }
        return result.value;
      });
    },
    close: () => queue.drained(),
  };
}

export function createMemoryStore(initial?: StoreFile): MeetingStore {
  return createStoreOver({ data: initial ?? emptyFile(), persist: async () => {} });
}

/**
 * lowdb's adapter for the data file: atomic writes (temp file, then rename) that keep the file's
 * permissions, coalesced so that a burst of changes costs one write, and errors that name the cause.
 */
function createDataFileAdapter(path: string): Adapter<StoreFile> {
  const temp = join(dirname(path), `.${basename(path)}.tmp`);
  let tail: Promise<void> = Promise.resolve();
  let next: { text: string; done: Promise<void> } | undefined;

  async function writeNow(text: string): Promise<void> {
    try {
      // The mode of the file being replaced (a 0444 file stays 0444); 0644 for a new one.
      const mode = await stat(path).then(
        (s) => s.mode & 0o777,
        () => 0o644,
      );
      const handle = await open(temp, 'w', mode);
      try {
        await handle.writeFile(text, 'utf8');
        await handle.chmod(mode);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temp, path);
    } catch (error) {
      await unlink(temp).catch(() => undefined);
      throw storeWriteError(error, path);
    }
  }

  /** One write at a time; whoever asks while one is under way shares the next, with the newest text. */
  function write(text: string): Promise<void> {
    if (next) {
      next.text = text;
      return next.done;
    }
    const entry = { text, done: Promise.resolve() };
    entry.done = tail
      .catch(() => undefined)
      .then(() => {
        next = undefined;
        return writeNow(entry.text);
      });
    next = entry;
    tail = entry.done;
    return entry.done;
  }

  return {
    async read() {
      let text: string;
      try {
        text = await readFile(path, 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw error;
      }
      return parseStoreFile(text, path);
    },
    write: (data) => write(JSON.stringify(data)),
  };
}

/** Open (or create on first write) the lowdb file store. Throws StoreLoadError for a bad file. */
export async function openFileStore(path: string): Promise<MeetingStore> {
  const db = new Low<StoreFile>(createDataFileAdapter(path), emptyFile());
  try {
    await mkdir(dirname(path), { recursive: true });
    await db.read();
  } catch (error) {
    if (error instanceof StoreLoadError) throw error;
    // A folder in the way, no permission: the same clear stop as a bad file, naming the setting.
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new StoreLoadError(`The data file cannot be opened (${code}). Check BREAKOUTS_DB and the permissions of its folder. File: ${path}`);
  }
  return createStoreOver({ data: db.data, persist: () => db.write() });
}
