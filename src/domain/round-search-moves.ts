// The heuristic search for large classes: a greedy start, then simulated annealing over swaps,
// single moves and together-group moves.
import { shuffleInPlace } from './random.ts';
import { RoundSearchLayout } from './round-search-layout.ts';
import { SIZE, W } from './round-search-model.ts';
import { APART, ROOM, SHIFTED, TOGETHER, TRUE_DELTA } from './round-search-state.ts';

export abstract class RoundSearchMoves extends RoundSearchLayout {
  // --- Greedy start -------------------------------------------------------------------------

  /** A class placed again, one by one, each into the free slot of their kind that costs least so far. */
  protected greedy(members: readonly number[]): void {
    const { random } = this.options;
    const { R1, kind, pre, groupOf, degree, relTo, relW, roomOf } = this;
    for (const x of members) if (roomOf[x]! > 0) this.lift(x);
    const free = [0, 1, 2].map(() => new Int32Array(R1));
    for (const x of members) free[kind[x]!]![this.skeleton.roomOf[this.who[x]!]!]!++;
    const order = [...members];
    shuffleInPlace(order, random);
    // The most constrained first: pre-assigned, then group members (a group in a row), then the rest by history.
    const rank = (x: number) => (pre[x]! > 0 ? 0 : groupOf[x]! >= 0 ? 1 : 2);
    order.sort((x, y) => rank(x) - rank(y) || (groupOf[x]! >= 0 && groupOf[y]! >= 0 ? groupOf[x]! - groupOf[y]! : 0) || degree[y]! - degree[x]!);
    const acc = new Float64Array(R1);
    for (const x of order) {
      const c = kind[x]!;
      const choices = this.roomsFor[c]!;
      for (const r of choices) acc[r] = 0;
      for (let e = this.relStart[x]!, end = this.relStart[x + 1]!; e < end; e++) {
        const r = roomOf[relTo[e]!]!;
        if (r > 0) acc[r] = acc[r]! + relW[e]!;
      }
      const g = groupOf[x]!;
      let best = 0;
      let bestCost = Number.POSITIVE_INFINITY;
      let bestFree = -1;
      const start = Math.floor(random.next() * choices.length);
      for (let t = 0; t < choices.length; t++) {
        const r = choices[(start + t) % choices.length]!;
        const slots = free[c]![r]!;
        if (slots === 0) continue;
        let cost = acc[r]!;
        if (g >= 0) cost -= W.together * this.groupCount[g * R1 + r]!;
        if (pre[x]! > 0 && pre[x] !== r) cost += W.room;
        // Ties go to the room with the most free places, so the last people still have a choice.
        if (cost < bestCost || (cost === bestCost && slots > bestFree)) {
          best = r;
          bestCost = cost;
          bestFree = slots;
        }
      }
      free[c]![best]!--;
      this.place(x, best);
    }
  }

  // --- Group moves --------------------------------------------------------------------------

  /** Move x to room `to`, recorded for undo; returns the steering delta and adds the true one to `truth[SHIFTED]`. */
  protected shift(x: number, to: number): number {
    const from = this.roomOf[x]!;
    const d = this.moveDelta(x, from, to);
    this.truth[SHIFTED] = this.truth[SHIFTED]! + this.truth[TRUE_DELTA]!;
    this.lift(x);
    this.place(x, to);
    this.journal.push(x, from);
    return d;
  }

  protected undo(): void {
    const { journal } = this;
    while (journal.length > 0) {
      const from = journal.pop()!;
      const x = journal.pop()!;
      this.lift(x);
      this.place(x, from);
    }
  }

  /**
   * A together group's members in x's room move to room b as one, and the people of b that must
   * make way (the cheapest of the kinds b now has too many of) move to x's room. Returns the cost
   * change with the moves made and recorded in the journal, or undefined (nothing changed) when
   * the counts cannot be brought back into range.
   */
  protected groupMove(x: number, b: number): number | undefined {
    const { count, ranges, groupOf, kind } = this;
    const g = groupOf[x]!;
    const a = this.roomOf[x]!;
    this.journal.length = 0;
    this.truth[SHIFTED] = 0;
    let delta = 0;
    for (const m of this.inRoom[a]!.filter((m) => groupOf[m] === g)) delta += this.shift(m, b);
    for (;;) {
      let over = -1;
      for (let c = 0; c < 3; c++) if (count[c]![b]! > ranges.max[c]![b]!) over = c;
      if (over < 0 && count[SIZE]![b]! <= ranges.max[SIZE]![b]!) break;
      let best = -1;
      let bestDelta = Number.POSITIVE_INFINITY;
      for (const y of this.inRoom[b]!) {
        if (groupOf[y] === g) continue;
        const c = kind[y]!;
        const helps = over >= 0 ? c === over : count[c]![a]! < ranges.max[c]![a]! && count[c]![b]! > ranges.min[c]![b]!;
        if (!helps) continue;
        const d = this.moveDelta(y, b, a);
        if (d < bestDelta) {
          best = y;
          bestDelta = d;
        }
      }
      if (best < 0) {
        this.undo();
        return undefined;
      }
      delta += this.shift(best, a);
    }
    if (this.outOfRange(a) || this.outOfRange(b)) {
      this.undo();
      return undefined;
    }
    this.truth[TRUE_DELTA] = this.truth[SHIFTED]!;
    return delta;
  }

  // --- Annealing ----------------------------------------------------------------------------

  /** Steering weights at `f` (0..1) of a search: soft until 70 %, then hardening to the true ones by 90 %. */
  protected soften(f: number, temperature: number): void {
    const soft = temperature;
    const room = f < 0.7 ? soft : f < 0.9 ? soft * Math.pow(W.room / soft, (f - 0.7) / 0.2) : W.room;
    this.steer[ROOM] = Math.min(W.room, room);
    this.steer[TOGETHER] = Math.min(W.together, 2 * room);
    this.steer[APART] = Math.min(W.apart, 4 * room);
  }

  /** Simulated annealing over swaps and moves within one class; leaves the best layout found. */
  protected anneal(members: readonly number[], where: readonly number[], steps: number): number {
    const { random } = this.options;
    const { roomOf, groupOf, kind, truth } = this;
    let cost = this.classCost(members, where);
    let bestCost = cost;
    const best = roomOf.slice();
    if (cost <= 0) return cost;
    const hottest = 1.2;
    const coldest = 0.04;
    const cool = Math.pow(coldest / hottest, 1 / Math.max(1, steps));
    let temperature = hottest;
    const size = members.length;
    const cls = this.classOf[members[0]!]!;
    const hotList = this.hot[cls]!;
    for (let step = 0; step < steps; step++, temperature *= cool) {
      if ((step & 63) === 0) this.soften(step / steps, temperature);
      // Mostly someone who meets a person they met before (or should stay apart from), else anyone.
      const hotNow = this.hotCount[cls]!;
      const x = hotNow > 0 && random.next() < 0.7 ? hotList[Math.floor(random.next() * hotNow)]! : members[Math.floor(random.next() * size)]!;
      const a = roomOf[x]!;
      if (groupOf[x]! >= 0 && random.next() < 0.5) {
        const b = where[Math.floor(random.next() * where.length)]!;
        const d = b === a ? undefined : this.groupMove(x, b);
        if (d === undefined) continue;
        if (d > 0 && random.next() >= Math.exp(-d / temperature)) {
          this.undo();
          continue;
        }
      } else {
        let y = -1;
        let b: number;
        let delta: number;
        if (random.next() < 0.15) {
          const choices = this.roomsFor[kind[x]!]!;
          b = choices[Math.floor(random.next() * choices.length)]!;
          if (b === a || !this.canMove(x, a, b)) continue;
          delta = this.moveDelta(x, a, b);
        } else {
          y = members[Math.floor(random.next() * size)]!;
          b = roomOf[y]!;
          if (b === a || !this.canSwap(x, y)) continue;
          delta = this.swapDelta(x, y);
        }
        if (delta > 0 && random.next() >= Math.exp(-delta / temperature)) continue;
        this.lift(x);
        if (y >= 0) {
          this.lift(y);
          this.place(y, a);
        }
        this.place(x, b);
      }
      cost += truth[TRUE_DELTA]!;
      if (cost < bestCost) {
        bestCost = cost;
        for (const m of members) best[m] = roomOf[m]!;
        if (cost <= 0) break;
      }
    }
    this.soften(1, coldest);
    this.restore(members, best);
    return bestCost;
  }
}
