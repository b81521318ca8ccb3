// `breakouts plan` with rounds that remember: --history, --avoid-repeats, --size, and the roster
// columns group, apart and room; unmet constraints in the warnings with their reasons; bad input
// exiting non-zero with the line and the problem.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { runCli, type CliIo } from '../../adapters/cli/cli.ts';
import type { PlanJson } from '../../adapters/cli/plan.ts';

const run = promisify(execFile);

async function cli(args: string[], files: Record<string, string> = {}): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = {
    out: (t) => (out += `${t}\n`),
    err: (t) => (err += `${t}\n`),
    readText: async (path) => files[path] ?? readFile(path, 'utf8'),
  };
  const code = await runCli(args, io);
  return { code, out, err };
}

const csv = (header: string, rows: readonly string[]) => [header, ...rows].join('\n');
/** Nine people on VOIP, a1..a9. */
const nine = csv('id,name,audio', Array.from({ length: 9 }, (_, i) => `a${i + 1},A${i + 1},voip`));
/** Round 1 put a1-a3, a4-a6 and a7-a9 together. */
const round1 = csv('round,room,id', Array.from({ length: 9 }, (_, i) => `1,${Math.floor(i / 3) + 1},a${i + 1}`));

async function json(args: string[], files: Record<string, string>): Promise<PlanJson> {
  const { code, out, err } = await cli([...args, '--format', 'json'], files);
  expect(err).toBe('');
  expect(code).toBe(0);
  return JSON.parse(out) as PlanJson;
}

const together = (plan: PlanJson, ids: readonly string[]) => new Set(ids.map((id) => plan.rooms.find((r) => r.attendees.includes(id))?.number)).size === 1;

describe('breakouts plan --history and --avoid-repeats', () => {
  it('with --avoid-repeats nobody meets a roommate of the last round again, and "repeats" says 0', async () => {
    const plan = await json(['plan', '--rooms', '3', '--roster', 'r.csv', '--history', 'h.csv', '--avoid-repeats', '--seed', 's'], { 'r.csv': nine, 'h.csv': round1 });
    expect(plan.repeats).toBe(0);
    for (const r of plan.rooms) expect(r.attendees).toHaveLength(3);
    expect(together(plan, ['a1', 'a2'])).toBe(false);
  });

  it('without --avoid-repeats the history is only counted: "repeats" is the pairs of this layout who met before', async () => {
    const plan = await json(['plan', '--rooms', '1', '--roster', 'r.csv', '--history', 'h.csv'], { 'r.csv': nine, 'h.csv': round1 });
    expect(plan.repeats).toBe(9);
  });

  it('the same seed gives the same layout with --avoid-repeats', async () => {
    const args = ['plan', '--rooms', '6', '--roster', 'examples/roster.csv', '--history', 'h.csv', '--avoid-repeats', '--seed', 'again'];
    const history = csv('round,room,id', ['1,1,u001', '1,1,u002', '1,2,u003', '1,2,u004', '2,main,u005']);
    const a = await cli([...args, '--format', 'json'], { 'h.csv': history });
    const b = await cli([...args, '--format', 'json'], { 'h.csv': history });
    expect(a.out).toBe(b.out);
  });

  it('the table and the CSV say how many pairs meet again', async () => {
    const table = await cli(['plan', '--rooms', '1', '--roster', 'r.csv', '--history', 'h.csv'], { 'r.csv': nine, 'h.csv': round1 });
    expect(table.out.split('\n')[1]).toBe('Pairs meeting again: 9 (after 1 earlier round)');
    const rows = (await cli(['plan', '--rooms', '1', '--roster', 'r.csv', '--history', 'h.csv', '--format', 'csv'], { 'r.csv': nine, 'h.csv': round1 })).out.trim().split('\n');
    expect(rows[0]).toBe('room,room_name,id,name,audio,met_before');
    expect(rows.slice(1).map((r) => r.split(',')[5])).toEqual(Array(9).fill('2'));
  });

  it('history rows of the main room and extra columns (as `export` writes them) are accepted', async () => {
    const exported = csv('round,room,id,name,audio,joined,left', ['1,1,a1,A1,voip,,', '1,1,a2,A2,voip,,', '1,main,a3,A3,voip,,']);
    const plan = await json(['plan', '--rooms', '1', '--roster', 'r.csv', '--history', 'h.csv'], { 'r.csv': nine, 'h.csv': exported });
    expect(plan.repeats).toBe(1);
  });
});

describe('breakouts plan --size', () => {
  it('rooms of about 4 for the 40-person example make ten rooms', async () => {
    const plan = await json(['plan', '--size', '4', '--roster', 'examples/roster.csv', '--seed', 'x'], {});
    expect(plan.rooms).toHaveLength(10);
    expect(plan.rooms.flatMap((r) => r.attendees)).toHaveLength(40);
  });

  it('a pre-assigned room past the rooms --size makes is reported in the warnings', async () => {
    const roster = csv('id,name,audio,room', [...nine.split('\n').slice(1).map((row, i) => `${row},${i === 0 ? 5 : ''}`)]);
    const plan = await json(['plan', '--size', '3', '--roster', 'r.csv', '--seed', 'z'], { 'r.csv': roster });
    expect(plan.rooms).toHaveLength(3);
    expect(plan.warnings).toEqual([expect.stringMatching(/^Room: A1 is pre-assigned to room 5 but is in room [123]: there are only 3 rooms\.$/)]);
  });

  it('--rooms with --size caps the room count', async () => {
    const plan = await json(['plan', '--size', '2', '--rooms', '5', '--roster', 'examples/roster.csv', '--seed', 'x'], {});
    expect(plan.rooms).toHaveLength(5);
  });
});

describe('breakouts plan roster columns group, apart and room', () => {
  const header = 'id,name,audio,group,apart,room';

  it('a group shares a room, apart pairs are in different rooms, a pre-assigned person is in their room', async () => {
    const roster = csv(header, [
      'a1,A1,voip,red,,',
      'a2,A2,voip,red,,',
      'a3,A3,listening,red,,',
      'a4,A4,voip,,a5;a6,',
      'a5,A5,voip,,,',
      'a6,A6,voip,,,',
      'a7,A7,voip,,,3',
      'a8,A8,listening,,,',
      'a9,A9,voip,,,',
    ]);
    const plan = await json(['plan', '--rooms', '3', '--roster', 'r.csv', '--seed', 'g'], { 'r.csv': roster });
    expect(together(plan, ['a1', 'a2', 'a3'])).toBe(true);
    expect(together(plan, ['a4', 'a5'])).toBe(false);
    expect(together(plan, ['a4', 'a6'])).toBe(false);
    expect(plan.rooms[2]!.attendees).toContain('a7');
    expect(plan.warnings).toEqual([]);
  });

  it('constraints the audio rules forbid are listed in the warnings with their reasons', async () => {
    const roster = csv(header, [
      'p1,Pat,phone,,p2,',
      'p2,Quinn,phone,team,,2',
      'v1,Val,voip,team,,',
      'v2,Wes,voip,,,1',
      'v3,Xi,voip,,,',
      'v4,Yu,voip,,,',
    ]);
    const plan = await json(['plan', '--rooms', '3', '--roster', 'r.csv', '--seed', 'w', '--phone-rooms', '1'], { 'r.csv': roster });
    expect(plan.warnings).toEqual([
      'Apart: Pat and Quinn share room 1: both are on the phone and all phone attendees are in one room (room 1): allow more phone rooms (phone-rooms).',
      expect.stringMatching(/^Together “team”: split over rooms 1 and [23]: Quinn is on the phone, and phone attendees cannot share a room with VOIP or listening attendees\.$/),
      'Room: Quinn is pre-assigned to room 2 but is in room 1: phone attendees may only be in room 1.',
      expect.stringMatching(/^Room: Wes is pre-assigned to room 1 but is in room [23]: room 1 holds phone attendees, who cannot share a room with VOIP or listening attendees\.$/),
    ]);
  });

  it('the table lists unmet constraints under Warnings', async () => {
    const roster = csv(header, ['p1,Pat,phone,,p2,', 'p2,Quinn,phone,,,', 'v1,Val,voip,,,']);
    const { code, out } = await cli(['plan', '--rooms', '2', '--roster', 'r.csv', '--seed', 't'], { 'r.csv': roster });
    expect(code).toBe(0);
    expect(out).toContain('⚠️ Apart: Pat and Quinn share room 1: both are on the phone');
  });
});

describe('breakouts plan refuses bad rounds and constraints, naming the line', () => {
  const header = 'id,name,audio,group,apart,room';
  it.each([
    ['an unknown id in the history', { 'h.csv': csv('round,room,id', ['1,1,a1', '1,1,zz']) }, ['--history', 'h.csv'], /^h\.csv: line 3: unknown id “zz” \(not in the roster\)\./],
    ['a history without the round column', { 'h.csv': csv('room,id', ['1,a1']) }, ['--history', 'h.csv'], /^h\.csv: line 1: missing column “round” \(the header needs round,room,id; found: room,id\)\./],
    ['a history round that is not a number', { 'h.csv': csv('round,room,id', ['first,1,a1']) }, ['--history', 'h.csv'], /^h\.csv: line 2: round “first” must be a whole number of at least 1\./],
    ['a history room that is not a room', { 'h.csv': csv('round,room,id', ['1,lobby,a1']) }, ['--history', 'h.csv'], /^h\.csv: line 2: room “lobby” must be a room number from 1 to 50, or main\./],
    ['someone in two rooms of one round', { 'h.csv': csv('round,room,id', ['1,1,a1', '1,2,a1']) }, ['--history', 'h.csv'], /^h\.csv: line 3: a1 is in room 2 and, on line 2, in room 1 of round 1\./],
    ['a history file that does not exist', {}, ['--history', 'missing.csv'], /^Cannot read the history missing\.csv: no such file\./],
    ['an unknown id in apart', { 'r.csv': csv(header, ['a1,A1,voip,,a2;zz,', 'a2,A2,voip,,,']) }, [], /^r\.csv: line 2: unknown id “zz” in the apart list of a1 \(not in the roster\)\./],
    ['someone apart from themself', { 'r.csv': csv(header, ['a1,A1,voip,,a1,']) }, [], /^r\.csv: line 2: a1 is listed as apart from themself/],
    ['a pre-assigned room outside 1–rooms', { 'r.csv': csv(header, ['a1,A1,voip,,,', 'a2,A2,voip,,,4']) }, [], /^r\.csv: line 3: room 4 for a2 is outside 1–3 \(--rooms 3\)\./],
    ['a pre-assigned room that is not a number', { 'r.csv': csv(header, ['a1,A1,voip,,,two']) }, [], /^r\.csv: line 2: room “two” for a1 must be a whole number from 1 to 50/],
  ])('exits 1 for %s', async (_label, files, extra, message) => {
    const { code, out, err } = await cli(['plan', '--rooms', '3', '--roster', 'r.csv', ...extra], { 'r.csv': nine, ...files });
    expect(code).toBe(1);
    expect(out).toBe('');
    expect(err).toMatch(message);
  });

  it.each([
    [['--size', '0'], /^--size must be from 1 to 100000, not 0\./],
    [['--size', 'four'], /^--size must be a whole number/],
    [['--size'], /^--size needs a value, e.g. --size 4\./],
    [['--history'], /^--history needs a value, e.g. --history rounds\.csv\./],
  ])('exits 2 for bad usage %j', async (extra, message) => {
    const { code, err } = await cli(['plan', '--rooms', '3', '--roster', 'r.csv', ...extra], { 'r.csv': nine });
    expect(code).toBe(2);
    expect(err).toMatch(message);
  });

  it('without --rooms or --size the message names both', async () => {
    const { code, err } = await cli(['plan', '--roster', 'r.csv'], { 'r.csv': nine });
    expect(code).toBe(2);
    expect(err.split('\n')[0]).toBe('--rooms is required (or --size N for rooms of about N people).');
  });
});

describe('the breakouts executable with rounds', () => {
  it('reads a history file and avoids repeats; an unknown id in it exits 1 naming the line', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'breakouts-plan-'));
    try {
      await writeFile(join(dir, 'r.csv'), nine);
      await writeFile(join(dir, 'h.csv'), round1);
      await writeFile(join(dir, 'bad.csv'), csv('round,room,id', ['1,1,nobody']));
      const ok = await run(process.execPath, ['bin/breakouts.js', 'plan', '--rooms', '3', '--roster', join(dir, 'r.csv'), '--history', join(dir, 'h.csv'), '--avoid-repeats', '--format', 'json', '--seed', '1']);
      expect((JSON.parse(ok.stdout) as PlanJson).repeats).toBe(0);
      const bad = await run(process.execPath, ['bin/breakouts.js', 'plan', '--rooms', '3', '--roster', join(dir, 'r.csv'), '--history', join(dir, 'bad.csv')]).then(
        () => undefined,
        (error: { code: number; stderr: string }) => error,
      );
      expect(bad?.code).toBe(1);
      expect(bad?.stderr).toContain('line 2: unknown id “nobody” (not in the roster).');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
