// The one logger: pino's JSON lines (to stderr), with secrets redacted by key and by shape so a
// token can never reach a log, whatever object or message is passed in.
import pino from 'pino';

export type Level = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  debug(message: string, context?: Record<string, unknown>): void;
  info(message: string, context?: Record<string, unknown>): void;
  warn(message: string, context?: Record<string, unknown>): void;
  error(message: string, context?: Record<string, unknown>): void;
}

const SECRET_KEY = /token|secret|authorization|password|signature/i;
const SECRET_VALUE = /\b(xox[abposr]-[A-Za-z0-9-]+|xapp-[A-Za-z0-9-]+|[A-Za-z0-9_-]{23,28}\.[A-Za-z0-9_-]{6,7}\.[A-Za-z0-9_-]{27,})\b/g;
/** The password of a URL (postgres://user:password@host): a driver's error may quote DATABASE_URL. */
const URL_PASSWORD = /\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@]*:)[^\s/@]+@/gi;

export function redact(value: unknown, depth = 0): unknown {
  if (depth > 6) return '[deep]';
  if (typeof value === 'string') return value.replace(SECRET_VALUE, '[redacted]').replace(URL_PASSWORD, '$1[redacted]@');
  if (value instanceof Error) {
    const code = 'code' in value ? (value as { code?: unknown }).code : undefined;
    return { name: value.name, message: redact(value.message, depth + 1), ...(code !== undefined ? { code: redact(code, depth + 1) } : {}) };
  }
  if (Array.isArray(value)) return value.slice(0, 20).map((v) => redact(v, depth + 1));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = SECRET_KEY.test(k) ? '[redacted]' : redact(v, depth + 1);
    return out;
  }
  return value;
}

export interface LoggerOptions {
  readonly level?: Level;
  /** Where each line goes (without its newline); default stderr. Tests collect the lines. */
  readonly write?: (line: string) => void;
}

/** Fields every line has: a context key of the same name is kept beside them, renamed, not written twice. */
const RESERVED = new Set(['level', 'time', 'message', 'pid', 'hostname']);

function contextFields(context: Record<string, unknown> | undefined): Record<string, unknown> {
  if (!context) return {};
  const safe = redact(context) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(safe)) out[RESERVED.has(k) ? `context.${k}` : k] = v;
  return out;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const { write } = options;
  // Synchronous writes: a line logged just before process.exit (a failed start, the end of a drain) still lands.
  const destination: pino.DestinationStream = write ? { write: (line: string) => write(line.endsWith('\n') ? line.slice(0, -1) : line) } : pino.destination({ dest: 2, sync: true });
  const log = pino(
    {
      level: options.level ?? 'info',
      messageKey: 'message',
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    destination,
  );
  const emit = (level: Level, message: string, context?: Record<string, unknown>): void => {
    // Checked first: a filtered-out debug line costs no redaction walk.
    if (!log.isLevelEnabled(level)) return;
    log[level](contextFields(context), redact(message) as string);
  };
  return {
    debug: (m, c) => emit('debug', m, c),
    info: (m, c) => emit('info', m, c),
    warn: (m, c) => emit('warn', m, c),
    error: (m, c) => emit('error', m, c),
  };
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
