// The playground board's controls in Chromium: room selects that commit only on Enter, a click or
// leaving them; one keyed redraw per change; a conflict answered as a warning; SVG audio icons with
// text labels; an expand affordance; search marks; tooltips on cut-off names; plain room labels.
import { describe, expect, it } from 'vitest';
import type { Page, Request } from 'playwright-core';
import { mixedMeeting, roomOnPage, runCommand, useBrowserSuite, type PageElement } from './browser-suite.ts';
import type { Playground } from '../../adapters/playground/index.ts';

declare const document: {
  querySelector(selector: string): PageElement | null;
  querySelectorAll(selector: string): ArrayLike<PageElement>;
  readonly activeElement: PageElement | null;
  readonly body: PageElement;
  createTreeWalker(root: PageElement, what: number): { nextNode(): { readonly nodeValue: string | null } | null };
};

const suite = useBrowserSuite();

/** Every POST /api/action the page sends from now on, with its body. */
function recordActions(page: Page): { readonly sent: { actionId: string; value?: string }[] } {
  const sent: { actionId: string; value?: string }[] = [];
  page.on('request', (request: Request) => {
    if (request.method() === 'POST' && request.url().endsWith('/api/action')) sent.push(JSON.parse(request.postData() ?? '{}') as { actionId: string; value?: string });
  });
  return { sent };
}

/** Text, option labels, titles and accessible names on the page that hold a pictograph (an emoji). */
async function pictographs(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = [];
    const re = /\p{Extended_Pictographic}/u;
    const walker = document.createTreeWalker(document.body, 4 /* text nodes */);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) if (re.test(node.nodeValue ?? '')) found.push(node.nodeValue ?? '');
    for (const el of Array.from(document.querySelectorAll('[title], [aria-label], [label], [placeholder]'))) {
      for (const name of ['title', 'aria-label', 'label', 'placeholder']) {
        const value = el.getAttribute(name) ?? '';
        if (re.test(value)) found.push(`${name}="${value}"`);
      }
    }
    return found;
  });
}

/** Pick a room in a person's select the way a pointer does (the select lists the rooms once focused). */
async function pick(page: Page, personId: string, room: string): Promise<void> {
  const select = page.locator(`details.room select[data-move-for="${personId}"]`);
  await select.focus();
  await select.selectOption(room);
}

/** How many times the page has fetched the state (each fetch is one redraw) from now on. */
function countStateFetches(page: Page): { count: () => number } {
  let n = 0;
  page.on('request', (request: Request) => {
    if (request.method() === 'GET' && request.url().includes('/api/state')) n++;
  });
  return { count: () => n };
}

describe('the room select next to a name', () => {
  it('does not move anyone while arrow keys go through the rooms: Enter moves once, leaving the select moves, Escape puts it back', async () => {
    const page = await suite.open('arrows');
    const pg = suite.playground!;
    const { voip, from, others } = await mixedMeeting(pg);
    await page.waitForSelector(`details.room[data-room="${from}"] select[data-move-for="${voip.id}"]`);
    const before = (await pg.session.view('host')).board!.version;
    const actions = recordActions(page);

    // Up through the rooms (past rooms with phone callers): once, each step was a move, and each
    // stop in a phone callers' room an audio conflict with a DM.
    const select = page.locator(`details.room select[data-move-for="${voip.id}"]`);
    await select.focus();
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowUp');
    const chosen = await select.inputValue();
    expect(chosen).not.toBe(String(from));
    await pg.session.settle();
    expect(actions.sent).toEqual([]);
    expect((await pg.session.view('host')).board!.version).toBe(before);
    expect([...pg.session.platform.inboxCounts()]).toEqual([]);

    await page.keyboard.press('Enter');
    await expect.poll(() => roomOnPage(page, voip.id)).toBe(chosen);
    expect(actions.sent.map((a) => a.value)).toEqual([chosen]);

    // Arrow, then Tab away: leaving the select is a choice too.
    const second = others.find((p) => p.audio !== 'phone')!;
    const secondFrom = (await roomOnPage(page, second.id))!;
    await page.locator(`details.room select[data-move-for="${second.id}"]`).focus();
    await page.keyboard.press('ArrowDown');
    const secondChosen = await page.locator(`details.room select[data-move-for="${second.id}"]`).inputValue();
    expect(actions.sent).toHaveLength(1);
    await page.keyboard.press('Tab');
    await expect.poll(() => roomOnPage(page, second.id)).toBe(secondChosen);
    expect(secondChosen).not.toBe(secondFrom);
    expect(actions.sent.map((a) => a.value)).toEqual([chosen, secondChosen]);

    // Escape takes the arrow's choice back; leaving then sends nothing.
    const third = others.find((p) => p.id !== second.id && p.audio !== 'phone')!;
    const thirdSelect = page.locator(`details.room select[data-move-for="${third.id}"]`);
    const thirdFrom = (await roomOnPage(page, third.id))!;
    await thirdSelect.focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Escape');
    expect(await thirdSelect.inputValue()).toBe(thirdFrom);
    await page.keyboard.press('Tab');
    await pg.session.settle();
    expect(actions.sent).toHaveLength(2);
    expect(await roomOnPage(page, third.id)).toBe(thirdFrom);
  });

  it('moves someone picked from the list at once', async () => {
    const page = await suite.open('pick');
    const { voip } = await mixedMeeting(suite.playground!);
    await pick(page, voip.id, 'main');
    await page.waitForSelector(`#main-room li.person[data-person="${voip.id}"]`);
  });

  it('names each room once in the list: “Breakout 4”, not “4 · Breakout 4”; a renamed room keeps its number', async () => {
    const page = await suite.open('labels');
    const { voip } = await mixedMeeting(suite.playground!);
    expect((await suite.playground!.session.command('host', 'rename 3 Design')).ok).toBe(true);
    await page.waitForSelector('details.room[data-room="3"] .room-name:text-is("Design")');
    const select = page.locator(`details.room select[data-move-for="${voip.id}"]`);
    await select.focus();
    const labels = await select.evaluate((el) => Array.from((el as unknown as PageElement).querySelectorAll('option')).map((o) => o.textContent ?? ''));
    expect(labels).toEqual(['Main room', 'Breakout 1', 'Breakout 2', '3 · Design', 'Breakout 4', 'Breakout 5', 'Breakout 6', 'Breakout 7', 'Breakout 8']);
  });
});

/** 200 simulated people distributed into 10 rooms, with the page showing all ten. */
async function twoHundredInTenRooms(page: Page): Promise<Playground> {
  const pg = suite.playground!;
  await pg.session.addPeople('host', { count: 200, mix: { phone: 10, voip: 70, listening: 20 } });
  await pg.session.command('host', 'distribute 10');
  await page.waitForFunction(() => document.querySelectorAll('details.room').length === 10);
  return pg;
}

describe('redrawing the board', () => {
  it('redraws once per change and keeps the rows of everyone who did not move', async () => {
    const page = await suite.open('keyed');
    const pg = await twoHundredInTenRooms(page);
    await page.click('#expand-all');
    await page.waitForFunction(() => document.querySelectorAll('details.room li.person').length === 200);
    await page.$$eval('li.person', (rows) => rows.forEach((row) => Object.assign(row, { keptFromBefore: true })));
    const fetches = countStateFetches(page);

    const mover = (await pg.session.view('host')).board!.rooms[9]!.people.find((p) => p.audio === 'voip')!;
    await pick(page, mover.id, 'main');
    await page.waitForSelector(`#main-room li.person[data-person="${mover.id}"]`);
    // A second, known change: once it is drawn, every redraw of the move has happened.
    await pg.session.settle();
    await pg.session.addPeople('host', { name: 'Marker Person', audio: 'voip' });
    await page.waitForSelector('#main-room li.person .name:text-is("Marker Person")');
    expect(fetches.count()).toBe(2);

    const rows = await page.$$eval('li.person', (els) => els.map((el) => ({ id: el.getAttribute('data-person'), kept: 'keptFromBefore' in el })));
    const notKept = rows.filter((r) => !r.kept).map((r) => r.id);
    const marker = (await pg.session.view('host')).board!.main.find((p) => p.name === 'Marker Person')!.id;
    expect(notKept.filter((id) => id !== mover.id && id !== marker && id !== 'host')).toEqual([]);
  });
});

describe('the answer to a move', () => {
  it('shows a move that creates an audio conflict as a warning, and a plain move as done', async () => {
    const page = await suite.open('warning');
    const { voip, phoneRoom, others } = await mixedMeeting(suite.playground!);
    await pick(page, voip.id, String(phoneRoom));
    await page.waitForSelector('#result[data-kind="warning"]');
    expect(await page.getAttribute('#result', 'role')).toBe('alert');
    expect(await page.textContent('#result')).toContain('audio conflict');
    expect(await page.getAttribute('#result .result-icon', 'aria-label')).toBe('Warning');
    expect(await page.$$eval('#result .result-icon svg', (svgs) => svgs.length)).toBe(1);

    const listener = others.find((p) => p.audio === 'listening')!;
    await pick(page, listener.id, 'main');
    await page.waitForSelector('#result[data-kind="ok"]');
    expect(await page.getAttribute('#result', 'role')).toBe('status');
    expect(await page.getAttribute('#result .result-icon', 'aria-label')).toBe('Done');
  });
});

describe('the confirm question', () => {
  it('keeps focus inside while it is open, and Escape cancels it without changing anything', async () => {
    const page = await suite.open('confirm');
    await mixedMeeting(suite.playground!);
    const version = (await suite.playground!.session.view('host')).board!.version;
    await page.click('#board-head [data-verb="shuffle"]');
    await page.waitForSelector('dialog#confirm[open]');
    expect(await page.getAttribute('dialog#confirm', 'aria-modal')).toBe('true');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('confirm-ok');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('confirm-cancel');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('confirm-ok');
    await page.keyboard.press('Escape');
    await page.waitForSelector('dialog#confirm', { state: 'hidden' });
    expect(await page.isHidden('#confirm-backdrop')).toBe(true);
    expect(await page.evaluate(() => document.activeElement?.dataset.verb)).toBe('shuffle');
    await suite.playground!.session.settle();
    expect((await suite.playground!.session.view('host')).board!.version).toBe(version);
  });
});

describe('icons', () => {
  it('draws every audio icon as an inline SVG with a text label, so no emoji (and no empty box) is left on the page', async () => {
    const page = await suite.open('icons');
    const { voip, phoneRoom } = await mixedMeeting(suite.playground!);
    await pick(page, voip.id, String(phoneRoom));
    await page.waitForSelector('#feed li[data-kind="dm"]');
    await runCommand(page, 'status'); // the engine's own text, with its icons
    await page.focus(`details.room select[data-move-for="${voip.id}"]`); // the full list of rooms

    // People: an SVG named by its audio. The key and the audio buttons: an SVG and a word.
    expect(await page.$$eval('li.person .icon', (icons) => Array.from(new Set(icons.map((i) => `${i.tagName.toLowerCase()} ${i.getAttribute('role')} ${i.getAttribute('aria-label')}`))).sort())).toEqual([
      'svg img Just listening',
      'svg img Phone',
      'svg img VOIP (computer audio)',
    ]);
    expect(await page.$$eval('.key .key-item', (items) => items.map((i) => `${i.querySelectorAll('svg').length} ${i.textContent?.trim()}`))).toEqual([
      '1 Phone',
      '1 VOIP (computer audio)',
      '1 Just listening',
    ]);
    expect(await page.$$eval('#you-actions [data-verb="audio"]', (buttons) => buttons.map((b) => `${b.querySelectorAll('svg').length} ${b.textContent?.trim()}`))).toEqual([
      '1 Phone',
      '1 VOIP (computer audio)',
      '1 Just listening',
    ]);

    // No pictograph anywhere: text, option labels, titles, names read by screen readers; also
    // in the engine's help text.
    expect(await pictographs(page)).toEqual([]);
    await runCommand(page, 'help');
    expect(await pictographs(page)).toEqual([]);
  });
});

describe('rooms, search and names', () => {
  it('shows collapsed rooms with a chevron and aria-expanded, and opens them', async () => {
    const page = await suite.open('chevron');
    await twoHundredInTenRooms(page);
    const summary = page.locator('details.room[data-room="2"] > summary');
    expect(await summary.getAttribute('aria-expanded')).toBe('false');
    const chevron = await summary.locator('svg.icon-chevron').boundingBox();
    expect(chevron?.width).toBeGreaterThan(8);
    await summary.click();
    await page.waitForSelector('details.room[data-room="2"][open] > summary[aria-expanded="true"]');
  });

  it('marks only the matching part of each name when searching', async () => {
    const page = await suite.open('search');
    await mixedMeeting(suite.playground!);
    const board = (await suite.playground!.session.view('host')).board!;
    const name = board.rooms[0]!.people[0]!.name;
    const part = name.split(' ')[1]!.slice(1, 4).toLowerCase(); // from inside the surname
    await page.fill('#search-input', part);
    await page.waitForSelector('#rooms li.person .name mark');
    const marked = await page.$$eval('#rooms li.person .name, #search-results li.person .name', (names) =>
      names.filter((n) => n.querySelector('mark')).map((n) => ({ name: n.textContent ?? '', marks: Array.from((n as unknown as PageElement).querySelectorAll('mark')).map((m) => m.textContent ?? '') })),
    );
    expect(marked.length).toBeGreaterThan(0);
    for (const m of marked) {
      expect(m.marks).toEqual([m.name.slice(m.name.toLowerCase().indexOf(part), m.name.toLowerCase().indexOf(part) + part.length)]);
      expect(m.name.length).toBeGreaterThan(part.length);
    }
    expect(marked.map((m) => m.name)).toContain(name);
  });

  it('gives a cut-off name its full text as a tooltip', async () => {
    const page = await suite.open('tooltip');
    const long = 'Maximiliana Alexandrina Konstantinopoulou-Vanderbilt de la Fontaine';
    await suite.playground!.session.addPeople('host', { name: long, audio: 'voip' });
    await suite.playground!.session.addPeople('host', { count: 5, mix: { phone: 0, voip: 1, listening: 0 } });
    await suite.playground!.session.command('host', 'distribute 1');
    const name = page.locator('details.room li.person .name', { hasText: 'Maximiliana' });
    await name.waitFor();
    expect(await name.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
    expect(await name.getAttribute('title')).toBe(long);
  });
});

describe('after rooms open and close', () => {
  it('shows a phone caller moved back to the main room a message about the main room', async () => {
    const page = await suite.open('main-notice');
    const pg = suite.playground!;
    await mixedMeeting(pg);
    expect((await pg.session.command('host', 'start')).ok).toBe(true);
    await pg.session.settle();
    const caller = (await pg.session.view('host')).board!.rooms.flatMap((r) => r.people).find((p) => p.audio === 'phone')!;
    expect((await pg.session.command('host', `move <@${caller.id}|${caller.name}> main`)).ok).toBe(true);
    await pg.session.settle();
    await page.selectOption('#as-select', caller.id);
    await page.waitForSelector('#inbox li.dm[data-kind="room-notice"] >> text=Back in the main room');
    // The newest first: back in the main room, then the dial-in for their room at the start.
    const titles = await page.$$eval('#inbox li.dm strong', (els) => els.map((e) => e.textContent ?? ''));
    expect(titles[0]).toBe('Back in the main room');
    expect(titles.at(-1)).toMatch(/^Your room: Breakout \d+$/);
  });

  it('shows the rooms after the end under the last round’s heading, and who was in no room under the engine’s own', async () => {
    const page = await suite.open('last-round');
    const pg = suite.playground!;
    await mixedMeeting(pg);
    expect(await page.isHidden('#rooms-heading')).toBe(true);
    await pg.session.command('host', 'start');
    await pg.session.settle();
    await pg.session.command('host', 'end');
    await pg.session.settle();
    await page.waitForSelector('#status[data-status="ended"]');
    const board = (await pg.session.view('host')).board!;
    expect(board.lastRound).toBe(true);
    expect(await page.textContent('#rooms-heading')).toBe(board.roomsHeading);
    expect(await page.isVisible('#rooms-heading')).toBe(true);
    expect(await page.textContent('#main-room-title')).toContain(board.mainHeading);
    expect(await page.$$eval('details.room', (rooms) => rooms.length)).toBe(8);
  });
});
