// Which store runs: PostgreSQL when DATABASE_URL is set (any number of processes), else the
// embedded file store in the data folder BREAKOUTS_DB names (one process); memory for tests.
import type { Config } from '../runtime/config.ts';
import type { Logger } from '../runtime/logger.ts';
import { openFileStore } from './file-store.ts';
import type { MeetingStore } from './port.ts';
import { openPostgresStore } from './postgres.ts';

export { StoreLoadError } from './failures.ts';
export { dataLocation, openFileStore, readMeetingFile } from './file-store.ts';
export { createMemoryStore } from './memory.ts';
export { openPostgresStore } from './postgres.ts';
export type { MeetingStore } from './port.ts';

/** The store the configuration asks for; throws StoreLoadError saying why it cannot be used. */
export function openConfiguredStore(config: Pick<Config, 'dbPath' | 'databaseUrl'>, logger: Logger): Promise<MeetingStore> {
  return config.databaseUrl ? openPostgresStore(config.databaseUrl, { logger }) : openFileStore(config.dbPath);
}
