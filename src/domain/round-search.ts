// The search behind planRound: people re-placed into the slots of Smart Distribute's layout, then
// improved by swaps and moves that keep every room's size and audio counts within the even ranges
// (simulated annealing; small classes exactly). Randomness only through the injected Random.
import type { Random } from '../ports.ts';
import type { Person, Placement } from './distribute.ts';
import type { PairHistory } from './pair-history.ts';
import { shuffleInPlace } from './random.ts';

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

/** Classes with at most this many layouts (rooms ^ people) are solved exactly. */
const EXACT_LAYOUTS = 50_000;

/** Slots of the steering weights and of the true deltas (typed slots: a double in a field or a closure would be boxed anew on every write). */
const APART = 0;
const TOGETHER = 1;
const ROOM = 2;
const TRUE_DELTA = 0;
const SHIFTED = 1;

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

/**
 * One search's state. A class rather than closures: a closure made per call is a new call target
 * each time, which keeps the optimising compiler from settling; methods stay the same target.
 */
class RoundSearch {
  readonly needed: boolean;
  private readonly n: number;
  private readonly R1: number;
  /** Input index of each searched person (only those the skeleton placed). */
  private readonly who: number[];
  private readonly kind: Uint8Array;
  /** 0 phone, 1 the others: the two never share a room, so each is searched on its own. */
  private readonly classOf: Uint8Array;
  private readonly classes: number[][];
  private readonly degree: Int32Array;
  // Relations (apart pairs, pairs who met) in one symmetric list per person.
  private readonly relStart: Int32Array;
  private readonly relTo: Int32Array;
  private readonly relW: Float64Array;
  private readonly relApart: Uint8Array;
  private readonly relMet: Float64Array;
  private readonly groupOf: Int32Array;
  private readonly groups: number;
  private readonly pre: Int32Array;
  /** Rooms each audio kind may be in. */
  private readonly roomsFor: number[][];
  // The layout and its tallies.
  private readonly roomOf: Int32Array;
  private readonly count: Int32Array[];
  private readonly groupCount: Int32Array;
  /** Per person: the weight of their relations in their own room; `hot` lists those above zero, per class. */
  private readonly heat: Float64Array;
  private readonly hot: Int32Array[];
  private readonly hotCount: Int32Array;
  private readonly hotPos: Int32Array;
  private readonly inRoom: number[][];
  private readonly posInRoom: Int32Array;
  /**
   * The weights the search steers by. Early in a search the constraints are soft (about a repeat
   * each), so it can pass through a layout that breaks one on the way to a better one; they harden
   * to the true weights later. `truth[TRUE_DELTA]` holds the true change of the last delta computed.
   */
  private readonly steer = new Float64Array([W.apart, W.together, W.room]);
  private readonly truth = new Float64Array(2);
  /** Moves of a group move, for undo: person, room they came from. */
  private readonly journal: number[] = [];

  constructor(
    private readonly people: readonly SearchPerson[],
    private readonly skeleton: Placement,
    private readonly ranges: Ranges,
    private readonly options: SearchOptions,
  ) {
    const rooms = ranges.rooms;
    const who: number[] = [];
    people.forEach((_, i) => {
      if (skeleton.roomOf[i]! > 0) who.push(i);
    });
    const n = who.length;
    this.who = who;
    this.n = n;
    this.R1 = rooms + 1;
    const local = new Map<string, number>();
    who.forEach((i, x) => local.set(people[i]!.id, x));

    const pairWeight = new Map<number, number>();
    const addPair = (a: number, b: number, w: number) => {
      const key = a < b ? a * n + b : b * n + a;
      pairWeight.set(key, (pairWeight.get(key) ?? 0) + w);
    };
    let constrained = false;
    who.forEach((i, x) => {
      const p = people[i]!;
      for (const other of new Set(p.apart ?? [])) {
        const y = local.get(other);
        if (y === undefined || y === x) continue;
        // Listed on both sides, the pair still counts once.
        if (y < x && (people[who[y]!]!.apart ?? []).includes(p.id)) continue;
        addPair(x, y, W.apart);
        constrained = true;
      }
    });
    if (options.avoidRepeats) {
      who.forEach((i, x) => {
        for (const [other, times] of options.history.partnersOf(people[i]!.id)) {
          const y = local.get(other);
          if (y === undefined || y <= x || times <= 0) continue;
          addPair(x, y, W.repeat + (times - 1) * W.again);
        }
      });
    }
    const degree = new Int32Array(n + 1);
    for (const key of pairWeight.keys()) {
      degree[Math.floor(key / n)]!++;
      degree[key % n]!++;
    }
    const relStart = new Int32Array(n + 1);
    for (let x = 0; x < n; x++) relStart[x + 1] = relStart[x]! + degree[x]!;
    const size = relStart[n]!;
    this.degree = degree;
    this.relStart = relStart;
    this.relTo = new Int32Array(size);
    this.relW = new Float64Array(size);
    this.relApart = new Uint8Array(size);
    this.relMet = new Float64Array(size);
    const fill = relStart.slice(0, n);
    for (const [key, w] of pairWeight) {
      const a = Math.floor(key / n);
      const b = key % n;
      const apart = w >= W.apart ? 1 : 0;
      for (const [from, to] of [
        [a, b],
        [b, a],
      ] as const) {
        const e = fill[from]!++;
        this.relTo[e] = to;
        this.relW[e] = w;
        this.relApart[e] = apart;
        this.relMet[e] = w - apart * W.apart;
      }
    }

    // Together groups of two or more placed people.
    const groupIndex = new Map<string, number>();
    const groupSize: number[] = [];
    this.groupOf = new Int32Array(n).fill(-1);
    who.forEach((i, x) => {
      const g = people[i]!.group;
      if (g === undefined || g === '') return;
      let gi = groupIndex.get(g);
      if (gi === undefined) {
        gi = groupSize.length;
        groupIndex.set(g, gi);
        groupSize.push(0);
      }
      this.groupOf[x] = gi;
      groupSize[gi]!++;
    });
    for (let x = 0; x < n; x++) if (this.groupOf[x]! >= 0 && groupSize[this.groupOf[x]!]! < 2) this.groupOf[x] = -1;
    if (groupSize.some((s) => s >= 2)) constrained = true;
    this.groups = groupSize.length;

    // Pre-assigned rooms inside the layout (others can never be met and are only reported).
    this.pre = new Int32Array(n);
    who.forEach((i, x) => {
      const r = people[i]!.room;
      if (r !== undefined && r >= 1 && r <= rooms) {
        this.pre[x] = r;
        constrained = true;
      }
    });
    this.needed = constrained || size > 0;

    this.kind = new Uint8Array(n);
    who.forEach((i, x) => (this.kind[x] = kindOf(people[i]!)));
    this.roomsFor = [PHONE, VOIP, LISTENING].map((c) => {
      const list: number[] = [];
      for (let r = 1; r <= rooms; r++) if (ranges.max[c]![r]! > 0) list.push(r);
      return list;
    });
    this.classOf = new Uint8Array(n);
    const classes: number[][] = [[], []];
    for (let x = 0; x < n; x++) {
      this.classOf[x] = this.kind[x] === PHONE ? 0 : 1;
      classes[this.classOf[x]!]!.push(x);
    }
    this.classes = classes.filter((members) => members.length > 0);

    this.roomOf = new Int32Array(n);
    this.count = [0, 1, 2, 3].map(() => new Int32Array(this.R1));
    this.groupCount = new Int32Array(this.groups * this.R1);
    this.heat = new Float64Array(n);
    this.hot = [new Int32Array(n), new Int32Array(n)];
    this.hotCount = new Int32Array(2);
    this.hotPos = new Int32Array(n).fill(-1);
    this.inRoom = Array.from({ length: this.R1 }, () => []);
    this.posInRoom = new Int32Array(n);
  }

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

  // --- The layout and its tallies -----------------------------------------------------------

  private touch(x: number): void {
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
  private warm(x: number, r: number, sign: number): void {
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

  private place(x: number, r: number): void {
    this.warm(x, r, 1);
    this.posInRoom[x] = this.inRoom[r]!.length;
    this.inRoom[r]!.push(x);
    this.roomOf[x] = r;
    this.count[this.kind[x]!]![r]!++;
    this.count[SIZE]![r]!++;
    const g = this.groupOf[x]!;
    if (g >= 0) this.groupCount[g * this.R1 + r]!++;
  }

  private lift(x: number): void {
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

  private restore(members: readonly number[], snapshot: Int32Array): void {
    for (const x of members) this.lift(x);
    for (const x of members) this.place(x, snapshot[x]!);
  }

  // --- Costs --------------------------------------------------------------------------------

  /** Cost change when x leaves room a for room b, everyone else where they are. */
  private moveDelta(x: number, a: number, b: number): number {
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
  private swapDelta(x: number, y: number): number {
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
  private classCost(members: readonly number[], where: readonly number[]): number {
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

  private within(c: number, r: number, change: number): boolean {
    const v = this.count[c]![r]! + change;
    return v >= this.ranges.min[c]![r]! && v <= this.ranges.max[c]![r]!;
  }

  private canMove(x: number, a: number, b: number): boolean {
    const c = this.kind[x]!;
    return this.within(c, a, -1) && this.within(c, b, 1) && this.within(SIZE, a, -1) && this.within(SIZE, b, 1);
  }

  /** Same kind: always. VOIP for listening: only while both rooms' counts stay in range. */
  private canSwap(x: number, y: number): boolean {
    const kx = this.kind[x]!;
    const ky = this.kind[y]!;
    if (kx === ky) return true;
    const a = this.roomOf[x]!;
    const b = this.roomOf[y]!;
    return this.within(kx, a, -1) && this.within(kx, b, 1) && this.within(ky, b, -1) && this.within(ky, a, 1);
  }

  private outOfRange(r: number): boolean {
    for (let c = 0; c < 4; c++) {
      const v = this.count[c]![r]!;
      if (v < this.ranges.min[c]![r]! || v > this.ranges.max[c]![r]!) return true;
    }
    return false;
  }

  private classRooms(members: readonly number[]): number[] {
    const set = new Set<number>();
    for (const x of members) for (const r of this.roomsFor[this.kind[x]!]!) set.add(r);
    return [...set].sort((a, b) => a - b);
  }

  // --- Greedy start -------------------------------------------------------------------------

  /** A class placed again, one by one, each into the free slot of their kind that costs least so far. */
  private greedy(members: readonly number[]): void {
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
  private shift(x: number, to: number): number {
    const from = this.roomOf[x]!;
    const d = this.moveDelta(x, from, to);
    this.truth[SHIFTED] = this.truth[SHIFTED]! + this.truth[TRUE_DELTA]!;
    this.lift(x);
    this.place(x, to);
    this.journal.push(x, from);
    return d;
  }

  private undo(): void {
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
  private groupMove(x: number, b: number): number | undefined {
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
  private soften(f: number, temperature: number): void {
    const soft = temperature;
    const room = f < 0.7 ? soft : f < 0.9 ? soft * Math.pow(W.room / soft, (f - 0.7) / 0.2) : W.room;
    this.steer[ROOM] = Math.min(W.room, room);
    this.steer[TOGETHER] = Math.min(W.together, 2 * room);
    this.steer[APART] = Math.min(W.apart, 4 * room);
  }

  /** Simulated annealing over swaps and moves within one class; leaves the best layout found. */
  private anneal(members: readonly number[], where: readonly number[], steps: number): number {
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
