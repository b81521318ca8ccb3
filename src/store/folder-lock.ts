// The data folder's lock: one process uses a folder at a time. The lock file names its holder
// (pid, host, start time); a lock left by a process that is gone is taken over.
import { readFile, unlink, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { StoreLoadError } from './failures.ts';

/**
 * Take the folder for this process. A lock left by a process that is gone (same host, pid not
 * running) is taken over; one held by a live process stops start-up with who holds it.
 */
export async function takeLock(folder: string): Promise<() => Promise<void>> {
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
