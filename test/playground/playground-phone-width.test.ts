// The playground in a 390 px wide window (a phone), in Chromium: nothing covers a red room's title,
// the status shows whole, every control is a 44 px tap target, the inbox is one tap from the top,
// and the empty state says where the attendee form is.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { OUT, mixedMeeting, runCommand, useBrowserSuite, type PageElement } from './browser-suite.ts';

declare const document: {
  querySelector(selector: string): PageElement | null;
  querySelectorAll(selector: string): ArrayLike<PageElement>;
  elementFromPoint(x: number, y: number): PageElement | null;
};
declare const window: { readonly innerWidth: number; readonly innerHeight: number; readonly scrollY: number };

const PHONE = { width: 390, height: 844 };
const suite = useBrowserSuite();

async function openNarrow(seed: string): Promise<Page> {
  const page = await suite.open(seed);
  await page.setViewportSize(PHONE);
  return page;
}

describe('the playground at 390 px wide', () => {
  it('keeps a red room’s title in sight when it is shown, even under a long answer', async () => {
    const page = await openNarrow('narrow-red');
    const { voip, phoneRoom } = await mixedMeeting(suite.playground!);
    expect((await suite.playground!.session.command('host', `move <@${voip.id}|${voip.name}> ${phoneRoom}`)).ok).toBe(true);
    await page.waitForSelector(`details.room.conflict[data-room="${phoneRoom}"]`);
    expect(await runCommand(page, 'status')).toContain('41 people'); // a long answer

    // Find the person and show their room, as someone on a phone would.
    await page.fill('#search-input', voip.name);
    await page.click(`#search-results li.person[data-person="${voip.id}"] button:has-text("Show room")`);
    await page.waitForFunction(() => window.scrollY > 0);
    const covered = await page.evaluate((room) => {
      const title = document.querySelector(`details.room[data-room="${room}"] > summary .room-name`)!;
      const box = title.getBoundingClientRect();
      const x = box.left + Math.min(box.width / 2, 40);
      const y = box.top + box.height / 2;
      const inView = box.top >= 0 && box.bottom <= window.innerHeight;
      const hit = document.elementFromPoint(x, y);
      const whole = box.width > 0 && title.scrollWidth <= title.clientWidth;
      return { inView, whole, onTop: hit !== null && hit.closest(`details.room[data-room="${room}"] > summary`) !== null };
    }, phoneRoom);
    expect(covered).toEqual({ inView: true, whole: true, onTop: true });
    await page.screenshot({ path: `${OUT}/playground-390-red-room.png` });
  });

  it('shows the whole status pill inside the window', async () => {
    const page = await openNarrow('narrow-status');
    await mixedMeeting(suite.playground!);
    await suite.playground!.session.command('host', 'start');
    await page.waitForSelector('#status[data-status="started"]');
    const status = await page.$eval('#status', (el) => ({ ...JSON.parse(JSON.stringify(el.getBoundingClientRect())), cut: el.scrollWidth > el.clientWidth, text: el.textContent }));
    expect(status.left).toBeGreaterThanOrEqual(0);
    expect(status.right).toBeLessThanOrEqual(PHONE.width);
    expect(status.cut).toBe(false);
    expect(status.text).toContain('Started');
  });

  it('makes every button, select, field and room header at least 44 px tall', async () => {
    const page = await openNarrow('narrow-targets');
    const { voip, phoneRoom } = await mixedMeeting(suite.playground!);
    await suite.playground!.session.command('host', `move <@${voip.id}|${voip.name}> ${phoneRoom}`);
    await page.waitForSelector('details.room.conflict');
    await runCommand(page, 'help');
    const small = await page.$$eval('button, select, input, summary, a[href]', (els) =>
      els
        .map((el) => ({ what: `${el.tagName.toLowerCase()}#${el.id} ${el.getAttribute('aria-label') ?? el.textContent?.trim().slice(0, 30) ?? ''}`, box: el.getBoundingClientRect() }))
        // Only what is shown: hidden elements and the skip link (off-screen until focused) have no box to tap.
        .filter((e) => e.box.width > 0 && e.box.height > 0 && e.box.right > 0)
        .filter((e) => e.box.height < 44)
        .map((e) => `${e.what}: ${Math.round(e.box.height)} px`),
    );
    expect(small).toEqual([]);
  });

  it('reaches the inbox from the top of the page in one tap', async () => {
    const page = await openNarrow('narrow-inbox');
    const { voip, phoneRoom } = await mixedMeeting(suite.playground!);
    await suite.playground!.session.command('host', `move <@${voip.id}|${voip.name}> ${phoneRoom}`);
    await suite.playground!.session.settle();
    await page.selectOption('#as-select', voip.id);
    await page.waitForSelector('#inbox li.dm');
    await page.evaluate(() => (globalThis as unknown as { scrollTo(x: number, y: number): void }).scrollTo(0, 0));
    const link = page.locator('a[href="#inbox-panel"]');
    const box = (await link.boundingBox())!;
    expect(box.y + box.height).toBeLessThanOrEqual(PHONE.height);
    expect(await link.textContent()).toContain('1'); // the number of messages waiting
    await link.click();
    await page.waitForFunction(() => {
      const title = document.querySelector('#inbox-title')!.getBoundingClientRect();
      return title.top >= 0 && title.bottom <= window.innerHeight;
    });
  });

  it('points to the attendee form where it is: below on a phone, on the right in a wide window', async () => {
    const page = await openNarrow('narrow-empty');
    await page.waitForSelector('.empty');
    const narrow = await page.$eval('.empty', (el) => el.innerText);
    expect(narrow).toContain('below');
    expect(narrow).not.toContain('on the right');
    await page.setViewportSize({ width: 1440, height: 1000 });
    const wide = await page.$eval('.empty', (el) => el.innerText);
    expect(wide).toContain('on the right');
    expect(wide).not.toContain('below');
  });
});
