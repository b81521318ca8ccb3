// One Chromium per test file for the playground's browser suites: a fresh playground per test,
// pages closed and console errors asserted after each, and the helpers those suites share.
import { mkdirSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import type { Page } from 'playwright-core';
import type { Playground } from '../../adapters/playground/index.ts';
import type { PersonView } from '../../adapters/playground/view.ts';
import { launchBrowser, startTestPlayground, type Browser, type TestPlaygroundOptions } from './harness.ts';

export const OUT = 'test-output';

// The few browser globals the page callbacks use: they run in Chromium, and the project's
// tsconfig has no DOM lib (declared here, for the suites that import this module).
export interface PageElement {
  readonly id: string;
  readonly hidden: boolean;
  readonly disabled?: boolean;
  readonly textContent: string | null;
  readonly innerText: string;
  readonly title: string;
  readonly clientWidth: number;
  readonly scrollWidth: number;
  readonly tagName: string;
  readonly dataset: Readonly<Record<string, string | undefined>>;
  getAttribute(name: string): string | null;
  closest(selector: string): PageElement | null;
  querySelector(selector: string): PageElement | null;
  querySelectorAll(selector: string): ArrayLike<PageElement>;
  getBoundingClientRect(): { top: number; bottom: number; left: number; right: number; width: number; height: number };
  scrollIntoView(options?: { block?: string }): void;
}

export interface Suite {
  /** The playground of the running test (started by `open`, or set by the test). */
  playground: Playground | undefined;
  /** Console errors matching these are expected in this file (e.g. while the server is down). */
  readonly expectedErrors: RegExp[];
  readonly browser: () => Browser;
  /** Start the test's playground if needed and open a page on it, live. */
  open(seed: string, options?: TestPlaygroundOptions): Promise<Page>;
}

export function useBrowserSuite(): Suite {
  let browser: Browser | undefined;
  const pages: Page[] = [];
  const suite: Suite = {
    playground: undefined,
    expectedErrors: [],
    browser: () => browser!,
    async open(seed, options) {
      suite.playground ??= await startTestPlayground(seed, undefined, undefined, options);
      const page = await browser!.open(`http://127.0.0.1:${suite.playground.port}/`);
      pages.push(page);
      await page.waitForSelector('#live[data-state="live"]');
      return page;
    },
  };

  beforeAll(async () => {
    mkdirSync(OUT, { recursive: true });
    browser = await launchBrowser();
  });

  afterEach(async () => {
    for (const page of pages.splice(0)) await page.close();
    await suite.playground?.stop();
    suite.playground = undefined;
    // Every page of every test must run without console errors.
    const errors = browser!.errors.splice(0).filter((e) => !suite.expectedErrors.some((re) => re.test(e)));
    expect(errors).toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
  });

  return suite;
}

/** Type a command in the command box, press Enter, and return the answer once it shows. */
export async function runCommand(page: Page, text: string): Promise<string> {
  const before = await page.textContent('#result');
  await page.fill('#command-input', text);
  await page.press('#command-input', 'Enter');
  await page.waitForFunction(
    (previous) => {
      const el = (globalThis as unknown as { document: { getElementById(id: string): PageElement | null } }).document.getElementById('result');
      return el !== null && !el.hidden && el.textContent !== previous;
    },
    before,
  );
  return (await page.textContent('#result')) ?? '';
}

/** Where a person sits on the page: a room number, 'main', or null when not drawn. */
export async function roomOnPage(page: Page, personId: string): Promise<string | null> {
  return page.evaluate((id) => {
    const doc = (globalThis as unknown as { document: { querySelector(s: string): PageElement | null } }).document;
    const row = doc.querySelector(`#rooms li.person[data-person="${id}"], #main-room li.person[data-person="${id}"]`);
    if (!row) return null;
    return row.closest('details.room')?.dataset.room ?? 'main';
  }, personId);
}

/**
 * 40 mixed attendees in 8 rooms (rooms 1–7 open to phone attendees): a VOIP attendee of a room
 * without phone callers, and a room with phone callers to move them into (an audio conflict).
 */
export async function mixedMeeting(pg: Playground): Promise<{ voip: PersonView; from: number; phoneRoom: number; others: PersonView[] }> {
  await pg.session.addPeople('host', { count: 40, mix: { phone: 20, voip: 60, listening: 20 } });
  const distributed = await pg.session.command('host', 'distribute');
  if (!distributed.ok) throw new Error(distributed.message);
  const board = (await pg.session.view('host')).board!;
  const phoneRoom = board.rooms.find((r) => r.counts.phone > 0)!;
  const home = board.rooms.find((r) => r.counts.phone === 0 && r.number !== phoneRoom.number && r.people.some((p) => p.audio === 'voip'))!;
  const voip = home.people.find((p) => p.audio === 'voip')!;
  const others = board.rooms.flatMap((r) => r.people).filter((p) => p.id !== voip.id);
  return { voip, from: home.number, phoneRoom: phoneRoom.number, others };
}
