// Rounds that remember, in the engine: every Start records who is in which room (a live move ends one
// stint and starts another), End closes the round and posts its digest, `rounds` lists them and
// `export` hands back their CSV; `distribute same` restores the last round's groups and `distribute
// new` lets as few pairs as possible meet again, saying what a random shuffle would have given.
import { describe, expect, test } from 'vitest';
import { buildBoard, renderBoardText } from '../../src/board/board.ts';
import type { Meeting } from '../../src/domain/meeting.ts';
import { createRecordingPlatform } from '../delivery/recording-platform.ts';
import { createCarrier } from '../delivery/carrier.ts';
import { actor, createHarness, layout, roomOf, roster, type Harness } from '../engine/helpers.ts';

const MINUTE = 60_000;
const T0 = '2026-03-01T10:00:00.000Z';
const at = (minutes: number) => new Date(Date.parse(T0) + minutes * MINUTE).toISOString();

/** Six on VOIP in rooms 1 and 2 (v0–v2, v3–v5). */
async function sixInTwoRooms(seed: string): Promise<Harness> {
  const h = createHarness(seed);
  await h.setup(roster({ voip: 6 }), 2);
  await h.place({ v0: 1, v1: 1, v2: 1, v3: 2, v4: 2, v5: 2 });
  return h;
}

/** Every pair sharing a room in a meeting's current layout. */
function pairsOf(meeting: Meeting): Set<string> {
  const pairs = new Set<string>();
  for (const ids of layout(meeting).slice(1)) for (const a of ids) for (const b of ids) if (a < b) pairs.add(`${a}+${b}`);
  return pairs;
}

describe('rounds are recorded', () => {
  test('Start opens round 1 with one stint per person in a room, from the start', async () => {
    const h = await sixInTwoRooms('round-open');
    const started = await h.ok('start');
    expect(started.reply).toContain('(round 1)');
    const [round] = started.meeting.rounds ?? [];
    expect(round).toMatchObject({ number: 1, startedAt: T0, roomNames: { '1': 'Breakout 1', '2': 'Breakout 2' } });
    expect(round?.endedAt).toBeUndefined();
    expect(round?.stints.map((s) => [s.id, s.room, s.joined, s.left])).toEqual([
      ['v0', 1, T0, undefined],
      ['v1', 1, T0, undefined],
      ['v2', 1, T0, undefined],
      ['v3', 2, T0, undefined],
      ['v4', 2, T0, undefined],
      ['v5', 2, T0, undefined],
    ]);
  });

  test('a live move ends the stint and starts one in the new room; leaving ends it; End closes the round and emits its digest', async () => {
    const h = await sixInTwoRooms('round-moves');
    await h.ok('start');
    h.clock.advance(5 * MINUTE);
    await h.move('v0', 2);
    h.clock.advance(2 * MINUTE);
    await h.ok('leave', {}, actor('v5'));
    h.clock.advance(3 * MINUTE);
    const end = await h.ok('end');
    expect(end.effects).toContainEqual({ type: 'digest', round: 1 });
    const round = end.meeting.rounds![0]!;
    expect(round.endedAt).toBe(at(10));
    const of = (id: string) => round.stints.filter((s) => s.id === id).map((s) => [s.room, s.joined, s.left]);
    expect(of('v0')).toEqual([
      [1, at(0), at(5)],
      [2, at(5), at(10)],
    ]);
    expect(of('v5')).toEqual([[2, at(0), at(7)]]);
    expect(of('v1')).toEqual([[1, at(0), at(10)]]);
    expect(round.stints.every((s) => s.left !== undefined)).toBe(true);
  });

  test('a shuffle while rooms are open is recorded for everyone it moved, in one place for every command', async () => {
    const h = await sixInTwoRooms('round-shuffle');
    await h.ok('start');
    h.clock.advance(MINUTE);
    const before = (await h.meeting()).attendees.map((a) => [a.id, a.room] as const);
    const shuffled = await h.ok('shuffle', { confirm: true });
    const moved = before.filter(([id, room]) => roomOf(shuffled.meeting, id) !== room).map(([id]) => id);
    const stints = shuffled.meeting.rounds![0]!.stints;
    for (const id of moved) expect(stints.filter((s) => s.id === id).map((s) => s.left ?? 'open')).toEqual([at(1), 'open']);
    expect(stints.filter((s) => s.left === undefined)).toHaveLength(6);
  });

  test('a meeting keeps its latest 50 rounds', async () => {
    const h = await sixInTwoRooms('round-limit');
    for (let i = 0; i < 52; i++) {
      await h.ok('start');
      await h.ok('end');
    }
    const rounds = (await h.meeting()).rounds!;
    expect(rounds).toHaveLength(50);
    expect([rounds[0]!.number, rounds.at(-1)!.number]).toEqual([3, 52]);
  });

  test('End posts the digest in the main channel: each room, who was there and for how long', async () => {
    const h = await sixInTwoRooms('round-digest');
    const platform = createRecordingPlatform();
    const carrier = createCarrier(h.engine, h.store, platform, { clock: h.clock, boardIntervalMs: 0 });
    await carrier.carryOut(await h.ok('start'));
    h.clock.advance(15 * MINUTE);
    await carrier.carryOut(await h.ok('end'));
    expect(platform.mainPosts).toHaveLength(1);
    const digest = platform.mainPosts[0]!;
    expect(digest).toContain('Round 1 of Breakouts is over (15 min)');
    expect(digest).toContain('Breakout 1: Name v0 (15 min), Name v1 (15 min) and Name v2 (15 min)');
    expect(digest).toContain('Breakout 2: Name v3 (15 min)');
  });

  test('each Start is a new round; rounds lists them with when, how long, rooms and people', async () => {
    const h = await sixInTwoRooms('round-list');
    expect((await h.ok('rounds')).reply).toContain('No rounds yet');
    await h.ok('start');
    h.clock.advance(12 * MINUTE);
    await h.ok('end');
    await h.ok('start');
    h.clock.advance(4 * MINUTE);
    const listed = await h.ok('rounds', {}, actor('v1'));
    expect(listed.changed).toBe(false);
    expect(listed.reply).toBe(
      ['Rounds of Breakouts (2):', 'Round 1 · 2026-03-01 10:00 UTC · 12 min · 2 rooms · 6 people', 'Round 2 · 2026-03-01 10:12 UTC · running for 4 min · 2 rooms · 6 people'].join('\n'),
    );
  });

  test('export returns the CSV of every round (round, room, id, name, audio, joined, left) to facilitators only', async () => {
    const h = await sixInTwoRooms('round-export');
    expect((await h.ok('export')).file).toBeUndefined();
    await h.ok('start');
    h.clock.advance(5 * MINUTE);
    await h.move('v0', 2);
    await h.ok('end');
    const out = await h.ok('export');
    expect(out.file).toMatchObject({ name: 'breakouts-rounds.csv', mime: 'text/csv' });
    const lines = out.file!.content.trim().split('\n');
    expect(lines[0]).toBe('round,room,id,name,audio,joined,left');
    expect(lines).toContain(`1,1,v0,Name v0,voip,${at(0)},${at(5)}`);
    expect(lines).toContain(`1,2,v0,Name v0,voip,${at(5)},${at(5)}`);
    expect(lines).toHaveLength(1 + 7);
    expect((await h.refused('export', {}, actor('v1'))).code).toBe('forbidden');
  });
});

describe('distribute same', () => {
  test('restores the last round’s groups: people gone are skipped, a newcomer is placed as a late joiner', async () => {
    const h = await sixInTwoRooms('same');
    await h.ok('start');
    await h.ok('end');
    const last = layout(await h.meeting());
    await h.ok('shuffle');
    await h.ok('leave', { user: { id: 'v4' } });
    await h.ok('join', {}, actor('n0'));
    const same = await h.ok('distribute', { strategy: 'same' });
    expect(same.reply).toContain('Same groups as round 1: 5 people are back in their rooms.');
    expect(same.reply).toContain('1 person from that round is gone.');
    expect(same.reply).toContain('Placed 1 newcomer as late joiners.');
    const now = layout(same.meeting);
    for (const room of [1, 2]) expect(now[room]!.filter((id) => id !== 'n0')).toEqual(last[room]!.filter((id) => id !== 'v4'));
    // The newcomer joins the smaller room (the one v4 left).
    expect(roomOf(same.meeting, 'n0')).toBe(roomOf(await h.meeting(), 'v3'));
    // Round 1's room of three (3 pairs) and v3 with v5 meet again.
    expect(same.meeting.repeats).toMatchObject({ strategy: 'same', now: 4 });
  });

  test('grows the rooms back to the last round’s highest room, and a phone caller never lands in a mixed room', async () => {
    const h = createHarness('same-audio');
    await h.setup(roster({ phone: 2, voip: 4 }), 3);
    await h.place({ p0: 1, p1: 1, v0: 2, v1: 2, v2: 3, v3: 3 });
    await h.ok('start');
    await h.ok('end');
    await h.ok('rooms', { count: 1 });
    // v0 now dials in: room 2 would mix phone and computer audio, so v0 is placed like a late joiner.
    await h.ok('audio', { audio: 'phone', user: { id: 'v0' } });
    const same = await h.ok('distribute', { strategy: 'same' });
    expect(same.meeting.rooms).toHaveLength(3);
    expect(layout(same.meeting).slice(1)).toEqual([['p0', 'p1', 'v0'], ['v1'], ['v2', 'v3']]);
  });

  test('is refused before any round, and asks for confirm while rooms are open', async () => {
    const h = await sixInTwoRooms('same-refused');
    expect((await h.refused('distribute', { strategy: 'same' })).code).toBe('wrong-status');
    await h.ok('start');
    await h.ok('end');
    await h.ok('shuffle');
    await h.ok('start');
    const asked = await h.refused('distribute', { strategy: 'same' });
    expect(asked.code).toBe('needs-confirmation');
    expect(asked.message).toContain('/breakouts distribute same confirm');
  });
});

describe('distribute new', () => {
  test('over three rounds fewer pairs meet again than a random shuffle would give, and the reply and the board say both', async () => {
    const h = createHarness('new-three');
    await h.setup(roster({ voip: 12 }), 3);
    const met = new Set<string>();
    for (let round = 1; round <= 2; round++) {
      await h.ok('distribute', round === 1 ? {} : { strategy: 'new' });
      for (const pair of pairsOf(await h.meeting())) met.add(pair);
      await h.ok('start');
      await h.ok('end');
    }
    const third = await h.ok('distribute', { strategy: 'new' });
    const again = [...pairsOf(third.meeting)].filter((p) => met.has(p)).length;
    const repeats = third.meeting.repeats!;
    expect(repeats.strategy).toBe('new');
    expect(repeats.now).toBe(again);
    expect(repeats.now).toBeLessThan(repeats.random);
    const line = `${repeats.now === 1 ? '1 pair meets' : `${repeats.now} pairs meet`} again (a random shuffle: ${repeats.random})`;
    expect(third.reply).toContain(line);
    const board = buildBoard(third.meeting);
    expect(board.repeats).toEqual({ now: repeats.now, random: repeats.random, line });
    expect(renderBoardText(board)).toContain(line);
    // Still an even split: four to a room.
    expect(layout(third.meeting).slice(1).map((r) => r.length)).toEqual([4, 4, 4]);
  });

  test('the shuffle figure is the same every time for the same meeting and rounds', async () => {
    const h = await sixInTwoRooms('new-stable');
    await h.ok('start');
    await h.ok('end');
    const first = (await h.ok('distribute', { strategy: 'new' })).meeting.repeats!.random;
    const second = (await h.ok('distribute', { strategy: 'new' })).meeting.repeats!.random;
    expect(second).toBe(first);
  });

  test('the first round has nobody who met: it says so, and the board shows no repeat figure', async () => {
    const h = await sixInTwoRooms('new-first');
    const out = await h.ok('distribute', { strategy: 'new' });
    expect(out.reply).toContain('No earlier rounds yet');
    expect(buildBoard(out.meeting).repeats).toBeUndefined();
  });

  test('keeps every audio rule: phone callers only with phone callers, within the phone rooms', async () => {
    const h = createHarness('new-audio');
    await h.setup(roster({ phone: 4, voip: 8 }), 4);
    await h.ok('phone-rooms', { limit: 2 });
    for (let round = 0; round < 3; round++) {
      const out = await h.ok('distribute', { strategy: 'new' });
      for (const a of out.meeting.attendees.filter((x) => x.audio === 'phone')) expect(a.room).toBeLessThanOrEqual(2);
      for (const ids of layout(out.meeting).slice(1)) {
        const kinds = new Set(ids.map((id) => (id.startsWith('p') ? 'phone' : 'other')));
        expect(kinds.size).toBeLessThanOrEqual(1);
      }
      await h.ok('start');
      await h.ok('end');
    }
  });
});
