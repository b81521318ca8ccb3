// Who has met whom: earlier rounds (who was in which breakout room) folded into a count per
// unordered pair, and how many pairs of a new layout would meet again. Pure; ids in, counts out.

/** One breakout room of a past round. Room 0 (the main room) is not a meeting and is skipped. */
export interface RoundRoom {
  readonly room: number;
  readonly ids: readonly string[];
}

/** One past round: every breakout room it had. */
export type PastRound = readonly RoundRoom[];

export interface PairHistory {
  /** How many earlier rounds put `a` and `b` in the same breakout room (0 when never). */
  met(a: string, b: string): number;
  /** Everyone `id` has shared a room with, and how often. */
  partnersOf(id: string): ReadonlyMap<string, number>;
  /** Distinct pairs that have met at least once. */
  readonly pairs: number;
}

const NOBODY: ReadonlyMap<string, number> = new Map();

export function createPairHistory(rounds: readonly PastRound[]): PairHistory {
  const partners = new Map<string, Map<string, number>>();
  let pairs = 0;
  const bump = (a: string, b: string): number => {
    let mine = partners.get(a);
    if (!mine) partners.set(a, (mine = new Map()));
    const n = (mine.get(b) ?? 0) + 1;
    mine.set(b, n);
    return n;
  };
  for (const round of rounds) {
    for (const { room, ids } of round) {
      if (room < 1) continue;
      // Someone listed twice in one room still meets each roommate once.
      const unique = [...new Set(ids)];
      for (let i = 0; i < unique.length; i++) {
        for (let j = i + 1; j < unique.length; j++) {
          if (bump(unique[i]!, unique[j]!) === 1) pairs++;
          bump(unique[j]!, unique[i]!);
        }
      }
    }
  }
  return {
    met: (a, b) => partners.get(a)?.get(b) ?? 0,
    partnersOf: (id) => partners.get(id) ?? NOBODY,
    pairs,
  };
}

/** An empty history: nobody has met. */
export const NO_HISTORY: PairHistory = createPairHistory([]);

/** How many pairs that share a room in `rooms` have met before (each pair counts once). */
export function countRepeats(rooms: Iterable<readonly string[]>, history: PairHistory): number {
  let repeats = 0;
  for (const ids of rooms) {
    if (ids.length < 2) continue;
    const here = new Set(ids);
    for (const id of here) {
      for (const [other, times] of history.partnersOf(id)) if (times > 0 && other > id && here.has(other)) repeats++;
    }
  }
  return repeats;
}

/** A placement (room per person, 0 = main room) as the rooms of a round, numbered 1..rooms. */
export function roundRooms(ids: readonly string[], roomOf: ArrayLike<number>): RoundRoom[] {
  const byRoom = new Map<number, string[]>();
  for (let i = 0; i < ids.length; i++) {
    const room = roomOf[i]!;
    if (room < 1) continue;
    let list = byRoom.get(room);
    if (!list) byRoom.set(room, (list = []));
    list.push(ids[i]!);
  }
  return [...byRoom.entries()].sort((a, b) => a[0] - b[0]).map(([room, list]) => ({ room, ids: list }));
}

/** How many pairs of a placement meet again: countRepeats over its rooms. */
export function placementRepeats(ids: readonly string[], roomOf: ArrayLike<number>, history: PairHistory): number {
  return countRepeats(roundRooms(ids, roomOf).map((r) => r.ids), history);
}
