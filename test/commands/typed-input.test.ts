// What people type and what platforms send is read literally: counts and room numbers are plain
// decimal digits, and names cannot hide behind invisible characters anywhere they are shown.
import { describe, expect, test } from 'vitest';
import { buildBoard, renderBoardText } from '../../src/board/board.ts';
import { loadConfig } from '../../src/runtime/config.ts';
import { parseCommandText } from '../../src/commands/parse-text.ts';
import { cleanDisplayText } from '../../src/domain/text.ts';
import { createHarness, expectUnchanged, roster } from '../engine/helpers.ts';

/** Run typed slash text through the parser and the engine, as an adapter does. */
async function typed(h: ReturnType<typeof createHarness>, text: string) {
  const parsed = parseCommandText(text);
  if (!parsed.ok) throw new Error(parsed.message);
  return h.exec(parsed.name, parsed.args);
}

describe('numbers mean numbers', () => {
  test.each(['0x10', '1e1', '0b11', '0o7', '2.0', '+3', ' 4 x', 'Infinity', '١٢'])('“rooms %s” is refused with the usage line and changes nothing', async (count) => {
    const h = createHarness(`hex-${count}`);
    await h.setup(roster({ voip: 4 }), 2);
    const before = await h.meeting();
    const out = await h.exec('rooms', { count });
    expect(out.ok).toBe(false);
    if (!out.ok) {
      expect(out.code).toBe('bad-input');
      expect(out.message).toBe(
        '/breakouts rooms: count must be a whole number from 1 to 50. Nothing was changed.\nUsage: /breakouts rooms <count> [confirm] (more: /breakouts help rooms)',
      );
    }
    await expectUnchanged(h, before);
  });

  test('move to room “0x2” is refused; move to “2” and “main” work', async () => {
    const h = createHarness('move-hex');
    await h.setup(roster({ voip: 4 }), 3);
    await h.ok('distribute');
    const before = await h.meeting();
    const refused = await typed(h, 'move <@v0> 0x2');
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.message).toContain('to must be a room number from 1 to 50, or main');
    await expectUnchanged(h, before);
    expect((await typed(h, 'move <@v0> 2')).ok).toBe(true);
    expect((await typed(h, 'move <@v0> main')).ok).toBe(true);
  });

  test('distribute, phone-rooms and a Discord integer option take plain numbers only', async () => {
    const h = createHarness('other-numbers');
    await h.setup(roster({ voip: 4 }), 2);
    expect((await typed(h, 'distribute 1e1')).ok).toBe(false);
    expect((await typed(h, 'phone-rooms 0x3')).ok).toBe(false);
    expect((await h.exec('rooms', { count: 2.5 })).ok).toBe(false);
    expect((await h.ok('rooms', { count: 3 })).meeting.rooms).toHaveLength(3);
    expect((await typed(h, 'distribute 4')).ok).toBe(true);
  });

  test('PORT in the environment is plain digits too', () => {
    expect(() => loadConfig({ PORT: '0x50' })).toThrow('PORT must be a port number (0–65535)');
    expect(loadConfig({ PORT: '8080' }).port).toBe(8080);
  });
});

describe('names cannot disguise themselves', () => {
  test('bidirectional controls, zero-width and other invisible format characters are removed; line breaks become spaces', () => {
    expect(cleanDisplayText('\u202Eevil')).toBe('evil');
    expect(cleanDisplayText('A\u200Bd\u2060a\uFEFF \u2066Lovelace\u2069')).toBe('Ada Lovelace');
    expect(cleanDisplayText('Ann\nSmith\t\u0007')).toBe('Ann Smith');
    // Joiners stay: emoji sequences and some scripts need them.
    expect(cleanDisplayText('👩\u200D💻 Dev')).toBe('👩\u200D💻 Dev');
  });

  test('a joiner, an imported person and a platform voice member are stored without hidden characters, shown so on the board', async () => {
    const h = createHarness('bidi');
    await h.setup(roster({ voip: 1 }), 2);
    await h.ok('join', {}, { id: 'UEVIL', name: '\u202Eevil' });
    await h.ok('import', { people: [{ id: 'UZW', name: 'Zoe\u200B\u200B', audio: 'voip' }] });
    await h.ok('voice', { person: { id: 'UVOICE', name: '\u2067Voice\u2069\nMember' }, present: true }, { id: 'system', name: 'Breakouts', system: true });
    const meeting = await h.meeting();
    const names = meeting.attendees.map((a) => a.name);
    expect(names).toEqual(expect.arrayContaining(['evil', 'Zoe', 'Voice Member']));
    const text = renderBoardText(buildBoard(meeting));
    expect(text).not.toMatch(/\p{Cf}/u);
  });

  test('a name of only invisible characters becomes “Someone”, and a typed @name is matched after cleaning', async () => {
    const h = createHarness('invisible');
    await h.setup(roster({ voip: 2 }), 2);
    await h.ok('join', {}, { id: 'UBLANK', name: '\u200B\u202E' });
    expect((await h.meeting()).attendees.find((a) => a.id === 'UBLANK')?.name).toBe('Someone');
    await h.ok('join', {}, { id: 'UADA', name: 'Ada' });
    expect((await h.ok('move', { user: { name: 'A\u200Bda' }, to: 1 })).reply).toBe('Moved Ada to Breakout 1.');
  });

  test('a room name is cleaned the same way, and one that is only hidden characters is refused', async () => {
    const h = createHarness('room-names');
    await h.setup(roster({ voip: 2 }), 2);
    expect((await h.ok('rename', { room: 1, title: '\u202ESales\u200B' })).meeting.rooms[0]?.name).toBe('Sales');
    const refused = await h.refused('rename', { room: 2, title: '\u200B' });
    expect(refused.message).toContain('title is missing');
    expect((await h.meeting()).rooms[1]?.name).toBe('Breakout 2');
  });
});
