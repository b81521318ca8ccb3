// Small file helpers the data folder's stores share: a file replaced atomically (a reader sees the
// old text or the new, never half of one, even after a crash), and a name made safe as a file name.
import { createHash } from 'node:crypto';
import { open, readFile, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { storeReadError } from './failures.ts';

/** A name as a file name: plain characters kept, the rest escaped; long ones hashed. */
export function safeFileName(name: string): string {
  const escaped = name.replace(/[^A-Za-z0-9._-]/g, (c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
  return escaped.length <= 200 ? escaped : `h-${createHash('sha256').update(name).digest('hex')}`;
}

export interface ReplaceOptions {
  /** The file's mode (0600 for secrets: set before any byte is written); default that of the file replaced, 0644 for a new one. */
  readonly mode?: number;
  /** Flush the text to the disk before the rename (rare writes that must survive a power cut). */
  readonly durable?: boolean;
}

/**
 * Replace `path` with `text` through a temporary file and a rename. Throws the file system's
 * error; the temporary file is removed first.
 */
export async function replaceFile(path: string, text: string, options: ReplaceOptions = {}): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    const chosen =
      options.mode ??
      (await stat(path).then(
        (s) => s.mode & 0o777,
        () => 0o644,
      ));
    const handle = await open(temp, 'w', chosen);
    try {
      await handle.writeFile(text, 'utf8');
      // open()'s mode is narrowed by the umask; the file gets exactly the one chosen.
      await handle.chmod(chosen);
      if (options.durable) await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
}

/** A file's text, or undefined when there is no such file; any other failure is a read error naming the file. */
export async function readIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw storeReadError(error, path);
  }
}
