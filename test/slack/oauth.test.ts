// Slack for many workspaces through the real Bolt app against the fake Slack: install page and redirect
// (sealed installations in the data folder and PostgreSQL), each workspace's own token, uninstalls and
// revoked tokens, refused install links, and a wrong BREAKOUTS_SECRET_KEY at start.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { NOT_INSTALLED } from '../../adapters/slack/errors.ts';
import { botScopes, slackManifest } from '../../adapters/slack/manifest.ts';
import type { InstallationRecords } from '../../src/store/installations.ts';
import { installationsFolder, openFileInstallationRecords } from '../../src/store/installations-file.ts';
import { openPostgresInstallationRecords } from '../../src/store/installations-postgres.ts';
import { startFakeSlack, FAKE_CLIENT_ID, type FakeInstall, type FakeSlack, type RecordedCall } from './fakes/fake-slack.ts';
import { installationEvent, REDIRECT_URI, SECRET_KEY, STATE_SECRET, startOAuthRig, stateToken, workspace, type OAuthRig } from './fakes/oauth-rig.ts';
import type { Person } from './fakes/signed.ts';
import { describePostgres, findPostgres } from '../store/postgres-helpers.ts';

/** Where installations are kept, and a look at what is stored there, as an operator would look. */
interface Backend {
  /** A new handle on the same storage (what a restarted process opens). */
  open(): Promise<InstallationRecords>;
  /** Every stored record as it lies on disk or in the table. */
  stored(): Promise<{ key: string; text: string; mode?: number }[]>;
}

const FAC: Person = { id: 'UFAC', name: 'fran' };
const people = (team: string): Person[] => [1, 2, 3, 4].map((n) => ({ id: `U${team}${n}`, name: `${team.toLowerCase()}-person${n}` }));

/** Calls the fake recorded from index `from` on, made by the adapter for meetings (not the install flow's). */
const workCalls = (fake: FakeSlack, from: number): RecordedCall[] => fake.calls.slice(from).filter((c) => c.method !== 'oauth.v2.access');

/** People join in `team`, a facilitator distributes and starts: rooms, invites, board, DMs, welcomes. */
async function runMeeting(rig: OAuthRig, team: string): Promise<void> {
  for (const p of people(team)) {
    rig.fake.users.set(p.id, { id: p.id, name: p.name });
    expect((await rig.command(team, 'join', p)).status).toBe(200);
  }
  expect((await rig.command(team, 'distribute 2', FAC)).status).toBe(200);
  expect((await rig.command(team, 'start', FAC)).status).toBe(200);
  // Rooms are opened by the deliverer after the answer: both rooms get their welcome.
  await rig.fake.waitFor(() => rig.fake.calls.filter((c) => c.method === 'chat.postMessage' && c.team === team && String(c.body['channel']).startsWith('G')).length >= 2);
}

function oauthSuite(name: string, backend: () => Backend): void {
  describe(name, () => {
    let fake: FakeSlack;
    const rigs: OAuthRig[] = [];
    const handles: InstallationRecords[] = [];

    const open = async (options: { secretKey?: string } = {}): Promise<{ rig: OAuthRig; records: InstallationRecords }> => {
      const records = await backend().open();
      handles.push(records);
      const rig = await startOAuthRig(fake, { records, ...options });
      rigs.push(rig);
      return { rig, records };
    };

    beforeEach(async () => {
      fake = await startFakeSlack();
    });
    afterEach(async () => {
      for (const rig of rigs.splice(0)) await rig.close();
      for (const records of handles.splice(0)) await records.close();
      await fake.close();
    });

    it('an install through /slack/oauth_redirect stores the workspace sealed (no token in the clear) and says to type /breakouts in a channel', async () => {
      const { rig, records } = await open();
      const t2 = workspace('T2');
      const page = await rig.install(t2);
      expect(page.status).toBe(200);
      expect(page.html).toContain('Breakouts is installed in Workspace T2');
      expect(page.html).toContain('/breakouts');
      // Slack's side: the code was exchanged once, with the app's credentials and redirect URL.
      expect(fake.callsOf('oauth.v2.access').map((c) => [c.body['client_id'], c.body['redirect_uri']])).toEqual([[FAKE_CLIENT_ID, REDIRECT_URI]]);
      const stored = await backend().stored();
      expect(stored.map((s) => s.key)).toEqual(['slack:team:T2']);
      for (const s of stored) {
        expect(s.text).not.toContain(t2.token);
        expect(s.text).not.toContain('xoxb-');
        if (s.mode !== undefined) expect(s.mode).toBe(0o600);
      }
      expect((await records.get('slack:team:T2'))?.startsWith('v1.')).toBe(true);
    });

    it('a /breakouts meeting in a newly installed workspace works, every Web API call it makes carries that workspace’s token, and a second workspace gets its own', async () => {
      const { rig } = await open();
      const [t2, t3] = [workspace('T2'), workspace('T3')];
      expect((await rig.install(t2)).status).toBe(200);
      expect((await rig.install(t3)).status).toBe(200);
      expect(t2.token).not.toBe(t3.token);

      const before2 = fake.calls.length;
      await runMeeting(rig, 'T2');
      const calls2 = workCalls(fake, before2);
      for (const method of ['users.info', 'chat.postMessage', 'conversations.create', 'conversations.invite']) expect(calls2.map((c) => c.method)).toContain(method);
      expect(new Set(calls2.map((c) => c.token))).toEqual(new Set([t2.token]));
      expect(fake.responses.some((r) => /Placed 4 people in 2 rooms/.test(String(r.body['text'])))).toBe(true);

      const before3 = fake.calls.length;
      await runMeeting(rig, 'T3');
      const calls3 = workCalls(fake, before3);
      expect(calls3.length).toBeGreaterThan(5);
      expect(new Set(calls3.map((c) => c.token))).toEqual(new Set([t3.token]));
      // The bot of each workspace is never invited into its rooms.
      const invited = fake.callsOf('conversations.invite').flatMap((c) => String(c.body['users']).split(','));
      expect(invited).not.toContain(t2.botUserId);
      expect(invited).not.toContain(t3.botUserId);
    });

    it('app_uninstalled (a signed event) removes the workspace’s installation; its next command is refused with a sentence and one clear log line, and other workspaces go on', async () => {
      const { rig, records } = await open();
      const [t2, t3] = [workspace('T2'), workspace('T3')];
      await rig.install(t2);
      await rig.install(t3);
      await runMeeting(rig, 'T2');

      const res = await rig.event(installationEvent('app_uninstalled', { team: 'T2' }));
      expect(res.status).toBe(200);
      expect(await records.get('slack:team:T2')).toBeUndefined();
      expect((await backend().stored()).map((s) => s.key)).toEqual(['slack:team:T3']);
      // Slack revokes the token with the uninstall: a call made with it would fail from now on.
      fake.revoke(t2.token);

      const before = fake.calls.length;
      const refused = await rig.command('T2', 'status', FAC, { responseId: 'after-uninstall' });
      expect(refused.status).toBe(200);
      expect(fake.calls.slice(before)).toEqual([]);
      expect(fake.responses.find((r) => r.id === 'after-uninstall')?.body['text']).toBe(NOT_INSTALLED);
      const lines = rig.logLines.filter((l) => l.includes('"level":"warn"') || l.includes('"level":"error"'));
      expect(lines.filter((l) => l.includes('no installation in workspace T2'))).toHaveLength(1);
      expect(lines.filter((l) => !l.includes('no installation in workspace T2'))).toEqual([]);

      // The other workspace is untouched.
      const beforeT3 = fake.calls.length;
      expect((await rig.command('T3', 'join', people('T3')[0]!)).status).toBe(200);
      expect(new Set(workCalls(fake, beforeT3).map((c) => c.token))).toEqual(new Set([t3.token]));
    });

    it('tokens_revoked for the bot removes the installation; a revoked user token alone keeps it', async () => {
      const { rig, records } = await open();
      await rig.install(workspace('T2'));
      await rig.install(workspace('T3'));
      expect((await rig.event(installationEvent('tokens_revoked', { team: 'T3' }, { tokens: { oauth: ['UINSTALLER'] } }))).status).toBe(200);
      expect(await records.get('slack:team:T3')).toBeDefined();
      expect((await rig.event(installationEvent('tokens_revoked', { team: 'T2' }, { tokens: { bot: ['UBOTT2'] } }))).status).toBe(200);
      expect((await backend().stored()).map((s) => s.key)).toEqual(['slack:team:T3']);
    });

    it('an org-wide install serves each workspace of the organisation with the org’s token, and its uninstall removes it with its workspace pointers', async () => {
      const { rig } = await open();
      const org = workspace('T9', { enterprise: { id: 'E1', name: 'Org One' }, isEnterpriseInstall: true });
      const page = await rig.install(org);
      expect(page.status).toBe(200);
      expect(page.html).toContain('Org One');
      expect((await backend().stored()).map((s) => s.key)).toEqual(['slack:enterprise:E1']);

      const before = fake.calls.length;
      rig.fake.users.set('UT51', { id: 'UT51', name: 'ola' });
      expect((await rig.command('T5', 'join', { id: 'UT51', name: 'ola' }, { enterprise: 'E1' })).status).toBe(200);
      expect((await rig.command('T5', 'distribute 1', FAC, { enterprise: 'E1' })).status).toBe(200);
      const calls = workCalls(fake, before);
      expect(calls.map((c) => c.method)).toContain('chat.postMessage');
      expect(new Set(calls.map((c) => c.token))).toEqual(new Set([org.token]));
      // The org token names the workspace on every call.
      expect(new Set(calls.map((c) => c.body['team_id']))).toEqual(new Set(['T5']));
      expect((await backend().stored()).map((s) => s.key)).toEqual(['slack:enterprise:E1', 'slack:org-team:T5']);

      expect((await rig.event(installationEvent('app_uninstalled', { enterprise: 'E1', orgWide: true }))).status).toBe(200);
      expect(await backend().stored()).toEqual([]);
    });

    it('a restart with another BREAKOUTS_SECRET_KEY stops with a sentence naming it (never a key); the right key opens the stored workspaces again', async () => {
      const first = await open();
      await first.rig.install(workspace('T2'));
      await first.rig.close();
      rigs.splice(rigs.indexOf(first.rig), 1);

      const other = 'another-key-0123456789-abcdefghijklmnopqrstuvwxyz';
      const error = await open({ secretKey: other }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(Error);
      const message = (error as Error).message;
      expect(message).toMatch(/BREAKOUTS_SECRET_KEY is not the key it was sealed with/);
      expect(message).toContain('/slack/install');
      expect(message).not.toContain(other);
      expect(message).not.toContain(SECRET_KEY);

      const again = await open();
      const before = fake.calls.length;
      expect((await again.rig.command('T2', 'join', people('T2')[0]!)).status).toBe(200);
      expect(new Set(workCalls(fake, before).map((c) => c.token))).toEqual(new Set([workspace('T2').token]));
    });
  });
}

const folders: string[] = [];
// Each test gets a data folder of its own.
beforeEach(() => {
  folders.push(mkdtempSync(join(tmpdir(), 'breakouts-oauth-')));
});
afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

oauthSuite('Slack OAuth with installations in the data folder', () => {
  const folder = folders.at(-1) ?? '';
  return {
    open: () => openFileInstallationRecords(folder),
    async stored() {
      const dir = installationsFolder(folder);
      return readdirSync(dir)
        .filter((f) => !f.startsWith('.'))
        .map((f) => {
          const text = readFileSync(join(dir, f), 'utf8');
          return { key: (JSON.parse(text) as { key: string }).key, text, mode: statSync(join(dir, f)).mode & 0o777 };
        })
        .sort((a, b) => a.key.localeCompare(b.key));
    },
  };
});

describePostgres(await findPostgres(), 'Slack OAuth with installations in PostgreSQL', ({ db, open }) => {
  beforeEach(async () => {
    // The meeting store applies the schema (the installations table) at start, as in production.
    const store = await open();
    await store.close();
    await db().query('DELETE FROM installations');
  });
  it('two processes on one PostgreSQL: a workspace installed through one is served by the other, and an uninstall through one refuses the next command on the other at once', async () => {
    const fake = await startFakeSlack();
    const quiet = { debug() {}, info() {}, warn() {}, error() {} };
    const [recordsA, recordsB] = [await openPostgresInstallationRecords(db().url, { logger: quiet }), await openPostgresInstallationRecords(db().url, { logger: quiet })];
    const [a, b] = [await startOAuthRig(fake, { records: recordsA }), await startOAuthRig(fake, { records: recordsB })];
    try {
      const t2 = workspace('T2');
      expect((await a.install(t2)).status).toBe(200);
      const before = fake.calls.length;
      expect((await b.command('T2', 'join', people('T2')[0]!)).status).toBe(200);
      expect(new Set(workCalls(fake, before).map((c) => c.token))).toEqual(new Set([t2.token]));

      expect((await a.event(installationEvent('app_uninstalled', { team: 'T2' }))).status).toBe(200);
      const after = fake.calls.length;
      expect((await b.command('T2', 'status', FAC, { responseId: 'b-after' })).status).toBe(200);
      expect(fake.calls.slice(after)).toEqual([]);
      expect(fake.responses.find((r) => r.id === 'b-after')?.body['text']).toBe(NOT_INSTALLED);
    } finally {
      await a.close();
      await b.close();
      await recordsA.close();
      await recordsB.close();
      await fake.close();
    }
  });

  oauthSuite('the install flow', () => ({
    open: () => openPostgresInstallationRecords(db().url, { logger: { debug() {}, info() {}, warn() {}, error() {} } }),
    async stored() {
      const rows = await db().query<{ key: string; platform: string; sealed: string }>('SELECT key, platform, sealed FROM installations ORDER BY key COLLATE "C"');
      for (const row of rows) expect(row.platform).toBe('slack');
      return rows.map((r) => ({ key: r.key, text: `${r.key} ${r.platform} ${r.sealed}` }));
    },
  }));
});

describe('the install page and refused install links', () => {
  let fake: FakeSlack;
  let rig: OAuthRig;
  let folder: string;
  let records: InstallationRecords;

  beforeEach(async () => {
    fake = await startFakeSlack();
    folder = mkdtempSync(join(tmpdir(), 'breakouts-oauth-page-'));
    records = await openFileInstallationRecords(folder);
    rig = await startOAuthRig(fake, { records });
  });
  afterEach(async () => {
    await rig.close();
    await records.close();
    await fake.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('GET /slack/install shows “Add to Slack” linking Slack’s authorize page with the client id, exactly the manifest’s bot scopes, the redirect URL and a state this browser keeps in a cookie', async () => {
    const page = await rig.openInstallPage();
    expect(page.status).toBe(200);
    expect(page.html).toContain('Add to Slack');
    expect(`${page.authorize.origin}${page.authorize.pathname}`).toBe(`${fake.url}/oauth/v2/authorize`);
    expect(page.authorize.searchParams.get('client_id')).toBe(FAKE_CLIENT_ID);
    expect(page.authorize.searchParams.get('redirect_uri')).toBe(REDIRECT_URI);
    const manifest = z.object({ oauth_config: z.object({ scopes: z.object({ bot: z.array(z.string()) }) }) }).parse(slackManifest({ httpUrl: 'https://breakouts.example.com', oauth: true }));
    expect(page.authorize.searchParams.get('scope')?.split(',')).toEqual(manifest.oauth_config.scopes.bot);
    expect(manifest.oauth_config.scopes.bot).toEqual(botScopes());
    expect(page.authorize.searchParams.get('user_scope')).toBeNull();
    const state = page.authorize.searchParams.get('state') ?? '';
    expect(state.length).toBeGreaterThan(20);
    expect(page.cookie).toBe(`slack-app-oauth-state=${state}`);
    expect(page.setCookie).toMatch(/HttpOnly/);
  });

  const refusals: [string, (install: { cookie: string; state: string; scopes: string[] }) => { state: string; cookie?: string }][] = [
    ['a state signed with another secret (forged)', ({ scopes }) => {
      const forged = stateToken('not-the-state-secret-0123456789', 0, scopes);
      return { state: forged, cookie: `slack-app-oauth-state=${forged}` };
    }],
    ['a state 11 minutes old (expired)', ({ scopes }) => {
      const old = stateToken(STATE_SECRET, 11, scopes);
      return { state: old, cookie: `slack-app-oauth-state=${old}` };
    }],
    ['a good state from another browser (no cookie)', ({ state }) => ({ state })],
  ];
  for (const [what, make] of refusals) {
    it(`${what} is refused with a page that says why and how to start again, and nothing is installed`, async () => {
      const page = await rig.openInstallPage();
      const scopes = (page.authorize.searchParams.get('scope') ?? '').split(',');
      const install: FakeInstall = workspace('T7');
      fake.grant('code-T7', install, scopes);
      const { state, cookie } = make({ cookie: page.cookie, state: page.authorize.searchParams.get('state') ?? '', scopes });
      const answer = await rig.redirect({ code: 'code-T7', state }, cookie);
      expect(answer.status).toBe(400);
      expect(answer.html).toContain('Breakouts was not installed');
      expect(answer.html).toMatch(/expired .*another browser/);
      expect(answer.html).toContain('href="/slack/install"');
      expect(fake.callsOf('oauth.v2.access')).toEqual([]);
      expect(await records.list('')).toEqual([]);
      expect(rig.logLines.filter((l) => l.includes('A Slack installation did not finish'))).toHaveLength(1);
    });
  }

  it('a state made as above but fresh, signed with the state secret and in the cookie, installs (so the refusals are about the secret, the age and the browser)', async () => {
    const page = await rig.openInstallPage();
    const scopes = (page.authorize.searchParams.get('scope') ?? '').split(',');
    fake.grant('code-T8', workspace('T8'), scopes);
    const fresh = stateToken(STATE_SECRET, 1, scopes);
    const answer = await rig.redirect({ code: 'code-T8', state: fresh }, `slack-app-oauth-state=${fresh}`);
    expect(answer.status).toBe(200);
    expect((await records.list('')).map((r) => r.key)).toEqual(['slack:team:T8']);
  });

  it('a person who cancels on Slack’s page is told nothing was installed', async () => {
    const page = await rig.openInstallPage();
    const answer = await rig.redirect({ error: 'access_denied', state: page.authorize.searchParams.get('state') ?? '' }, page.cookie);
    expect(answer.status).toBe(400);
    expect(answer.html).toContain('cancelled in Slack');
    expect(await records.list('')).toEqual([]);
  });

  it('a code Slack refuses (invalid_code) gives a page naming Slack’s answer and stores nothing', async () => {
    const page = await rig.openInstallPage();
    const answer = await rig.redirect({ code: 'never-granted', state: page.authorize.searchParams.get('state') ?? '' }, page.cookie);
    expect(answer.status).toBe(502);
    expect(answer.html).toContain('Slack did not complete the installation (invalid_code)');
    expect(await records.list('')).toEqual([]);
  });
});
