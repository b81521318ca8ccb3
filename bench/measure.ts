// Shared benchmark helpers: one row format, medians and percentiles, and load senders run in a
// worker thread (so the process under test does not share an event loop with them).
import { Worker } from 'node:worker_threads';
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

/** The value at quantile q (nearest rank); NaN for no values. */
export function percentile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? NaN;
}

/** Run the senders' `code` in a worker thread with `data`; resolves with the moves it reports. */
export function runSenders<T>(code: string, data: Record<string, unknown>): Promise<T[]> {
  const worker = new Worker(code, { eval: true, workerData: data });
  return new Promise<T[]>((resolve, reject) => {
    worker.once('message', (message: { moves?: T[]; error?: string }) => {
      void worker.terminate();
      if (message.moves) resolve(message.moves);
      else reject(new Error(`the senders failed: ${message.error ?? 'no answer'}`));
    });
    worker.once('error', reject);
  });
}
