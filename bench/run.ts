// `npm run bench`: every benchmark in one run, printed as a table (or `-- --json` as a JSON
// array of {name, median_ms, baseline_ms, ratio, count, target}, plus a `note` on some rows).
import { benchEngine } from './engine.ts';
import { benchSlack } from './slack.ts';
import { benchDiscord } from './discord.ts';
import { benchPlayground } from './playground.ts';
import { benchSlackLoad } from './slack-load.ts';
import { benchStore, type NotedRow } from './store.ts';
import { benchMultiProcess } from './multi-process.ts';
import { benchFacilitation } from './facilitation.ts';
import { benchRounds } from './rounds.ts';

function table(rows: readonly NotedRow[]): string {
  const lines = ['| benchmark | median (ms) | baseline (ms) | ratio | count | target |', '|---|---:|---:|---:|---:|---:|'];
  const cell = (v: number | null | undefined) => (v === undefined || v === null ? '' : String(v));
  for (const r of rows) lines.push(`| ${r.name} | ${cell(r.median_ms)} | ${cell(r.baseline_ms)} | ${cell(r.ratio)} | ${cell(r.count)} | ${cell(r.target)} |`);
  const notes = rows.filter((r) => r.note).map((r) => `- ${r.name}: ${r.note}`);
  return [...lines, ...(notes.length > 0 ? ['', 'Notes:', ...notes] : [])].join('\n');
}

async function main(): Promise<void> {
  const json = process.argv.includes('--json');
  const rows: NotedRow[] = [];
  // `npm run bench -- facilitation` runs only the benchmarks whose label is given.
  const only = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  for (const [label, bench] of [
    ['engine', benchEngine],
    ['store', benchStore],
    ['slack', benchSlack],
    ['slack load', benchSlackLoad],
    ['discord', benchDiscord],
    ['playground', benchPlayground],
    ['facilitation', benchFacilitation],
    ['rounds', benchRounds],
    ['multi-process', benchMultiProcess],
  ] as const) {
    if (only.length > 0 && !only.includes(label)) continue;
    if (!json) process.stderr.write(`running ${label} benchmarks…\n`);
    rows.push(...(await bench()));
  }
  process.stdout.write(json ? `${JSON.stringify(rows, null, 2)}\n` : `${table(rows)}\n\nmachine: ${process.platform} ${process.arch}, Node ${process.version}, ${(await import('node:os')).cpus().length} cores\n`);
}

await main();
