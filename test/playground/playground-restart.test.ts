// The playground across a server stop and restart, in Chromium: while the server is away every
// control is off and a sentence says why; after a restart on the same data the inboxes (with a
// conflict prompt that can still be answered) and the activity feed are still there. While it is
// there, the status is left alone.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openFileStore } from '../../src/store/store.ts';
import type { MeetingStore } from '../../src/store/port.ts';
import { startTestPlayground } from './harness.ts';
import { mixedMeeting, useBrowserSuite } from './browser-suite.ts';

const suite = useBrowserSuite();
// While the server is down, Chromium reports the refused connections of the page's retries.
suite.expectedErrors.push(/ERR_CONNECTION_REFUSED|Failed to load resource/);

let dir: string;
const stores: MeetingStore[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'breakouts-restart-'));
});

afterEach(async () => {
  // The playground goes before its store (this hook runs before the suite's own).
  await suite.playground?.stop();
  suite.playground = undefined;
  for (const store of stores.splice(0)) await store.close();
  await rm(dir, { recursive: true, force: true });
});

async function fileStore(): Promise<MeetingStore> {
  const store = await openFileStore(join(dir, 'data'));
  stores.push(store);
  return store;
}

describe('the playground across a restart', () => {
  it('turns every control off and says why while the server is away, and back on when it returns', async () => {
    const statePath = join(dir, 'breakouts.playground.json');
    const first = await fileStore();
    suite.playground = await startTestPlayground('offline', first, undefined, { statePath });
    const port = suite.playground.port;
    const page = await suite.open('offline');
    await mixedMeeting(suite.playground);
    await page.waitForSelector('details.room select.move');

    await suite.playground.stop();
    suite.playground = undefined;
    // The process is gone: its data folder is free for the next one.
    await first.close();
    stores.splice(stores.indexOf(first), 1);
    await page.waitForSelector('#offline:not([hidden])');
    expect(await page.getAttribute('#offline', 'role')).toBe('alert');
    expect(await page.textContent('#offline')).toContain('The playground server is not answering');
    for (const control of ['#command-input', '#command-form button[type="submit"]', '#board-head [data-verb="distribute"]', 'details.room select.move', '#as-select', '#add-many button[type="submit"]', '#search-input']) {
      expect(await page.isDisabled(control), control).toBe(true);
    }

    suite.playground = await startTestPlayground('offline', await fileStore(), undefined, { statePath, port });
    await page.waitForSelector('#live[data-state="live"]', { timeout: 10_000 });
    await page.waitForSelector('#offline', { state: 'hidden' });
    expect(await page.isDisabled('#command-input')).toBe(false);
    expect(await page.isDisabled('details.room select.move')).toBe(false);
  });

  it('keeps the inboxes and the activity feed with the meeting: a pending conflict prompt can still be answered after a restart', async () => {
    const statePath = join(dir, 'breakouts.playground.json');
    const first = await fileStore();
    suite.playground = await startTestPlayground('restart', first, undefined, { statePath });
    const { voip, phoneRoom } = await mixedMeeting(suite.playground);
    expect((await suite.playground.session.command('host', `move <@${voip.id}|${voip.name}> ${phoneRoom}`)).ok).toBe(true);
    await suite.playground.session.settle();
    const feedBefore = suite.playground.session.platform.feed().map((e) => e.text);
    expect(feedBefore.some((t) => t.includes('audio-conflict prompt'))).toBe(true);
    await suite.playground.stop();
    await first.close();
    stores.splice(stores.indexOf(first), 1);

    suite.playground = await startTestPlayground('restart', await fileStore(), undefined, { statePath });
    const page = await suite.open('restart');
    await page.selectOption('#as-select', voip.id);
    await page.waitForSelector('#inbox li.dm[data-kind="conflict-prompt"] button');
    expect(await page.$$eval('#feed li[data-kind="dm"]', (items) => items.length)).toBe(1);
    await page.click('#inbox li.dm button');
    await page.waitForSelector('#inbox .dm-answer');
    expect(await page.textContent('#inbox .dm-answer')).toContain('your audio is now phone');
    await page.waitForSelector(`details.room[data-room="${phoneRoom}"][data-conflict="false"]`);
  });

  it('leaves the Live status alone while updates keep coming: an update that changes nothing there touches nothing', async () => {
    const page = await suite.open('live-quiet');
    // Counted in the page: every change to the status element, from now on.
    await page.evaluate(`(() => {
      globalThis.liveTouched = 0;
      new MutationObserver(() => globalThis.liveTouched++).observe(document.getElementById('live'), { subtree: true, childList: true, attributes: true, characterData: true });
    })()`);
    await mixedMeeting(suite.playground!);
    await page.waitForSelector('details.room select.move');
    expect(await page.textContent('#live')).toBe('Live');
    expect(await page.evaluate('globalThis.liveTouched')).toBe(0);
  });
});
