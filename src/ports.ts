// The engine's only ways out: storage, time and randomness. Adapters and tests supply them.
import type { Meeting } from './domain/meeting.ts';

export interface Random {
  /** A number in [0, 1). */
  next(): number;
}

export interface Clock {
  now(): Date;
}

/**
 * What a store update decides: keep the meeting as it is (`meeting` undefined) or write the
 * new one; `value` is handed back to the caller either way.
 */
export interface StoreChange<T> {
  readonly meeting?: Meeting;
  readonly value: T;
}

export interface MeetingStore {
  get(key: string): Promise<Meeting | undefined>;
  /** Find a meeting by its short id (action ids carry it). */
  getById(id: string): Promise<Meeting | undefined>;
  /**
   * Read-modify-write of one meeting. Calls for the same key run one after another, each
   * seeing the previous one's result, so no update is ever lost.
   */
  update<T>(key: string, change: (current: Meeting | undefined) => StoreChange<T> | Promise<StoreChange<T>>): Promise<T>;
  list(): Promise<Meeting[]>;
  close(): Promise<void>;
}

export const systemClock: Clock = { now: () => new Date() };

/** Math.random-backed randomness: a fresh shuffle every time. */
export const systemRandom: Random = { next: () => Math.random() };

/**
 * A small, fast, seedable generator (sfc32 seeded through a string hash) so that a given
 * seed reproduces a distribution exactly, on every machine.
 */
export function createSeededRandom(seed: string | number): Random {
  let h = 1779033703 ^ String(seed).length;
  const text = String(seed);
  for (let i = 0; i < text.length; i++) {
    h = Math.imul(h ^ text.charCodeAt(i), 3432918353);
    h = (h << 13) | (h >>> 19);
  }
  const mix = (): number => {
    h = Math.imul(h ^ (h >>> 16), 2246822507);
    h = Math.imul(h ^ (h >>> 13), 3266489909);
    return (h ^= h >>> 16) >>> 0;
  };
  let a = mix();
  let b = mix();
  let c = mix();
  let d = mix();
  return {
    next(): number {
      a >>>= 0;
      b >>>= 0;
      c >>>= 0;
      d >>>= 0;
      let t = (a + b) | 0;
      a = b ^ (b >>> 9);
      b = (c + (c << 3)) | 0;
      c = (c << 21) | (c >>> 11);
      d = (d + 1) | 0;
      t = (t + d) | 0;
      c = (c + t) | 0;
      return (t >>> 0) / 4294967296;
    },
  };
}

/** Short random ids for meetings, prompts and runs, drawn from the injected randomness. */
export function randomId(random: Random, length = 8): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[Math.floor(random.next() * alphabet.length)];
  return out;
}
