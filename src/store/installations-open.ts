// Opens the installation records where the meetings live: PostgreSQL when DATABASE_URL is set
// (every process sees every workspace), else the data folder of BREAKOUTS_DB.
import type { Config } from '../runtime/config.ts';
import type { Logger } from '../runtime/logger.ts';
import type { InstallationRecords } from './installations.ts';
import { openFileInstallationRecords } from './installations-file.ts';
import { openPostgresInstallationRecords } from './installations-postgres.ts';

export async function openInstallationRecords(config: Pick<Config, 'databaseUrl' | 'dbPath'>, logger: Logger): Promise<InstallationRecords> {
  if (config.databaseUrl) return openPostgresInstallationRecords(config.databaseUrl, { logger });
  return openFileInstallationRecords(config.dbPath);
}
