// Playground benchmarks in Debian's Chromium: at 1,000 attendees in 50 rooms with every room
// expanded, the time from a move (a room picked in a person's select) and from a confirmed shuffle
// to the finished redraw (the frame after the new board is in the page), and the longest main-thread block.
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { launchBrowser, startTestPlayground } from '../test/playground/harness.ts';
import { median, round, type BenchRow } from './measure.ts';

/** A change is drawn well within this. */
const TARGET_MS = 100;
const RUNS = 9;
const WARMUP = 2;
/** Board unchanged this long after a change: its redraws are over. */
const QUIET_MS = 250;

// The few browser globals the in-page timing uses (the project's tsconfig has no DOM lib).
interface BenchElement {
  readonly dataset: Record<string, string | undefined>;
  value: string;
  focus(): void;
  click(): void;
  closest(selector: string): BenchElement | null;
  dispatchEvent(event: object): boolean;
}
declare const document: { querySelector(selector: string): BenchElement | null; querySelectorAll(selector: string): ArrayLike<BenchElement> };
declare const performance: { now(): number };
declare function requestAnimationFrame(callback: () => void): number;
declare function setTimeout(callback: () => void, ms?: number): number;
declare class Event {
  constructor(type: string, init?: { bubbles?: boolean });
}
declare class MutationObserver {
  constructor(callback: () => void);
  observe(target: BenchElement, options: { subtree: boolean; childList: boolean; attributes: boolean; characterData: boolean }): void;
  disconnect(): void;
}
declare class PerformanceObserver {
  constructor(callback: (list: { getEntries(): { duration: number }[] }) => void);
  observe(options: { type: string }): void;
  disconnect(): void;
}

interface Timing {
  readonly ms: number;
  /** Longest main-thread task (over 50 ms, as Chromium reports them) while it ran; 0 if none. */
  readonly longestTaskMs: number;
}

/**
 * In the page: start the change, wait until the board shows a new version and `drawn()` holds,
 * then until the board stays quiet; the time is to the first frame after the board's last change
 * (style, layout and paint of the new board included).
 */
async function timeInPage(page: Page, kind: 'move' | 'shuffle', run: number): Promise<Timing> {
  return page.evaluate(
    async ({ kind, run, quietMs }) => {
      const board = document.querySelector('#board')!;
      const before = board.dataset.version;
      let longest = 0;
      const observer = new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) longest = Math.max(longest, entry.duration);
      });
      observer.observe({ type: 'longtask' });
      let lastChange = performance.now();
      let painted = 0;
      const mutations = new MutationObserver(() => {
        const at = performance.now();
        lastChange = at;
        requestAnimationFrame(() => setTimeout(() => (painted = Math.max(painted, performance.now())), 0));
      });
      mutations.observe(board, { subtree: true, childList: true, attributes: true, characterData: true });
      let drawn: () => boolean = () => true;
      const t0 = performance.now();
      if (kind === 'move') {
        // A VOIP attendee of a room above the phone rooms goes to another such room: no conflict.
        const rows = document.querySelectorAll('details.room li.person[data-audio="voip"]');
        const candidates = Array.from(rows).filter((row) => Number(row.closest('details')?.dataset.room) > 10);
        const row = candidates[(run * 37) % candidates.length]!;
        const id = row.dataset.person!;
        const from = Number(row.closest('details')?.dataset.room);
        const to = String(from === 50 ? 11 : from + 1);
        const select = document.querySelector(`details.room select[data-move-for="${id}"]`)!;
        select.focus(); // fills the list of rooms
        select.value = to;
        select.dispatchEvent(new Event('change', { bubbles: true }));
        drawn = () => document.querySelector(`details.room[data-room="${to}"] li.person[data-person="${id}"]`) !== null;
      } else {
        document.querySelector('#confirm-ok')!.click();
      }
      await new Promise<void>((resolve) => {
        const check = (): void => {
          if (board.dataset.version !== before && drawn()) resolve();
          else requestAnimationFrame(check);
        };
        check();
      });
      // A second redraw of the same change counts too: wait until the board has been quiet for
      // QUIET_MS, and take the first frame after its last change.
      await new Promise<void>((resolve) => {
        const check = (): void => {
          if (performance.now() - lastChange > quietMs && painted >= lastChange) resolve();
          else requestAnimationFrame(check);
        };
        check();
      });
      mutations.disconnect();
      const ms = painted - t0;
      // Long tasks are reported after they end: give the observer a turn.
      await new Promise<void>((resolve) => setTimeout(resolve, 30));
      observer.disconnect();
      return { ms, longestTaskMs: longest };
    },
    { kind, run, quietMs: QUIET_MS },
  );
}

export async function benchPlayground(): Promise<BenchRow[]> {
  const playground = await startTestPlayground('bench');
  const browser = await launchBrowser();
  try {
    await playground.session.addPeople('host', { count: 1000, mix: { phone: 10, voip: 70, listening: 20 } });
    const distributed = await playground.session.command('host', 'distribute 50');
    if (!distributed.ok) throw new Error(`distribute failed: ${distributed.message}`);
    const page = await browser.open(`http://127.0.0.1:${playground.port}/`);
    // tsx keeps function names with a helper the page does not have; the in-page timing names its callbacks.
    await page.evaluate('globalThis.__name = (fn) => fn');
    await page.waitForSelector('#live[data-state="live"]');
    await page.waitForFunction(() => document.querySelectorAll('details.room').length === 50);
    await page.click('#expand-all');
    await page.waitForFunction(() => document.querySelectorAll('details.room li.person').length === 1000);

    const moves: Timing[] = [];
    for (let i = 0; i < WARMUP + RUNS; i++) {
      const t = await timeInPage(page, 'move', i);
      if (i >= WARMUP) moves.push(t);
      await playground.session.settle();
    }
    const shuffles: Timing[] = [];
    for (let i = 0; i < WARMUP + RUNS; i++) {
      await page.click('#board-head [data-verb="shuffle"]');
      await page.waitForSelector('dialog#confirm[open]');
      const t = await timeInPage(page, 'shuffle', i);
      if (i >= WARMUP) shuffles.push(t);
      await playground.session.settle();
    }
    if (browser.errors.length > 0) throw new Error(`the page logged errors: ${browser.errors.join('; ')}`);
    const where = '1,000 attendees in 50 rooms, all expanded';
    return [
      { name: `playground: move → redraw done, ${where}`, median_ms: round(median(moves.map((t) => t.ms))), target: TARGET_MS },
      { name: `playground: move → longest main-thread task over 50 ms (0: none), ${where}`, median_ms: round(median(moves.map((t) => t.longestTaskMs))), target: TARGET_MS },
      { name: `playground: shuffle → redraw done, ${where}`, median_ms: round(median(shuffles.map((t) => t.ms))), target: TARGET_MS },
      { name: `playground: shuffle → longest main-thread task over 50 ms (0: none), ${where}`, median_ms: round(median(shuffles.map((t) => t.longestTaskMs))), target: TARGET_MS },
    ];
  } finally {
    await browser.close();
    await playground.stop();
  }
}

// `npx tsx bench/playground.ts` runs these alone.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const row of await benchPlayground()) process.stdout.write(`${row.name}: ${row.median_ms} ms (target ${row.target} ms)\n`);
}
