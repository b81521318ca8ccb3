// A data folder that stops being writable while Breakouts runs (the lowdb file store on a temp
// folder whose writes start failing as such a folder's do, through the real Bolt app): the
// facilitator is told that, in the store's own words, never that Slack did not answer.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Place } from '../../src/domain/meeting.ts';
import { storeWriteError } from '../../src/store/failures.ts';
import type { MeetingStore, StoreChange } from '../../src/store/port.ts';
import { openFileStore } from '../../src/store/store.ts';
import { boardCalls } from './fakes/board-actions.ts';
import { startRig, type Rig } from './fakes/harness.ts';
import { CHANNEL, TEAM, type Person } from './fakes/signed.ts';

const FAC: Person = { id: 'UFAC', name: 'fran' };
const place: Place = { platform: 'slack', workspaceId: TEAM, channelId: CHANNEL, mainRoomId: CHANNEL };

let rig: Rig | undefined;
let dir: string | undefined;
let opened: MeetingStore | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
  await opened?.close();
  opened = undefined;
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

/**
 * The file store over a fresh folder, and a switch after which its writes fail with the very error
 * the file store raises for a folder that is not writable (storeWriteError over EACCES), after the
 * change was computed. (Taking the folder's permissions away would not do: a meeting's journal,
 * already open, takes changes until it is full, and root ignores permissions; the store's own
 * tests make a real write fail.)
 */
async function readOnlyStore(): Promise<{ store: MeetingStore; makeReadOnly: () => void; makeWritable: () => void; how: string }> {
  dir = mkdtempSync(join(tmpdir(), 'breakouts-ro-'));
  const folder = join(dir, 'data');
  const path = join(folder, 'breakouts.json');
  const store = await openFileStore(path);
  opened = store;
  let readOnly = false;
  const denied = (): Error => storeWriteError(Object.assign(new Error(`EACCES: permission denied, open '${path}'`), { code: 'EACCES' }), path);
  const failing: MeetingStore = {
    ...store,
    update<T>(key: string, change: (current: Parameters<Parameters<MeetingStore['update']>[1]>[0]) => StoreChange<T> | Promise<StoreChange<T>>): Promise<T> {
      if (!readOnly) return store.update(key, change);
      return store.update(key, async (current) => {
        const result = await change(current);
        if (result.meeting) throw denied();
        return result;
      });
    },
  };
  return { store: failing, makeReadOnly: () => (readOnly = true), makeWritable: () => (readOnly = false), how: 'writes fail with storeWriteError(EACCES)' };
}

async function meeting(r: Rig): Promise<void> {
  await r.command('distribute 3', FAC);
  const people = Array.from({ length: 9 }, (_, i) => ({ id: `U${i + 1}`, name: `person${i + 1}`, audio: i === 0 ? 'phone' : 'voip' }));
  expect((await r.engine.execute({ target: { place }, actor: FAC, command: 'import', input: { people } })).ok).toBe(true);
  await r.command('distribute 3', FAC);
}

describe('a data folder that became read-only', () => {
  it('a command is refused with the real cause (the folder is not writable) and nothing is posted', async () => {
    const { store, makeReadOnly, how } = await readOnlyStore();
    rig = await startRig({ store });
    await meeting(rig);
    const before = await rig.meeting();
    const boards = boardCalls(rig).length;
    makeReadOnly();
    await rig.command('shuffle', FAC);
    const reply = rig.replies().at(-1) ?? '';
    expect(reply, how).toMatch(/could not save the change: the data folder or file is not writable \(permission denied\)/);
    expect(reply, how).not.toMatch(/Slack/);
    expect(await rig.meeting()).toEqual(before);
    expect(boardCalls(rig)).toHaveLength(boards);
  });

  it('a start whose data folder becomes read-only half-way tells the facilitator the real cause, not Slack', async () => {
    const { store, makeReadOnly, makeWritable, how } = await readOnlyStore();
    rig = await startRig({ store });
    await meeting(rig);
    const rooms = (await rig.meeting()).rooms.length;
    // The rooms are being opened when the folder stops being writable. A run that kept going
    // without recording its steps would invite the same people again and again: the folder is
    // given back after a while so that such a run ends and the test can say so.
    let invites = 0;
    rig.fake.tap('conversations.invite', () => {
      invites++;
      if (invites === 1) makeReadOnly();
      if (invites === 10 * rooms) makeWritable();
    });
    await rig.command('start', FAC);
    expect(invites, `${how}: the run went on inviting while none of its steps could be recorded`).toBeLessThanOrEqual(rooms);
    const said = rig.replies().join('\n');
    expect(said, how).toMatch(/The start stopped after \d+ of \d+ steps\. Breakouts could not save the change: the data folder or file is not writable \(permission denied\)/);
    expect(said, how).not.toMatch(/Slack did not answer/);
    // Only what the runner guarantees is promised.
    expect(said, how).toMatch(/steps already recorded as done are not repeated/);
  });
});
