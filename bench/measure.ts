// Shared benchmark helpers: one row format, and a median over repeated runs.
export interface BenchRow {
  readonly name: string;
  /** null for rows that count platform calls rather than time something. */
  readonly median_ms: number | null;
  /** The floor this is compared with, measured in the same run. */
  readonly baseline_ms?: number;
  readonly ratio?: number;
  /** For counts (platform calls): what was counted and what the target is. */
  readonly count?: number;
  readonly target?: number;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Run `fn` `warmup` times, then time it `runs` times; returns the median in ms. */
export async function timeMedian(fn: () => unknown, runs: number, warmup = 2): Promise<number> {
  for (let i = 0; i < warmup; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  return median(times);
}

export function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
