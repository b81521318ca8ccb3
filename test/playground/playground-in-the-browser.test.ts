// The playground end to end in a real headless Chromium: the scenario (40 mixed attendees,
// distribute, a conflict prompt, apply/start/end, a bad command), live updates, growing and 1,000-person
// meetings, a narrow window, keyboard use. Every test also asserts no console errors.
import { mkdirSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Playground } from '../../adapters/playground/index.ts';
import { launchBrowser, startTestPlayground, type Browser } from './harness.ts';

const OUT = 'test-output';

// The few browser globals the page callbacks below use: they run in Chromium, and the project's
// tsconfig has no DOM lib (declared here, in this module only).
interface PageElement {
  readonly id: string;
  readonly hidden: boolean;
  readonly textContent: string | null;
  readonly dataset: Readonly<Record<string, string | undefined>>;
}
declare const document: {
  querySelectorAll(selector: string): { readonly length: number } & Iterable<unknown>;
  querySelector(selector: string): PageElement | null;
  getElementById(id: string): PageElement | null;
  readonly activeElement: PageElement | null;
};
declare const window: object;

let browser: Browser;
let playground: Playground | undefined;
const pages: Page[] = [];

beforeAll(async () => {
  mkdirSync(OUT, { recursive: true });
  browser = await launchBrowser();
});

afterEach(async () => {
  for (const page of pages.splice(0)) await page.close();
  await playground?.stop();
  playground = undefined;
  // Every page of every test must run without console errors.
  expect(browser.errors.splice(0)).toEqual([]);
});

afterAll(async () => {
  await browser?.close();
});

async function openPlayground(seed: string): Promise<Page> {
  playground ??= await startTestPlayground(seed);
  const page = await browser.open(`http://127.0.0.1:${playground.port}/`);
  pages.push(page);
  await page.waitForSelector('#live[data-state="live"]');
  return page;
}

/** Numbers of the rooms each attendee of that audio sits in. */
async function roomsOf(page: Page, audio: string): Promise<number[]> {
  return page.$$eval(`details.room li.person[data-audio="${audio}"]`, (rows) => rows.map((row) => Number(row.closest('details')?.getAttribute('data-room'))));
}

async function boardVersion(page: Page): Promise<string | null> {
  return page.getAttribute('#board', 'data-version');
}

async function runCommand(page: Page, text: string): Promise<string> {
  const before = await page.textContent('#result');
  await page.fill('#command-input', text);
  await page.press('#command-input', 'Enter');
  await page.waitForFunction((previous) => {
    const el = document.getElementById('result');
    return el !== null && !el.hidden && el.textContent !== previous;
  }, before);
  return (await page.textContent('#result')) ?? '';
}

describe('the playground in a browser', () => {
  it('runs the whole flow: 40 mixed attendees, distribute, a conflict prompt in one inbox, its button, then apply, start and end', async () => {
    const page = await openPlayground('scenario');
    await page.waitForSelector('text=No meeting in this channel yet');

    // 40 attendees, 20% phone / 60% VOIP / 20% listening (the side panel's defaults), added as the host.
    await page.fill('#add-many input[name="count"]', '40');
    await page.click('#add-many button[type="submit"]');
    await page.waitForFunction(() => document.querySelectorAll('[data-room="main"] li.person').length === 41);
    expect(await page.textContent('#summary')).toContain('41 people');
    // The host is on VOIP. Each count has its audio icon, named.
    expect(await page.$$eval('#summary .mix-item', (items) => items.map((i) => `${i.querySelector('svg')?.getAttribute('aria-label')} ${i.textContent}`))).toEqual(['Phone 8', 'VOIP (computer audio) 25', 'Just listening 8']);
    expect(await page.textContent('#board-head .board-title')).toBe('Breakouts41 people · 0 rooms'); // no “phone rooms 1–0”

    await page.click('#board-head [data-verb="distribute"]');
    await page.waitForFunction(() => document.querySelectorAll('details.room li.person').length === 40);
    expect(await page.$$eval('details.room', (rooms) => rooms.length)).toBe(8);
    expect(await page.textContent('#board-head .board-title')).toBe('Breakouts41 people · 8 rooms · phone rooms 1–7');
    const phoneRooms = await roomsOf(page, 'phone');
    expect(phoneRooms).toHaveLength(8);
    expect(phoneRooms.every((n) => n >= 1 && n <= 7)).toBe(true);
    expect(await page.$$eval('details.room[data-conflict="true"]', (rooms) => rooms.length)).toBe(0);
    await page.screenshot({ path: `${OUT}/playground-before.png`, fullPage: true });

    // Move a VOIP attendee into a phone room with the room select next to their name.
    const target = phoneRooms[0]!;
    const voip = await page.$eval(`details.room:not([data-room="${target}"]) li.person[data-audio="voip"]`, (row) => ({
      id: row.getAttribute('data-person') ?? '',
      name: row.querySelector('.name')?.textContent ?? '',
    }));
    const move = page.locator(`details.room select[data-move-for="${voip.id}"]`);
    await move.focus(); // the select lists every room once it is focused or pressed
    // Rooms open to phone attendees are a group of their own.
    expect(await move.evaluate((select) => [...select.querySelectorAll('optgroup')].map((g) => [g.getAttribute('label'), [...g.querySelectorAll('option')].map((o) => o.getAttribute('value')).join(' ')])))
      .toEqual([['Rooms open to phone attendees', '1 2 3 4 5 6 7'], ['Other rooms', '8']]);
    await move.selectOption(String(target));
    await page.waitForSelector(`details.room[data-room="${target}"][data-conflict="true"]`);
    expect(await page.$eval(`li.person[data-person="${voip.id}"]`, (row) => row.closest('details')?.getAttribute('data-room'))).toBe(String(target));
    expect(await page.textContent(`details.room[data-room="${target}"] .conflict-reason`)).toContain('Audio conflict');
    await page.screenshot({ path: `${OUT}/playground-conflict.png`, fullPage: true });

    // Their inbox has exactly one prompt; pressing its button clears the red.
    await playground!.session.settle(); // every effect of the move is carried out: no prompt is still on its way
    expect(playground!.session.platform.inbox(voip.id).map((m) => m.message.kind)).toEqual(['conflict-prompt']);
    await page.selectOption('#as-select', voip.id);
    await page.waitForFunction((name) => document.getElementById('inbox-title')?.textContent?.includes(name), voip.name);
    // The host's last answer is not shown as if it were this person's.
    expect(await page.isHidden('#result')).toBe(true);
    await page.waitForSelector('#inbox li.dm');
    expect(await page.$$eval('#inbox li.dm', (items) => items.map((i) => i.getAttribute('data-kind')))).toEqual(['conflict-prompt']);
    await page.click('#inbox li.dm button');
    await page.waitForSelector(`details.room[data-room="${target}"][data-conflict="false"]`);
    await page.waitForSelector('#inbox .dm-answer');
    expect(await page.textContent('#inbox .dm-answer')).toContain('your audio is now phone');
    expect(await page.$$eval('#inbox li.dm', (items) => items.length)).toBe(1);

    // Back to the host: apply, start, end change the status; the feed shows what each room gets.
    await page.selectOption('#as-select', 'host');
    await page.waitForSelector('#board-head [data-verb="apply"]');
    await page.click('#board-head [data-verb="apply"]');
    await page.waitForSelector('#status[data-status="applied"]');
    await page.click('#board-head [data-verb="start"]');
    await page.waitForSelector('#status[data-status="started"]');
    await page.waitForSelector('#feed li[data-kind="open"][data-run="start"]');
    await page.waitForSelector('.progress[data-kind="start"][data-finished="true"]');
    const openLines = await page.$$eval('#feed li[data-kind="open"]', (items) => items.map((i) => i.textContent ?? ''));
    expect(openLines).toHaveLength(8);
    expect(openLines.join('\n')).toContain('Moved in from the main room');
    // Phone attendees (the eight, plus the one who switched) get their dial-in by DM.
    expect(await page.$$eval('#feed li[data-kind="dm"][data-run="start"]', (items) => items.length)).toBe(9);

    await page.click('#board-head [data-verb="end"]');
    await page.waitForSelector('dialog#confirm[open]');
    expect(await page.textContent('#confirm-text')).toContain('Bring everyone back');
    await page.click('#confirm-ok');
    await page.waitForSelector('#status[data-status="ended"]');
    await page.waitForFunction(() => document.querySelectorAll('#feed li[data-kind="close"]').length === 8);
    await page.screenshot({ path: `${OUT}/playground-after.png`, fullPage: true });
  });

  it('shows a clear error for a bad command or a refused move, refuses a tampered button, and changes nothing', async () => {
    const page = await openPlayground('errors');
    await playground!.session.addPeople('host', { count: 20, mix: { phone: 30, voip: 50, listening: 20 } });
    expect((await playground!.session.command('host', 'distribute 9')).ok).toBe(true);
    await page.waitForSelector('details.room[data-room="9"]');
    const version = await boardVersion(page);

    expect(await runCommand(page, '/breakouts frobnicate')).toContain('“frobnicate” is not a Breakouts command');
    expect(await page.getAttribute('#result', 'data-kind')).toBe('error');
    expect(await runCommand(page, 'move @Nobody 3')).toContain('Nobody called Nobody');

    const phone = await page.$eval('details.room li.person[data-audio="phone"] .name', (el) => el.textContent ?? '');
    expect(await runCommand(page, `move @${phone} 9`)).toContain('phone attendees can only be in rooms 1–7');

    // A button id naming another meeting (sent as the page would send it) is refused with why.
    const tampered = await page.evaluate(async () => {
      const res = await fetch('/api/action', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ as: 'host', actionId: 'bk1:d:zzzz:0' }) });
      return (await res.json()) as { ok: boolean; message: string };
    });
    expect(tampered).toMatchObject({ ok: false, message: expect.stringContaining('That button belongs to a meeting that no longer exists') });

    await playground!.session.settle();
    expect(String((await playground!.session.view('host')).board!.version)).toBe(version);
    expect(await boardVersion(page)).toBe(version);
    expect(await page.$$eval('details.room[data-conflict="true"]', (rooms) => rooms.length)).toBe(0);
  });

  it('updates every open page without a reload when the state changes', async () => {
    const first = await openPlayground('live');
    const second = await openPlayground('live');
    await second.evaluate(() => Object.assign(window, { notReloaded: true }));
    await playground!.session.addPeople('host', { count: 12, mix: { phone: 0, voip: 100, listening: 0 } });
    await runCommand(first, 'distribute 3');
    await second.waitForFunction(() => document.querySelectorAll('details.room li.person').length === 12);
    expect(await second.evaluate(() => 'notReloaded' in window)).toBe(true);
    expect(await second.textContent('#status')).toContain('Draft');
  });

  it('lets you act as an attendee: no facilitator controls, your own audio, a newcomer joins', async () => {
    const page = await openPlayground('attendee');
    await playground!.session.addPeople('host', { name: 'Ada Lovelace', audio: 'voip' });
    const ada = (await playground!.session.view('host')).people.find((p) => p.label.includes('Ada Lovelace'))?.id ?? '';
    await page.waitForSelector(`#as-select option[value="${ada}"]`, { state: 'attached' });
    await page.selectOption('#as-select', ada);
    await page.waitForFunction(() => document.getElementById('you-info')?.textContent?.startsWith('Attendee'));
    expect(await page.$$eval('#board-head [data-verb]', (buttons) => buttons.length)).toBe(0);
    expect(await page.$$eval('select.move', (selects) => selects.length)).toBe(0);

    await page.click('#you-actions [data-verb="audio"]:has-text("Phone")');
    await page.waitForSelector('#you-actions [data-verb="audio"][aria-pressed="true"]:has-text("Phone")');
    expect(await page.textContent('#you-info')).toBe('Attendee · Phone · in the main room');
    expect(await page.$$eval('#you-info svg', (icons) => icons.length)).toBe(1);

    // Names are text, never markup.
    const sneaky = '<img src=x onerror="document.title=1">';
    await playground!.session.addPeople('host', { name: sneaky, audio: 'voip' });
    await page.waitForFunction((name) => [...(document.querySelectorAll('[data-room="main"] .name') as unknown as PageElement[])].some((el) => el.textContent === name), sneaky);
    expect(await page.$$eval('#main-room img, #as-select img', (imgs) => imgs.length)).toBe(0);

    await page.selectOption('#as-select', 'newcomer');
    await page.click('#you-actions [data-verb="join"]');
    await page.waitForFunction(() => document.getElementById('you-info')?.textContent?.startsWith('Attendee'));
    const meeting = await playground!.session.view('newcomer');
    expect(meeting.you.onRoster).toBe(true);
    expect(meeting.board?.counts.total).toBe(4);
  });

  it('stays readable with 1,000 attendees in 50 rooms: rooms collapse, counts show, search finds a person', async () => {
    playground = await startTestPlayground('large');
    await playground.session.addPeople('host', { count: 1000, mix: { phone: 10, voip: 70, listening: 20 } });
    expect((await playground.session.command('host', 'distribute 50')).ok).toBe(true);
    const page = await openPlayground('large');
    await page.waitForFunction(() => document.querySelectorAll('details.room').length === 50);
    expect(await page.$$eval('details.room[open]', (rooms) => rooms.length)).toBe(0);
    const sizes = await page.$$eval('details.room .count', (counts) => counts.map((c) => c.textContent ?? ''));
    expect(sizes.every((s) => /^\d+ people$/.test(s))).toBe(true);
    expect(await page.textContent('#summary')).toContain('1001 people');

    const view = await playground.session.view('host');
    const someone = view.board!.rooms[41]!.people[3]!;
    await page.fill('#search-input', someone.name);
    await page.waitForSelector(`#search-results li.person[data-person="${someone.id}"]`);
    expect(await page.textContent(`#search-results li.person[data-person="${someone.id}"]`)).toContain('in Breakout 42');
    expect(await page.getAttribute('details.room[data-room="42"]', 'class')).toContain('has-match');
    await page.click(`#search-results li.person[data-person="${someone.id}"] button`);
    await page.waitForSelector(`details.room[data-room="42"][open] li.person[data-person="${someone.id}"]`);
    await page.screenshot({ path: `${OUT}/playground-large.png` });

    // Far down the board, what a move did still shows: the command box and its answer stay in view.
    const select = page.locator(`details.room[data-room="42"] select[data-move-for="${someone.id}"]`);
    await select.focus();
    await select.selectOption('main');
    await page.waitForFunction((name) => document.getElementById('result')?.textContent?.includes(`Moved ${name} to the main room`), someone.name);
    // Focus follows the person to their new row, not to the copy of their select in the search list.
    await page.waitForSelector(`[data-room="main"] li.person[data-person="${someone.id}"] select.move:focus`);
    expect(await page.evaluate(() => (window as { scrollY?: number }).scrollY)).toBeGreaterThan(1000);
    const viewport = page.viewportSize()!;
    const answer = (await page.locator('#result').boundingBox())!;
    expect(answer.y).toBeGreaterThanOrEqual(0);
    expect(answer.y + answer.height).toBeLessThanOrEqual(viewport.height);
    // A long answer (status of 1,000 people) scrolls inside its box instead of pushing the board away.
    expect(await runCommand(page, 'status')).toContain('1001 people');
    expect((await page.locator('#result').boundingBox())!.height).toBeLessThanOrEqual(viewport.height * 0.3 + 1);

    // A room in conflict opens by itself even in a collapsed board: its red reason must be seen.
    const voip = view.board!.rooms[30]!.people.find((p) => p.audio === 'voip')!;
    expect((await playground.session.command('host', `move <@${voip.id}|${voip.name}> 1`)).ok).toBe(true);
    await page.waitForSelector('details.room.conflict[data-room="1"][open] .conflict-reason');
    expect(await page.$$eval('details.room[open]', (rooms) => rooms.map((r) => r.getAttribute('data-room')))).toContain('1');
  });

  it('collapses the rooms when a small meeting grows large, but keeps open a room the person opened', async () => {
    const page = await openPlayground('growing');
    await playground!.session.addPeople('host', { count: 40, mix: { phone: 20, voip: 60, listening: 20 } });
    await playground!.session.command('host', 'distribute');
    await page.waitForFunction(() => document.querySelectorAll('details.room[open]').length === 8);

    await playground!.session.addPeople('host', { count: 200, mix: { phone: 20, voip: 60, listening: 20 } });
    await playground!.session.command('host', 'distribute');
    await page.waitForFunction(() => document.querySelectorAll('details.room li.person').length === 0 && document.querySelectorAll('details.room').length === 8);
    expect(await page.$$eval('details.room[open]', (rooms) => rooms.length)).toBe(0);
    expect(await page.textContent('details.room[data-room="3"] .count')).toMatch(/^\d+ people$/);

    await page.click('details.room[data-room="3"] > summary');
    await page.waitForSelector('details.room[data-room="3"][open] li.person');
    const version = await boardVersion(page);
    await playground!.session.addPeople('host', { name: 'Ada Lovelace', audio: 'voip' });
    await page.waitForFunction((previous) => document.getElementById('board')?.dataset.version !== previous, version);
    expect(await page.$$eval('details.room[open]', (rooms) => rooms.map((r) => r.getAttribute('data-room')))).toEqual(['3']);
  });

  it('fits a phone-sized window without sideways scrolling', async () => {
    const page = await openPlayground('narrow');
    await playground!.session.addPeople('host', { count: 40, mix: { phone: 20, voip: 60, listening: 20 } });
    await playground!.session.command('host', 'distribute');
    await page.setViewportSize({ width: 420, height: 900 });
    await page.waitForSelector('#status[data-status="draft"]');
    expect(await page.evaluate(() => (document as unknown as { documentElement: { scrollWidth: number } }).documentElement.scrollWidth)).toBe(420);
  });

  it('is usable from the keyboard: skip link to the command box, Enter runs it, Tab reaches the room selects, an arrow and Enter move', async () => {
    const page = await openPlayground('keyboard');
    await playground!.session.addPeople('host', { count: 6, mix: { phone: 0, voip: 100, listening: 0 } });
    await page.waitForFunction(() => document.querySelectorAll('[data-room="main"] li.person').length === 7);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toContain('Skip to the command box');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('command-input');
    await page.keyboard.type('distribute 2');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelectorAll('details.room li.person').length === 6);

    // Tab from the command box reaches the first person's room select; an arrow key picks the next room, Enter moves them.
    let who: string | undefined;
    for (let presses = 0; presses < 30 && who === undefined; presses++) {
      await page.keyboard.press('Tab');
      who = await page.evaluate(() => document.activeElement?.dataset.moveFor);
    }
    expect(who).toBeDefined();
    expect(await page.$eval(`li.person[data-person="${who}"]`, (row) => row.closest('details')?.getAttribute('data-room'))).toBe('1');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.waitForFunction((id) => document.querySelector(`details.room[data-room="2"] li.person[data-person="${id}"]`) !== null, who);
    // Focus comes back to the same person's select after the redraw.
    expect(await page.evaluate(() => document.activeElement?.dataset.moveFor)).toBe(who);
  });
});
