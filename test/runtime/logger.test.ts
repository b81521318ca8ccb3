// The pino-backed logger: one JSON line per event in the shape the tests and operators read
// (level label, ISO time, message, context fields), levels filtered, secrets redacted everywhere.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createLogger, redact, type Level } from '../../src/runtime/logger.ts';

const Line = z.object({ level: z.string(), time: z.string(), message: z.string() }).catchall(z.unknown());

function collect(level?: Level): { lines: string[]; parsed: () => z.infer<typeof Line>[]; logger: ReturnType<typeof createLogger> } {
  const lines: string[] = [];
  const logger = createLogger({ ...(level ? { level } : {}), write: (line) => lines.push(line) });
  return { lines, parsed: () => lines.map((l) => Line.parse(JSON.parse(l))), logger };
}

// Shaped like the real thing, made up here (no real credential is in this file).
const SLACK_TOKEN = 'xoxb-1111-2222-abcdefABCDEF';
const APP_TOKEN = 'xapp-1-A111-222-abcdef';
const DISCORD_TOKEN = `${'M'.repeat(24)}.${'G'.repeat(6)}.${'x'.repeat(38)}`;

describe('the logger', () => {
  it('writes one JSON line per event with the level as a word, an ISO time, the message and the context', () => {
    const { lines, parsed, logger } = collect();
    logger.info('meeting started', { meetingId: 'm1', rooms: 3 });
    logger.error('delivery failed', { attempt: 2 });
    expect(lines).toHaveLength(2);
    expect(lines.every((l) => !l.includes('\n'))).toBe(true);
    const [first, second] = parsed();
    expect(first).toMatchObject({ level: 'info', message: 'meeting started', meetingId: 'm1', rooms: 3 });
    expect(second).toMatchObject({ level: 'error', message: 'delivery failed', attempt: 2 });
    expect(new Date(first?.time ?? '').toISOString()).toBe(first?.time);
    expect(lines[1]).toContain('"level":"error"');
  });

  it('leaves out events below its level, info by default', () => {
    const quiet = collect();
    quiet.logger.debug('noise');
    quiet.logger.info('kept');
    expect(quiet.parsed().map((l) => l.message)).toEqual(['kept']);

    const warnOnly = collect('warn');
    warnOnly.logger.info('dropped');
    warnOnly.logger.warn('kept');
    warnOnly.logger.error('kept too');
    expect(warnOnly.parsed().map((l) => [l.level, l.message])).toEqual([
      ['warn', 'kept'],
      ['error', 'kept too'],
    ]);

    const verbose = collect('debug');
    verbose.logger.debug('details');
    expect(verbose.parsed().map((l) => [l.level, l.message])).toEqual([['debug', 'details']]);
  });

  it('redacts a value by its key at any depth: tokens, secrets, authorization headers, passwords, signatures', () => {
    const { lines, parsed, logger } = collect();
    logger.warn('request refused', {
      botToken: 'plain-looking-value-1',
      nested: { headers: { Authorization: 'Bearer plain-looking-value-2', 'x-slack-signature': 'v0=abc' }, clientSecret: 'plain-looking-value-3' },
      list: [{ password: 'plain-looking-value-4' }],
      user: 'U123',
    });
    const text = lines.join('\n');
    for (const secret of ['plain-looking-value-1', 'plain-looking-value-2', 'plain-looking-value-3', 'plain-looking-value-4', 'v0=abc']) expect(text).not.toContain(secret);
    expect(parsed()[0]).toMatchObject({ botToken: '[redacted]', nested: { headers: { Authorization: '[redacted]', 'x-slack-signature': '[redacted]' }, clientSecret: '[redacted]' }, list: [{ password: '[redacted]' }], user: 'U123' });
  });

  it('redacts a value by its shape wherever it is: Slack and Discord tokens in the message, in context and inside errors', () => {
    const { lines, logger } = collect();
    logger.error(`call failed with ${SLACK_TOKEN}`, { detail: `app ${APP_TOKEN}`, error: new Error(`bad token ${DISCORD_TOKEN}`), deep: { a: [{ b: SLACK_TOKEN }] } });
    const text = lines.join('\n');
    for (const secret of [SLACK_TOKEN, APP_TOKEN, DISCORD_TOKEN]) expect(text).not.toContain(secret);
    expect(text).toContain('call failed with [redacted]');
    expect(text).toContain('bad token [redacted]');
  });

  it('masks the password of a connection URL quoted in a message or an error', () => {
    const { lines, logger } = collect();
    logger.warn('cannot reach postgres://breakouts:s3cr3t-pass@db.internal:5432/breakouts', { error: new Error('connect to postgresql://app:another-pass@10.0.0.5/db failed') });
    const text = lines.join('\n');
    expect(text).not.toContain('s3cr3t-pass');
    expect(text).not.toContain('another-pass');
    expect(text).toContain('postgres://breakouts:[redacted]@db.internal:5432/breakouts');
    expect(redact('https://example.com/path?x=1')).toBe('https://example.com/path?x=1');
  });

  it('writes an error as its name, message and code, not a stack', () => {
    const { parsed, logger } = collect();
    const error = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    logger.error('request failed', { error });
    expect(parsed()[0]?.['error']).toEqual({ name: 'Error', message: 'socket hang up', code: 'ECONNRESET' });
  });

  it('keeps a context field named like a line field beside it instead of overwriting the level or the message', () => {
    const { parsed, logger } = collect();
    logger.info('the real message', { level: 'fake', message: 'fake too', time: 'then' });
    const [line] = parsed();
    expect(line).toMatchObject({ level: 'info', message: 'the real message', 'context.level': 'fake', 'context.message': 'fake too', 'context.time': 'then' });
  });
});
