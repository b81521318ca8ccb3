// Installations in the data folder: one small JSON file per record under <folder>/installations/,
// readable by this user only (folder 0700, files 0600) and replaced atomically, so a crash leaves
// the old installation or the new one. The file carries its key: long keys have hashed names.
import { chmod, mkdir, readdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { readIfExists, replaceFile, safeFileName } from './atomic-file.ts';
import { StoreLoadError, storeReadError, storeWriteError } from './failures.ts';
import { dataLocation } from './file-store.ts';
import type { InstallationRecord, InstallationRecords } from './installations.ts';

const RecordFile = z.object({ key: z.string(), platform: z.string(), sealed: z.string(), updatedAt: z.string().optional() });

const SUFFIX = '.json';

/** The installations folder of the data folder BREAKOUTS_DB names. */
export function installationsFolder(setting: string): string {
  return join(dataLocation(setting).folder, 'installations');
}

export async function openFileInstallationRecords(setting: string): Promise<InstallationRecords> {
  const folder = installationsFolder(setting);
  try {
    await mkdir(folder, { recursive: true, mode: 0o700 });
    // mkdir leaves an existing folder's mode alone: tokens are for this user's eyes only.
    await chmod(folder, 0o700);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new StoreLoadError(`The installations folder cannot be used (${code}). Check BREAKOUTS_DB and the permissions of its folder. Folder: ${folder}`);
  }
  const pathOf = (key: string): string => join(folder, `${safeFileName(key)}${SUFFIX}`);

  async function read(path: string): Promise<InstallationRecord | undefined> {
    const text = await readIfExists(path);
    if (text === undefined) return undefined;
    let parsed: z.infer<typeof RecordFile>;
    try {
      parsed = RecordFile.parse(JSON.parse(text));
    } catch {
      throw storeReadError(new Error('the file is not an installation record'), path);
    }
    return { key: parsed.key, platform: parsed.platform, sealed: parsed.sealed };
  }

  async function all(prefix: string): Promise<InstallationRecord[]> {
    let names: string[];
    try {
      names = await readdir(folder);
    } catch (error) {
      throw storeReadError(error, folder);
    }
    const found: InstallationRecord[] = [];
    // Temporary files of an interrupted write start with a dot and are not records.
    for (const name of names.filter((n) => n.endsWith(SUFFIX) && !n.startsWith('.')).sort()) {
      const record = await read(join(folder, name));
      if (record && record.key.startsWith(prefix)) found.push(record);
    }
    return found.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  async function remove(key: string): Promise<boolean> {
    const path = pathOf(key);
    try {
      await unlink(path);
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw storeWriteError(error, path);
    }
  }

  return {
    async get(key) {
      const record = await read(pathOf(key));
      // A hashed name could (in theory) be shared by two keys: the key inside decides.
      return record?.key === key ? record.sealed : undefined;
    },
    async put(key, platform, sealed) {
      const path = pathOf(key);
      try {
        await replaceFile(path, JSON.stringify({ key, platform, sealed, updatedAt: new Date().toISOString() }), { mode: 0o600, durable: true });
      } catch (error) {
        throw storeWriteError(error, path);
      }
    },
    delete: remove,
    async list(prefix, limit = Number.POSITIVE_INFINITY) {
      return (await all(prefix)).slice(0, limit);
    },
    async deleteWhere(prefix, matches = () => true) {
      let removed = 0;
      for (const record of await all(prefix)) if (matches(record) && (await remove(record.key))) removed++;
      return removed;
    },
    async close() {},
  };
}
