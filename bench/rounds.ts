// Rounds that remember (issue 13): five rounds in a row with --avoid-repeats, each planned against
// the rounds before it. How many pairs meet again, as a share of what a random shuffle (Smart
// Distribute with a fresh seed) would give against the same history, the least any layouts could
// give (a bound), and the time per round.
import { distributeAll, type Person } from '../src/domain/distribute.ts';
import type { Audio } from '../src/domain/meeting.ts';
import { createPairHistory, placementRepeats, roundRooms, type PastRound } from '../src/domain/pair-history.ts';
import { planRound } from '../src/domain/plan-round.ts';
import { createSeededRandom } from '../src/domain/random.ts';
import { median, round, type BenchRow } from './measure.ts';

const ROUNDS = 5;

/** 10% on the phone (or nobody), 20% listening, the rest on VOIP, interleaved. */
function roster(size: number, phone: boolean): Person[] {
  const audioOf = (i: number): Audio => (i % 10 === 0 ? (phone ? 'phone' : 'voip') : i % 10 <= 2 ? 'listening' : 'voip');
  return Array.from({ length: size }, (_, i) => ({ id: `u${i}`, audio: audioOf(i) }));
}

interface Series {
  /** Pairs meeting again over rounds 2..5, planned and shuffled, in all and among phone attendees. */
  planned: number;
  shuffled: number;
  plannedPhone: number;
  shuffledPhone: number;
  /** Milliseconds per planned round 2..5 (round 1 has no history: it is Smart Distribute's layout). */
  times: number[];
  /** No layouts at all can do better than this (see `leastRepeats`). */
  bound: number;
}

/**
 * A lower bound on the pairs meeting again over rounds 2..R. Phone attendees and the others never
 * share a room, and the even sizes fix how many pairs each class puts in rooms per round (P, the
 * same every round). Round 1 meets P new pairs; all rounds together can meet at most T (every pair
 * of the class), so rounds 2..R repeat at least (R - 1)·P - (T - P) pairs.
 */
function leastRepeats(people: readonly Person[], roomOf: Int32Array, rooms: number): number {
  let bound = 0;
  for (const phone of [true, false]) {
    const size = new Array<number>(rooms + 1).fill(0);
    let n = 0;
    people.forEach((p, i) => {
      if ((p.audio === 'phone') !== phone || roomOf[i] === 0) return;
      size[roomOf[i]!]!++;
      n++;
    });
    const inRooms = size.reduce((sum, s) => sum + (s * (s - 1)) / 2, 0);
    bound += Math.max(0, (ROUNDS - 1) * inRooms - ((n * (n - 1)) / 2 - inRooms));
  }
  return bound;
}

/** One meeting of ROUNDS rounds: each planned with --avoid-repeats against those before it. */
function series(people: readonly Person[], rooms: number, seed: string): Series {
  const ids = people.map((p) => p.id);
  const phone = people.flatMap((p, i) => (p.audio === 'phone' ? [i] : []));
  const phoneRepeats = (roomOf: Int32Array, history: ReturnType<typeof createPairHistory>) =>
    placementRepeats(
      phone.map((i) => ids[i]!),
      Int32Array.from(phone.map((i) => roomOf[i]!)),
      history,
    );
  const random = createSeededRandom(seed);
  const shuffle = createSeededRandom(`${seed}/shuffle`);
  const past: PastRound[] = [];
  const out: Series = { planned: 0, shuffled: 0, plannedPhone: 0, shuffledPhone: 0, times: [], bound: 0 };
  for (let r = 1; r <= ROUNDS; r++) {
    const history = createPairHistory(past);
    const t0 = performance.now();
    const plan = planRound(people, { rooms, phoneRoomLimit: 7, random, history, avoidRepeats: true });
    const ms = performance.now() - t0;
    if (r > 1) out.times.push(ms);
    else out.bound = leastRepeats(people, plan.roomOf, rooms);
    const other = distributeAll(people, { rooms, phoneRoomLimit: 7, random: shuffle });
    out.planned += plan.repeats;
    out.shuffled += placementRepeats(ids, other.roomOf, history);
    out.plannedPhone += phoneRepeats(plan.roomOf, history);
    out.shuffledPhone += phoneRepeats(other.roomOf, history);
    past.push(roundRooms(ids, plan.roomOf));
  }
  return out;
}

function measure(size: number, rooms: number, meetings: number, phone: boolean): Series {
  const people = roster(size, phone);
  series(people, rooms, 'warm-up');
  const all: Series = { planned: 0, shuffled: 0, plannedPhone: 0, shuffledPhone: 0, times: [], bound: 0 };
  for (let m = 0; m < meetings; m++) {
    const s = series(people, rooms, `meeting ${m}`);
    all.planned += s.planned;
    all.shuffled += s.shuffled;
    all.plannedPhone += s.plannedPhone;
    all.shuffledPhone += s.shuffledPhone;
    all.times.push(...s.times);
    all.bound += s.bound;
  }
  return all;
}

type NotedRow = BenchRow & { readonly note?: string };

export function benchRounds(): NotedRow[] {
  const rows: NotedRow[] = [];
  for (const [size, rooms, meetings, phone] of [
    [200, 20, 6, true],
    [200, 20, 6, false],
    [1_000, 50, 3, true],
  ] as const) {
    const s = measure(size, rooms, meetings, phone);
    const label = `${size.toLocaleString('en')} attendees in ${rooms} rooms${phone ? '' : ', nobody on the phone'}`;
    const perMeeting = (n: number) => round(n / meetings);
    const others = s.planned - s.plannedPhone;
    const othersShuffled = s.shuffled - s.shuffledPhone;
    rows.push({
      name: `rounds: pairs meeting again over ${ROUNDS} rounds with avoid-repeats, share of a random shuffle's, ${label}`,
      median_ms: null,
      count: perMeeting(s.planned),
      ratio: round(s.planned / s.shuffled),
      target: 0.25,
      note:
        `${label} (${phone ? '10% phone, ' : ''}20% listening), per meeting: ${perMeeting(s.planned)} pairs meet again, a random shuffle ${perMeeting(s.shuffled)}; ` +
        (s.bound > 0
          ? `no layouts at all could go below ${perMeeting(s.bound)} (a share of ${round(s.bound / s.shuffled)}: phone attendees only share the few rooms evenness gives them, so their pairs run out), ` +
            `and of the repeats a layout could avoid, ${round((s.planned - s.bound) / (s.shuffled - s.bound))} are left. `
          : '') +
        `Phone rooms: ${perMeeting(s.plannedPhone)} vs ${perMeeting(s.shuffledPhone)}; other rooms: ${perMeeting(others)} vs ${perMeeting(othersShuffled)} (a share of ${round(others / othersShuffled)}).`,
    });
    rows.push({
      name: `rounds: plan one round with avoid-repeats, ${label} (median of rounds 2–${ROUNDS})`,
      median_ms: round(median(s.times)),
      ...(size === 200 ? { target: 50 } : {}),
      note: `${s.times.length} rounds timed; slowest ${round(Math.max(...s.times))} ms.`,
    });
  }
  return rows;
}
