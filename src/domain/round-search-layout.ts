// The search's bookkeeping: placing and lifting people with their tallies kept current, what a move
// or swap would cost, and whether it keeps every room within its even ranges.
import { SIZE, W } from './round-search-model.ts';
import { APART, ROOM, RoundSearchState, TOGETHER, TRUE_DELTA } from './round-search-state.ts';

export abstract class RoundSearchLayout extends RoundSearchState {
  // --- The layout and its tallies -----------------------------------------------------------

  protected touch(x: number): void {
    const c = this.classOf[x]!;
    const list = this.hot[c]!;
    const pos = this.hotPos;
    if (this.heat[x]! > 0) {
      if (pos[x]! < 0) {
        pos[x] = this.hotCount[c]!;
        list[this.hotCount[c]!++] = x;
      }
    } else if (pos[x]! >= 0) {
      const last = list[--this.hotCount[c]!]!;
      list[pos[x]!] = last;
      pos[last] = pos[x]!;
      pos[x] = -1;
    }
  }

  /** Heat changes by `sign` for x and everyone related to x in room r. */
  protected warm(x: number, r: number, sign: number): void {
    const { roomOf, heat, relTo, relW } = this;
    let own = 0;
    for (let e = this.relStart[x]!, end = this.relStart[x + 1]!; e < end; e++) {
      const z = relTo[e]!;
      if (roomOf[z] !== r) continue;
      own += relW[e]!;
      heat[z] = heat[z]! + sign * relW[e]!;
      this.touch(z);
    }
    heat[x] = heat[x]! + sign * own;
    this.touch(x);
  }

  protected place(x: number, r: number): void {
    this.warm(x, r, 1);
    this.posInRoom[x] = this.inRoom[r]!.length;
    this.inRoom[r]!.push(x);
    this.roomOf[x] = r;
    this.count[this.kind[x]!]![r]!++;
    this.count[SIZE]![r]!++;
    const g = this.groupOf[x]!;
    if (g >= 0) this.groupCount[g * this.R1 + r]!++;
  }

  protected lift(x: number): void {
    const r = this.roomOf[x]!;
    const list = this.inRoom[r]!;
    const last = list.pop()!;
    if (last !== x) {
      list[this.posInRoom[x]!] = last;
      this.posInRoom[last] = this.posInRoom[x]!;
    }
    this.roomOf[x] = 0;
    this.warm(x, r, -1);
    this.count[this.kind[x]!]![r]!--;
    this.count[SIZE]![r]!--;
    const g = this.groupOf[x]!;
    if (g >= 0) this.groupCount[g * this.R1 + r]!--;
  }

  protected restore(members: readonly number[], snapshot: Int32Array): void {
    for (const x of members) this.lift(x);
    for (const x of members) this.place(x, snapshot[x]!);
  }

  // --- Costs --------------------------------------------------------------------------------

  /** Cost change when x leaves room a for room b, everyone else where they are. */
  protected moveDelta(x: number, a: number, b: number): number {
    const { roomOf, relTo, relMet, relApart, steer } = this;
    let met = 0;
    let apart = 0;
    for (let e = this.relStart[x]!, end = this.relStart[x + 1]!; e < end; e++) {
      const r = roomOf[relTo[e]!]!;
      if (r === b) {
        met += relMet[e]!;
        apart += relApart[e]!;
      } else if (r === a) {
        met -= relMet[e]!;
        apart -= relApart[e]!;
      }
    }
    const g = this.groupOf[x]!;
    const split = g >= 0 ? this.groupCount[g * this.R1 + a]! - 1 - this.groupCount[g * this.R1 + b]! : 0;
    const p = this.pre[x]!;
    const moved = p > 0 ? Number(b !== p) - Number(a !== p) : 0;
    this.truth[TRUE_DELTA] = met + W.apart * apart + W.together * split + W.room * moved;
    return met + steer[APART]! * apart + steer[TOGETHER]! * split + steer[ROOM]! * moved;
  }

  /** Cost change when x (in a) and y (in b) trade rooms. */
  protected swapDelta(x: number, y: number): number {
    const a = this.roomOf[x]!;
    const b = this.roomOf[y]!;
    const dx = this.moveDelta(x, a, b);
    const tx = this.truth[TRUE_DELTA]!;
    const dy = this.moveDelta(y, b, a);
    const ty = this.truth[TRUE_DELTA]!;
    // Both deltas counted x and y as joining each other; they only trade places.
    let met = 0;
    let apart = 0;
    for (let e = this.relStart[x]!, end = this.relStart[x + 1]!; e < end; e++) {
      if (this.relTo[e] !== y) continue;
      met = this.relMet[e]!;
      apart = this.relApart[e]!;
      break;
    }
    const sameGroup = this.groupOf[x]! >= 0 && this.groupOf[x] === this.groupOf[y] ? 1 : 0;
    this.truth[TRUE_DELTA] = tx + ty - 2 * (met + W.apart * apart) + 2 * W.together * sameGroup;
    return dx + dy - 2 * (met + this.steer[APART]! * apart) + 2 * this.steer[TOGETHER]! * sameGroup;
  }

  /** The part of the cost that moves within this class can change. */
  protected classCost(members: readonly number[], where: readonly number[]): number {
    const { roomOf, relTo, relW, pre } = this;
    let cost = 0;
    for (const x of members) {
      for (let e = this.relStart[x]!, end = this.relStart[x + 1]!; e < end; e++) if (relTo[e]! > x && roomOf[relTo[e]!] === roomOf[x]) cost += relW[e]!;
      if (pre[x]! > 0 && roomOf[x] !== pre[x]) cost += W.room;
    }
    const inClass = new Int32Array(this.groups);
    for (const x of members) if (this.groupOf[x]! >= 0) inClass[this.groupOf[x]!]!++;
    for (let g = 0; g < this.groups; g++) {
      let together = 0;
      for (const r of where) {
        const c = this.groupCount[g * this.R1 + r]!;
        together += (c * (c - 1)) / 2;
      }
      cost += W.together * ((inClass[g]! * (inClass[g]! - 1)) / 2 - together);
    }
    return cost;
  }

  // --- Even ranges --------------------------------------------------------------------------

  protected within(c: number, r: number, change: number): boolean {
    const v = this.count[c]![r]! + change;
    return v >= this.ranges.min[c]![r]! && v <= this.ranges.max[c]![r]!;
  }

  protected canMove(x: number, a: number, b: number): boolean {
    const c = this.kind[x]!;
    return this.within(c, a, -1) && this.within(c, b, 1) && this.within(SIZE, a, -1) && this.within(SIZE, b, 1);
  }

  /** Same kind: always. VOIP for listening: only while both rooms' counts stay in range. */
  protected canSwap(x: number, y: number): boolean {
    const kx = this.kind[x]!;
    const ky = this.kind[y]!;
    if (kx === ky) return true;
    const a = this.roomOf[x]!;
    const b = this.roomOf[y]!;
    return this.within(kx, a, -1) && this.within(kx, b, 1) && this.within(ky, b, -1) && this.within(ky, a, 1);
  }

  protected outOfRange(r: number): boolean {
    for (let c = 0; c < 4; c++) {
      const v = this.count[c]![r]!;
      if (v < this.ranges.min[c]![r]! || v > this.ranges.max[c]![r]!) return true;
    }
    return false;
  }

  protected classRooms(members: readonly number[]): number[] {
    const set = new Set<number>();
    for (const x of members) for (const r of this.roomsFor[this.kind[x]!]!) set.add(r);
    return [...set].sort((a, b) => a - b);
  }
}
