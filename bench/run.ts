// `npm run bench`: every benchmark in one run, printed as a table (or `-- --json` as a JSON
// array of {name, median_ms, baseline_ms, ratio, count, target}).
import { benchEngine } from './engine.ts';
import { benchSlack } from './slack.ts';
import { benchDiscord } from './discord.ts';
import { benchPlayground } from './playground.ts';
import type { BenchRow } from './measure.ts';

function table(rows: readonly BenchRow[]): string {
  const lines = ['| benchmark | median (ms) | baseline (ms) | ratio | count | target |', '|---|---:|---:|---:|---:|---:|'];
  const cell = (v: number | null | undefined) => (v === undefined || v === null ? '' : String(v));
  for (const r of rows) lines.push(`| ${r.name} | ${cell(r.median_ms)} | ${cell(r.baseline_ms)} | ${cell(r.ratio)} | ${cell(r.count)} | ${cell(r.target)} |`);
  return lines.join('\n');
}

async function main(): Promise<void> {
  const json = process.argv.includes('--json');
  const rows: BenchRow[] = [];
  for (const [label, bench] of [
    ['engine', benchEngine],
    ['slack', benchSlack],
    ['discord', benchDiscord],
    ['playground', benchPlayground],
  ] as const) {
    if (!json) process.stderr.write(`running ${label} benchmarks…\n`);
    rows.push(...(await bench()));
  }
  process.stdout.write(json ? `${JSON.stringify(rows, null, 2)}\n` : `${table(rows)}\n\nmachine: ${process.platform} ${process.arch}, Node ${process.version}, ${(await import('node:os')).cpus().length} cores\n`);
}

await main();
