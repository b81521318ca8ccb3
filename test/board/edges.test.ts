// Values at the edges: the action-id codec (round trip, length budget, tampering), slash-text
// parsing into commands, and configuration errors that name every bad or missing variable.
import { readFile } from 'node:fs/promises';
import { parseEnv } from 'node:util';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { ACTION_ID_BUDGET, ActionRefSchema, decodeAction, encodeAction, VERBS, type ActionRef, type Verb } from '../../src/commands/action-id.ts';
import { loadConfig } from '../../src/runtime/config.ts';
import { AUDIO_KINDS } from '../../src/domain/meeting.ts';
import { parseCommandText } from '../../src/commands/parse-text.ts';
import { createHarness, roster } from '../engine/helpers.ts';
import { configProblem } from '../runtime/config-problem.ts';

const VERB_NAMES = Object.keys(VERBS) as Verb[];
const token = fc.stringMatching(/^[A-Za-z0-9_.-]{1,32}$/);
const refArb: fc.Arbitrary<ActionRef> = fc
  .record({
    verb: fc.constantFrom(...VERB_NAMES),
    meetingId: fc.stringMatching(/^[a-z0-9]{4,12}$/),
    version: fc.integer({ min: 0, max: 2_000_000_000 }),
    free: fc.array(token, { maxLength: 2 }),
    attendee: token,
    room: fc.oneof(fc.constant('main'), fc.integer({ min: 1, max: 50 }).map(String)),
    audio: fc.option(fc.constantFrom(...AUDIO_KINDS), { nil: undefined }),
    request: fc.stringMatching(/^[a-z0-9]{1,16}$/),
  })
  .map(({ verb, meetingId, version, free, attendee, room, audio, request }) => {
    const args =
      verb === 'move'
        ? [attendee, room]
        : verb === 'audio'
          ? audio
            ? [audio]
            : []
          : verb === 'claim'
            ? [request]
            : verb === 'pick'
              ? room === 'main'
                ? []
                : [room]
              : free;
    return { verb, meetingId, version, args };
  });

describe('action ids', () => {
  test('every action id decodes to what was encoded', () => {
    fc.assert(
      fc.property(refArb, (ref) => {
        expect(decodeAction(encodeAction(ref))).toEqual({ ok: true, ref });
      }),
      { numRuns: 1000 },
    );
  });

  test('at worst-case lengths (12-char meeting, version 2e9, two 32-char targets) every verb fits the 100-char budget', () => {
    for (const verb of VERB_NAMES) {
      const args = verb === 'audio' ? ['listening'] : verb === 'move' ? ['U'.repeat(32), 'main'] : ['x'.repeat(32), 'y'.repeat(32)];
      const id = encodeAction({ verb, meetingId: 'm'.repeat(12), version: 2_000_000_000, args });
      expect(id.length).toBeLessThanOrEqual(ACTION_ID_BUDGET);
    }
  });

  test('an id that does not fit the codec cannot be encoded', () => {
    expect(() => encodeAction({ verb: 'move', meetingId: 'abcd', version: 1, args: ['U'.repeat(33), '1'] })).toThrow();
    expect(() => encodeAction({ verb: 'move', meetingId: 'ABCD', version: 1, args: [] })).toThrow();
  });

  const good = encodeAction({ verb: 'move', meetingId: 'abc123', version: 42, args: ['U1', '3'] });
  test.each([
    ['another prefix', good.replace(/^bk1/, 'bk2')],
    ['an unknown verb', good.replace(':m:', ':zz:')],
    ['a bad meeting id', good.replace('abc123', 'ABC!')],
    ['a bad version', good.replace(':16:', ':-1:')],
    ['a version too long', good.replace(':16:', ':zzzzzzzz:')],
    ['a third target', `${good}:extra`],
    ['a target with other characters', good.replace('U1', 'U<1>')],
    ['a move to a room that is no number', good.replace(/:3$/, ':x')],
    ['an audio that does not exist', encodeAction({ verb: 'audio', meetingId: 'abc123', version: 1, args: [] }) + ':fax'],
    ['more than 100 characters', `${good}${'a'.repeat(100)}`],
    ['an empty string', ''],
  ])('a tampered id with %s decodes to a clear refusal', (_what, raw) => {
    const decoded = decodeAction(raw);
    expect(decoded.ok).toBe(false);
    if (!decoded.ok) expect(decoded.message).toContain('not one Breakouts made');
  });

  test('anything at all decodes to a refusal or a valid ref, never a crash', () => {
    const mutated = fc.tuple(refArb, fc.nat(), fc.string({ maxLength: 3 })).map(([ref, at, insert]) => {
      const id = encodeAction(ref);
      const i = at % (id.length + 1);
      return id.slice(0, i) + insert + id.slice(i + 1);
    });
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 120 }), mutated, fc.anything()), (raw) => {
        const decoded = decodeAction(raw);
        if (decoded.ok) expect(ActionRefSchema.safeParse(decoded.ref).success).toBe(true);
        else expect(decoded.message.length).toBeGreaterThan(0);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('slash-command text', () => {
  test('an escaped Slack mention <@U123|name> becomes a user with id and name', () => {
    expect(parseCommandText('move <@U123|alice> 3')).toEqual({ ok: true, name: 'move', args: { user: { id: 'U123', name: 'alice' }, to: '3' } });
  });

  test('a plain mention <@U123> becomes a user id', () => {
    expect(parseCommandText('move <@U123> main')).toEqual({ ok: true, name: 'move', args: { user: { id: 'U123' }, to: 'main' } });
  });

  test('@name becomes a user by name, and the engine finds the roster member with that name', async () => {
    expect(parseCommandText('move @Name v0 2')).toEqual({ ok: false, message: expect.stringContaining('Too many words') });
    const parsed = parseCommandText('move @alice 2');
    expect(parsed).toEqual({ ok: true, name: 'move', args: { user: { name: 'alice' }, to: '2' } });
    const h = createHarness('text');
    await h.setup(roster({ voip: 1 }), 2);
    await h.ok('import', { people: [{ id: 'U9', name: 'Alice' }] });
    if (!parsed.ok) throw new Error(parsed.message);
    const out = await h.ok(parsed.name, parsed.args);
    expect(out.meeting.attendees.find((a) => a.id === 'U9')?.room).toBe(2);
  });

  test('"Just Listening" and "VOIP" are audio values', async () => {
    const parsed = parseCommandText('audio Just Listening <@U1|bo>');
    expect(parsed).toEqual({ ok: true, name: 'audio', args: { audio: 'Just Listening', user: { id: 'U1', name: 'bo' } } });
    const h = createHarness('audio-text');
    await h.setup(roster({ voip: 1 }), 1);
    const listening = parseCommandText('audio Just Listening <@v0>');
    if (!listening.ok) throw new Error(listening.message);
    expect((await h.ok(listening.name, listening.args)).meeting.attendees.find((a) => a.id === 'v0')?.audio).toBe('listening');
    const voip = parseCommandText('audio VOIP <@v0>');
    if (!voip.ok) throw new Error(voip.message);
    expect((await h.ok(voip.name, voip.args)).meeting.attendees.find((a) => a.id === 'v0')?.audio).toBe('voip');
  });

  test('an unknown subcommand answers with the usage of every command', () => {
    const parsed = parseCommandText('dance now');
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.message).toContain('“dance” is not a Breakouts command');
      expect(parsed.message).toContain('/breakouts move <user> <room|main>');
      expect(parsed.message).toContain('/breakouts distribute [rooms]');
    }
  });

  test('too many words are refused with the usage', () => {
    expect(parseCommandText('end right now')).toEqual({ ok: false, message: 'Too many words after “end”: “right now”.\nUsage: /breakouts end' });
  });

  test('a word where a person belongs is refused with the usage', () => {
    const parsed = parseCommandText('move alice 2');
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).toContain('“alice” is not a person');
  });

  test('missing required arguments are named by the engine with the usage', async () => {
    const h = createHarness('missing');
    await h.setup(roster({ voip: 1 }), 1);
    for (const [text, field, usage] of [
      ['move <@v0>', 'to', '/breakouts move <user> <room|main>'],
      ['rooms', 'count', '/breakouts rooms <count>'],
      ['rename 1', 'title', '/breakouts rename <room> <title>'],
    ] as const) {
      const parsed = parseCommandText(text);
      if (!parsed.ok) throw new Error(parsed.message);
      const refusal = await h.refused(parsed.name, parsed.args);
      expect(refusal.code).toBe('bad-input');
      expect(refusal.message).toContain(`${field} is missing`);
      expect(refusal.message).toContain('Nothing was changed.');
      expect(refusal.message).toContain(`Usage: ${usage}`);
    }
  });

  test('out-of-range numbers are refused by the engine, naming the argument', async () => {
    const h = createHarness('range');
    const parsed = parseCommandText('rooms 51');
    if (!parsed.ok) throw new Error(parsed.message);
    const refusal = await h.refused(parsed.name, parsed.args);
    expect(refusal.message).toContain('count must be a whole number from 1 to 50');
  });

  test('a dial-in number typed with spaces is refused with how to type it: in quotes, or codes after the word codes', async () => {
    const h = createHarness('dialin');
    await h.setup(roster({ voip: 1 }), 1);
    const parsed = parseCommandText('dialin +1 555 0100 11#');
    if (!parsed.ok) throw new Error(parsed.message);
    expect((await h.refused(parsed.name, parsed.args)).message).toContain('A number with spaces goes in "quotes", or takes its access codes after the word codes');
    const quoted = parseCommandText('dialin "+1 555 0100" 11#');
    if (!quoted.ok) throw new Error(quoted.message);
    expect((await h.ok(quoted.name, quoted.args)).meeting.settings.dialIn).toEqual({ number: '+1 555 0100', codes: { '1': '11#' } });
  });

  test('empty text is help; rename keeps the rest of the words as the name', () => {
    expect(parseCommandText('  ')).toEqual({ ok: true, name: 'help', args: {} });
    expect(parseCommandText('rename 2 The Big Room')).toEqual({ ok: true, name: 'rename', args: { room: '2', title: 'The Big Room' } });
  });
});

describe('configuration', () => {
  test('no credentials at all runs the playground with defaults', () => {
    expect(loadConfig({})).toEqual({ port: 3000, dbPath: 'data', logLevel: 'info', playground: true, playgroundPort: 3000, drainSeconds: 25 });
  });

  test('empty values count as unset: the .env.example as shipped starts the playground on the default port', async () => {
    const example = parseEnv(await readFile(new URL('../../.env.example', import.meta.url), 'utf8'));
    expect(loadConfig(example)).toEqual(loadConfig({}));
    expect(loadConfig({ PORT: ' ', PLAYGROUND_PORT: '', BREAKOUTS_DB: '', LOG_LEVEL: '', HOST: '' })).toEqual(loadConfig({}));
  });

  test.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['LOG_LEVEL', 'loud'],
    ['BREAKOUTS_PLAYGROUND', 'yes'],
    ['PLAYGROUND_PORT', 'x'],
    ['SLACK_BOT_TOKEN', 'xoxp-123-456'],
    ['SLACK_SIGNING_SECRET', 'not-hex'],
    ['SLACK_APP_TOKEN', 'xoxb-1'],
    ['SLACK_API_URL', 'slack.com/api'],
    ['DISCORD_TOKEN', 'short'],
    ['DISCORD_APPLICATION_ID', 'my-app'],
    ['DISCORD_GUILD_ID', '12'],
    ['DISCORD_API_URL', 'ftp://proxy'],
  ])('a malformed %s is named in the message', (name, value) => {
    expect(configProblem({ [name]: value })).toMatch(new RegExp(`^  ${name}: `, 'm'));
  });

  test.each([
    [{ SLACK_APP_TOKEN: 'xapp-1-A1-2' }, 'SLACK_BOT_TOKEN: missing'],
    [{ SLACK_BOT_TOKEN: 'xoxb-1-2' }, 'SLACK_APP_TOKEN or SLACK_SIGNING_SECRET'],
    [{ DISCORD_TOKEN: 'a'.repeat(30) }, 'DISCORD_APPLICATION_ID: missing'],
    [{ DISCORD_APPLICATION_ID: '123456789012345678' }, 'DISCORD_TOKEN: missing'],
  ])('a missing variable is named: %o', (env, expected) => {
    expect(configProblem(env)).toContain(expected);
  });

  test('every problem is named at once, malformed and missing together', () => {
    const message = configProblem({ PORT: 'abc', LOG_LEVEL: 'loud', SLACK_BOT_TOKEN: 'xoxb-1', DISCORD_APPLICATION_ID: '123456789012345678' });
    for (const name of ['PORT', 'LOG_LEVEL', 'SLACK_APP_TOKEN or SLACK_SIGNING_SECRET', 'DISCORD_TOKEN']) expect(message).toContain(`  ${name}`);
  });

  test('a token value never appears in the message', () => {
    expect(configProblem({ SLACK_BOT_TOKEN: 'xoxp-supersecret-value' })).not.toContain('supersecret');
  });

  test('Slack HTTP mode owns PORT and a forced playground moves to the next port', () => {
    const config = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 'abcdef0123456789', BREAKOUTS_PLAYGROUND: '1', PORT: '4000' });
    expect(config.slack).toEqual({ botToken: 'xoxb-1', signingSecret: 'abcdef0123456789' });
    expect(config.playgroundPort).toBe(4001);
  });
});
