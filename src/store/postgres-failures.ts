// What a PostgreSQL failure means for the person who runs Breakouts: at start, a sentence naming
// DATABASE_URL (its password masked) and the cause; while running, whether the connection went
// away (retry, then "try again in a moment") or something else did.
import { StoreLoadError, StoreUnavailableError } from './failures.ts';
import { NewerSchemaError } from './postgres-migrations.ts';

const MASK = '*****';

/** DATABASE_URL as it may be shown: the password (in the URL or as ?password=) replaced by stars. */
export function maskDatabaseUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    // Not a URL: nothing in it can be told apart from a password, so none of it is shown.
    return '(not shown: it is not a URL)';
  }
  if (parsed.password) parsed.password = MASK;
  for (const name of [...parsed.searchParams.keys()]) if (/pass|secret|key/i.test(name)) parsed.searchParams.set(name, MASK);
  return parsed.toString();
}

/** Every secret the URL carries, so that a server's message quoting one never prints it. */
function secretsOf(url: string): string[] {
  try {
    const parsed = new URL(url);
    const found = [parsed.password, decodeURIComponent(parsed.password)];
    for (const [name, value] of parsed.searchParams) if (/pass|secret|key/i.test(name)) found.push(value);
    // A secret of one or two characters would star out ordinary words (and reveals little).
    return found.filter((s) => s.length >= 3);
  } catch {
    return [url];
  }
}

function scrub(text: string, url: string): string {
  let out = text;
  for (const secret of secretsOf(url)) out = out.replaceAll(secret, MASK);
  return out;
}

function codeOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  if ('code' in error && typeof error.code === 'string') return error.code;
  // Node reports a refused connection to every address of a name as an AggregateError.
  if (error instanceof AggregateError) return codeOf(error.errors[0]);
  return undefined;
}

function messageOf(error: unknown): string {
  if (error instanceof AggregateError && error.message === '') return messageOf(error.errors[0]);
  return error instanceof Error ? error.message : String(error);
}

/** SQLSTATE classes and codes after which the transaction certainly did not commit, and a new connection may work. */
const CONNECTION_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', '57P01', '57P02', '57P03', '53300']);
const CONNECTION_MESSAGES = /Connection terminated|Client has encountered a connection error|timeout exceeded when trying to connect|Connection ended|not queryable/i;

/** The connection went away or could not be made: the operation may be tried again on a new one. */
export function isConnectionError(error: unknown): boolean {
  const code = codeOf(error);
  if (code !== undefined && (CONNECTION_CODES.has(code) || code.startsWith('08'))) return true;
  return CONNECTION_MESSAGES.test(messageOf(error));
}

/** A transaction the server rolled back to break a deadlock or a serialisation conflict: safe to run again. */
export function isTransientConflict(error: unknown): boolean {
  const code = codeOf(error);
  return code === '40001' || code === '40P01';
}

/** Why the database could not be opened, in words for the operator. */
function openCause(error: unknown): string {
  if (error instanceof NewerSchemaError) return error.message;
  const code = codeOf(error);
  const detail = messageOf(error);
  switch (code) {
    case 'ECONNREFUSED':
      return 'nothing is listening at that host and port (ECONNREFUSED): is PostgreSQL running?';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `the host name cannot be resolved (${code})`;
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `the server cannot be reached (${code})`;
    case '28P01':
      return 'the password was refused (28P01: password authentication failed)';
    case '28000':
      return `the server refused this user (28000: ${detail})`;
    case '3D000':
      return `the database does not exist (3D000: ${detail}); create it with createdb, or name another one`;
    case '42501':
      return `this user may not create Breakouts' tables (42501: ${detail}); grant it CREATE on the database, or apply the schema as its owner`;
    case '42P07':
      return `the database already has a table of that name that Breakouts did not make (42P07: ${detail}); give Breakouts a database of its own`;
    case '53300':
      return 'the server has no connections left (53300: too many clients)';
    default:
      return code ? `${detail} (${code})` : detail;
  }
}

/** The error start-up stops with: it names DATABASE_URL, never its password, and the cause. */
export function openError(url: string, error: unknown): StoreLoadError {
  return new StoreLoadError(
    scrub(`Breakouts could not open its database (DATABASE_URL=${maskDatabaseUrl(url)}): ${openCause(error)}. Fix DATABASE_URL or the server, then start again.`, url),
    { cause: error },
  );
}

/** The error a command gets while the database cannot be reached; the engine refuses with its sentence. */
export function unreachable(error: unknown, url: string): StoreUnavailableError {
  const code = codeOf(error);
  const reason = scrub(code ? `${code}: ${messageOf(error)}` : messageOf(error), url);
  return new StoreUnavailableError(`Breakouts could not reach its database (${reason}): it is retrying; try again in a moment.`, { cause: error });
}

/** The connection went away after COMMIT was sent: the change may or may not have been saved. */
export function inDoubt(error: unknown, url: string): StoreUnavailableError {
  return new StoreUnavailableError(
    `Breakouts lost its database connection while saving (${scrub(messageOf(error), url)}), so the change may or may not have been saved: look at the board, then try again in a moment if it is not there.`,
    { cause: error },
  );
}

/** A stored meeting that does not read as a meeting: reported for that meeting only, never changed. */
export function damagedRow(key: string, why: string): StoreUnavailableError {
  return new StoreUnavailableError(
    `The stored meeting ${key} is damaged (${why}). Breakouts has not changed it; the other meetings go on. Restore its row in the meetings table from a backup, or delete the row to start this meeting afresh.`,
  );
}
