// Discord adapter benchmarks (issue 4 fills this in).
import type { BenchRow } from './measure.ts';

export async function benchDiscord(): Promise<BenchRow[]> {
  return [];
}
