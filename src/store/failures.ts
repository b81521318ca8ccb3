// Failures that are not the person's fault and not a platform's: the store could not save or
// read. They carry a sentence that names the real cause, so no adapter has to guess ("Slack did
// not answer") and every surface says the same true thing.

/** The data cannot be used at all; start-up stops with this message and nothing is changed. */
export class StoreLoadError extends Error {
  override readonly name = 'StoreLoadError';
}

/** The store could not save or read a meeting; `message` says why and what the operator can do. */
export class StoreUnavailableError extends Error {
  override readonly name = 'StoreUnavailableError';
}

/** File-system error codes → what they mean for the person who runs Breakouts. */
const FILE_CAUSES: Readonly<Record<string, string>> = {
  EACCES: 'the data folder or file is not writable (permission denied)',
  EPERM: 'the data folder or file is not writable (operation not permitted)',
  EROFS: 'the data folder is on a read-only file system',
  ENOSPC: 'the disk holding the data folder is full',
  EDQUOT: 'the disk quota for the data folder is used up',
  ENOENT: 'the data folder was removed',
  EISDIR: 'a folder is in the way of the data file',
  EMFILE: 'the process has too many files open',
};

/** A StoreUnavailableError for a failed read of the data file at `path`. */
export function storeReadError(error: unknown, path: string): StoreUnavailableError {
  const code = typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
  const cause = (code && FILE_CAUSES[code]) ?? `the data file could not be read (${code ?? (error instanceof Error ? error.message : String(error))})`;
  return new StoreUnavailableError(`Breakouts could not read its data: ${cause}. Check BREAKOUTS_DB (${path}) and its folder.`, { cause: error });
}

/** A StoreUnavailableError for a failed write of the data file at `path`. */
export function storeWriteError(error: unknown, path: string): StoreUnavailableError {
  const code = typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
  const cause = (code && FILE_CAUSES[code]) ?? `the data file could not be written (${code ?? (error instanceof Error ? error.message : String(error))})`;
  return new StoreUnavailableError(`Breakouts could not save the change: ${cause}. Check BREAKOUTS_DB (${path}) and its folder.`, { cause: error });
}

/**
 * The sentence for a failure Breakouts understands (the store went away), or undefined for an
 * unexpected one (a bug, or a platform error the adapter describes in its own words).
 */
export function describeFailure(error: unknown): string | undefined {
  return error instanceof StoreUnavailableError ? error.message : undefined;
}
