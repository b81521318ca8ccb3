// Bolt and @slack/oauth log through our logger, so their lines are redacted like every other.
// A line Breakouts already says better itself is lowered to debug.
import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { Logger } from '../../src/runtime/logger.ts';

export interface BoltLoggerOptions {
  /** Where the line says it came from ("bolt", "slack oauth"). */
  readonly name?: string;
  /** Warnings and errors whose text starts with one of these go to debug: Breakouts logs them with more context. */
  readonly quiet?: readonly string[];
  /** Errors go to debug (a component whose every failure Breakouts reports itself). */
  readonly errorsAsDebug?: boolean;
}

export function boltLogger(logger: Logger, options: BoltLoggerOptions = {}): BoltLogger {
  let level = LogLevel.INFO;
  const name = options.name ?? 'bolt';
  const quiet = options.quiet ?? [];
  const text = (msg: unknown[]): string => msg.map((m) => (typeof m === 'string' ? m : m instanceof Error ? m.message : JSON.stringify(m))).join(' ');
  const loud = (line: string): boolean => !quiet.some((q) => line.startsWith(q));
  return {
    debug: (...msg: unknown[]) => logger.debug(`${name}: ${text(msg)}`),
    info: (...msg: unknown[]) => logger.info(`${name}: ${text(msg)}`),
    warn: (...msg: unknown[]) => {
      const line = text(msg);
      if (loud(line)) logger.warn(`${name}: ${line}`);
      else logger.debug(`${name}: ${line}`);
    },
    error: (...msg: unknown[]) => {
      const line = text(msg);
      if (loud(line) && !options.errorsAsDebug) logger.error(`${name}: ${line}`);
      else logger.debug(`${name}: ${line}`);
    },
    setLevel: (l: LogLevel) => (level = l),
    getLevel: () => level,
    setName: () => {},
  };
}
