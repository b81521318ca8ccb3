// Rounds that remember, in Slack, end to end through the real Bolt app against the fake Web API with a
// clock the tests move by hand: two rounds with a live move and each round's digest, `distribute new`
// and its repeats, `export` as a file in the asker's DMs, `import-layout` typed and in its dialog (with
// e-mails matched by users.lookupByEmail), and choose mode's room picker.
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { decodeAction } from '../../src/commands/action-id.ts';
import type { Audio, Meeting, Place } from '../../src/domain/meeting.ts';
import { LAYOUT_CSV_MAX_CHARS } from '../../src/domain/layout-csv.ts';
import { METHOD_SCOPES } from '../../adapters/slack/manifest.ts';
import { BOT_TOKEN } from './fakes/harness.ts';
import { IMPORT_BLOCK, IMPORT_CALLBACK, IMPORT_CONFIRM_BLOCK, IMPORT_CONFIRM_INPUT, IMPORT_FILE_BLOCK, IMPORT_FILE_INPUT, IMPORT_INPUT } from '../../adapters/slack/render.ts';
import { actionIds, findAction, lastBoard } from './fakes/board-actions.ts';
import { checkMessage, checkModal } from './fakes/block-kit-check.ts';
import type { RecordedCall } from './fakes/fake-slack.ts';
import { manualClock, startRig, type ManualClock, type Rig } from './fakes/harness.ts';
import { CHANNEL, formPayload, nextTriggerId, postSigned, TEAM, type Person } from './fakes/signed.ts';

const FAC: Person = { id: 'UFAC', name: 'fran' };
const place: Place = { platform: 'slack', workspaceId: TEAM, channelId: CHANNEL, mainRoomId: CHANNEL };
const START = '2026-11-26T12:00:00Z';

let rig: Rig | undefined;
afterEach(async () => {
  // Every call the adapter made is one the manifest grants a scope for.
  for (const call of rig?.fake.calls ?? []) expect(Object.keys(METHOD_SCOPES)).toContain(call.method);
  await rig?.close();
  rig = undefined;
});

const textOf = (c: RecordedCall | undefined): string => String(c?.body['text'] ?? '');
const boardText = (r: Rig): string => JSON.stringify(lastBoard(r)?.body['blocks'] ?? '');
const mainPosts = (r: Rig): RecordedCall[] => r.fake.callsOf('chat.postMessage').filter((c) => c.body['channel'] === CHANNEL);
const digests = (r: Rig): RecordedCall[] => mainPosts(r).filter((c) => /^Round \d+ of /.test(textOf(c)));
const roomOf = (m: Meeting, id: string): number | null => m.attendees.find((a) => a.id === id)?.room ?? null;

/** A rig with `people` on the roster (ids U1…, names person1…), known to the fake Slack, made by FAC through the engine. */
async function meetingWith(people: readonly Audio[], clock: ManualClock, seed = 'rounds'): Promise<Rig> {
  rig = await startRig({ seed, clock });
  const r = rig;
  const roster = people.map((audio, i) => ({ id: `U${i + 1}`, name: `person${i + 1}`, audio }));
  const seeded = await r.engine.execute({ target: { place }, actor: FAC, command: 'import', input: { people: roster } });
  expect(seeded.ok).toBe(true);
  for (const p of [...roster, FAC]) r.fake.users.set(p.id, { id: p.id, name: p.name, email: `${p.name}@example.com` });
  return r;
}

/** Move the clock and deliver whatever fell due, then wait for it all to go out. */
async function advance(r: Rig, clock: ManualClock, ms: number): Promise<void> {
  clock.advance(ms);
  await r.slack.deliverer.sweep({ olderThanMs: 0 });
  await r.slack.deliverer.idle();
}

/** Who shares a room with whom: each room's members, sorted, for comparing layouts. */
function groups(m: Meeting): string[] {
  const rooms = new Map<number, string[]>();
  for (const a of m.attendees) if (a.room !== null) rooms.set(a.room, [...(rooms.get(a.room) ?? []), a.id]);
  return [...rooms.values()].map((ids) => ids.sort().join(' ')).sort();
}

/** A round: start, `minutes` later end (with the sweep a deliverer makes in between). */
async function round(r: Rig, clock: ManualClock, minutes: number): Promise<void> {
  await r.command('start', FAC);
  expect((await r.meeting()).status).toBe('started');
  await advance(r, clock, minutes * 60_000);
  await r.command('end', FAC);
  await r.slack.deliverer.idle();
  expect((await r.meeting()).status).toBe('ended');
}

describe('rounds and their digests in Slack', () => {
  it('two rounds with a live move in between: End posts each round’s digest once in the meeting channel — each room, who was there, for how long', async () => {
    const clock = manualClock(START);
    const r = await meetingWith(['voip', 'voip', 'voip', 'voip', 'voip', 'voip'], clock);
    await r.command('distribute 2', FAC);
    await r.command('start', FAC);
    const first = await r.meeting();
    const from = roomOf(first, 'U1')!;
    const to = from === 1 ? 2 : 1;
    await advance(r, clock, 4 * 60_000);
    // A live move: person1 spends 4 minutes in one room and 6 in the other.
    await r.command(`move <@U1|person1> ${to}`, FAC);
    expect(roomOf(await r.meeting(), 'U1')).toBe(to);
    await advance(r, clock, 6 * 60_000);
    await r.command('end', FAC);
    await r.slack.deliverer.idle();

    expect(digests(r)).toHaveLength(1);
    const digest = textOf(digests(r)[0]);
    expect(digest.split('\n')[0]).toBe(`Round 1 of ${first.title} is over (10 min).`);
    expect(digest).toContain('• Breakout 1: ');
    expect(digest).toContain('• Breakout 2: ');
    const line = (room: number): string => digest.split('\n').find((l) => l.startsWith(`• Breakout ${room}:`)) ?? '';
    expect(line(from)).toContain('person1 (4 min)');
    expect(line(to)).toContain('person1 (6 min)');
    for (const a of first.attendees.filter((p) => p.id !== 'U1' && p.room !== null)) expect(line(roomOf(first, a.id)!)).toContain(`${a.name} (10 min)`);
    // Sweeping again later sends nothing twice.
    await advance(r, clock, 60_000);
    expect(digests(r)).toHaveLength(1);

    // Round 2: its own digest, once; round 1's is not posted again.
    await round(r, clock, 7);
    expect(digests(r)).toHaveLength(2);
    expect(textOf(digests(r)[1]).split('\n')[0]).toBe(`Round 2 of ${first.title} is over (7 min).`);
    const m = await r.meeting();
    expect(m.rounds?.map((x) => x.number)).toEqual([1, 2]);
    expect(m.rounds?.[0]?.stints.filter((s) => s.id === 'U1').map((s) => s.room)).toEqual([from, to]);

    await r.command('rounds', FAC);
    expect(r.replies().at(-1)).toMatch(/Round 1 .* 10 min .*\nRound 2 .* 7 min/s);
  });

  it('the digest is escaped: a room name can never mention @channel', async () => {
    const clock = manualClock(START);
    const r = await meetingWith(['voip', 'voip', 'voip', 'voip'], clock);
    await r.command('distribute 2', FAC);
    await r.command('rename 1 <!channel> party', FAC);
    await round(r, clock, 5);
    const digest = textOf(digests(r)[0]);
    expect(digest).not.toContain('<!channel>');
    expect(digest).toContain('&lt;!channel&gt; party');
  });
});

describe('distribute same and new in Slack', () => {
  it('distribute same restores the last round’s groups; distribute new says on the board and in the reply how many pairs meet again against a random shuffle', async () => {
    const clock = manualClock(START);
    const r = await meetingWith(Array.from({ length: 12 }, (): Audio => 'voip'), clock, 'rounds-new');
    await r.command('distribute 3', FAC);
    const before = groups(await r.meeting());
    await round(r, clock, 10);

    await r.command('distribute same', FAC);
    expect(groups(await r.meeting())).toEqual(before);
    expect(boardText(r)).toContain('🔁 Same groups as last round');

    await r.command('distribute new', FAC);
    const meeting = await r.meeting();
    expect(meeting.repeats?.strategy).toBe('new');
    const repeats = meeting.repeats!;
    expect(repeats.now).toBeLessThan(repeats.random);
    const line = `${repeats.now === 1 ? '1 pair meets' : `${repeats.now} pairs meet`} again (a random shuffle: ${repeats.random})`;
    expect(boardText(r)).toContain(`🔁 ${line}`);
    expect(r.replies().at(-1)).toContain(line);
    expect(checkMessage({ text: textOf(lastBoard(r)), blocks: lastBoard(r)?.body['blocks'] }).problems).toEqual([]);
  });
});

describe('export in Slack', () => {
  it('export sends a CSV of every round to the asker’s direct messages with Breakouts, and the reply says where it went', async () => {
    const clock = manualClock(START);
    const r = await meetingWith(['voip', 'voip', 'phone', 'voip'], clock);
    await r.command('distribute 2', FAC);
    await round(r, clock, 5);
    await r.command('distribute new', FAC);
    await round(r, clock, 8);

    await r.command('export', FAC);
    expect(r.fake.callsOf('conversations.open').map((c) => c.body['users'])).toEqual([FAC.id]);
    expect(r.fake.callsOf('files.getUploadURLExternal')).toHaveLength(1);
    expect(r.fake.files).toHaveLength(1);
    const file = r.fake.files[0]!;
    expect(file.channel).toBe('DFAC');
    expect(file.filename).toMatch(/\.csv$/);
    const lines = file.content.trim().split('\n');
    expect(lines[0]).toBe('round,room,id,name,audio,joined,left');
    const rows = lines.slice(1).map((l) => l.split(','));
    expect(rows.filter((f) => f[0] === '1')).toHaveLength(4);
    expect(rows.filter((f) => f[0] === '2')).toHaveLength(4);
    expect(rows.find((f) => f[0] === '1' && f[2] === 'U3')).toEqual(['1', expect.stringMatching(/^[12]$/), 'U3', 'person3', 'phone', '2026-11-26T12:00:00.000Z', '2026-11-26T12:05:00.000Z']);
    expect(r.replies().at(-1)).toContain('is in your direct messages with Breakouts');
  });

  it('a workspace that never granted files:write still gets the reply, saying why the file did not come and how to fix it', async () => {
    const clock = manualClock(START);
    const r = await meetingWith(['voip', 'voip'], clock);
    await r.command('distribute 1', FAC);
    await round(r, clock, 5);
    r.fake.fail('files.getUploadURLExternal', 'missing_scope');
    await r.command('export', FAC);
    expect(r.fake.files).toHaveLength(0);
    expect(r.replies().at(-1)).toContain('could not be sent');
    expect(r.replies().at(-1)).toContain('files:write');
    expect(r.logLines.filter((l) => l.includes('"level":"error"'))).toEqual([]);
  });
});

/** The dialog's state as Slack sends it: `csv` in the paste box, or the id of a file chosen in the file input (and the go-ahead box). */
function dialogState(csv: string, fileId?: string, confirm = false): Record<string, unknown> {
  return {
    values: {
      [IMPORT_FILE_BLOCK]: { [IMPORT_FILE_INPUT]: { type: 'file_input', files: fileId ? [{ id: fileId, name: 'layout.csv', filetype: 'csv' }] : [] } },
      [IMPORT_BLOCK]: { [IMPORT_INPUT]: { type: 'plain_text_input', value: csv === '' ? null : csv } },
      ...(confirm ? { [IMPORT_CONFIRM_BLOCK]: { [IMPORT_CONFIRM_INPUT]: { type: 'checkboxes', selected_options: [{ value: 'confirm', text: { type: 'plain_text', text: 'Move people now' } }] } } } : {}),
    },
  };
}

/** A view_submission of the import dialog as Slack sends it, with `csv` in the paste box (or `state` as given). */
function submission(view: Record<string, unknown>, viewId: string, csv: string, user: Person = FAC, state: Record<string, unknown> = dialogState(csv)): string {
  return formPayload({
    type: 'view_submission',
    team: { id: TEAM, domain: 'test' },
    user: { id: user.id, username: user.name, name: user.name, team_id: TEAM },
    api_app_id: 'A1',
    token: 'legacy',
    trigger_id: nextTriggerId(),
    view: {
      ...view,
      id: viewId,
      hash: '1700000000.abc',
      team_id: TEAM,
      state,
    },
  });
}

/** `import-layout` typed alone: the dialog Breakouts opened, and its id. */
async function openImportDialog(r: Rig): Promise<{ view: Record<string, unknown>; viewId: string }> {
  await r.command('import-layout', FAC);
  const view = z.record(z.string(), z.unknown()).parse(r.fake.callsOf('views.open').at(-1)?.body['view']);
  expect(checkModal(view).problems).toEqual([]);
  return { view, viewId: [...r.fake.views.keys()].at(-1)! };
}

const ViewAck = z.object({ response_action: z.string(), view: z.record(z.string(), z.unknown()).optional(), errors: z.record(z.string(), z.string()).optional() });

describe('import-layout in Slack', () => {
  it('typed with CSV text: an e-mail row is matched through users.lookupByEmail, a name row by name, and the unmatched row is listed', async () => {
    const clock = manualClock(START);
    const r = await meetingWith(['voip', 'voip', 'voip', 'voip'], clock);
    await r.command('distribute 2', FAC);
    // As Slack sends typed text to an app with should_escape: the address as a mailto link.
    await r.command('import-layout email,name,room\n<mailto:person1@example.com|person1@example.com>,,2\n,person3,1\nnobody@example.com,,2', FAC);
    const lookups = r.fake.callsOf('users.lookupByEmail').map((c) => c.body['email']).sort();
    expect(lookups).toEqual(['nobody@example.com', 'person1@example.com']);
    const m = await r.meeting();
    expect(roomOf(m, 'U1')).toBe(2);
    expect(roomOf(m, 'U3')).toBe(1);
    const reply = r.replies().at(-1) ?? '';
    expect(reply).toContain('nobody@example.com');
    expect(checkMessage({ text: textOf(lastBoard(r)), blocks: lastBoard(r)?.body['blocks'] }).problems).toEqual([]);
  });

  it('typed on one line, rows separated by semicolons, ids given as mentions', async () => {
    const clock = manualClock(START);
    const r = await meetingWith(['voip', 'voip', 'voip', 'voip'], clock);
    await r.command('distribute 2', FAC);
    await r.command('import-layout id,room; <@U2|person2>,1; <@U4|person4>,1', FAC);
    const m = await r.meeting();
    expect([roomOf(m, 'U2'), roomOf(m, 'U4')]).toEqual([1, 1]);
    expect(r.fake.callsOf('users.lookupByEmail')).toHaveLength(0);
  });

  it('typed alone, it opens the paste dialog; submitting it imports the layout and the dialog shows the result', async () => {
    const clock = manualClock(START);
    const r = await meetingWith(['voip', 'voip', 'voip', 'voip'], clock);
    await r.command('distribute 2', FAC);
    await r.command('import-layout', FAC);
    const opened = r.fake.callsOf('views.open');
    expect(opened).toHaveLength(1);
    expect(String(opened[0]?.body['trigger_id'])).toMatch(/^trigger-\d+$/);
    const view = z.record(z.string(), z.unknown()).parse(opened[0]?.body['view']);
    expect(view['callback_id']).toBe(IMPORT_CALLBACK);
    expect(checkModal(view).problems).toEqual([]);
    const viewId = [...r.fake.views.keys()][0]!;

    // Empty: the dialog stays open with the box's error.
    const empty = await postSigned(r.url, submission(view, viewId, '   '));
    expect(ViewAck.parse(JSON.parse(empty.text)).errors?.[IMPORT_BLOCK]).toContain('Paste the layout');

    const res = await postSigned(r.url, submission(view, viewId, 'email,room\nPerson2@example.com,1\nperson4@example.com,1\nghost@example.com,2'));
    expect(res.status).toBe(200);
    const ack = ViewAck.parse(JSON.parse(res.text));
    expect(ack.response_action).toBe('update');
    expect(checkModal(ack.view).problems).toEqual([]);
    const m = await r.meeting();
    expect([roomOf(m, 'U2'), roomOf(m, 'U4')]).toEqual([1, 1]);
    expect(r.fake.callsOf('users.lookupByEmail').map((c) => c.body['email']).sort()).toEqual(['Person2@example.com', 'ghost@example.com', 'person4@example.com']);
    const result = r.fake.views.get(viewId)?.view;
    expect(checkModal(result).problems).toEqual([]);
    expect(JSON.stringify(result)).toContain('ghost@example.com');
    expect(JSON.stringify(result)).not.toContain('"submit"');
  });

  it('the dialog submitted with a CSV the engine refuses comes back with the text kept and the reason; someone who may not import is told so and nothing changes', async () => {
    const clock = manualClock(START);
    const r = await meetingWith(['voip', 'voip', 'voip', 'voip'], clock);
    await r.command('distribute 2', FAC);
    await r.command('import-layout', FAC);
    const view = z.record(z.string(), z.unknown()).parse(r.fake.callsOf('views.open')[0]?.body['view']);
    const viewId = [...r.fake.views.keys()][0]!;
    await postSigned(r.url, submission(view, viewId, 'email,seat\nperson1@example.com,2'));
    const again = JSON.stringify(r.fake.views.get(viewId)?.view);
    expect(again).toContain('no room column');
    expect(again).toContain('person1@example.com,2');
    expect(again).toContain('"submit"');

    const before = await r.meeting();
    await postSigned(r.url, submission(view, viewId, 'email,room\nperson1@example.com,2', { id: 'U3', name: 'person3' }));
    expect(JSON.stringify(r.fake.views.get(viewId)?.view)).toContain('facilitator');
    expect((await r.meeting()).attendees).toEqual(before.attendees);
    // Nobody was looked up for someone who may not import.
    expect(r.fake.callsOf('users.lookupByEmail')).toHaveLength(0);
  });

  it('import dialog submissions bent out of shape, or of a dialog Breakouts did not open, are closed with an empty 200 and change nothing', async () => {
    const clock = manualClock(START);
    const r = await meetingWith(['voip', 'voip'], clock);
    await r.command('distribute 1', FAC);
    const before = await r.meeting();
    const user = { id: FAC.id, username: FAC.name, team_id: TEAM };
    const box = (value: unknown): Record<string, unknown> => ({ values: { [IMPORT_BLOCK]: { [IMPORT_INPUT]: { type: 'plain_text_input', value } } } });
    const bent: Record<string, unknown>[] = [
      { type: 'view_submission', user, team: { id: TEAM }, view: { id: 'V9', callback_id: IMPORT_CALLBACK, private_metadata: JSON.stringify({ c: CHANNEL, r: 0 }), state: box(42) } },
      { type: 'view_submission', user, team: { id: TEAM }, view: { id: 'V9', callback_id: IMPORT_CALLBACK, private_metadata: JSON.stringify({ c: CHANNEL, r: 0 }), state: box('x'.repeat(3001)) } },
      { type: 'view_submission', user, team: { id: '__proto__' }, view: { id: 'V9', callback_id: IMPORT_CALLBACK, state: box('id,room\nU1,1') } },
      // No channel to import into: nothing to do but close it.
      { type: 'view_submission', user, team: { id: TEAM }, view: { id: 'V9', callback_id: IMPORT_CALLBACK, private_metadata: '{"r":0}', state: box('id,room\nU1,1') } },
      { type: 'view_submission', user, team: { id: TEAM }, view: { id: 'V9', callback_id: 'someone-elses-dialog', private_metadata: JSON.stringify({ c: CHANNEL, r: 0 }), state: box('id,room\nU1,1') } },
    ];
    for (const payload of bent) {
      const res = await postSigned(r.url, formPayload(payload));
      expect([res.status, res.text]).toEqual([200, '']);
    }
    expect((await r.meeting()).attendees).toEqual(before.attendees);
    expect(r.fake.callsOf('views.update')).toHaveLength(0);
    expect(r.logLines.filter((l) => l.includes('"level":"error"'))).toEqual([]);
  });
});

describe('import-layout from a CSV file chosen in the dialog', () => {
  it('a file longer than the paste box allows is read with the bot token (files.info, then its private URL) and imported; the dialog shows the result', async () => {
    const clock = manualClock(START);
    const r = await meetingWith(['voip', 'voip', 'voip', 'voip'], clock);
    await r.command('distribute 2', FAC);
    const { view, viewId } = await openImportDialog(r);
    const blocks = z.array(z.object({ block_id: z.string().optional(), element: z.object({ type: z.string() }).optional() })).parse(view['blocks']);
    expect(blocks.find((b) => b.block_id === IMPORT_FILE_BLOCK)?.element?.type).toBe('file_input');
    // Rooms are not open: no go-ahead box.
    expect(blocks.some((b) => b.block_id === IMPORT_CONFIRM_BLOCK)).toBe(false);

    // As a spreadsheet saves it: a byte-order mark, CRLF line ends, and 300 rows for people not here yet.
    const later = Array.from({ length: 300 }, (_, i) => `newcomer${i}@example.com,2`);
    const csv = `\uFEFFemail,room\r\nperson2@example.com,1\r\nperson4@example.com,1\r\n${later.join('\r\n')}\r\n`;
    expect(csv.length).toBeGreaterThan(3000);
    const fileId = r.fake.shareFile('layout.csv', csv);
    const res = await postSigned(r.url, submission(view, viewId, '', FAC, dialogState('', fileId)));
    expect(ViewAck.parse(JSON.parse(res.text)).response_action).toBe('update');
    const after = await r.meeting();
    expect([roomOf(after, 'U2'), roomOf(after, 'U4')]).toEqual([1, 1]);
    expect(after.layoutPlan).toHaveLength(300);
    expect(r.fake.callsOf('files.info').map((c) => c.body['file'])).toEqual([fileId]);
    expect(r.fake.downloads).toEqual([{ id: fileId, token: BOT_TOKEN }]);
    const result = JSON.stringify(r.fake.views.get(viewId)?.view);
    expect(result).toContain('2 people placed');
    expect(result).toContain('newcomer0@example.com');
    expect(checkModal(r.fake.views.get(viewId)?.view).problems).toEqual([]);
  });

  it('a file that cannot be used (not UTF-8, too large, Slack refusing files.info, an address off Slack’s file host) brings the dialog back with the reason, and nothing changes', async () => {
    const clock = manualClock(START);
    const r = await meetingWith(['voip', 'voip', 'voip', 'voip'], clock);
    await r.command('distribute 2', FAC);
    const before = await r.meeting();
    const { view, viewId } = await openImportDialog(r);
    const reasonAfter = async (fileId: string): Promise<string> => {
      await postSigned(r.url, submission(view, viewId, '', FAC, dialogState('', fileId)));
      const shown = r.fake.views.get(viewId)?.view;
      expect(checkModal(shown).problems).toEqual([]);
      // The form again (with its Import button), not a result.
      expect(JSON.stringify(shown)).toContain('"submit"');
      return JSON.stringify(shown);
    };

    expect(await reasonAfter(r.fake.shareFile('latin1.csv', new Uint8Array([0x69, 0x64, 0x2c, 0x72, 0x6f, 0x6f, 0x6d, 0x0a, 0xe9, 0x2c, 0x31])))).toContain('is not UTF-8 text');
    expect(await reasonAfter(r.fake.shareFile('huge.csv', `id,room\n${'U1,1\n'.repeat(LAYOUT_CSV_MAX_CHARS / 5 + 1)}`))).toContain('is larger than');
    r.fake.fail('files.info', 'missing_scope');
    expect(await reasonAfter(r.fake.shareFile('layout.csv', 'id,room\nU1,2'))).toContain('files:read');

    // An address anywhere but Slack's file host never sees the token.
    const foreign = r.fake.shareFile('layout.csv', 'id,room\nU1,2');
    r.fake.on('files.info', () => ({ status: 200, body: { ok: true, file: { id: foreign, name: 'layout.csv', size: 12, url_private_download: 'https://files.example.org/layout.csv' } } }));
    expect(await reasonAfter(foreign)).toContain('on its own file host');

    // Only the first, UTF-8 check downloaded anything: the too-large file was refused by its size.
    expect(r.fake.downloads).toHaveLength(1);
    expect((await r.meeting()).attendees).toEqual(before.attendees);
    expect(r.logLines.filter((l) => l.includes('"level":"error"'))).toEqual([]);
  });

  it('while rooms are open the dialog offers “Move people now”: without it a moving layout comes back naming who would move, with it they are moved', async () => {
    const clock = manualClock(START);
    const r = await meetingWith(['voip', 'voip', 'voip', 'voip'], clock);
    await r.command('distribute 2', FAC);
    await r.command('start', FAC);
    await r.slack.deliverer.idle();
    const m = await r.meeting();
    const inOne = m.attendees.filter((a) => a.room === 1).map((a) => a.id);
    const { view, viewId } = await openImportDialog(r);
    expect(JSON.stringify(view)).toContain(IMPORT_CONFIRM_BLOCK);
    const fileId = r.fake.shareFile('layout.csv', `id,room\n${inOne[0]},2`);

    await postSigned(r.url, submission(view, viewId, '', FAC, dialogState('', fileId)));
    const asked = JSON.stringify(r.fake.views.get(viewId)?.view);
    expect(asked).toContain('Nothing was changed yet');
    expect(asked).toContain(m.attendees.find((a) => a.id === inOne[0])?.name);
    expect(asked).toContain(IMPORT_CONFIRM_BLOCK);
    expect((await r.meeting()).attendees).toEqual(m.attendees);

    await postSigned(r.url, submission(view, viewId, '', FAC, dialogState('', fileId, true)));
    expect(roomOf(await r.meeting(), inOne[0]!)).toBe(2);
    expect(JSON.stringify(r.fake.views.get(viewId)?.view)).not.toContain('"submit"');
  });

  it('a file and pasted text together, or neither, keep the dialog open with what to do', async () => {
    const clock = manualClock(START);
    const r = await meetingWith(['voip', 'voip'], clock);
    await r.command('distribute 1', FAC);
    const { view, viewId } = await openImportDialog(r);
    const fileId = r.fake.shareFile('layout.csv', 'id,room\nU1,1');
    const both = ViewAck.parse(JSON.parse((await postSigned(r.url, submission(view, viewId, 'id,room\nU2,1', FAC, dialogState('id,room\nU2,1', fileId)))).text));
    expect(both.errors?.[IMPORT_BLOCK]).toContain('not both');
    const neither = ViewAck.parse(JSON.parse((await postSigned(r.url, submission(view, viewId, '', FAC, dialogState('')))).text));
    expect(neither.errors?.[IMPORT_BLOCK]).toContain('choose a CSV file');
    expect(r.fake.callsOf('files.info')).toHaveLength(0);
  });
});

describe('choose your room in Slack', () => {
  it('mode choose: “Choose your room” opens a picker listing only the rooms open to the clicker; picking moves them, and the answer replaces the picker', async () => {
    const clock = manualClock(START);
    // Two phone callers and six on computer audio; phone rooms are the first ones only.
    const r = await meetingWith(['phone', 'phone', 'voip', 'voip', 'voip', 'voip', 'voip', 'voip'], clock);
    await r.command('rooms 4', FAC);
    await r.command('phone-rooms 1', FAC);
    await r.command('mode choose', FAC);
    expect((await r.meeting()).settings.mode).toBe('choose');
    const board = lastBoard(r);
    expect(boardText(r)).toContain('Choose your room');
    const open = findAction(board?.body['blocks'], 'pick-open');

    const offered = (blocks: unknown): string[] =>
      actionIds(blocks).flatMap((id) => {
        const d = decodeAction(id);
        return d.ok && d.ref.verb === 'pick' ? [d.ref.args[0] ?? ''] : [];
      });

    // A phone caller sees only the phone room; the picker is their own new message beside the board.
    await r.click(open, { id: 'U1', name: 'person1' });
    const picker = r.fake.responses.at(-1);
    expect(picker?.body['replace_original']).toBe(false);
    expect(picker?.body['response_type']).toBe('ephemeral');
    expect(checkMessage({ text: String(picker?.body['text']), blocks: picker?.body['blocks'] }).problems).toEqual([]);
    expect(offered(picker?.body['blocks'])).toEqual(['1']);
    // Picking on the picker (the clicker's own ephemeral copy): they are in that room, and the answer replaces the picker.
    await r.click(findAction(picker?.body['blocks'], 'pick', '1'), { id: 'U1', name: 'person1' }, { ephemeral: true });
    expect(roomOf(await r.meeting(), 'U1')).toBe(1);
    expect(r.fake.responses.at(-1)?.body['replace_original']).toBe(true);
    expect(String(r.fake.responses.at(-1)?.body['text'])).toContain('You are in');

    // Someone on computer audio now sees every room without a phone caller.
    await r.click(open, { id: 'U3', name: 'person3' });
    const voipPicker = r.fake.responses.at(-1);
    expect(offered(voipPicker?.body['blocks']).sort()).toEqual(['2', '3', '4']);
    await r.click(findAction(voipPicker?.body['blocks'], 'pick', '3'), { id: 'U3', name: 'person3' }, { ephemeral: true });
    expect(roomOf(await r.meeting(), 'U3')).toBe(3);
    expect(boardText(r)).toMatch(/\*3\. Breakout 3\* · 1 person[^"]*person3/);

    // A cap of 1: room 3 is full now, so it is no longer offered.
    await r.command('room-cap 1', FAC);
    expect(boardText(r)).toContain('at most 1 person a room');
    await r.click(findAction(lastBoard(r)?.body['blocks'], 'pick-open'), { id: 'U4', name: 'person4' });
    expect(offered(r.fake.responses.at(-1)?.body['blocks']).sort()).toEqual(['2', '4']);

    // Back to assign: the board no longer offers the picker.
    await r.command('mode assign', FAC);
    expect(actionIds(lastBoard(r)?.body['blocks']).some((id) => { const d = decodeAction(id); return d.ok && d.ref.verb === 'pick-open'; })).toBe(false);
  });
});
