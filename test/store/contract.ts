// The MeetingStore contract, as one suite every store runs (memory, file, PostgreSQL): serialised
// read-modify-write with nothing lost under concurrency, aliases, and the outbox (written with the
// change, claimed under a lease by one deliverer at a time, renewed, released, settled).
import { describe, expect, test } from 'vitest';
import { alias, emptyMeeting, type Meeting, type Place } from '../../src/domain/meeting.ts';
import type { Effect } from '../../src/domain/outcome.ts';
import { outboxEntries } from '../../src/store/outbox.ts';
import type { MeetingStore } from '../../src/store/port.ts';

export interface StoreUnderTest {
  readonly store: MeetingStore;
  /** Open the same data again, as a restarted process would (the old store is closed first). */
  readonly reopen?: () => Promise<MeetingStore>;
  readonly cleanup: () => Promise<void>;
}

const PLACE: Place = { platform: 'slack', workspaceId: 'T1', channelId: 'C1', mainRoomId: 'C1' };
const KEY = 'slack:T1:C1';

function meetingAt(version: number, place: Place = PLACE, id = 'meet01'): Meeting {
  return { ...emptyMeeting(place, id, new Date('2026-01-01T00:00:00Z')), version, layoutVersion: version };
}

const board: Effect = { type: 'board' };
const dm = (to: string): Effect => ({
  type: 'dm',
  to,
  message: { kind: 'room-notice', meetingId: 'meet01', reason: 'moved', room: 1, roomName: 'Breakout 1', members: [], text: `hello ${to}` },
});

/** Write a change of the meeting with these effects in its outbox; returns the entries' ids. */
async function change(store: MeetingStore, version: number, effects: readonly Effect[], place: Place = PLACE, id = 'meet01'): Promise<string[]> {
  const meeting = meetingAt(version, place, id);
  const entries = outboxEntries(meeting, effects, new Date());
  await store.update(meeting.key, () => ({ meeting, outbox: entries, value: undefined }));
  return entries.map((e) => e.id);
}

export function describeStoreContract(name: string, open: () => Promise<StoreUnderTest>): void {
  describe(`the ${name} store keeps the MeetingStore contract`, () => {
    async function withStore(work: (s: StoreUnderTest) => Promise<void>): Promise<void> {
      const s = await open();
      try {
        await work(s);
      } finally {
        await s.cleanup();
      }
    }

    test('an update is read back; a change that writes nothing leaves the meeting as it was', () =>
      withStore(async ({ store }) => {
        expect(await store.get(KEY)).toBeUndefined();
        expect(await store.update(KEY, () => ({ meeting: meetingAt(1), value: 'written' }))).toBe('written');
        expect(await store.get(KEY)).toEqual(meetingAt(1));
        expect(await store.update(KEY, (current) => ({ value: current?.version }))).toBe(1);
        expect(await store.get(KEY)).toEqual(meetingAt(1));
      }));

    test('200 concurrent updates of one meeting each see the one before: none is lost', () =>
      withStore(async ({ store }) => {
        await store.update(KEY, () => ({ meeting: meetingAt(0), value: undefined }));
        const seen = await Promise.all(
          Array.from({ length: 200 }, () =>
            store.update(KEY, (current) => {
              const version = (current?.version ?? 0) + 1;
              return { meeting: { ...meetingAt(version), title: `after ${version - 1}` }, value: version };
            }),
          ),
        );
        expect([...seen].sort((a, b) => a - b)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
        expect((await store.get(KEY))?.version).toBe(200);
      }));

    test('updates of different meetings do not wait for one another and all land', () =>
      withStore(async ({ store }) => {
        const places = Array.from({ length: 20 }, (_, i): Place => ({ ...PLACE, channelId: `C${i}`, mainRoomId: `C${i}` }));
        await Promise.all(places.map((place, i) => store.update(`slack:T1:C${i}`, () => ({ meeting: meetingAt(1, place, `meet${String(i).padStart(2, '0')}`), value: undefined }))));
        for (const [i] of places.entries()) expect((await store.get(`slack:T1:C${i}`))?.id).toBe(`meet${String(i).padStart(2, '0')}`);
      }));

    test('a change that throws writes nothing, its caller sees the error, and the next update goes on', () =>
      withStore(async ({ store }) => {
        await store.update(KEY, () => ({ meeting: meetingAt(1), value: undefined }));
        await expect(store.update(KEY, () => Promise.reject(new Error('no')))).rejects.toThrow('no');
        expect(await store.update(KEY, (current) => ({ meeting: meetingAt((current?.version ?? 0) + 1), value: 'next' }))).toBe('next');
        expect((await store.get(KEY))?.version).toBe(2);
      }));

    test('a meeting is found by its id, its rooms’ resources and its board’s channel, and not by ones it no longer has', () =>
      withStore(async ({ store }) => {
        const meeting: Meeting = { ...meetingAt(1), rooms: [{ number: 1, name: 'Breakout 1', resourceId: 'G1' }], resources: { boardChannel: 'CB' } };
        await store.update(KEY, () => ({ meeting, value: undefined }));
        expect((await store.getByAlias(alias.id('meet01')))?.key).toBe(KEY);
        expect((await store.getByAlias(alias.room(PLACE, 'G1')))?.key).toBe(KEY);
        expect((await store.getByAlias(alias.board(PLACE, 'CB')))?.key).toBe(KEY);
        expect(await store.getByAlias(alias.room(PLACE, 'G2'))).toBeUndefined();
        await store.update(KEY, () => ({ meeting: { ...meeting, version: 2, rooms: [{ number: 1, name: 'Breakout 1', resourceId: 'G2' }] }, value: undefined }));
        expect(await store.getByAlias(alias.room(PLACE, 'G1'))).toBeUndefined();
        expect((await store.getByAlias(alias.room(PLACE, 'G2')))?.version).toBe(2);
      }));

    test('the effects of a change are claimed by one deliverer at a time, oldest first, and are gone once settled', () =>
      withStore(async ({ store }) => {
        const ids = await change(store, 1, [board, dm('U1'), dm('U2')]);
        expect(await store.outboxDepth()).toBe(3);
        const first = await store.claim({ owner: 'a', limit: 2, leaseMs: 60_000 });
        expect(first.map((e) => e.id)).toEqual(ids.slice(0, 2));
        expect(first[0]).toMatchObject({ meetingKey: KEY, meetingId: 'meet01', effect: board, attempts: 1 });
        const second = await store.claim({ owner: 'b', limit: 10, leaseMs: 60_000 });
        expect(second.map((e) => e.id)).toEqual([ids[2]]);
        expect(await store.claim({ owner: 'c', limit: 10, leaseMs: 60_000 })).toEqual([]);
        await store.settle(ids);
        expect(await store.outboxDepth()).toBe(0);
        expect(await store.claim({ owner: 'c', limit: 10, leaseMs: 60_000 })).toEqual([]);
      }));

    test('a board written again while it waits is one entry with a newer revision; settling the older revision leaves it held for one more redraw', () =>
      withStore(async ({ store }) => {
        const [boardId] = await change(store, 1, [board]);
        const [held] = await store.claim({ owner: 'a', limit: 10, leaseMs: 60_000 });
        expect(held).toMatchObject({ id: boardId, rev: 0 });
        await change(store, 2, [board]);
        await change(store, 3, [board]);
        expect(await store.outboxDepth()).toBe(1);
        // Still held by a: nobody else redraws that board meanwhile.
        expect(await store.claim({ owner: 'b', limit: 10, leaseMs: 60_000 })).toEqual([]);
        expect(await store.settleRevision(boardId!, 0)).toEqual({ rev: 2 });
        expect(await store.claim({ owner: 'b', limit: 10, leaseMs: 60_000 })).toEqual([]);
        expect(await store.settleRevision(boardId!, 2)).toBeUndefined();
        expect(await store.outboxDepth()).toBe(0);
        // A direct message written again is the same effect: still one entry, never a second send.
        const [dmId] = await change(store, 4, [dm('U1')]);
        await store.update(KEY, (current) => ({ outbox: outboxEntries(current!, [dm('U1')], new Date()), value: undefined }));
        expect((await store.claim({ owner: 'b', limit: 10, leaseMs: 60_000 })).map((e) => [e.id, e.rev])).toEqual([[dmId, 0]]);
      }));

    test('a claim for some workspaces takes only their meetings’ effects', () =>
      withStore(async ({ store }) => {
        const other: Place = { ...PLACE, workspaceId: 'T2' };
        const [mine] = await change(store, 1, [dm('U1')]);
        const [theirs] = await change(store, 1, [dm('U2')], other, 'meet02');
        expect((await store.claim({ owner: 'a', limit: 10, leaseMs: 60_000, workspaces: ['T2'] })).map((e) => e.id)).toEqual([theirs]);
        expect((await store.claim({ owner: 'a', limit: 10, leaseMs: 60_000, workspaces: ['T3'] })).map((e) => e.id)).toEqual([]);
        expect((await store.claim({ owner: 'a', limit: 10, leaseMs: 60_000, workspaces: ['T1', 'T2'] })).map((e) => e.id)).toEqual([mine]);
      }));

    test('an entry whose lease ran out can be claimed again (its holder died); a renewed lease holds', () =>
      withStore(async ({ store }) => {
        const [boardId, dmId] = await change(store, 1, [board, dm('U1')]);
        await store.claim({ owner: 'a', limit: 10, leaseMs: 50 });
        await store.renew('a', [dmId!], 60_000);
        await new Promise((resolve) => setTimeout(resolve, 120));
        const again = await store.claim({ owner: 'b', limit: 10, leaseMs: 60_000 });
        expect(again.map((e) => [e.id, e.attempts])).toEqual([[boardId, 2]]);
      }));

    test('a released entry waits until its retry time unless asked for by id; claiming by id takes only those entries', () =>
      withStore(async ({ store }) => {
        const [boardId, dmId] = await change(store, 1, [board, dm('U1')]);
        const mine = await store.claim({ owner: 'a', limit: 10, leaseMs: 60_000, ids: [dmId!] });
        expect(mine.map((e) => e.id)).toEqual([dmId]);
        await store.release(dmId!, new Date(Date.now() + 60_000));
        expect((await store.claim({ owner: 'b', limit: 10, leaseMs: 60_000 })).map((e) => e.id)).toEqual([boardId]);
        // Asked for by id (someone pressed Resume), it is taken before its retry time.
        expect((await store.claim({ owner: 'c', limit: 10, leaseMs: 60_000, ids: [dmId!] })).map((e) => e.id)).toEqual([dmId]);
        await store.release(boardId!, new Date(Date.now() - 1));
        expect((await store.claim({ owner: 'd', limit: 10, leaseMs: 60_000 })).map((e) => e.id)).toEqual([boardId]);
      }));

    test('each platform’s deliverer claims only the effects of its own meetings', () =>
      withStore(async ({ store }) => {
        await change(store, 1, [board]);
        await change(store, 1, [board], { platform: 'discord', workspaceId: '100', channelId: '200', mainRoomId: '200' }, 'meet02');
        expect((await store.claim({ owner: 'd', limit: 10, leaseMs: 60_000, platform: 'discord' })).map((e) => e.meetingKey)).toEqual(['discord:100:200']);
        expect((await store.claim({ owner: 's', limit: 10, leaseMs: 60_000, platform: 'slack' })).map((e) => e.meetingKey)).toEqual([KEY]);
      }));

    test('a sweeper can leave entries younger than a grace period to the process that wrote them', () =>
      withStore(async ({ store }) => {
        await change(store, 1, [board]);
        expect(await store.claim({ owner: 'sweeper', limit: 10, leaseMs: 60_000, olderThanMs: 60_000 })).toEqual([]);
        expect(await store.claim({ owner: 'sweeper', limit: 10, leaseMs: 60_000, olderThanMs: 0 })).toHaveLength(1);
      }));

    test('an entry written again with the same id while it waits is kept once (a resumed run)', () =>
      withStore(async ({ store }) => {
        const run: Effect = { type: 'run', runId: 'run1' };
        const [first] = await change(store, 1, [run]);
        const [second] = await change(store, 1, [run]);
        expect(second).toBe(first);
        expect(await store.outboxDepth()).toBe(1);
      }));

    test('close waits for the writes already asked for', () =>
      withStore(async (s) => {
        const writes = Array.from({ length: 20 }, (_, i) => s.store.update(KEY, () => ({ meeting: meetingAt(i + 1), value: i })));
        await s.store.close();
        await Promise.all(writes);
        if (s.reopen) {
          const again = await s.reopen();
          expect((await again.get(KEY))?.version).toBe(20);
        }
      }));

    test('after a restart the meetings, their aliases and the waiting effects are all still there', () =>
      withStore(async (s) => {
        if (!s.reopen) return;
        const [boardId, dmId] = await change(s.store, 1, [board, dm('U1')]);
        await s.store.claim({ owner: 'dead', limit: 2, leaseMs: 50 });
        await s.store.settle([boardId!]);
        await s.store.close();
        const again = await s.reopen();
        expect((await again.getByAlias(alias.id('meet01')))?.version).toBe(1);
        // The process that held the lease is gone: once its lease runs out, what it had not settled is claimable again.
        await new Promise((resolve) => setTimeout(resolve, 100));
        const left = await again.claim({ owner: 'new', limit: 10, leaseMs: 60_000 });
        expect(left.map((e) => e.id)).toEqual([dmId]);
      }));
  });
}
