// The secret box that seals Slack tokens at rest: what it seals opens again with the same key and
// context only; another key, another context, or a changed value fails with a sentence naming
// BREAKOUTS_SECRET_KEY (never the key), and no two seals of one secret look alike.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createSecretBox, SecretBoxError } from '../../src/runtime/secret-box.ts';

const KEY = 'first-key-0123456789-abcdefghijklmnopqrstuvwxyz';
const OTHER = 'second-key-0123456789-abcdefghijklmnopqrstuvwxyz';
const TOKEN = 'xoxb-1111-2222-abcdefabcdefabcdef';

function failure(open: () => unknown): SecretBoxError {
  try {
    open();
  } catch (error) {
    expect(error).toBeInstanceOf(SecretBoxError);
    return error as SecretBoxError;
  }
  throw new Error('it opened');
}

describe('the secret box', () => {
  it('opens what it sealed, for any text and context', () => {
    const box = createSecretBox(KEY);
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 500 }), fc.string({ maxLength: 60 }), (plain, context) => {
        expect(box.open(box.seal(plain, context), context)).toBe(plain);
      }),
    );
  });

  it('seals in the v1.<iv>.<tag>.<ciphertext> format, base64url, without the secret in it, and never the same twice', () => {
    const box = createSecretBox(KEY);
    const first = box.seal(TOKEN, 'slack:team:T1');
    const second = box.seal(TOKEN, 'slack:team:T1');
    expect(first).toMatch(/^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]+$/);
    expect(first).not.toContain('xoxb');
    expect(first).not.toBe(second);
  });

  it('another key (a box made from a different BREAKOUTS_SECRET_KEY) cannot open it, and the error names the variable, never a key', () => {
    const sealed = createSecretBox(KEY).seal(TOKEN);
    const error = failure(() => createSecretBox(OTHER).open(sealed));
    expect(error.message).toMatch(/BREAKOUTS_SECRET_KEY is not the key it was sealed with/);
    for (const secret of [KEY, OTHER, TOKEN]) expect(error.message).not.toContain(secret);
  });

  it('a value sealed for one record does not open as another’s (the context is authenticated)', () => {
    const box = createSecretBox(KEY);
    const sealed = box.seal(TOKEN, 'slack:team:T1');
    expect(failure(() => box.open(sealed, 'slack:team:T2')).message).toMatch(/could not be opened/);
  });

  it('any bit changed in the nonce, the tag or the ciphertext is detected', () => {
    const box = createSecretBox(KEY);
    const [version, ...parts] = box.seal(TOKEN).split('.');
    const bytes = parts.map((p) => Buffer.from(p, 'base64url'));
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 }), fc.nat(), fc.integer({ min: 0, max: 7 }), (part, index, bit) => {
        const changed = bytes.map((b) => Buffer.from(b));
        const target = changed[part]!;
        target[index % target.length]! ^= 1 << bit;
        expect(() => box.open([version, ...changed.map((b) => b.toString('base64url'))].join('.'))).toThrow(SecretBoxError);
      }),
    );
  });

  it('a value in no format it knows (plain text, another version) gets a sentence saying so', () => {
    const box = createSecretBox(KEY);
    expect(failure(() => box.open(TOKEN)).message).toMatch(/not in a format this version of Breakouts can open/);
    expect(failure(() => box.open('v2.a.b.c')).message).toMatch(/not in a format/);
    expect(failure(() => box.open('v1.short.tag.body')).message).toMatch(/damaged/);
  });

  it('refuses a key shorter than 32 characters', () => {
    expect(() => createSecretBox('too-short')).toThrow(/at least 32 characters/);
  });
});
