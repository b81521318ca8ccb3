// The `breakouts plan` command line: output formats, the stable JSON shape, and every bad input
// exiting non-zero with the line and the problem named.
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { runCli, type CliIo } from '../../adapters/cli/cli.ts';
import type { PlanJson } from '../../adapters/cli/plan.ts';

const run = promisify(execFile);

interface Captured {
  code: number;
  out: string;
  err: string;
}

async function cli(args: string[], files: Record<string, string> = {}): Promise<Captured> {
  let out = '';
  let err = '';
  const io: CliIo = {
    out: (t) => (out += `${t}\n`),
    err: (t) => (err += `${t}\n`),
    readText: async (path) => {
      const text = files[path];
      if (text === undefined) return readFile(path, 'utf8');
      return text;
    },
  };
  const code = await runCli(args, io);
  return { code, out, err };
}

const roster = (rows: string[]) => ['id,name,audio', ...rows].join('\n');

describe('breakouts plan', () => {
  it('prints a readable table of the example roster with phone rooms first and no conflicts', async () => {
    const { code, out } = await cli(['plan', '--rooms', '8', '--roster', 'examples/roster.csv', '--seed', 's1']);
    expect(code).toBe(0);
    expect(out).toContain('Breakout 1');
    expect(out).toContain('No audio conflicts.');
    const lines = out.split('\n').filter((l) => l.startsWith('Breakout '));
    expect(lines).toHaveLength(8);
    // Phone attendees fill a block of the first rooms; no later room has one.
    const phoneColumn = lines.map((l) => Number(l.split(/\s+/)[3]));
    const firstWithout = phoneColumn.findIndex((n) => n === 0);
    expect(firstWithout).toBeGreaterThan(0);
    expect(phoneColumn.slice(firstWithout).every((n) => n === 0)).toBe(true);
  });

  it('prints the stable JSON shape with every attendee exactly once', async () => {
    const { code, out } = await cli(['plan', '--rooms', '5', '--roster', 'examples/roster.csv', '--format', 'json', '--seed', 'x']);
    expect(code).toBe(0);
    const plan = JSON.parse(out) as PlanJson;
    expect(Object.keys(plan).sort()).toEqual(['repeats', 'rooms', 'unassigned', 'warnings']);
    expect(plan.repeats).toBe(0);
    expect(plan.rooms).toHaveLength(5);
    expect(Object.keys(plan.rooms[0]!).sort()).toEqual(['attendees', 'conflict', 'name', 'number']);
    const ids = plan.rooms.flatMap((r) => r.attendees);
    expect(new Set(ids).size).toBe(40);
    expect(plan.rooms.every((r) => r.conflict === false)).toBe(true);
  });

  it('gives the same layout for the same seed and a different one for another seed', async () => {
    const a = await cli(['plan', '--rooms', '6', '--roster', 'examples/roster.csv', '--format', 'json', '--seed', 'same']);
    const b = await cli(['plan', '--rooms', '6', '--roster', 'examples/roster.csv', '--format', 'json', '--seed', 'same']);
    const c = await cli(['plan', '--rooms', '6', '--roster', 'examples/roster.csv', '--format', 'json', '--seed', 'other']);
    expect(a.out).toBe(b.out);
    expect(a.out).not.toBe(c.out);
  });

  it('prints CSV rows of room, room name, id, name and audio, quoting where needed', async () => {
    const { code, out } = await cli(['plan', '--rooms', '1', '--roster', 'r.csv', '--format', 'csv'], { 'r.csv': roster(['a,"Lee, Ann",voip', 'b,Bo,VOIP']) });
    expect(code).toBe(0);
    expect(out.trim().split('\n')).toEqual(['room,room_name,id,name,audio', '1,Breakout 1,a,"Lee, Ann",voip', '1,Breakout 1,b,Bo,voip']);
  });

  it('accepts audio in any case, "Just Listening" and "VOIP"', async () => {
    const { code, out } = await cli(['plan', '--rooms', '2', '--roster', 'r.csv', '--format', 'json'], {
      'r.csv': roster(['a,A,Just Listening', 'b,B,VOIP', 'c,C,PHONE', 'd,D,Phone']),
    });
    expect(code).toBe(0);
    const plan = JSON.parse(out) as PlanJson;
    expect(plan.rooms[0]!.attendees.slice().sort()).toEqual(['c', 'd']);
  });

  it('leaves the smaller group in the main room with a reason when one room cannot keep audio apart', async () => {
    const { code, out } = await cli(['plan', '--rooms', '1', '--roster', 'r.csv', '--format', 'json'], {
      'r.csv': roster(['a,A,phone', 'b,B,voip', 'c,C,voip']),
    });
    expect(code).toBe(0);
    const plan = JSON.parse(out) as PlanJson;
    expect(plan.rooms[0]!.attendees.slice().sort()).toEqual(['b', 'c']);
    expect(plan.unassigned).toHaveLength(1);
    expect(plan.unassigned[0]!.id).toBe('a');
    expect(plan.unassigned[0]!.reason).toMatch(/add a room/);
  });

  it('honours --phone-rooms', async () => {
    const phones = Array.from({ length: 12 }, (_, i) => `p${i},P${i},phone`);
    const { out } = await cli(['plan', '--rooms', '10', '--phone-rooms', '2', '--roster', 'r.csv', '--format', 'json'], { 'r.csv': roster(phones) });
    const plan = JSON.parse(out) as PlanJson;
    expect(plan.rooms.filter((r) => r.attendees.length > 0).map((r) => r.number)).toEqual([1, 2]);
  });

  it.each([
    [['plan', '--rooms', '0', '--roster', 'r.csv'], /--rooms must be from 1 to 50, not 0/, 2],
    [['plan', '--rooms', 'three', '--roster', 'r.csv'], /--rooms must be a whole number/, 2],
    [['plan', '--roster', 'r.csv'], /--rooms is required/, 2],
    [['plan', '--rooms', '3'], /--roster is required/, 2],
    [['plan', '--rooms', '3', '--roster', 'r.csv', '--format', 'xml'], /--format must be table, json or csv/, 2],
    [['plan', '--rooms', '3', '--roster', 'r.csv', '--phone-rooms', '0'], /--phone-rooms must be from 1 to 50, not 0/, 2],
    [['plan', '--rooms', '3', '--roster', 'r.csv', '--bogus'], /Unknown option '--bogus'/, 2],
    [['plot'], /Unknown command “plot”/, 2],
  ] as const)('rejects bad usage %j with a clear message', async (args, message, exit) => {
    const { code, err, out } = await cli([...args], { 'r.csv': roster(['a,A,voip']) });
    expect(code).toBe(exit);
    expect(err).toMatch(message);
    expect(out).toBe('');
  });

  it.each([
    ['a missing column', 'id,name\na,A', /line 1: missing column “audio”/],
    ['an unknown audio value', roster(['a,A,voip', 'b,B,satellite']), /line 3: unknown audio “satellite” for b/],
    ['a duplicate id', roster(['a,A,voip', 'b,B,voip', 'a,C,phone']), /line 4: duplicate id “a” \(first on line 2\)/],
    ['an empty id', roster(['a,A,voip', ',B,voip']), /line 3: the id is empty/],
    ['a row with too few fields', roster(['a,A']), /line 2: 2 fields, but the header has 3/],
    ['an unclosed quote', roster(['a,"A,voip']), /line 2: a quoted field is never closed/],
    ['an empty file', '', /line 1: the roster is empty/],
  ])('exits non-zero naming the line for %s', async (_label, text, message) => {
    const { code, err, out } = await cli(['plan', '--rooms', '2', '--roster', 'bad.csv'], { 'bad.csv': text });
    expect(code).toBe(1);
    expect(err).toMatch(message);
    expect(err).toContain('bad.csv');
    expect(out).toBe('');
  });

  it('says when the roster file does not exist', async () => {
    const { code, err } = await cli(['plan', '--rooms', '2', '--roster', 'no/such/file.csv']);
    expect(code).toBe(1);
    expect(err).toMatch(/Cannot read the roster no\/such\/file.csv: no such file/);
  });

  it('runs as the breakouts executable and exits non-zero on bad input', async () => {
    const ok = await run(process.execPath, ['bin/breakouts.js', 'plan', '--rooms', '4', '--roster', 'examples/roster.csv', '--format', 'json', '--seed', '1']);
    expect((JSON.parse(ok.stdout) as PlanJson).rooms).toHaveLength(4);
    const bad = await run(process.execPath, ['bin/breakouts.js', 'plan', '--rooms', '0', '--roster', 'examples/roster.csv']).then(
      () => undefined,
      (error: { code: number; stderr: string }) => error,
    );
    expect(bad?.code).toBe(2);
    expect(bad?.stderr).toMatch(/--rooms must be from 1 to 50/);
  });
});

describe('breakouts plan says exactly what is wrong, in its own words', () => {
  it('a negative room count is refused with the range, not Node’s option-parser message', async () => {
    const { code, err } = await cli(['plan', '--rooms', '-2', '--roster', 'r.csv'], { 'r.csv': roster(['a,A,voip']) });
    expect(code).toBe(2);
    expect(err.split('\n')[0]).toBe('--rooms must be from 1 to 50, not -2.');
    expect(err).not.toContain('ambiguous');
  });

  it('an option without its value says which one and gives an example', async () => {
    const { code, err } = await cli(['plan', '--roster', 'r.csv', '--rooms'], { 'r.csv': roster(['a,A,voip']) });
    expect(code).toBe(2);
    expect(err.split('\n')[0]).toBe('--rooms needs a value, e.g. --rooms 4.');
  });

  it('a roster with a header and nobody in it exits non-zero saying there is nobody to place', async () => {
    const { code, err, out } = await cli(['plan', '--rooms', '2', '--roster', 'r.csv'], { 'r.csv': 'id,name,audio\n' });
    expect(code).toBe(1);
    expect(out).toBe('');
    expect(err).toContain('there is nobody to place');
  });

  it('an empty name is refused naming its line', async () => {
    const { code, err } = await cli(['plan', '--rooms', '2', '--roster', 'r.csv'], { 'r.csv': roster(['a,Ann,voip', 'b,,voip']) });
    expect(code).toBe(1);
    expect(err).toContain('line 3: the name of b is empty');
  });

  it('a name with a line break or hidden characters stays on one table row, shown as people will see it', async () => {
    const csv = roster(['a,"Ann\nSmith",voip', 'b,\u202Eevil,voip', 'c,Cid\u200B,voip']);
    const { code, out } = await cli(['plan', '--rooms', '1', '--roster', 'r.csv', '--seed', 'x'], { 'r.csv': csv });
    expect(code).toBe(0);
    const row = out.split('\n').find((l) => l.startsWith('Breakout 1'))!;
    expect(row).toContain('Ann Smith');
    expect(row).toContain('evil');
    expect(out).not.toMatch(/[\u202E\u200B]/);
  });

  it('one room and one person read as “1 room” and “1 person”, with “room 1” for the phone rooms', async () => {
    const { code, out } = await cli(['plan', '--rooms', '1', '--roster', 'r.csv', '--phone-rooms', '1'], { 'r.csv': roster(['a,Ann,phone']) });
    expect(code).toBe(0);
    expect(out.split('\n')[0]).toBe('1 person (📞 1 · 💻 0 · 🎧 0) in 1 room; phone rooms: 1 (allowed: room 1)');
  });
});
