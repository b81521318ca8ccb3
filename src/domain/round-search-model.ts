// The search's shared vocabulary: audio kinds as counts, the cost weights, and the even ranges a
// layout must stay within, so planRound and every layer of the search read them from one place.
import type { Random } from '../ports.ts';
import type { Person, Placement } from './distribute.ts';
import type { PairHistory } from './pair-history.ts';

/** Audio as the search sees it, and the size as a fourth count. */
export const PHONE = 0;
export const VOIP = 1;
export const LISTENING = 2;
export const SIZE = 3;

export function kindOf(p: Person): number {
  return p.audio === 'phone' ? PHONE : p.audio === 'voip' ? VOIP : LISTENING;
}

/**
 * Priorities as weights, each far above the sum of everything below it: apart pairs, then split
 * together pairs, then pre-assigned people elsewhere, then repeated pairs (and, far below one
 * repeat, how often they met, so a pair meeting a third time costs more than one meeting twice).
 */
export const W = {
  apart: 2 ** 36,
  together: 2 ** 28,
  room: 2 ** 20,
  repeat: 1,
  again: 2 ** -10,
} as const;

export interface SearchPerson extends Person {
  readonly group?: string;
  readonly apart?: readonly string[];
  readonly room?: number;
}

export interface SearchOptions {
  readonly random: Random;
  readonly history: PairHistory;
  readonly avoidRepeats: boolean;
  readonly iterations: number | undefined;
}

/** Per room (index 1..rooms), the least and most of each audio kind and of the size. */
export interface Ranges {
  readonly rooms: number;
  readonly min: readonly Int32Array[];
  readonly max: readonly Int32Array[];
}

/**
 * The even ranges of a Smart Distribute layout: phone rooms are 1..k and the others k+1..N; within
 * each block every count may sit at its floor or its ceiling (so the multiset of sizes and of
 * per-kind counts never changes). With `exact`, each room keeps exactly the counts it has.
 */
export function rangesOf(people: readonly Person[], skeleton: Placement, rooms: number, exact: boolean): Ranges {
  const count = [0, 1, 2, 3].map(() => new Int32Array(rooms + 1));
  people.forEach((p, i) => {
    const r = skeleton.roomOf[i]!;
    if (r === 0) return;
    count[kindOf(p)]![r]!++;
    count[SIZE]![r]!++;
  });
  if (exact) return { rooms, min: count, max: count };
  const k = skeleton.phoneRooms;
  const min = [0, 1, 2, 3].map(() => new Int32Array(rooms + 1));
  const max = [0, 1, 2, 3].map(() => new Int32Array(rooms + 1));
  for (const [first, last] of [
    [1, k],
    [k + 1, rooms],
  ] as const) {
    const m = last - first + 1;
    if (m <= 0) continue;
    for (let c = 0; c < 4; c++) {
      let total = 0;
      for (let r = first; r <= last; r++) total += count[c]![r]!;
      for (let r = first; r <= last; r++) {
        min[c]![r] = Math.floor(total / m);
        max[c]![r] = Math.ceil(total / m);
      }
    }
  }
  return { rooms, min, max };
}
