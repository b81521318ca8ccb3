// `npm start` as a process: bad configuration and an unusable data file stop it at once with a
// message that says what is wrong, and the data file is never overwritten.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);

async function start(env: Record<string, string>): Promise<{ code: number; stderr: string }> {
  const cleanEnv: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env };
  return run(process.execPath, ['--import', 'tsx', 'adapters/main.ts'], { env: cleanEnv, timeout: 15_000 }).then(
    () => ({ code: 0, stderr: '' }),
    (error: { code: number; stderr: string }) => ({ code: error.code, stderr: error.stderr }),
  );
}

describe('npm start', () => {
  it('stops with a clear message and leaves a corrupt data file untouched', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'breakouts-start-'));
    const db = join(dir, 'breakouts.json');
    const corrupt = '{"schemaVersion":1,"meetings":{ this is not json';
    await writeFile(db, corrupt);
    const { code, stderr } = await start({ BREAKOUTS_DB: db, PORT: '0' });
    expect(code).toBe(1);
    expect(stderr).toContain('Breakouts cannot start: The data file is not valid JSON');
    expect(stderr).toContain('Breakouts has not changed it');
    expect(await readFile(db, 'utf8')).toBe(corrupt);
  });

  it('stops on a data file from a newer version, naming the versions', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'breakouts-start-'));
    const db = join(dir, 'breakouts.json');
    const newer = JSON.stringify({ schemaVersion: 9, meetings: {} });
    await writeFile(db, newer);
    const { code, stderr } = await start({ BREAKOUTS_DB: db, PORT: '0' });
    expect(code).toBe(1);
    expect(stderr).toContain('schema version 9; this Breakouts reads version 1');
    expect(await readFile(db, 'utf8')).toBe(newer);
  });

  it('names every missing or malformed variable at once', async () => {
    const { code, stderr } = await start({ SLACK_BOT_TOKEN: 'not-a-token', PORT: 'eighty', DISCORD_TOKEN: 'x'.repeat(30) });
    expect(code).toBe(1);
    expect(stderr).toContain('SLACK_BOT_TOKEN: SLACK_BOT_TOKEN must be a bot token');
    expect(stderr).toContain('PORT: PORT must be a port number');
    expect(stderr).not.toContain('xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx');
  });

  it('says which Slack variable is missing when only part of the Slack set-up is there', async () => {
    const { code, stderr } = await start({ SLACK_BOT_TOKEN: 'xoxb-1-2-abc' });
    expect(code).toBe(1);
    expect(stderr).toContain('SLACK_APP_TOKEN or SLACK_SIGNING_SECRET');
    expect(stderr).not.toContain('xoxb-1-2-abc');
  });
});
