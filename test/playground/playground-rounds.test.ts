// Rounds that remember in the playground, without a browser: the simulated platform keeps the main
// channel's posts (the end-of-round digest) and each room's size limit; through the session, two
// rounds post their digests in the main channel once each, `distribute new` shows how many pairs
// meet again, `export` answers with the CSV of every round, an imported layout places people (also
// late joiners) and lists the rows it could not match, and in choose mode each attendee picks only
// from the rooms the engine allows. The clock is injected and moved on by hand.
import { afterEach, describe, expect, it } from 'vitest';
import { createPlayground, PLAYGROUND_PLACE, type Playground } from '../../adapters/playground/index.ts';
import { createSimulatedPlatform } from '../../adapters/playground/platform.ts';
import { SavedStateSchema } from '../../adapters/playground/saved-state.ts';
import { simulatedEmail, simulatedPeople } from '../../adapters/playground/people.ts';
import type { BoardView, PageView } from '../../adapters/playground/view.ts';
import { choosableRooms } from '../../src/commands/choose.ts';
import { createEngine } from '../../src/engine/engine.ts';
import { createSeededRandom } from '../../src/domain/random.ts';
import type { Meeting } from '../../src/domain/meeting.ts';
import { createMemoryStore } from '../../src/store/store.ts';
import type { Engine } from '../../src/engine/engine.ts';
import { silentLogger } from '../../src/runtime/logger.ts';
import { createTestClock, testDeps, type TestClock } from './harness.ts';

const MINUTE = 60_000;
const START = '2030-03-04T09:00:00.000Z';

let playground: Playground | undefined;
let clock: TestClock;
/** The test playground's engine, to ask what it decided (the rooms someone may choose). */
let engine: Engine;

afterEach(async () => {
  await playground?.stop();
  playground = undefined;
});

async function start(seed: string): Promise<Playground> {
  clock = createTestClock(START);
  const deps = testDeps(seed, createMemoryStore(), silentLogger, clock);
  engine = deps.engine;
  playground = await createPlayground(deps, { port: 0, host: '127.0.0.1' });
  return playground;
}

async function boardOf(pg: Playground, as = 'host'): Promise<BoardView> {
  return (await pg.session.view(as)).board!;
}

async function ok(pg: Playground, text: string, as = 'host'): Promise<string> {
  const reply = await pg.session.command(as, text);
  if (!reply.ok) throw new Error(`${text}: ${reply.message}`);
  await pg.session.settle();
  return reply.reply;
}

/** Who shares a room with whom on the board: each pair once ("a|b", sorted). */
function pairsOf(board: BoardView): Set<string> {
  const pairs = new Set<string>();
  for (const room of board.rooms) {
    const ids = room.people.map((p) => p.id).sort();
    for (let i = 0; i < ids.length; i++) for (let j = i + 1; j < ids.length; j++) pairs.add(`${ids[i]}|${ids[j]}`);
  }
  return pairs;
}

/** A round of `minutes`: start, the clock moves on, end. */
async function round(pg: Playground, minutes: number): Promise<void> {
  await ok(pg, 'start');
  clock.advance(minutes * MINUTE);
  await ok(pg, 'end');
}

/** A meeting with two rooms, from the real engine (the platform is called by hand). */
async function twoRooms(roomCap?: number): Promise<Meeting> {
  const engine = createEngine({ store: createMemoryStore(), clock: createTestClock(START), random: createSeededRandom('main') });
  const host = { id: 'host', name: 'Host' };
  const people = simulatedPeople(new Set(), 6, { phone: 0, voip: 1, listening: 0 }, createSeededRandom(1));
  await engine.execute({ target: { place: PLAYGROUND_PLACE }, actor: host, command: 'import', input: { people } });
  if (roomCap !== undefined) await engine.execute({ target: { place: PLAYGROUND_PLACE }, actor: host, command: 'room-cap', input: { cap: roomCap } });
  const outcome = await engine.execute({ target: { place: PLAYGROUND_PLACE }, actor: host, command: 'distribute', input: { rooms: 2 } });
  if (!outcome.ok) throw new Error(outcome.message);
  return outcome.meeting;
}

describe('the simulated platform', () => {
  it('posts in the main channel, keeps each room’s size limit (also from the cap a room is made with), and saves both', async () => {
    const meeting = await twoRooms();
    const platform = createSimulatedPlatform({ clock: createTestClock(START), onChange: () => undefined });
    const [one, two] = meeting.rooms;
    await platform.postToMain(meeting, 'Round 1 of Breakouts is over (15 min).\n• Breakout 1: Ada (15 min)');
    expect(platform.main()).toEqual([{ id: expect.any(Number), at: START, kind: 'digest', text: 'Round 1 of Breakouts is over (15 min).\n• Breakout 1: Ada (15 min)' }]);
    // The activity names it as a post in the main channel, on one line.
    expect(platform.feed().filter((e) => e.kind === 'main-post').map((e) => e.text)).toEqual(['Posted in the main channel: Round 1 of Breakouts is over (15 min). • Breakout 1: Ada (15 min)']);

    await platform.setRoomCap(meeting, one!, 4);
    await platform.setRoomCap(meeting, one!, 4); // the same limit again changes nothing
    await platform.setRoomCap(meeting, two!, null); // no limit to remove: nothing happens
    await platform.setRoomCap(meeting, two!, 6);
    await platform.setRoomCap(meeting, two!, null);
    expect(platform.rooms().get(1)?.cap).toBe(4);
    expect(platform.rooms().get(2)?.cap).toBeUndefined();
    expect(platform.feed().filter((e) => e.kind === 'room-cap').map((e) => e.text)).toEqual([
      "Breakout 1 now takes at most 4 people (as a Discord voice channel's user limit).",
      "Breakout 2 now takes at most 6 people (as a Discord voice channel's user limit).",
      'Breakout 2 has no size limit any more.',
    ]);

    // Saved and loaded again after a restart.
    const saved = SavedStateSchema.parse(JSON.parse(JSON.stringify(platform.snapshot())));
    const again = createSimulatedPlatform({ clock: createTestClock(START), onChange: () => undefined, saved });
    expect(again.main()).toEqual(platform.main());
    expect(again.rooms().get(1)?.cap).toBe(4);
    // A file written before the main channel had posts still loads.
    const { main: _main, ...older } = saved;
    expect(SavedStateSchema.safeParse(older).success).toBe(true);

    // A room made while the meeting has a cap gets it, as a Discord voice channel gets its user limit.
    const capped = await twoRooms(3);
    const fresh = createSimulatedPlatform({ clock: createTestClock(START), onChange: () => undefined });
    await fresh.prepareRoom(capped, capped.rooms[0]!);
    expect(fresh.rooms().get(1)?.cap).toBe(3);
    // Another meeting starts with an empty main channel.
    fresh.forMeeting('another');
    expect(fresh.main()).toEqual([]);
  });
});

describe('rounds through the playground session', () => {
  it('two rounds: each End posts its digest in the main channel once; distribute new shows the repeats; export answers with the CSV of both', async () => {
    const pg = await start('two-rounds');
    await pg.session.addPeople('host', { count: 12, mix: { phone: 0, voip: 100, listening: 0 } });
    await ok(pg, 'distribute 3');
    const first = pairsOf(await boardOf(pg));
    await round(pg, 15);

    // One digest, in the main channel (and its line in the activity), naming the round, the rooms and how long.
    expect(pg.session.platform.main()).toHaveLength(1);
    const digest = pg.session.platform.main()[0]!.text;
    expect(digest).toContain('Round 1');
    expect(digest).toContain('Breakout 1');
    expect(digest).toContain('15 min');
    const view = await pg.session.view('host');
    expect(view.main.map((p) => p.text)).toEqual([digest]);
    expect(pg.session.platform.feed().filter((e) => e.kind === 'main-post')).toHaveLength(1);
    // Attendees see the main channel too.
    const someone = (await boardOf(pg)).rooms[0]!.people[0]!.id;
    expect((await pg.session.view(someone)).main).toHaveLength(1);

    // Meet someone new: the board says how many pairs meet again, beside a random shuffle.
    const reply = await ok(pg, 'distribute new');
    expect(reply).not.toBe('');
    const board = await boardOf(pg);
    expect(board.repeats).toMatch(/^[0-9]+ pairs? meets? again \(a random shuffle: [0-9.]+\)$/);
    const again = [...pairsOf(board)].filter((p) => first.has(p)).length;
    expect(board.repeats).toMatch(new RegExp(`^${again} pairs? meets? again`));
    await round(pg, 10);

    // The second End posts the second digest; the first is not posted again.
    expect(pg.session.platform.main().map((p) => p.text.split('\n')[0])).toEqual([expect.stringContaining('Round 1'), expect.stringContaining('Round 2')]);
    expect((await pg.session.view('host')).main.map((p) => p.text.split('\n')[0])).toEqual([expect.stringContaining('Round 2'), expect.stringContaining('Round 1')]);

    // The rounds panel lists both, newest first.
    const panel = (await boardOf(pg)).roundsPanel!;
    expect(panel.rounds.map((r) => [r.number, r.people, r.rooms])).toEqual([
      [2, 12, 3],
      [1, 12, 3],
    ]);
    expect(panel.rounds[1]).toMatchObject({ startedAt: START, endedAt: '2030-03-04T09:15:00.000Z' });
    // Not for attendees.
    expect((await boardOf(pg, someone)).roundsPanel).toBeUndefined();

    // Export: the reply carries the CSV of every round (one row per person and room).
    const exported = await pg.session.command('host', 'export');
    expect(exported).toMatchObject({ ok: true, file: { name: expect.stringMatching(/\.csv$/), mime: 'text/csv' } });
    const csv = exported.ok ? exported.file!.content : '';
    const lines = csv.trim().split('\n');
    expect(lines[0]).toBe('round,room,id,name,audio,joined,left');
    expect(lines.filter((l) => l.startsWith('1,'))).toHaveLength(12);
    expect(lines.filter((l) => l.startsWith('2,'))).toHaveLength(12);
    expect(lines.find((l) => l.startsWith('1,'))).toMatch(/,2030-03-04T09:00:00\.000Z,2030-03-04T09:15:00\.000Z$/);
    // The export button on the panel runs exactly that command.
    expect(panel.export).toEqual({ label: 'Export CSV', command: 'export', style: 'default' });
  });

  it('an imported layout places people by id, e-mail and name, keeps a row for someone who joins later, and lists the rows it could not match', async () => {
    const pg = await start('import');
    await pg.session.addPeople('host', { count: 6, mix: { phone: 0, voip: 100, listening: 0 } });
    await ok(pg, 'rooms 3');
    const people = (await boardOf(pg)).main.filter((p) => p.id !== 'host');
    const [a, b, c] = people;
    const csv = [
      'id,email,name,room',
      `${a!.id},,,2`,
      `,${simulatedEmail(b!.name)},,3`,
      `,,${c!.name},1`,
      'newcomer,,,3',
      ',nobody@example.com,,2',
      'ghost-1,,,1',
    ].join('\n');
    const reply = await pg.session.importLayout('host', csv);
    expect(reply).toMatchObject({ ok: true });
    const text = reply.ok ? reply.reply : '';
    // The rows it could not match are listed, never fatal.
    expect(text).toContain('nobody@example.com');
    await pg.session.settle();
    const board = await boardOf(pg);
    const where = (id: string): number | 'main' => board.rooms.find((r) => r.people.some((p) => p.id === id))?.number ?? 'main';
    expect([where(a!.id), where(b!.id), where(c!.id)]).toEqual([2, 3, 1]);

    // Sam Newcomer is not on the roster yet: they land in room 3 the moment they join.
    const join = (await pg.session.view('newcomer')).you.actions.find((x) => x.verb === 'join')!;
    expect(await pg.session.action('newcomer', join.id)).toMatchObject({ ok: true });
    await pg.session.settle();
    expect((await boardOf(pg)).rooms[2]!.people.map((p) => p.id)).toContain('newcomer');

    // Typed without a CSV, the command brings the page's import box up.
    expect(await pg.session.command('host', 'import-layout')).toEqual({ ok: true, reply: expect.stringContaining('Import a layout'), open: 'import-layout' });
  });

  it('the import box’s endpoint takes the CSV as JSON and answers with the engine’s reply', async () => {
    const pg = await start('import-http');
    await pg.session.addPeople('host', { count: 4, mix: { phone: 0, voip: 100, listening: 0 } });
    await ok(pg, 'rooms 2');
    const person = (await boardOf(pg)).main.find((p) => p.id !== 'host')!;
    const post = async (body: unknown): Promise<{ status: number; json: Record<string, unknown> }> => {
      const res = await fetch(`http://127.0.0.1:${pg.port}/api/layout`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      return { status: res.status, json: (await res.json()) as Record<string, unknown> };
    };
    const done = await post({ as: 'host', csv: `name,room\n${person.name},2\nNo Such Person,1\n` });
    expect(done).toMatchObject({ status: 200, json: { ok: true, reply: expect.stringContaining('No Such Person') } });
    await pg.session.settle();
    expect((await boardOf(pg)).rooms[1]!.people.map((p) => p.id)).toContain(person.id);
    // An empty file is refused by the request's own check, naming the field.
    expect(await post({ as: 'host', csv: '' })).toMatchObject({ status: 400, json: { ok: false, message: expect.stringContaining('csv') } });
  });

  it('while rooms are open, a layout that moves people out of their rooms answers needs-confirmation and changes nothing; sent again with confirm it moves them', async () => {
    const pg = await start('import-confirm');
    await pg.session.addPeople('host', { count: 4, mix: { phone: 0, voip: 100, listening: 0 } });
    await ok(pg, 'distribute 2');
    await ok(pg, 'start');
    const before = await boardOf(pg);
    const person = before.rooms[0]!.people.find((p) => p.id !== 'host')!;
    const post = async (body: unknown): Promise<{ status: number; json: Record<string, unknown> }> => {
      const res = await fetch(`http://127.0.0.1:${pg.port}/api/layout`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      return { status: res.status, json: (await res.json()) as Record<string, unknown> };
    };
    const csv = `id,room\n${person.id},2\n`;
    const asked = await post({ as: 'host', csv });
    expect(asked).toEqual({
      status: 200,
      json: { ok: false, code: 'needs-confirmation', message: expect.stringContaining(`Rooms are open, so this moves 1 person to other rooms right away: ${person.name}.`) },
    });
    await pg.session.settle();
    expect((await boardOf(pg)).rooms.map((r) => r.people.map((p) => p.id))).toEqual(before.rooms.map((r) => r.people.map((p) => p.id)));

    expect(await post({ as: 'host', csv, confirm: true })).toMatchObject({ status: 200, json: { ok: true, reply: expect.stringContaining('Rooms are open: people are moved to their rooms now.') } });
    await pg.session.settle();
    expect((await boardOf(pg)).rooms[1]!.people.map((p) => p.id)).toContain(person.id);
    // Typed, the word confirm before the CSV is the go-ahead.
    expect(await pg.session.command('host', `import-layout id,room;${person.id},1`)).toMatchObject({ ok: false, code: 'needs-confirmation' });
    expect(await pg.session.command('host', `import-layout confirm id,room;${person.id},1`)).toMatchObject({ ok: true });
    await pg.session.settle();
    expect((await boardOf(pg)).rooms[0]!.people.map((p) => p.id)).toContain(person.id);
  });

  it('choose mode: each attendee sees only the rooms the engine lets them choose and moves by picking one; a facilitator still moves anyone', async () => {
    const pg = await start('choose');
    await pg.session.addPeople('host', { count: 10, mix: { phone: 20, voip: 80, listening: 0 } });
    await ok(pg, 'rooms 4');
    await ok(pg, 'phone-rooms 2');
    await ok(pg, 'room-cap 3');
    const before = await boardOf(pg);
    expect(before.roundsPanel!.mode.map((m) => [m.command, m.pressed])).toEqual([
      ['mode assign', true],
      ['mode choose', false],
    ]);
    // Nobody picks in assign mode.
    const caller = before.main.find((p) => p.audio === 'phone')!;
    const voip = before.main.filter((p) => p.audio === 'voip' && p.role !== 'facilitator');
    expect((await pg.session.view(caller.id)).you.pick).toBeUndefined();

    await ok(pg, 'mode choose');
    expect((await boardOf(pg)).mode).toBe('choose');
    expect((await boardOf(pg)).roundsPanel!.mode.map((m) => m.pressed)).toEqual([false, true]);
    const meeting = (await engine.get({ place: PLAYGROUND_PLACE }))!;
    const pickOf = async (id: string): Promise<NonNullable<PageView['you']['pick']>> => (await pg.session.view(id)).you.pick!;

    // The phone caller sees only the phone rooms; a VOIP attendee sees the rest too. Each list is the engine's.
    const callerPick = await pickOf(caller.id);
    expect(callerPick.rooms.map((r) => r.typed)).toEqual(choosableRooms(meeting, caller.id).map((n) => `pick ${n}`));
    expect(callerPick.rooms.map((r) => r.label)).toEqual(['Breakout 1', 'Breakout 2']);
    expect((await pickOf(voip[0]!.id)).rooms.map((r) => r.label)).toEqual(choosableRooms(meeting, voip[0]!.id).map((n) => `Breakout ${n}`));
    expect(callerPick.rooms.every((r) => r.verb === 'pick')).toBe(true);

    // Three VOIP attendees pick room 4: it is full, and a fourth no longer sees it.
    for (const person of voip.slice(0, 3)) {
      const button = (await pickOf(person.id)).rooms.find((r) => r.label === 'Breakout 4')!;
      expect(await pg.session.action(person.id, button.id)).toMatchObject({ ok: true });
      await pg.session.settle();
    }
    const full = (await boardOf(pg)).rooms[3]!;
    expect(full).toMatchObject({ size: 3, cap: 3, full: true });
    expect((await pickOf(voip[3]!.id)).rooms.map((r) => r.label)).not.toContain('Breakout 4');
    // Their own room is marked as theirs.
    expect((await pickOf(voip[0]!.id)).rooms.find((r) => r.label === 'Breakout 4')?.pressed).toBe(true);

    // A facilitator still moves anyone (the cap is the engine's to enforce or report).
    const moved = await pg.session.command('host', `move <@${voip[0]!.id}|${voip[0]!.name}> 3`);
    expect(moved).toMatchObject({ ok: true });
    await pg.session.settle();
    expect((await boardOf(pg)).rooms[2]!.people.map((p) => p.id)).toContain(voip[0]!.id);

    // Back to assign: the picker is gone.
    await ok(pg, 'mode assign');
    expect((await pg.session.view(caller.id)).you.pick).toBeUndefined();
  });

  it('keep together or apart: the panel lists each group by name; one the audio rules cannot meet is on the board with its reason; clear empties the list', async () => {
    const pg = await start('groups');
    await pg.session.addPeople('host', { count: 8, mix: { phone: 25, voip: 75, listening: 0 } });
    const main = (await boardOf(pg)).main;
    const caller = main.find((p) => p.audio === 'phone')!;
    const [one, two] = main.filter((p) => p.audio === 'voip' && p.id !== 'host');
    // Typed as on the page's form: @ and the full name.
    await ok(pg, `together @${caller.name} @${one!.name}`);
    await ok(pg, `apart @${one!.name} @${two!.name}`);
    expect((await boardOf(pg)).roundsPanel!.constraints).toEqual([
      { kind: 'together', names: [caller.name, one!.name] },
      { kind: 'apart', names: [one!.name, two!.name] },
    ]);
    await ok(pg, 'distribute 3');
    const board = await boardOf(pg);
    // Audio rules win: the phone caller and the VOIP attendee are split, and the board says why.
    const unmet = board.warnings.find((w) => w.startsWith('Together'));
    expect(unmet).toContain(caller.name);
    expect(unmet).toContain('phone');
    const roomOf = (id: string): number | undefined => board.rooms.find((r) => r.people.some((p) => p.id === id))?.number;
    expect(roomOf(one!.id)).not.toBe(roomOf(two!.id));
    await ok(pg, 'constraints clear');
    expect((await boardOf(pg)).roundsPanel!.constraints).toEqual([]);
  });

  it('room cap: every room card shows it, and the platform’s rooms take it as their size limit', async () => {
    const pg = await start('cap');
    await pg.session.addPeople('host', { count: 8, mix: { phone: 0, voip: 100, listening: 0 } });
    await ok(pg, 'distribute 2');
    await ok(pg, 'apply');
    expect([...pg.session.platform.rooms().values()].map((r) => r.cap)).toEqual([]);
    await ok(pg, 'room-cap 5');
    const board = await boardOf(pg);
    expect(board.rooms.map((r) => r.cap)).toEqual([5, 5]);
    expect(board.roundsPanel!.roomCap).toBe(5);
    expect([...pg.session.platform.rooms().values()].map((r) => [r.room, r.cap])).toEqual([
      [1, 5],
      [2, 5],
    ]);
    await ok(pg, 'room-cap off');
    expect((await boardOf(pg)).rooms.map((r) => r.cap)).toEqual([undefined, undefined]);
    expect([...pg.session.platform.rooms().values()].map((r) => r.cap)).toEqual([undefined, undefined]);
  });
});
