// After End everyone is back in the main room: the board shows the last round's layout as such,
// counts nobody as placed, and says so in every surface's words.
import { describe, expect, test } from 'vitest';
import { buildBoard, LAST_ROUND_HEADING, renderBoardText } from '../../src/board/board.ts';
import { createHarness, roster } from '../engine/helpers.ts';

describe('the board after End', () => {
  test('shows the last round’s rooms under their own heading and counts no one as placed', async () => {
    const h = createHarness('after-end');
    await h.setup(roster({ phone: 2, voip: 8 }), 3);
    await h.ok('distribute');
    await h.ok('start');
    const during = buildBoard(await h.meeting());
    expect(during.lastRound).toBe(false);
    expect(during.counts.placed).toBe(10);
    expect(during.roomsHeading).toBe('Rooms');
    expect(during.mainHeading).toBe('Main room');

    const end = await h.ok('end');
    const board = buildBoard(end.meeting);
    expect(board.lastRound).toBe(true);
    expect(board.counts.placed).toBe(0);
    expect(board.roomsHeading).toBe(LAST_ROUND_HEADING);
    expect(board.rooms.map((r) => r.attendees.length)).toEqual(during.rooms.map((r) => r.attendees.length));
    const text = renderBoardText(board);
    expect(text).toContain('Ended — everyone is back in the main room');
    expect(text).toContain(`${LAST_ROUND_HEADING}:`);
    expect(text).toContain('Not in a room last round (1)');
    expect(text).not.toContain('placed');
  });

  test('starting again after End shows the rooms as open rooms once more', async () => {
    const h = createHarness('again');
    await h.setup(roster({ voip: 4 }), 2);
    await h.ok('distribute');
    await h.ok('start');
    await h.ok('end');
    await h.ok('start');
    const board = buildBoard(await h.meeting());
    expect(board.lastRound).toBe(false);
    expect(board.counts.placed).toBe(4);
  });
});

describe('counts read as people say them', () => {
  test('one person, one room and a single phone room', async () => {
    const h = createHarness('singular');
    await h.setup([['p0', 'phone']], 1);
    await h.ok('phone-rooms', { limit: 1 });
    const board = buildBoard(await h.meeting());
    const text = renderBoardText(board);
    expect(text).toContain('2 people (📞 1 · 💻 1 · 🎧 0) · 1 room · phone room 1');
    expect((await h.ok('phone-rooms', { limit: 2 })).reply).toBe('Phone attendees may now use rooms 1–2.');
    expect((await h.ok('phone-rooms', { limit: 1 })).reply).toBe('Phone attendees may now use room 1.');
  });
});
