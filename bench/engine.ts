// Engine benchmarks: Smart Distribute against its floor (a plain Fisher–Yates shuffle-and-deal
// of the same roster, measured in the same run, alternating), and building a large board.
import { distributeAll, type Person } from '../src/domain/distribute.ts';
import { shuffleInPlace } from '../src/domain/random.ts';
import { type Random } from '../src/ports.ts';
import { createSeededRandom } from '../src/domain/random.ts';
import { planMeeting } from '../adapters/cli/plan.ts';
import { buildBoard } from '../src/board/board.ts';
import { createEngine } from '../src/engine/engine.ts';
import { createMemoryStore } from '../src/store/store.ts';
import { median, round, timeMedian, type BenchRow } from './measure.ts';

/** A mixed roster: 15% phone, 60% VOIP, 25% listening, in random order. */
export function mixedRoster(size: number, random: Random): Person[] {
  const people: Person[] = [];
  for (let i = 0; i < size; i++) {
    const r = random.next();
    people.push({ id: `u${i}`, audio: r < 0.15 ? 'phone' : r < 0.75 ? 'voip' : 'listening' });
  }
  return people;
}

/** The floor: shuffle everyone once and deal them round-robin, ignoring every rule. */
export function shuffleAndDeal(people: readonly Person[], rooms: number, random: Random): Int32Array {
  const order = people.map((_, i) => i);
  shuffleInPlace(order, random);
  const roomOf = new Int32Array(people.length);
  for (let i = 0; i < order.length; i++) roomOf[order[i]!] = (i % rooms) + 1;
  return roomOf;
}

/**
 * Time `a` and `b` alternately so both see the same machine state; medians of each, per call.
 * Each sample repeats the call `reps` times, so sub-millisecond work is not lost in timer noise.
 */
function pairedMedians(a: () => unknown, b: () => unknown, runs: number, reps: number): [number, number] {
  const sample = (fn: () => unknown): number => {
    const t0 = performance.now();
    for (let r = 0; r < reps; r++) fn();
    return (performance.now() - t0) / reps;
  };
  for (let i = 0; i < 5; i++) {
    sample(a);
    sample(b);
  }
  const ta: number[] = [];
  const tb: number[] = [];
  for (let i = 0; i < runs; i++) {
    ta.push(sample(a));
    tb.push(sample(b));
  }
  return [median(ta), median(tb)];
}

export async function benchEngine(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const random = createSeededRandom('bench');
  // [attendees, rooms, samples, calls per sample]
  const sizes: [number, number, number, number][] = [
    [1_000, 50, 101, 50],
    [10_000, 100, 61, 5],
    [100_000, 1_000, 31, 1],
  ];
  for (const [people, rooms, runs, reps] of sizes) {
    const roster = mixedRoster(people, random);
    const [subject, floor] = pairedMedians(
      () => distributeAll(roster, { rooms, phoneRoomLimit: 7, random }),
      () => shuffleAndDeal(roster, rooms, random),
      runs,
      reps,
    );
    rows.push({ name: `distribute ${people.toLocaleString('en')} attendees into ${rooms.toLocaleString('en')} rooms`, median_ms: round(subject), baseline_ms: round(floor), ratio: round(subject / floor) });
  }

  const roster = mixedRoster(1_000, random).map((p) => ({ ...p, name: `Person ${p.id}` }));
  const { meeting } = planMeeting(roster, { rooms: 50, phoneRoomLimit: 7, random });
  rows.push({ name: 'build the board, 1,000 attendees in 50 rooms', median_ms: round(await timeMedian(() => buildBoard(meeting), 101)) });

  // The whole command path: parse, permission, clone, distribute, conflicts, store (memory).
  const place = { platform: 'playground' as const, workspaceId: 'bench', channelId: 'bench', mainRoomId: 'bench' };
  const actor = { id: 'f', name: 'Facilitator' };
  const engineTimes: number[] = [];
  for (let i = 0; i < 21; i++) {
    const engine = createEngine({ store: createMemoryStore(), clock: { now: () => new Date(0) }, random });
    await engine.execute({ target: { place }, actor, command: 'rooms', input: { count: 50 } });
    await engine.execute({ target: { place }, actor, command: 'import', input: { people: roster } });
    const t0 = performance.now();
    await engine.execute({ target: { place }, actor, command: 'shuffle', input: {} });
    engineTimes.push(performance.now() - t0);
  }
  rows.push({ name: 'engine shuffle command, 1,000 attendees in 50 rooms (memory store)', median_ms: round(median(engineTimes.slice(3))) });

  return rows;
}

