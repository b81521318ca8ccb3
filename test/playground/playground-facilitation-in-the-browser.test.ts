// Live facilitation on the playground page in Chromium: the help queue across two tabs (an attendee
// asks in their room, the host takes it from their inbox, another attendee asks and withdraws), and
// a timed run started from the page (its end in the browser's own time zone, a countdown the page
// counts itself, warnings once per room, a broadcast once per room, the automatic end). The
// server's clock is injected and moved on by the test; the browser's is Playwright's fake one.
import { describe, expect, it } from 'vitest';
import type { Page, Request } from 'playwright-core';
import type { BoardView } from '../../adapters/playground/view.ts';
import { OUT, runCommand, useBrowserSuite, type PageElement } from './browser-suite.ts';
import { createTestClock } from './harness.ts';

declare const document: {
  querySelectorAll(selector: string): ArrayLike<PageElement>;
  readonly body: PageElement;
};

const suite = useBrowserSuite();
const START = '2030-03-04T09:00:00.000Z';
const MINUTE = 60_000;

/** Messages of this kind in each room card's chat, by room number. */
async function chatKinds(page: Page, kind: string): Promise<Record<string, number>> {
  return page.evaluate((k) => {
    const counts: Record<string, number> = {};
    for (const room of Array.from(document.querySelectorAll('details.room'))) counts[room.dataset.room ?? '?'] = room.querySelectorAll(`.chat li[data-kind="${k}"]`).length;
    return counts;
  }, kind);
}

/** Wait until every open room's chat has `n` messages of this kind. */
async function waitForChats(page: Page, rooms: readonly number[], kind: string, n: number): Promise<void> {
  await page.waitForFunction(
    ({ rooms: list, k, count }) => list.every((r) => document.querySelectorAll(`details.room[data-room="${r}"] .chat li[data-kind="${k}"]`).length === count),
    { rooms: [...rooms], k: kind, count: n },
  );
}

/** Pictographs left as text on the page (there is no emoji font: each would be an empty box). */
async function pictographs(page: Page): Promise<string[]> {
  return page.evaluate(() => document.body.innerText.split('\n').filter((line) => /\p{Extended_Pictographic}/u.test(line)));
}

function openRooms(board: BoardView): number[] {
  return board.rooms.filter((r) => r.size > 0).map((r) => r.number);
}

/** How many times the page fetches the state from now on. */
function countStateFetches(page: Page): { count: () => number } {
  let n = 0;
  page.on('request', (request: Request) => {
    if (request.method() === 'GET' && request.url().includes('/api/state')) n++;
  });
  return { count: () => n };
}

describe('live facilitation in the browser', () => {
  it('help queue: an attendee asks in their room, the host’s inbox and board list it, “I’ll go” takes it; another request is withdrawn', async () => {
    const clock = createTestClock(START);
    const page = await suite.open('help-queue', { clock });
    const pg = suite.playground!;
    await pg.session.addPeople('host', { count: 8, mix: { phone: 0, voip: 100, listening: 0 } });
    expect(await pg.session.command('host', 'distribute 2')).toMatchObject({ ok: true });
    expect(await pg.session.command('host', 'start')).toMatchObject({ ok: true });
    await pg.session.settle();
    const board = (await pg.session.view('host')).board!;
    const first = board.rooms[0]!.people.find((p) => p.role !== 'facilitator')!;
    const second = board.rooms[1]!.people.find((p) => p.role !== 'facilitator')!;
    const actAs = async (id: string): Promise<void> => {
      await page.selectOption('#as-select', id);
      await page.waitForFunction((who) => (document.querySelectorAll('#inbox-title')[0]?.textContent ?? '').startsWith(`Inbox of ${who}`), id === 'host' ? 'Host' : id === first.id ? first.name : second.name);
    };

    // As an attendee of room 1: Ask for help sits on their room's welcome message (not on room 2's).
    await actAs(first.id);
    const ask = page.locator('details.room[data-room="1"] .chat li[data-kind="welcome"] button');
    await expect(ask.textContent()).resolves.toBe('Ask for help');
    expect(await ask.getAttribute('title')).toBe('Or type /breakouts ask [note]');
    expect(await page.locator('details.room[data-room="2"] .chat button').count()).toBe(0);
    await ask.click();
    await page.waitForSelector('#result:has-text("Help asked for Breakout 1")');
    // Attendees see the queue, without I'll go.
    await page.waitForSelector('#help-list li[data-help]');
    expect(await page.locator('#help-list button').count()).toBe(0);

    // The host's board lists it (room named, who asked, its age) and the inbox has I'll go.
    await actAs('host');
    const item = page.locator('#help-list li[data-help]');
    expect(await item.getAttribute('data-state')).toBe('open');
    expect(await item.locator('.help-what').textContent()).toMatch(new RegExp(`^Breakout 1 — ${first.name} asked (just now|[0-9]+ s ago)$`));
    expect(await item.locator('button').getAttribute('title')).toBe('Or type /breakouts claim 1');
    await page.waitForSelector('details.room[data-room="1"][data-help="asked"]');
    const copy = page.locator('#inbox li.dm[data-kind="help-request"]');
    expect(await copy.locator('strong').first().textContent()).toBe('Help asked in Breakout 1');
    expect(await copy.locator('button').textContent()).toBe('I’ll go');

    await copy.locator('button').click();
    await page.waitForSelector('#help-list li[data-state="claimed"]');
    expect(await page.locator('#help-list li[data-state="claimed"] .help-who').textContent()).toBe('Host is on it');
    expect(await page.locator('#help-list li[data-state="claimed"] button').count()).toBe(0);
    // The copy now says who is on it, with no button.
    await page.waitForSelector('#inbox li.dm.settled[data-kind="help-request"]');
    expect(await copy.locator('.dm-text').textContent()).toContain('Host is on it.');
    expect(await copy.locator('button').count()).toBe(0);
    // The room is told who is coming, and shows the visitor.
    await page.waitForSelector('details.room[data-room="1"] .chat li[data-kind="help-coming"]');
    expect(await page.locator('details.room[data-room="1"] .chat li[data-kind="help-coming"] .chat-text').textContent()).toContain('Host is coming to help in Breakout 1');
    expect(await page.locator('details.room[data-room="1"] .badge.visit').textContent()).toBe('Visiting: Host');

    // Someone in room 2 asks by typing; the host sees it with I'll go; they withdraw with their panel's button.
    await actAs(second.id);
    expect(await runCommand(page, 'ask the slides do not load')).toContain('Help asked for Breakout 2');
    await actAs('host');
    const open = page.locator('#help-list li[data-state="open"]');
    await open.waitFor();
    expect(await open.locator('.help-what').textContent()).toContain('Breakout 2 — ');
    expect(await open.locator('.help-what').textContent()).toContain('“the slides do not load”');
    expect(await open.locator('button').textContent()).toBe('I’ll go');
    await actAs(second.id);
    const withdraw = page.locator('#you-actions button', { hasText: 'Withdraw my request' });
    expect(await withdraw.getAttribute('title')).toBe('Or type /breakouts withdraw');
    await withdraw.click();
    await page.waitForSelector('#result:has-text("withdrawn")');
    await actAs('host');
    expect(await page.locator('#help-list li[data-state="open"]').count()).toBe(0);
    expect(await page.locator('#help-list li[data-help]').count()).toBe(1);
    expect(await page.locator('#inbox li.dm[data-kind="help-request"] .dm-text').allTextContents()).toEqual([expect.stringContaining('Withdrawn'), expect.stringContaining('Host is on it.')]);
    await page.screenshot({ path: `${OUT}/playground-help.png`, fullPage: true });
    expect(await pictographs(page)).toEqual([]);
  });

  it('a timer started from the page: end time in the browser’s own time zone, a countdown the page counts itself, warnings once per room, a broadcast once per room, and the end by itself', async () => {
    const clock = createTestClock(START);
    const page = await suite.open('timer', { clock });
    const pg = suite.playground!;
    // This browser is in India (UTC+5:30): the end time shown is its own, not the server's.
    const cdp = await suite.browser().context.newCDPSession(page);
    await cdp.send('Emulation.setTimezoneOverride', { timezoneId: 'Asia/Kolkata' });
    // The page's own clock stands still unless the test moves it.
    await page.clock.install();
    await page.reload();
    await page.waitForSelector('#live[data-state="live"]');
    await page.clock.pauseAt(Date.now() + 1000);

    await pg.session.addPeople('host', { count: 12, mix: { phone: 25, voip: 75, listening: 0 } });
    expect(await pg.session.command('host', 'distribute 3')).toMatchObject({ ok: true });
    const startButton = page.locator('#timer-submits button[data-command="start"]');
    await startButton.waitFor();
    expect(await startButton.textContent()).toBe('Start with timer');
    await page.fill('#timer-input', '15m');
    await startButton.click();
    await page.waitForSelector('#board[data-status="started"]');
    await page.waitForSelector('#timer-end');
    // 09:15 UTC is 14:45 in India.
    expect(await page.textContent('#timer-end')).toMatch(/^(14:45|02:45\s?PM)$/);
    expect(await page.textContent('#timer-left')).toBe('15:00 left');
    expect(await page.textContent('#top-timer')).toBe('15:00 left');
    expect(await page.getAttribute('#timer-left', 'role')).toBe('timer');

    // The countdown runs on the page: a minute later it reads 13:59 without one request to the server.
    const fetches = countStateFetches(page);
    await page.clock.runFor(61_000);
    expect(await page.textContent('#timer-left')).toBe('13:59 left');
    expect(fetches.count()).toBe(0);

    // Extend and shorten with the buttons (each is a typed command: its title says which).
    const plus = page.locator('#timer-buttons button', { hasText: '+5 min' });
    expect(await plus.getAttribute('title')).toBe('/breakouts timer +5m');
    await plus.click();
    await page.waitForFunction(() => /^(14:50|02:50\s?PM)$/.test(document.querySelectorAll('#timer-end')[0]?.textContent ?? ''));
    await page.locator('#timer-buttons button', { hasText: '−2 min' }).click();
    await page.waitForFunction(() => /^(14:48|02:48\s?PM)$/.test(document.querySelectorAll('#timer-end')[0]?.textContent ?? ''));

    await pg.session.settle();
    const rooms = openRooms((await pg.session.view('host')).board!);
    expect(rooms).toEqual([1, 2, 3]);
    // Each room shows its status line (an icon for the timer, no emoji font needed).
    expect(await page.locator('details.room[data-room="1"] .room-status').textContent()).toMatch(/ends 09:18 UTC · [0-9]+ people/);

    // Five minutes before the end (09:13): one warning in each room, naming it.
    clock.advance(13 * MINUTE + 1000);
    await pg.session.catchUp();
    await waitForChats(page, rooms, 'timer-warning', 1);
    expect(await chatKinds(page, 'timer-warning')).toEqual({ 1: 1, 2: 1, 3: 1 });
    for (const r of rooms) expect(await page.locator(`details.room[data-room="${r}"] .chat li[data-kind="timer-warning"] .chat-text`).textContent()).toContain(`Breakout ${r}`);

    // A broadcast from the box: once in each room, and the board shows it with when.
    await page.fill('#broadcast-input', 'Wrap up, please: back in the main room soon.');
    await page.press('#broadcast-input', 'Enter');
    await waitForChats(page, rooms, 'broadcast', 1);
    expect(await chatKinds(page, 'broadcast')).toEqual({ 1: 1, 2: 1, 3: 1 });
    await page.waitForSelector('#broadcast-last:has-text("Wrap up, please")');
    expect(await page.textContent('#broadcast-last')).toMatch(/^Last broadcast, at (14:43|02:43\s?PM) \(.+\) to every room: Wrap up, please: back in the main room soon\.$/);
    expect(await page.inputValue('#broadcast-input')).toBe('');

    // Visit a room and come back: the room shows the visitor, the counts stay.
    await page.selectOption('#visit-room', '2');
    await page.click('#visit-go');
    await page.waitForSelector('details.room[data-room="2"] .badge.visit:has-text("Visiting: Host")');
    expect(await page.textContent('#visiting')).toBe('You are visiting Breakout 2.');
    expect(await page.getAttribute('details.room[data-room="2"]', 'data-size')).toBe(String((await pg.session.view('host')).board!.rooms[1]!.size));
    await page.screenshot({ path: `${OUT}/playground-live.png`, fullPage: true });
    expect(await pictographs(page)).toEqual([]);
    await page.click('#visit-back');
    await page.waitForSelector('details.room[data-room="2"] .badge.visit', { state: 'detached' });

    // One minute left, then time is up: each room is told, and the countdown says the rooms are closing.
    clock.advance(4 * MINUTE);
    await pg.session.catchUp();
    await waitForChats(page, rooms, 'timer-warning', 2);
    clock.advance(MINUTE);
    await pg.session.catchUp();
    await waitForChats(page, rooms, 'timer-closing', 1);
    await page.waitForSelector('#timer-left:has-text("Time is up: rooms close in")');

    // Past the grace: the breakouts end by themselves, and the timer is gone.
    clock.advance(MINUTE);
    await pg.session.catchUp();
    await page.waitForSelector('#board[data-status="ended"]');
    expect(await chatKinds(page, 'timer-warning')).toEqual({ 1: 2, 2: 2, 3: 2 });
    expect(await chatKinds(page, 'timer-closing')).toEqual({ 1: 1, 2: 1, 3: 1 });
    await page.waitForSelector('#top-timer', { state: 'hidden' });
    expect(await page.locator('#timer-left').count()).toBe(0);
  });
});
