// Slack adapter benchmarks (issue 3 fills this in).
import type { BenchRow } from './measure.ts';

export async function benchSlack(): Promise<BenchRow[]> {
  return [];
}
