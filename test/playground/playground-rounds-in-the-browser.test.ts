// Rounds that remember on the playground page in Chromium: a layout imported through the file input
// (people land in their rooms, the rows it could not match are listed), two rounds started and
// ended from the board (each digest in the main channel), "Meet someone new" with the repeats line,
// the export downloaded as a CSV with both rounds, a keep-apart group from the panel's form, and
// choose mode, where an attendee picks a room from only the ones open to them. The server's clock is
// injected and moved on by the test.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { OUT, roomOnPage, runCommand, useBrowserSuite, type PageElement } from './browser-suite.ts';
import { createTestClock } from './harness.ts';

declare const document: {
  querySelectorAll(selector: string): ArrayLike<PageElement>;
  readonly body: PageElement;
};

const suite = useBrowserSuite();
const START = '2030-03-04T09:00:00.000Z';
const MINUTE = 60_000;

/** Pictographs left as text on the page (there is no emoji font: each would be an empty box). */
async function pictographs(page: Page): Promise<string[]> {
  return page.evaluate(() => document.body.innerText.split('\n').filter((line) => /\p{Extended_Pictographic}/u.test(line)));
}

/** Press a board action (End asks first: confirm it). */
async function boardAction(page: Page, verb: string): Promise<void> {
  await page.click(`#board-head button[data-verb="${verb}"]`);
  if (verb === 'end') await page.click('#confirm-ok');
}

describe('rounds that remember in the browser', () => {
  it('import a layout from a file, run two rounds with their digests, meet someone new, and download the export', async () => {
    const clock = createTestClock(START);
    const page = await suite.open('rounds', { clock });
    const pg = suite.playground!;
    await pg.session.addPeople('host', { count: 12, mix: { phone: 0, voip: 100, listening: 0 } });
    expect(await pg.session.command('host', 'rooms 3')).toMatchObject({ ok: true });
    const people = (await pg.session.view('host')).board!.main.filter((p) => p.id !== 'host');
    const [a, b, c] = people;

    // The facilitators' panel is there, folded; typed import-layout unfolds it at the import box's file input.
    await page.waitForSelector('#rounds-panel:not([hidden])');
    expect(await page.getAttribute('#rounds-panel', 'open')).toBeNull();
    expect(await runCommand(page, 'import-layout')).toContain('Import a layout');
    await page.waitForSelector('#rounds-panel[open]');
    expect(await page.evaluate(() => (document as unknown as { activeElement: PageElement | null }).activeElement?.id)).toBe('layout-file');
    const email = `${b!.name.toLowerCase().replace(/ /g, '.')}@example.com`;
    const csv = ['id,email,name,room', `${a!.id},,,2`, `,${email},,3`, `,,${c!.name},1`, ',nobody@example.com,,2', 'ghost-7,,,1'].join('\n');
    await page.setInputFiles('#layout-file', { name: 'layout.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.waitForSelector('#layout-result:not([hidden])');
    const listed = (await page.textContent('#layout-result')) ?? '';
    expect(listed).toContain('nobody@example.com');
    expect(listed).toContain('ghost-7');
    await page.waitForFunction((id) => document.querySelectorAll(`details.room[data-room="2"] li.person[data-person="${id}"]`).length === 1, a!.id);
    expect([await roomOnPage(page, a!.id), await roomOnPage(page, b!.id), await roomOnPage(page, c!.id)]).toEqual(['2', '3', '1']);

    // Distribute the rest from the panel, then a round from the board: its digest is in the main channel.
    await page.click('#round-submits button[data-words=""]');
    await page.waitForFunction(() => document.querySelectorAll('#main-room li.person').length === 1);
    await boardAction(page, 'start');
    await page.waitForSelector('#board[data-status="started"]');
    expect(await page.textContent('#round-list')).toContain('Round 1');
    clock.advance(15 * MINUTE);
    await boardAction(page, 'end');
    await page.waitForSelector('#main-posts li.main-post');
    const digest = (await page.textContent('#main-posts li.main-post .main-text')) ?? '';
    expect(digest).toContain('Round 1');
    expect(digest).toContain('15 min');
    expect(await page.locator('#feed li[data-kind="main-post"]').count()).toBe(1);

    // Meet someone new: the board says how many pairs meet again, beside a random shuffle.
    const fresh = page.locator('#round-submits button[data-words="new"]');
    expect(await fresh.getAttribute('title')).toBe('/breakouts distribute new');
    await fresh.click();
    await page.waitForSelector('#repeats');
    expect(await page.textContent('#repeats')).toMatch(/\(a random shuffle: [0-9.]+\)$/);

    // A second round: two digests, the newest first.
    await boardAction(page, 'start');
    await page.waitForSelector('#board[data-status="started"]');
    clock.advance(10 * MINUTE);
    await boardAction(page, 'end');
    await page.waitForFunction(() => document.querySelectorAll('#main-posts li.main-post').length === 2);
    expect((await page.locator('#main-posts .main-text').allTextContents()).map((t) => t.split('\n')[0])).toEqual([expect.stringContaining('Round 2'), expect.stringContaining('Round 1')]);
    await page.screenshot({ path: `${OUT}/playground-rounds.png`, fullPage: true });
    expect(await pictographs(page)).toEqual([]);

    // Export: the button downloads a CSV of both rounds.
    const exportButton = page.locator('#history-buttons button[data-command="export"]');
    expect(await exportButton.getAttribute('title')).toBe('/breakouts export');
    const [download] = await Promise.all([page.waitForEvent('download'), exportButton.click()]);
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
    const chunks: Buffer[] = [];
    for await (const chunk of await download.createReadStream()) chunks.push(chunk as Buffer);
    const lines = Buffer.concat(chunks).toString('utf8').trim().split('\n');
    expect(lines[0]).toBe('round,room,id,name,audio,joined,left');
    expect(lines.some((l) => l.startsWith(`1,2,${a!.id},`))).toBe(true);
    expect(lines.filter((l) => l.startsWith('2,'))).toHaveLength(12);
    // The answer box keeps a link to the file.
    expect(await page.locator('#result a.file-link').getAttribute('download')).toBe(download.suggestedFilename());
  });

  it('keep two people apart from the panel; choose mode: an attendee sees “Choose your room” with only the rooms open to them, and picking one moves them', async () => {
    const page = await suite.open('choose');
    const pg = suite.playground!;
    await pg.session.addPeople('host', { count: 8, mix: { phone: 25, voip: 75, listening: 0 } });
    expect(await pg.session.command('host', 'rooms 4')).toMatchObject({ ok: true });
    expect(await pg.session.command('host', 'phone-rooms 2')).toMatchObject({ ok: true });
    const main = (await pg.session.view('host')).board!.main;
    const caller = main.find((p) => p.audio === 'phone')!;
    const [one, two] = main.filter((p) => p.audio === 'voip' && p.id !== 'host');

    // The facilitator unfolds the panel, keeps two people apart (named as typed: @ and the full name)…
    await page.click('#rounds-panel > summary');
    await page.fill('#groups-input', `@${one!.name} @${two!.name}`);
    await page.click('#groups-form button[data-command="apart"]');
    await page.waitForSelector('#groups-list li[data-kind="apart"]');
    expect(await page.textContent('#groups-list li[data-kind="apart"]')).toBe(`Apart: ${one!.name}, ${two!.name}`);
    expect(await page.inputValue('#groups-input')).toBe('');

    // …and switches to choose mode.
    const choose = page.locator('#mode-buttons button[data-command="mode choose"]');
    await choose.waitFor();
    expect(await choose.getAttribute('aria-pressed')).toBe('false');
    await choose.click();
    await page.waitForSelector('#mode-buttons button[data-command="mode choose"][aria-pressed="true"]');

    // As the phone caller: only the phone rooms are offered.
    await page.selectOption('#as-select', caller.id);
    await page.waitForSelector('#you-pick:not([hidden])');
    expect(await page.textContent('#pick-title')).toBe('Choose your room');
    expect(await page.locator('#pick-rooms button').allTextContents()).toEqual(['Breakout 1', 'Breakout 2']);
    expect(await page.locator('#pick-rooms button').first().getAttribute('title')).toBe('Or type /breakouts pick 1');
    // Attendees get no facilitators' panel.
    expect(await page.locator('#rounds-panel').isHidden()).toBe(true);
    await page.click('#pick-rooms button:has-text("Breakout 2")');
    await page.waitForSelector('#pick-rooms button[aria-pressed="true"]:has-text("Breakout 2")');
    expect(await roomOnPage(page, caller.id)).toBe('2');
    await page.screenshot({ path: `${OUT}/playground-choose.png`, fullPage: true });
    expect(await pictographs(page)).toEqual([]);
  });

  it('while rooms are open, a pasted layout that moves someone out of their room asks in the confirm dialog naming them: Cancel changes nothing, Confirm moves them', async () => {
    const page = await suite.open('import-confirm');
    const pg = suite.playground!;
    await pg.session.addPeople('host', { count: 4, mix: { phone: 0, voip: 100, listening: 0 } });
    expect(await pg.session.command('host', 'distribute 2')).toMatchObject({ ok: true });
    expect(await pg.session.command('host', 'start')).toMatchObject({ ok: true });
    await pg.session.settle();
    const person = (await pg.session.view('host')).board!.rooms[0]!.people.find((p) => p.id !== 'host')!;
    await page.waitForSelector('#board[data-status="started"]');
    expect(await roomOnPage(page, person.id)).toBe('1');

    await page.click('#rounds-panel > summary');
    const paste = async (): Promise<void> => {
      await page.fill('#layout-text', `id,room\n${person.id},2`);
      await page.click('#layout-import');
      await page.waitForSelector('dialog#confirm[open]');
    };
    await paste();
    expect(await page.textContent('#confirm-text')).toContain(`Rooms are open, so this moves 1 person to other rooms right away: ${person.name}.`);
    expect(await page.textContent('#confirm-text')).not.toContain('To go ahead');
    await page.click('#confirm-cancel');
    await page.waitForSelector('dialog#confirm', { state: 'hidden' });
    await page.waitForSelector('#layout-result[data-kind="error"]');
    expect(await roomOnPage(page, person.id)).toBe('1');
    expect(await page.inputValue('#layout-text')).not.toBe('');

    await paste();
    await page.click('#confirm-ok');
    await page.waitForSelector('#layout-result[data-kind="ok"]');
    expect(await page.textContent('#layout-result')).toContain('Rooms are open: people are moved to their rooms now.');
    await page.waitForFunction((id) => document.querySelectorAll(`details.room[data-room="2"] li.person[data-person="${id}"]`).length === 1, person.id);
    expect(await page.inputValue('#layout-text')).toBe('');
  });
});

