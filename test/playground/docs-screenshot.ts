// Makes the README's screenshots with the tests' own tooling: `npx tsx test/playground/docs-screenshot.ts
// [desktop.png] [phone.png]` (default docs/playground.png, docs/playground-390.png). 40 mixed
// attendees, distributed, one conflict; the phone shot is 390 px wide, as the attendee who got the prompt.
import { launchBrowser, startTestPlayground } from './harness.ts';

const desktop = process.argv[2] ?? 'docs/playground.png';
const phone = process.argv[3] ?? 'docs/playground-390.png';
const playground = await startTestPlayground('docs');
const browser = await launchBrowser();
try {
  const page = await browser.open(`http://127.0.0.1:${playground.port}/`);
  await page.setViewportSize({ width: 1440, height: 1180 });
  await page.waitForSelector('#live[data-state="live"]');
  await page.click('#add-many button[type="submit"]');
  await page.locator('[data-room="main"] li.person').nth(40).waitFor();
  await page.click('#board-head [data-verb="distribute"]');
  await page.locator('details.room li.person').nth(39).waitFor();

  // A VOIP attendee typed into a phone room: the room turns red and they get a prompt by DM.
  const board = (await playground.session.view('host')).board!;
  const phoneRoom = board.rooms.find((r) => r.counts.phone > 0)!;
  const voip = board.rooms.find((r) => r.counts.phone === 0 && r.number !== phoneRoom.number)!.people.find((p) => p.audio === 'voip')!;
  await page.fill('#command-input', `move @${voip.name} ${phoneRoom.number}`);
  await page.press('#command-input', 'Enter');
  await page.waitForSelector(`details.room[data-room="${phoneRoom.number}"][data-conflict="true"]`);
  await page.waitForSelector('#feed li[data-kind="dm"]');
  await page.locator('#command-input').blur();
  await page.screenshot({ path: desktop });
  process.stdout.write(`wrote ${desktop}\n`);

  // The same meeting on a phone, as the person who got the prompt: their inbox is one tap away.
  const narrow = await browser.open(`http://127.0.0.1:${playground.port}/`);
  await narrow.setViewportSize({ width: 390, height: 844 });
  await narrow.waitForSelector('#live[data-state="live"]');
  await narrow.selectOption('#as-select', voip.id);
  await narrow.waitForSelector('#inbox li.dm');
  await narrow.screenshot({ path: phone });
  process.stdout.write(`wrote ${phone}\n`);
  if (browser.errors.length > 0) throw new Error(`console errors: ${browser.errors.join('; ')}`);
} finally {
  await browser.close();
  await playground.stop();
}
