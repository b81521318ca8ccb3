// The search's state and how it is built from the roster: relations, groups, pre-assigned rooms and
// the tallies. The layers of the search extend it, so one object keeps a single shape throughout.
import type { Placement } from './distribute.ts';
import { kindOf, LISTENING, PHONE, VOIP, W, type Ranges, type SearchOptions, type SearchPerson } from './round-search-model.ts';

/** Slots of the steering weights and of the true deltas (typed slots: a double in a field or a closure would be boxed anew on every write). */
export const APART = 0;
export const TOGETHER = 1;
export const ROOM = 2;
export const TRUE_DELTA = 0;
export const SHIFTED = 1;

/**
 * One search's state. A class rather than closures: a closure made per call is a new call target
 * each time, which keeps the optimising compiler from settling; methods stay the same target.
 */
export abstract class RoundSearchState {
  readonly needed: boolean;
  protected readonly n: number;
  protected readonly R1: number;
  /** Input index of each searched person (only those the skeleton placed). */
  protected readonly who: number[];
  protected readonly kind: Uint8Array;
  /** 0 phone, 1 the others: the two never share a room, so each is searched on its own. */
  protected readonly classOf: Uint8Array;
  protected readonly classes: number[][];
  protected readonly degree: Int32Array;
  // Relations (apart pairs, pairs who met) in one symmetric list per person.
  protected readonly relStart: Int32Array;
  protected readonly relTo: Int32Array;
  protected readonly relW: Float64Array;
  protected readonly relApart: Uint8Array;
  protected readonly relMet: Float64Array;
  protected readonly groupOf: Int32Array;
  protected readonly groups: number;
  protected readonly pre: Int32Array;
  /** Rooms each audio kind may be in. */
  protected readonly roomsFor: number[][];
  // The layout and its tallies.
  protected readonly roomOf: Int32Array;
  protected readonly count: Int32Array[];
  protected readonly groupCount: Int32Array;
  /** Per person: the weight of their relations in their own room; `hot` lists those above zero, per class. */
  protected readonly heat: Float64Array;
  protected readonly hot: Int32Array[];
  protected readonly hotCount: Int32Array;
  protected readonly hotPos: Int32Array;
  protected readonly inRoom: number[][];
  protected readonly posInRoom: Int32Array;
  /**
   * The weights the search steers by. Early in a search the constraints are soft (about a repeat
   * each), so it can pass through a layout that breaks one on the way to a better one; they harden
   * to the true weights later. `truth[TRUE_DELTA]` holds the true change of the last delta computed.
   */
  protected readonly steer = new Float64Array([W.apart, W.together, W.room]);
  protected readonly truth = new Float64Array(2);
  /** Moves of a group move, for undo: person, room they came from. */
  protected readonly journal: number[] = [];

  constructor(
    protected readonly people: readonly SearchPerson[],
    protected readonly skeleton: Placement,
    protected readonly ranges: Ranges,
    protected readonly options: SearchOptions,
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
}
