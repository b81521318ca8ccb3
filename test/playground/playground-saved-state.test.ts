// The playground's saved inboxes and activity (no browser): a damaged file is set aside with a
// warning and nothing else is lost, a new meeting starts with empty inboxes, and the file stays bounded.
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Playground } from '../../adapters/playground/index.ts';
import { PLAYGROUND_LIMITS } from '../../adapters/playground/limits.ts';
import { createSimulatedPlatform } from '../../adapters/playground/platform.ts';
import { SavedStateSchema, savedStatePath, type SavedState } from '../../adapters/playground/saved-state.ts';
import type { Meeting } from '../../src/domain/meeting.ts';
import { silentLogger, type Logger } from '../../src/runtime/logger.ts';
import { createMemoryStore } from '../../src/store/store.ts';
import { startTestPlayground } from './harness.ts';

let dir: string;
let playground: Playground | undefined;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'breakouts-saved-'));
});

afterEach(async () => {
  await playground?.stop();
  playground = undefined;
  await rm(dir, { recursive: true, force: true });
});

function recordingLogger(): Logger & { warnings: string[] } {
  const warnings: string[] = [];
  return { ...silentLogger, warnings, warn: (message) => warnings.push(message) };
}

/** A conflict prompt in one inbox: the scenario whose loss the saved state prevents. */
async function conflictPrompt(pg: Playground): Promise<string> {
  await pg.session.addPeople('host', { count: 16, mix: { phone: 1, voip: 1, listening: 0 } });
  await pg.session.command('host', 'distribute 4');
  const board = (await pg.session.view('host')).board!;
  const phoneRoom = board.rooms.find((r) => r.counts.phone > 0)!;
  const voip = board.rooms.find((r) => r.counts.phone === 0)!.people.find((p) => p.audio === 'voip')!;
  expect((await pg.session.command('host', `move <@${voip.id}|${voip.name}> ${phoneRoom.number}`)).ok).toBe(true);
  await pg.session.settle();
  return voip.id;
}

describe('the playground’s saved inboxes', () => {
  it('live in the meetings’ data folder', () => {
    expect(savedStatePath('data')).toBe(join('data', 'playground.json'));
    // A data file of an earlier version names the folder it is in.
    expect(savedStatePath('data/breakouts.json')).toBe(join('data', 'playground.json'));
    expect(savedStatePath('/srv/meetings')).toBe('/srv/meetings/playground.json');
  });

  for (const [what, text] of [
    ['not JSON', '{"format": "breakouts-playground", '],
    ['JSON of the wrong shape', JSON.stringify({ format: 'breakouts-playground', version: 1, meetingId: 'm', nextId: 'one', inboxes: [], feed: [] })],
  ] as const) {
    it(`are set aside with a warning when the file is ${what}: the playground starts with empty inboxes, keeps the meeting, and saves again`, async () => {
      const statePath = join(dir, 'breakouts.playground.json');
      await writeFile(statePath, text);
      const store = createMemoryStore();
      const first = await startTestPlayground('damaged', store);
      await first.session.addPeople('host', { count: 6, mix: { phone: 0, voip: 1, listening: 0 } });
      await first.stop();

      const logger = recordingLogger();
      playground = await startTestPlayground('damaged', store, logger, { statePath });
      expect(logger.warnings).toHaveLength(1);
      expect(logger.warnings[0]).toMatch(/saved inboxes and activity are damaged \(.+\)\. They were moved aside to .+\.damaged-.+; the playground starts with empty inboxes\. The meeting is not affected\./);
      const aside = (await readdir(dir)).filter((f) => f.startsWith('breakouts.playground.json.damaged-'));
      expect(aside).toHaveLength(1);
      expect(await readFile(join(dir, aside[0]!), 'utf8')).toBe(text);

      const view = await playground.session.view('host');
      expect(view.board?.counts.total).toBe(7);
      expect(view.inbox).toEqual([]);
      expect(view.feed).toEqual([]);

      const voip = await conflictPrompt(playground);
      await playground.stop();
      playground = undefined;
      const saved = SavedStateSchema.parse(JSON.parse(await readFile(statePath, 'utf8')));
      expect(saved.inboxes.find((i) => i.person === voip)?.messages.map((m) => m.message.kind)).toEqual(['conflict-prompt']);
      // Written through a temp file and a rename: none is left behind.
      expect((await readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    });
  }

  it('belong to their meeting: a different meeting starts with empty inboxes and activity', async () => {
    const statePath = join(dir, 'breakouts.playground.json');
    const old = await startTestPlayground('old meeting', createMemoryStore(), silentLogger, { statePath });
    const voip = await conflictPrompt(old);
    await old.stop();
    const before = SavedStateSchema.parse(JSON.parse(await readFile(statePath, 'utf8')));
    expect(before.inboxes.map((i) => i.person)).toContain(voip);

    // Same file, another meeting (a fresh data file): none of the old messages show.
    playground = await startTestPlayground('new meeting', createMemoryStore(), silentLogger, { statePath });
    await playground.session.addPeople('host', { count: 16, mix: { phone: 1, voip: 1, listening: 0 } });
    const view = await playground.session.view(voip);
    expect(view.board!.meetingId).not.toBe(before.meetingId);
    expect(view.inbox).toEqual([]);
    expect(view.dmCounts).toEqual([]);
    expect(view.feed).toEqual([]);
  });

  it('stay bounded: at most the kept number of messages over all inboxes, and of activity lines', () => {
    const platform = createSimulatedPlatform({ clock: { now: () => new Date(0) }, onChange: () => {} });
    const meeting = { id: 'm1', version: 1, attendees: [] } as unknown as Meeting;
    const people = 300;
    for (let i = 0; i < PLAYGROUND_LIMITS.savedMessages + 2000; i++) {
      void platform.sendDirect(meeting, `p${i % people}`, { kind: 'room-notice', meetingId: 'm1', reason: 'moved', room: 1, roomName: 'Breakout 1', members: [], text: 'x'.repeat(50) });
    }
    const saved: SavedState = platform.snapshot()!;
    const total = saved.inboxes.reduce((n, i) => n + i.messages.length, 0);
    expect(total).toBeLessThanOrEqual(PLAYGROUND_LIMITS.savedMessages);
    expect(Math.max(...saved.inboxes.map((i) => i.messages.length))).toBeLessThanOrEqual(PLAYGROUND_LIMITS.inboxMessages);
    expect(saved.feed.length).toBeLessThanOrEqual(PLAYGROUND_LIMITS.feedEntries);
    expect(SavedStateSchema.safeParse(saved).success).toBe(true);
  });
});
