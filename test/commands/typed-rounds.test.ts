// Every typed form of issue 13's commands, through the slash parser and then the engine: distribute
// with same/new, size and facilitators, together/apart with mentions, constraints, room-cap, mode,
// pick, rounds, export and a one-line import-layout.
import { describe, expect, test } from 'vitest';
import { helpText } from '../../src/commands/registry.ts';
import { parseCommandText } from '../../src/commands/parse-text.ts';
import type { Actor } from '../../src/engine/engine.ts';
import { HOST, actor, createHarness, roomOf, roster, type Harness } from '../engine/helpers.ts';

async function typed(h: Harness, text: string, who: Actor = HOST) {
  const parsed = parseCommandText(text);
  if (!parsed.ok) throw new Error(parsed.message);
  return h.exec(parsed.name, parsed.args, who);
}

describe('slash text of rounds, constraints, choice and pre-assignment', () => {
  test.each([
    ['distribute new', 'distribute', { strategy: 'new' }],
    ['distribute same', 'distribute', { strategy: 'same' }],
    ['distribute 3', 'distribute', { rooms: '3' }],
    ['distribute size 4', 'distribute', { size: '4' }],
    ['distribute facilitators', 'distribute', { facilitators: 'facilitators' }],
    ['distribute new facilitators confirm', 'distribute', { strategy: 'new', facilitators: 'facilitators', confirm: 'confirm' }],
    ['distribute 5 new size 4 facilitators confirm', 'distribute', { rooms: '5', strategy: 'new', size: '4', facilitators: 'facilitators', confirm: 'confirm' }],
    ['together <@U1|Ann Lee> <@U2> @bo', 'together', { people: '<@U1|Ann Lee> <@U2> @bo' }],
    ['apart <@U1> <@U2>', 'apart', { people: '<@U1> <@U2>' }],
    ['constraints', 'constraints', {}],
    ['constraints clear', 'constraints', { action: 'clear' }],
    ['room-cap 4', 'room-cap', { cap: '4' }],
    ['room-cap off', 'room-cap', { cap: 'off' }],
    ['mode choose', 'mode', { mode: 'choose' }],
    ['mode assign', 'mode', { mode: 'assign' }],
    ['pick 3', 'pick', { room: '3' }],
    ['rounds', 'rounds', {}],
    ['export', 'export', {}],
    ['import-layout id,room;U1,2', 'import-layout', { csv: 'id,room;U1,2' }],
    ['import-layout', 'import-layout', {}],
    ['import-layout confirm id,room;U1,2', 'import-layout', { confirm: 'confirm', csv: 'id,room;U1,2' }],
    ['import-layout confirm,room;U1,2', 'import-layout', { csv: 'confirm,room;U1,2' }],
  ])('“%s” parses', (text, name, args) => {
    expect(parseCommandText(text)).toEqual({ ok: true, name, args });
  });

  test('help shows each new form with its arguments', () => {
    const help = helpText();
    for (const usage of [
      '/breakouts distribute [rooms] [same|new] [size <n>] [facilitators] [confirm]',
      '/breakouts together <@person @person …>',
      '/breakouts apart <@person @person …>',
      '/breakouts constraints [clear]',
      '/breakouts room-cap <n|off>',
      '/breakouts mode <choose|assign>',
      '/breakouts pick <room>',
      '/breakouts rounds',
      '/breakouts export',
      '/breakouts import-layout [confirm] [csv]',
    ]) {
      expect(help).toContain(usage);
    }
  });

  test('typed forms run end to end: constraints, cap, size, mode, pick, a one-line layout', async () => {
    const h = createHarness('typed-rounds');
    await h.setup(roster({ voip: 8 }), 2);
    expect((await typed(h, 'together <@v0|Name v0> <@v1> and @Name')).ok).toBe(false);
    expect((await typed(h, 'together <@v0|Name v0>, <@v1>')).ok).toBe(true);
    expect((await typed(h, 'apart <@!v2> <@v3>')).ok).toBe(true);
    expect((await typed(h, 'room-cap 3')).ok).toBe(true);
    const sized = await typed(h, 'distribute size 2');
    if (!sized.ok) throw new Error(sized.message);
    expect(sized.meeting.rooms).toHaveLength(4);
    expect(roomOf(sized.meeting, 'v0')).toBe(roomOf(sized.meeting, 'v1'));
    expect(roomOf(sized.meeting, 'v2')).not.toBe(roomOf(sized.meeting, 'v3'));
    expect((await typed(h, 'mode choose')).ok).toBe(true);
    const open = sized.meeting.rooms.map((r) => r.number).find((r) => sized.meeting.attendees.filter((a) => a.room === r).length < 3)!;
    const picked = await typed(h, `pick ${open}`, actor('n0'));
    expect(picked.ok && roomOf(picked.meeting, 'n0')).toBe(open);
    const imported = await typed(h, 'import-layout id,room;v7,1');
    expect(imported.ok && roomOf(imported.meeting, 'v7')).toBe(1);
    const refused = await typed(h, 'distribute size zero');
    expect(refused.ok).toBe(false);
  });

  test('a one-line layout that moves people while rooms are open goes ahead only when typed with confirm first', async () => {
    const h = createHarness('typed-import-confirm');
    await h.setup(roster({ voip: 2 }), 2);
    await h.place({ v0: 1, v1: 2 });
    await h.ok('start');
    const asked = await typed(h, 'import-layout id,room;v0,2');
    expect(asked.ok ? 'done' : asked.code).toBe('needs-confirmation');
    expect(roomOf(await h.meeting(), 'v0')).toBe(1);
    const done = await typed(h, 'import-layout confirm id,room;v0,2');
    expect(done.ok && roomOf(done.meeting, 'v0')).toBe(2);
  });
});

