// The engine's ways out besides storage (store/port.ts): time and randomness. Adapters and tests
// supply them; a seeded generator for reproducible layouts is in domain/random.ts.

export interface Random {
  /** A number in [0, 1). */
  next(): number;
}

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** Math.random-backed randomness: a fresh shuffle every time. */
export const systemRandom: Random = { next: () => Math.random() };
