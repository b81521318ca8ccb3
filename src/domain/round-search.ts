// The search behind planRound: people re-placed into the slots of Smart Distribute's layout, then
// improved by swaps and moves that keep every room's size and audio counts within the even ranges
// (simulated annealing; small classes exactly). Randomness only through the injected Random.
import type { Placement } from './distribute.ts';
import { shuffleInPlace } from './random.ts';
import { SIZE, W, type Ranges, type SearchOptions, type SearchPerson } from './round-search-model.ts';
import { RoundSearchMoves } from './round-search-moves.ts';

export { kindOf, LISTENING, PHONE, rangesOf, SIZE, VOIP, W, type Ranges, type SearchOptions, type SearchPerson } from './round-search-model.ts';

/** Classes with at most this many layouts (rooms ^ people) are solved exactly. */
const EXACT_LAYOUTS = 50_000;

/** The search over one roster, or undefined when there is nothing to improve on the skeleton. */
export function createRoundSearch(
  people: readonly SearchPerson[],
  skeleton: Placement,
  ranges: Ranges,
  options: SearchOptions,
): { run(): Int32Array } | undefined {
  const search = new RoundSearch(people, skeleton, ranges, options);
  return search.needed ? search : undefined;
}

/** The whole search: each class from the skeleton, solved exactly when small, else greedy then annealed. */
class RoundSearch extends RoundSearchMoves {
  run(): Int32Array {
    const { who, skeleton, options } = this;
    for (let x = 0; x < this.n; x++) this.place(x, skeleton.roomOf[who[x]!]!);
    for (const members of this.classes) {
      const where = this.classRooms(members);
      if (where.length < 2) continue;
      if (Math.pow(where.length, members.length) <= EXACT_LAYOUTS) {
        this.exact(members, where);
        continue;
      }
      // The skeleton itself is a candidate: the search never does worse than Smart Distribute's shuffle.
      let bestCost = this.classCost(members, where);
      let best = this.roomOf.slice();
      // Small classes: a few independent starts (a few milliseconds).
      const starts = members.length <= 40 ? 3 : 1;
      const steps = options.iterations ?? Math.min(300_000, 10_000 + 250 * members.length);
      for (let s = 0; s < starts && bestCost > 0; s++) {
        this.greedy(members);
        const cost = this.anneal(members, where, Math.ceil(steps / starts));
        if (cost < bestCost) {
          bestCost = cost;
          best = this.roomOf.slice();
        }
      }
      this.restore(members, best);
    }
    const out = new Int32Array(this.people.length);
    who.forEach((i, x) => (out[i] = this.roomOf[x]!));
    return out;
  }

  // --- Exact, for small classes -------------------------------------------------------------

  /**
   * A depth-first walk over every even layout of the class, cheapest rooms first, cutting any
   * branch that already costs as much as the best complete layout.
   */
  private exact(members: readonly number[], where: readonly number[]): void {
    const { random } = this.options;
    const { pre, groupOf, degree, count, ranges, R1, kind } = this;
    // Random orders first, so that among equally good layouts each seed finds its own.
    const order = [...members];
    shuffleInPlace(order, random);
    order.sort((x, y) => Number(pre[y]! > 0) - Number(pre[x]! > 0) || groupOf[y]! - groupOf[x]! || degree[y]! - degree[x]!);
    const roomOrder = [...where];
    shuffleInPlace(roomOrder, random);
    const rank = new Int32Array(R1);
    roomOrder.forEach((r, i) => (rank[r] = i));
    for (const x of order) this.lift(x);
    // Empty rooms nobody is pre-assigned to, with the same ranges, are interchangeable.
    const wanted = new Set(members.map((x) => pre[x]!));
    const signatures = new Map<string, number>();
    const alike = new Int32Array(R1).fill(-1);
    for (const r of where) {
      if (wanted.has(r)) continue;
      const signature = [0, 1, 2, 3].map((c) => `${ranges.min[c]![r]}-${ranges.max[c]![r]}`).join(',');
      if (!signatures.has(signature)) signatures.set(signature, signatures.size);
      alike[r] = signatures.get(signature)!;
    }
    const groupPlaced = new Int32Array(this.groups);
    let bestCost = Number.POSITIVE_INFINITY;
    const best = this.roomOf.slice();
    /** Cost of putting x into r, given who is placed so far. */
    const placeCost = (x: number, r: number): number => {
      let d = 0;
      for (let e = this.relStart[x]!, end = this.relStart[x + 1]!; e < end; e++) if (this.roomOf[this.relTo[e]!] === r) d += this.relW[e]!;
      const g = groupOf[x]!;
      if (g >= 0) d += W.together * (groupPlaced[g]! - this.groupCount[g * R1 + r]!);
      if (pre[x]! > 0 && pre[x] !== r) d += W.room;
      return d;
    };
    const isFirstEmptyOfItsKind = (r: number, open: readonly number[]) =>
      alike[r]! < 0 || count[SIZE]![r] !== 0 || !open.some((q) => alike[q] === alike[r] && count[SIZE]![q] === 0 && rank[q]! < rank[r]!);
    const walk = (at: number, cost: number) => {
      if (cost >= bestCost) return;
      if (at === order.length) {
        for (const r of where) for (let c = 0; c < 4; c++) if (count[c]![r]! < ranges.min[c]![r]!) return;
        bestCost = cost;
        for (const x of order) best[x] = this.roomOf[x]!;
        return;
      }
      const x = order[at]!;
      const c = kind[x]!;
      const open = roomOrder.filter((r) => count[c]![r]! < ranges.max[c]![r]! && count[SIZE]![r]! < ranges.max[SIZE]![r]!);
      const options = open
        .filter((r) => isFirstEmptyOfItsKind(r, open))
        .map((r) => ({ r, d: placeCost(x, r) }))
        .sort((p, q) => p.d - q.d);
      for (const { r, d } of options) {
        this.place(x, r);
        if (groupOf[x]! >= 0) groupPlaced[groupOf[x]!]!++;
        walk(at + 1, cost + d);
        if (groupOf[x]! >= 0) groupPlaced[groupOf[x]!]!--;
        this.lift(x);
      }
    };
    walk(0, 0);
    for (const x of order) this.place(x, best[x]!);
  }
}
