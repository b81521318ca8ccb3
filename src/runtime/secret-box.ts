// Seals secrets kept at rest (a workspace's Slack tokens) with AES-256-GCM under a key derived from
// BREAKOUTS_SECRET_KEY. A sealed value says its format version, so a later format can still open
// older ones; opening with another key, or a value someone changed, fails with a sentence.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/** Bumped when the format or the key derivation changes; open() reads every version it knows. */
const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
// Fixed: the key is the secret; salt and info only keep this key apart from any other use of it.
const SALT = 'breakouts secret box';
const INFO = 'breakouts v1 aes-256-gcm';

export class SecretBoxError extends Error {
  override readonly name = 'SecretBoxError';
}

export interface SecretBox {
  /**
   * Encrypt `plain`. `context` (e.g. the record's key) is authenticated but not stored: the value
   * opens only with the same context, so a sealed value moved to another record does not open.
   */
  seal(plain: string, context?: string): string;
  /** Decrypt what seal() made; throws SecretBoxError (naming BREAKOUTS_SECRET_KEY, never the key). */
  open(sealed: string, context?: string): string;
}

const b64 = (bytes: Buffer): string => bytes.toString('base64url');

export function createSecretBox(secretKey: string): SecretBox {
  // Config refuses shorter keys; this guards callers that build a box themselves.
  if (secretKey.length < 32) throw new SecretBoxError('BREAKOUTS_SECRET_KEY must be at least 32 characters.');
  const key = Buffer.from(hkdfSync('sha256', Buffer.from(secretKey, 'utf8'), SALT, INFO, 32));

  return {
    seal(plain, context = '') {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(Buffer.from(context, 'utf8'));
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return [VERSION, b64(iv), b64(cipher.getAuthTag()), b64(body)].join('.');
    },

    open(sealed, context = '') {
      const parts = sealed.split('.');
      if (parts[0] !== VERSION || parts.length !== 4) {
        throw new SecretBoxError(`A stored secret is not in a format this version of Breakouts can open (it starts with "${(parts[0] ?? '').slice(0, 8)}"). It was not written by Breakouts, or by a newer version.`);
      }
      const [, ivText, tagText, bodyText] = parts as [string, string, string, string];
      const iv = Buffer.from(ivText, 'base64url');
      const tag = Buffer.from(tagText, 'base64url');
      if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw new SecretBoxError('A stored secret is damaged (its nonce or tag has the wrong length).');
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, iv);
        decipher.setAAD(Buffer.from(context, 'utf8'));
        decipher.setAuthTag(tag);
        return Buffer.concat([decipher.update(Buffer.from(bodyText, 'base64url')), decipher.final()]).toString('utf8');
      } catch {
        throw new SecretBoxError(
          'A stored secret could not be opened: BREAKOUTS_SECRET_KEY is not the key it was sealed with, or the stored value was changed. Start Breakouts with the key it had when the secret was stored.',
        );
      }
    },
  };
}
