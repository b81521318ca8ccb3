// End to end through the real Bolt app over HTTP: signed requests in, Web API calls recorded by
// the fake Slack. Covers the board, moves, conflict DMs, apply/start/end, safety and errors.
import { noMetrics } from '../../src/runtime/metrics.ts';
import { noOps } from '../../src/runtime/adapter.ts';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { encodeAction, decodeAction } from '../../src/commands/action-id.ts';
import type { Audio, Place } from '../../src/domain/meeting.ts';
import { startRig, type Rig } from './fakes/harness.ts';
import { CHANNEL, postSigned, SIGNING_SECRET, slashBody, TEAM, type Person } from './fakes/signed.ts';
import { checkMessage, checkModal } from './fakes/block-kit-check.ts';
import { actionIds as actionIdsIn, findAction as findActionIn } from './fakes/board-actions.ts';
import { startFakeSlack, type RecordedCall } from './fakes/fake-slack.ts';
import { METHOD_SCOPES } from '../../adapters/slack/manifest.ts';
import { createSlackApp, type SlackApp } from '../../adapters/slack/index.ts';
import { BOT_TOKEN, fixedClock } from './fakes/harness.ts';
import { createEngine } from '../../src/engine/engine.ts';
import { createMemoryStore } from '../../src/store/store.ts';
import { createSeededRandom } from '../../src/domain/random.ts';
import { loadConfig } from '../../src/runtime/config.ts';
import { silentLogger } from '../../src/runtime/logger.ts';

const FAC: Person = { id: 'UFAC', name: 'fran' };
const place: Place = { platform: 'slack', workspaceId: TEAM, channelId: CHANNEL, mainRoomId: CHANNEL };

let rig: Rig | undefined;
afterEach(async () => {
  // Every call the adapter made is one the manifest grants a scope for.
  for (const call of rig?.fake.calls ?? []) expect(Object.keys(METHOD_SCOPES)).toContain(call.method);
  await rig?.close();
  rig = undefined;
});

async function open(options: Parameters<typeof startRig>[0] = {}): Promise<Rig> {
  rig = await startRig(options);
  return rig;
}

/** A meeting made by FAC with these people on the roster (ids U1…), through the engine. */
async function seed(r: Rig, people: readonly { audio: Audio }[], rooms?: number): Promise<void> {
  const input = { people: people.map((p, i) => ({ id: `U${i + 1}`, name: `person${i + 1}`, audio: p.audio })) };
  const outcome = await r.engine.execute({ target: { place }, actor: FAC, command: 'import', input });
  expect(outcome.ok).toBe(true);
  for (const p of input.people) r.fake.users.set(p.id, { id: p.id, name: p.name });
  if (rooms !== undefined) {
    const res = await r.command(`distribute ${rooms}`, FAC);
    expect(res.status).toBe(200);
  }
}

const Blocks = z.array(z.record(z.string(), z.unknown()));

/** Every action_id in a recorded call's blocks (or view). */
function actionIds(call: RecordedCall | undefined): string[] {
  return actionIdsIn(call?.body['blocks'] ?? call?.body['view']);
}

/** The action id of a verb on a recorded call's blocks (or view). */
function findAction(call: RecordedCall | undefined, verb: string, arg?: string): string {
  return findActionIn(call?.body['blocks'] ?? call?.body['view'], verb, arg);
}

/** The Move modal as Slack sends it back once a person and a room are picked in its first round. */
function modalWith(pick: string, move: string, person: string, room: string): Record<string, unknown> {
  return {
    id: 'V1',
    private_metadata: JSON.stringify({ c: CHANNEL, r: 0 }),
    state: { values: { 'move-0': { [pick]: { type: 'external_select', selected_option: { value: person } }, [move]: { type: 'static_select', selected_option: { value: room } } } } },
  };
}

function boardCalls(r: Rig): RecordedCall[] {
  return r.fake.calls.filter((c) => (c.method === 'chat.postMessage' || c.method === 'chat.update') && c.body['channel'] === CHANNEL);
}
const lastBoard = (r: Rig): RecordedCall | undefined => boardCalls(r).at(-1);
const dms = (r: Rig): RecordedCall[] => r.fake.callsOf('chat.postMessage').filter((c) => String(c.body['channel']).startsWith('U'));
const text = (call: RecordedCall | undefined): string => JSON.stringify(call?.body['blocks'] ?? '') + String(call?.body['text'] ?? '');

describe('the board', () => {
  it('distribute posts one board message, and the next change updates that same message', async () => {
    const r = await open();
    await seed(r, [{ audio: 'voip' }, { audio: 'voip' }, { audio: 'listening' }, { audio: 'voip' }]);
    const res = await r.command('distribute 2', FAC);
    expect(res.status).toBe(200);
    const posts = boardCalls(r);
    expect(posts.map((c) => c.method)).toEqual(['chat.postMessage']);
    expect(Blocks.parse(posts[0]!.body['blocks']).length).toBeGreaterThan(3);
    expect(text(posts[0])).toContain('Breakout 1');
    expect(r.replies().join('\n')).toMatch(/Placed 4 people in 2 rooms/);
    const meeting = await r.meeting();
    expect(meeting.resources['boardTs']).toBeDefined();

    await r.command('rename 1 Garden', FAC);
    const update = lastBoard(r);
    expect(update?.method).toBe('chat.update');
    expect(update?.body['ts']).toBe(meeting.resources['boardTs']);
    expect(text(update)).toContain('Garden');
    expect(boardCalls(r).filter((c) => c.method === 'chat.postMessage')).toHaveLength(1);
    for (const call of boardCalls(r)) expect(checkMessage({ text: String(call.body['text']), blocks: call.body['blocks'] }).problems).toEqual([]);
  });

  it('shows status, the audio key, rooms with icons, warnings and every button the issue lists', async () => {
    const r = await open();
    await seed(r, [{ audio: 'phone' }, { audio: 'voip' }, { audio: 'listening' }], 3);
    const board = text(lastBoard(r));
    for (const piece of ['Draft', 'Key:', '📞', '💻', '🎧', 'Main room', 'single person']) expect(board).toContain(piece);
    const verbs = actionIds(lastBoard(r)).map((id) => decodeAction(id)).flatMap((d) => (d.ok ? [d.ref.verb] : []));
    for (const verb of ['distribute', 'shuffle', 'apply', 'start', 'move-open', 'join', 'audio', 'move']) expect(verbs).toContain(verb);
    for (const label of ['"Distribute"', '"Shuffle"', '"Apply"', '"Apply and Start"', '"Move…"', '"Join"', '"My audio"']) expect(board).toContain(label);
    await r.click(findAction(lastBoard(r), 'add-room'), FAC);
    expect((await r.meeting()).rooms).toHaveLength(4);
    // End appears once rooms are open.
    await r.command('start', FAC);
    expect(text(lastBoard(r))).toContain('"End"');
    expect(decodeAction(findAction(lastBoard(r), 'end')).ok).toBe(true);
  });

  it('a slash command is acknowledged before any Web API work: the ack does not wait for a stalled Slack', async () => {
    const r = await open({ processBeforeResponse: false });
    await seed(r, [{ audio: 'voip' }, { audio: 'voip' }]);
    const release = r.fake.hold('chat.postMessage');
    try {
      const res = await r.command('distribute 2', FAC);
      expect(res.status).toBe(200);
      expect(boardCalls(r)).toHaveLength(0);
    } finally {
      release();
    }
    await r.fake.waitFor(() => boardCalls(r).length === 1 && r.fake.responses.length > 0);
    expect(r.replies().join('\n')).toMatch(/Placed 2 people in 2 rooms/);
  });

  it('unknown subcommands and bad arguments answer with usage; help explains every command', async () => {
    const r = await open();
    await r.command('dance', FAC);
    expect(r.replies().at(-1)).toMatch(/not a Breakouts command/);
    expect(r.fake.responses.at(-1)?.body['response_type']).toBe('ephemeral');
    await r.command('rooms lots', FAC);
    expect(r.replies().at(-1)).toMatch(/Usage: \/breakouts rooms <count>/);
    await r.command('help', FAC);
    for (const name of ['distribute', 'shuffle', 'move', 'apply', 'start', 'end', 'audio', 'join', 'leave', 'status', 'import']) {
      expect(r.replies().at(-1)).toContain(`/breakouts ${name}`);
    }
    expect(boardCalls(r)).toHaveLength(0);
  });
});

describe('moving people', () => {
  it('a facilitator moves someone with the board’s room select and the board is updated', async () => {
    const r = await open();
    await seed(r, [{ audio: 'voip' }, { audio: 'voip' }, { audio: 'voip' }, { audio: 'voip' }], 2);
    const before = await r.meeting();
    const u1 = before.attendees.find((a) => a.id === 'U1')!;
    const to = u1.room === 1 ? '2' : '1';
    const updates = boardCalls(r).length;
    const res = await r.click(findAction(lastBoard(r), 'move', 'U1'), FAC, { selected: to });
    expect(res.status).toBe(200);
    expect((await r.meeting()).attendees.find((a) => a.id === 'U1')?.room).toBe(Number(to));
    expect(boardCalls(r).length).toBe(updates + 1);
    expect(lastBoard(r)?.method).toBe('chat.update');
    expect(r.replies().at(-1)).toMatch(/Moved person1 to Breakout/);
  });

  it('the Move modal finds anyone by name and moves them as soon as a room is picked', async () => {
    const r = await open();
    await seed(r, Array.from({ length: 30 }, () => ({ audio: 'voip' as const })), 3);
    await r.click(findAction(lastBoard(r), 'move-open'), FAC);
    const opened = r.fake.callsOf('views.open')[0];
    expect(opened?.body['trigger_id']).toBe('trigger-2');
    expect(checkModal(opened?.body['view']).problems).toEqual([]);
    const pick = findAction(opened, 'move-pick');
    const move = findAction(opened, 'move');

    // The person search answers with matching names (options listener, within 100).
    const suggest = await postSigned(
      r.url,
      new URLSearchParams({ payload: JSON.stringify({ type: 'block_suggestion', user: { id: FAC.id, name: FAC.name }, team: { id: TEAM }, action_id: pick, block_id: 'move-0', value: 'person2', view: { id: 'V1' } }) }).toString(),
    );
    const options = z.object({ options: z.array(z.object({ value: z.string(), text: z.object({ text: z.string() }) })) }).parse(JSON.parse(suggest.text)).options;
    expect(options.map((o) => o.value).sort()).toEqual(['U2', 'U20', 'U21', 'U22', 'U23', 'U24', 'U25', 'U26', 'U27', 'U28', 'U29'].sort());
    const nosy = await postSigned(
      r.url,
      new URLSearchParams({ payload: JSON.stringify({ type: 'block_suggestion', user: { id: 'U5', name: 'person5' }, team: { id: TEAM }, action_id: pick, block_id: 'move-0', value: '', view: { id: 'V1' } }) }).toString(),
    );
    expect(JSON.parse(nosy.text)).toEqual({ options: [] });

    const meeting = await r.meeting();
    const current = meeting.attendees.find((a) => a.id === 'U2')!.room;
    const to = current === 3 ? '1' : '3';
    const view = modalWith(pick, move, 'U2', to);
    await r.click(move, FAC, { view, selected: to, type: 'static_select' });
    expect((await r.meeting()).attendees.find((a) => a.id === 'U2')?.room).toBe(Number(to));
    const updated = r.fake.callsOf('views.update').at(-1);
    expect(text({ ...updated!, body: { blocks: z.object({ blocks: z.unknown() }).parse(updated?.body['view']).blocks } })).toContain('Moved person2');
    expect(JSON.stringify(updated?.body['view'])).toContain('move-1');
    expect(lastBoard(r)?.method).toBe('chat.update');
  });

  it('a large board pages: page buttons show each viewer their own copy of another page', async () => {
    const r = await open();
    await seed(r, Array.from({ length: 1000 }, (_, i) => ({ audio: (i % 10 === 0 ? 'phone' : 'voip') as Audio })), 50);
    const board = lastBoard(r);
    expect(checkMessage({ text: String(board?.body['text']), blocks: board?.body['blocks'] }).problems).toEqual([]);
    const boards = boardCalls(r).length;
    await r.click(findAction(board, 'page', '1'), { id: 'U7', name: 'person7' });
    const mine = r.fake.responses.at(-1)!.body;
    expect(mine['response_type']).toBe('ephemeral');
    expect(mine['replace_original']).toBe(false);
    expect(checkMessage({ text: String(mine['text']), blocks: mine['blocks'] }).problems).toEqual([]);
    const shown = JSON.stringify(mine['blocks']);
    const firstPageRooms: string[] = JSON.stringify(board?.body['blocks']).match(/room-\d+/g) ?? [];
    const secondPageRooms: string[] = shown.match(/room-\d+/g) ?? [];
    expect(secondPageRooms.length).toBeGreaterThan(0);
    expect(secondPageRooms.filter((id) => firstPageRooms.includes(id))).toEqual([]);
    // Paging from the personal copy replaces that copy; the shared board never moved.
    await r.click(findAction({ method: 'respond', body: mine, token: undefined, at: 0, ok: true }, 'page', '2'), { id: 'U7', name: 'person7' }, { ephemeral: true });
    expect(r.fake.responses.at(-1)?.body['replace_original']).toBe(true);
    expect(boardCalls(r)).toHaveLength(boards);
  });

  it('a phone attendee cannot be moved above the phone-room limit, and the reason is given', async () => {
    const r = await open();
    await seed(r, [{ audio: 'phone' }, { audio: 'phone' }, { audio: 'voip' }, { audio: 'voip' }], 2);
    await r.command('phone-rooms 1', FAC);
    const version = (await r.meeting()).version;
    await r.command('move <@U1|person1> 2', FAC);
    expect(r.replies().at(-1)).toMatch(/phone attendees can only be in room 1 /);
    expect((await r.meeting()).version).toBe(version);
  });
});

describe('audio conflicts', () => {
  it('a conflict DMs each affected attendee once with the button; the button sets phone and updates the board', async () => {
    const r = await open();
    await seed(r, [{ audio: 'phone' }, { audio: 'phone' }, { audio: 'voip' }, { audio: 'voip' }, { audio: 'voip' }, { audio: 'voip' }], 3);
    await r.command('dialin +1-555-0100 111# 222# 333#', FAC);
    const before = await r.meeting();
    const voipRoom = before.attendees.find((a) => a.audio === 'voip' && a.room !== null)!.room!;
    const affected = before.attendees.filter((a) => a.room === voipRoom).map((a) => a.id).sort();
    expect(dms(r)).toHaveLength(0);

    await r.command(`move <@U1|person1> ${voipRoom}`, FAC);
    const prompts = dms(r);
    expect(prompts.map((c) => c.body['channel']).sort()).toEqual(affected);
    const code = ['111#', '222#', '333#'][voipRoom - 1]!;
    for (const dm of prompts) {
      // Names the room and who is on the phone there, with the room's dial-in, and carries the button.
      expect(text(dm)).toContain('switch to phone');
      expect(text(dm)).toContain(`Audio conflict in Breakout ${voipRoom}`);
      expect(text(dm)).toContain('person1 is on the phone');
      expect(text(dm)).toContain(`Dial +1-555-0100 and enter access code ${code}`);
      expect(decodeAction(findAction(dm, 'confirm-phone')).ok).toBe(true);
    }
    expect(text(lastBoard(r))).toContain('🟥');

    // A re-render (another change elsewhere) sends no second prompt.
    await r.command('rename 1 Lobby', FAC);
    expect(dms(r)).toHaveLength(prompts.length);

    const first = prompts[0]!;
    const who: Person = { id: String(first.body['channel']), name: 'someone' };
    const confirm = findAction(first, 'confirm-phone');
    const updates = boardCalls(r).length;
    await r.click(confirm, who, { channel: `D${who.id.slice(1)}` });
    expect((await r.meeting()).attendees.find((a) => a.id === who.id)?.audio).toBe('phone');
    expect(boardCalls(r).length).toBe(updates + 1);
    expect(r.fake.responses.at(-1)?.body['replace_original']).toBe(true);
    expect(dms(r)).toHaveLength(prompts.length);

    // Clicking the same button again: the prompt no longer applies, nothing changes.
    const version = (await r.meeting()).version;
    await r.click(confirm, who, { channel: `D${who.id.slice(1)}` });
    expect(r.replies().at(-1)).toMatch(/no longer applies/);
    expect((await r.meeting()).version).toBe(version);
  });
});

describe('apply, start and end', () => {
  it('apply prepares one valid private channel per occupied room, reusing ours and skipping names taken by others', async () => {
    const r = await open();
    await seed(r, Array.from({ length: 9 }, () => ({ audio: 'voip' as const })), 3);
    const meeting = await r.meeting();
    const { channelName } = await import('../../adapters/slack/platform.ts');
    // Room 1's channel exists already (made by us before a crash); room 2's name belongs to someone else.
    r.fake.channels.set('GOLD01', channelName(meeting, meeting.rooms[0]!));
    r.fake.takenNames.add(channelName(meeting, meeting.rooms[1]!));
    await r.command('apply', FAC);
    const creates = r.fake.callsOf('conversations.create');
    for (const c of creates) {
      expect(c.body['is_private']).toBe('true');
      expect(String(c.body['name'])).toMatch(/^[a-z0-9_-]{1,80}$/);
    }
    const after = await r.meeting();
    expect(after.status).toBe('applied');
    expect(after.rooms[0]?.resourceId).toBe('GOLD01');
    expect(after.rooms[1]?.resourceId).toMatch(/^G0/);
    expect(r.fake.channels.get(after.rooms[1]!.resourceId!)).toBe(`${channelName(meeting, meeting.rooms[1]!)}-2`);
    expect(after.rooms[2]?.resourceId).toMatch(/^G0/);
    expect(text(lastBoard(r))).toContain('Rooms prepared');

    // A later start reuses the prepared channels.
    const made = creates.length;
    await r.command('start', FAC);
    expect(r.fake.callsOf('conversations.create')).toHaveLength(made);
  });

  it('start invites each room in one call, welcomes each room, and DMs only phone and unreachable attendees', async () => {
    const r = await open();
    await r.command('dialin +1-555-0100 111# 222#', FAC);
    await seed(r, [{ audio: 'phone' }, { audio: 'phone' }, { audio: 'voip' }, { audio: 'voip' }, { audio: 'voip' }, { audio: 'voip' }, { audio: 'listening' }], 3);
    r.fake.uninvitable.add('U5');
    r.fake.reset();
    await r.command('start', FAC);
    const meeting = await r.meeting();
    const rooms = meeting.rooms.filter((room) => meeting.attendees.some((a) => a.room === room.number));
    const invites = r.fake.callsOf('conversations.invite');
    expect(invites).toHaveLength(rooms.length);
    for (const room of rooms) {
      const members = meeting.attendees.filter((a) => a.room === room.number).map((a) => a.id).sort();
      const invite = invites.find((c) => c.body['channel'] === room.resourceId);
      expect(String(invite?.body['users']).split(',').sort()).toEqual(members);
    }
    const welcomes = r.fake.callsOf('chat.postMessage').filter((c) => String(c.body['channel']).startsWith('G'));
    expect(welcomes).toHaveLength(rooms.length);
    for (const w of welcomes) expect(String(w.body['text'])).toMatch(/huddle/);
    const phoneRoom = welcomes.find((w) => String(w.body['text']).includes('111#'));
    expect(phoneRoom).toBeDefined();
    const phoneIds = meeting.attendees.filter((a) => a.audio === 'phone').map((a) => a.id);
    expect(dms(r).map((c) => c.body['channel']).sort()).toEqual([...phoneIds, 'U5'].sort());
    expect(String(dms(r).find((c) => c.body['channel'] === 'U1')?.body['text'])).toMatch(/Dial \+1-555-0100/);
    expect(meeting.status).toBe('started');
    expect(boardCalls(r).some((c) => text(c).includes('Opening rooms'))).toBe(true);
    expect(text(lastBoard(r))).toContain('Rooms open');
  });

  it('a start that crashed half-way resumes without inviting or messaging anyone twice', async () => {
    const r = await open();
    await seed(r, [{ audio: 'phone' }, { audio: 'phone' }, ...Array.from({ length: 10 }, () => ({ audio: 'voip' as const }))], 4);
    await r.command('apply', FAC);
    r.fake.reset();
    // The second welcome post hits a server failure: the run stops there, like a crash.
    let welcomes = 0;
    r.fake.inject('chat.postMessage', { status: 500, body: { ok: false } }, (b) => String(b['channel']).startsWith('G') && ++welcomes === 2);
    await r.command('start', FAC);
    expect(r.replies().at(-1)).toMatch(/The start stopped after \d+ of \d+ steps.*Resume start/);
    const half = await r.meeting();
    expect(half.run?.finished).toBe(false);
    expect(half.run?.steps.some((s) => s.state === 'pending')).toBe(true);

    await r.command('start', FAC);
    expect(r.replies().at(-1)).toMatch(/Carrying on with the start/);
    const done = await r.meeting();
    expect(done.run?.finished).toBe(true);
    const good = r.fake.calls.filter((c) => c.ok);
    const perKey = (method: string, key: string): Map<string, number> => {
      const counts = new Map<string, number>();
      for (const c of good.filter((x) => x.method === method)) counts.set(String(c.body[key]), (counts.get(String(c.body[key])) ?? 0) + 1);
      return counts;
    };
    const rooms = done.rooms.filter((room) => done.attendees.some((a) => a.room === room.number));
    expect([...perKey('conversations.invite', 'channel').values()]).toEqual(rooms.map(() => 1));
    const posts = perKey('chat.postMessage', 'channel');
    for (const room of rooms) expect(posts.get(room.resourceId!)).toBe(1);
    for (const id of done.attendees.filter((a) => a.audio === 'phone').map((a) => a.id)) expect(posts.get(id)).toBe(1);
  });

  it('end posts a closing note in each room channel pointing back to the main channel', async () => {
    const r = await open();
    await seed(r, Array.from({ length: 6 }, () => ({ audio: 'voip' as const })), 2);
    await r.command('start', FAC);
    r.fake.reset();
    await r.command('end', FAC);
    const meeting = await r.meeting();
    expect(meeting.status).toBe('ended');
    const notes = r.fake.callsOf('chat.postMessage').filter((c) => String(c.body['channel']).startsWith('G'));
    expect(notes.map((c) => c.body['channel']).sort()).toEqual(meeting.rooms.map((room) => room.resourceId).sort());
    for (const n of notes) expect(String(n.body['text'])).toContain(`<#${CHANNEL}>`);
  });

  it('a live move while rooms are open invites the person into the new room channel and tells them', async () => {
    const r = await open();
    await seed(r, Array.from({ length: 6 }, () => ({ audio: 'voip' as const })), 2);
    await r.command('start', FAC);
    const meeting = await r.meeting();
    const u1 = meeting.attendees.find((a) => a.id === 'U1')!;
    const to = u1.room === 1 ? 2 : 1;
    r.fake.reset();
    await r.command(`move <@U1|person1> ${to}`, FAC);
    const invite = r.fake.callsOf('conversations.invite')[0];
    expect(invite?.body).toMatchObject({ channel: meeting.rooms[to - 1]!.resourceId, users: 'U1' });
    expect(String(dms(r)[0]?.body['text'])).toMatch(/moved you to Breakout/);
  });

  it('a phone attendee moved while rooms are open gets one message: the new room’s dial-in and code', async () => {
    const r = await open();
    await seed(r, [{ audio: 'phone' }, { audio: 'phone' }, { audio: 'phone' }, { audio: 'phone' }, { audio: 'voip' }, { audio: 'voip' }], 3);
    await r.command('dialin +1-555-0100 111# 222# 333#', FAC);
    await r.command('start', FAC);
    const meeting = await r.meeting();
    const phone = meeting.attendees.find((a) => a.audio === 'phone' && a.room !== null)!;
    const to = phone.room === 1 ? 2 : 1;
    r.fake.reset();
    await r.command(`move <@${phone.id}|caller> ${to}`, FAC);
    const sent = dms(r).filter((c) => c.body['channel'] === phone.id);
    expect(sent).toHaveLength(1);
    expect(String(sent[0]?.body['text'])).toContain(`You have been moved to Breakout ${to}`);
    expect(String(sent[0]?.body['text'])).toContain(`access code ${to === 1 ? '111#' : '222#'}`);
  });
});

describe('roster', () => {
  it('import adds the channel’s human members, skipping bots and deleted users (facilitators only)', async () => {
    const r = await open();
    r.fake.members.set(CHANNEL, new Set(['UFAC', 'UA', 'UB', 'UBOT', 'UROBOT', 'UGONE']));
    r.fake.users.set('UFAC', { id: 'UFAC', name: 'fran' });
    r.fake.users.set('UA', { id: 'UA', name: 'ada', display_name: 'Ada L.' });
    r.fake.users.set('UB', { id: 'UB', name: 'bob' });
    r.fake.users.set('UROBOT', { id: 'UROBOT', name: 'robot', is_bot: true });
    r.fake.users.set('UGONE', { id: 'UGONE', name: 'gone', deleted: true });
    // Joining never makes anyone a facilitator: fran becomes one by running a facilitator command first.
    await r.command('join', FAC);
    await r.command('rooms 2', FAC);
    r.fake.reset();
    await r.command('import', { id: 'UA', name: 'ada' });
    expect(r.replies().at(-1)).toMatch(/Only a facilitator/);
    expect(r.fake.callsOf('conversations.members')).toHaveLength(0);
    await r.command('import', FAC);
    const roster = (await r.meeting()).attendees.map((a) => `${a.id}:${a.name}`).sort();
    expect(roster).toEqual(['UA:Ada L.', 'UB:bob', 'UFAC:fran']);
    expect(r.replies().at(-1)).toMatch(/Added 2 people/);
  });

  it('anyone joins with the Join button and sets their own audio with My audio; only facilitators set others’', async () => {
    const r = await open();
    await seed(r, [{ audio: 'voip' }, { audio: 'voip' }], 1);
    const guest: Person = { id: 'UGUEST', name: 'gus' };
    r.fake.users.set('UGUEST', { id: 'UGUEST', name: 'gus', display_name: 'Gus G.' });
    await r.click(findAction(lastBoard(r), 'join'), guest);
    expect((await r.meeting()).attendees.find((a) => a.id === 'UGUEST')?.name).toBe('Gus G.');
    await r.click(findAction(lastBoard(r), 'audio'), guest);
    const chooser = r.fake.responses.at(-1);
    const phoneButton = findAction({ method: 'respond', body: chooser!.body, token: undefined, at: 0, ok: true }, 'audio', 'phone');
    await r.click(phoneButton, guest, { ephemeral: true });
    expect((await r.meeting()).attendees.find((a) => a.id === 'UGUEST')?.audio).toBe('phone');
    await r.command('audio listening <@U1|person1>', guest);
    expect(r.replies().at(-1)).toMatch(/Only a facilitator/);
    await r.command('audio listening <@U1|person1>', FAC);
    expect((await r.meeting()).attendees.find((a) => a.id === 'U1')?.audio).toBe('listening');
  });
});

describe('safety', () => {
  it('a bad signature or a stale timestamp gets 401 and nothing runs', async () => {
    const r = await open();
    const bad = await r.command('distribute 2', FAC, { badSignature: true });
    expect(bad.status).toBe(401);
    const old = await r.command('distribute 2', FAC, { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 });
    expect(old.status).toBe(401);
    expect(r.fake.calls.filter((c) => c.method !== 'auth.test')).toHaveLength(0);
    expect(await r.engine.get({ place })).toBeUndefined();
  });

  it('facilitator-only actions are refused for others and nothing changes', async () => {
    const r = await open();
    await seed(r, [{ audio: 'voip' }, { audio: 'voip' }, { audio: 'voip' }], 2);
    const stranger: Person = { id: 'U1', name: 'person1' };
    const version = (await r.meeting()).version;
    const shownBefore = JSON.stringify(lastBoard(r)?.body['blocks']);
    await r.command('shuffle', stranger);
    expect(r.replies().at(-1)).toMatch(/Only a facilitator can shuffle/);
    await r.click(findAction(lastBoard(r), 'start'), stranger);
    expect(r.replies().at(-1)).toMatch(/Only a facilitator can start breakouts/);
    await r.click(findAction(lastBoard(r), 'move', 'U2'), stranger, { selected: 'main' });
    expect(r.replies().at(-1)).toMatch(/Only a facilitator/);
    await r.click(findAction(lastBoard(r), 'move-open'), stranger);
    expect(r.replies().at(-1)).toMatch(/Only a facilitator/);
    expect(r.fake.callsOf('views.open')).toHaveLength(0);
    expect((await r.meeting()).version).toBe(version);
    // A refused select is re-rendered (Slack already shows the picked value), with the same content.
    expect(JSON.stringify(lastBoard(r)?.body['blocks'])).toBe(shownBefore);
  });

  it('tampered action ids, another meeting’s button, unknown attendees and old board versions get a clear answer and change nothing', async () => {
    const r = await open();
    await seed(r, [{ audio: 'voip' }, { audio: 'voip' }, { audio: 'voip' }], 2);
    const meeting = await r.meeting();
    await r.click('bk1:zz:whatever', FAC);
    expect(r.replies().at(-1)).toMatch(/not one Breakouts made/);
    await r.click(findAction(lastBoard(r), 'shuffle').replace(meeting.id, 'NOT-A-MEETING'), FAC);
    expect(r.replies().at(-1)).toMatch(/not one Breakouts made/);
    // A real button of a meeting in another channel, clicked here.
    await r.command('distribute 1', FAC, {});
    const other = await r.engine.execute({ target: { place: { ...place, channelId: 'COTHER', mainRoomId: 'COTHER' } }, actor: FAC, command: 'rooms', input: { count: 2 } });
    expect(other.ok).toBe(true);
    const foreign = encodeAction({ verb: 'shuffle', meetingId: other.ok ? other.meeting.id : 'xxxx', version: 1, args: [] });
    await r.click(foreign, FAC);
    expect(r.replies().at(-1)).toMatch(/another meeting’s board/);
    const now = await r.meeting();
    await r.click(encodeAction({ verb: 'move', meetingId: meeting.id, version: now.version, args: ['UNOBODY'] }), FAC, { selected: '1' });
    expect(r.replies().at(-1)).toMatch(/not on this meeting’s roster/);
    await r.click(encodeAction({ verb: 'move', meetingId: meeting.id, version: now.version, args: ['U1'] }), FAC, { selected: '99' });
    expect(r.replies().at(-1)).toMatch(/must be a room number|no room/i);
    await r.click(encodeAction({ verb: 'shuffle', meetingId: meeting.id, version: now.version - 1, args: [] }), FAC);
    expect(r.replies().at(-1)).toMatch(/board changed since you opened it/);
    expect((await r.meeting()).version).toBe(now.version);
    await r.click(encodeAction({ verb: 'page', meetingId: meeting.id, version: now.version, args: ['last'] }), FAC);
    expect(r.replies().at(-1)).toMatch(/could not read/);
    const payloadless = await r.click('x', FAC, { channel: null, type: 'nonsense' });
    expect(payloadless.status).toBe(200);
  });

  it('tokens never reach the log', async () => {
    const r = await open({ logLevel: 'debug' });
    await seed(r, [{ audio: 'voip' }], 1);
    r.fake.fail('chat.update', 'not_in_channel');
    await r.command('rooms 2', FAC);
    expect(r.logLines.length).toBeGreaterThan(0);
    expect(r.logLines.join('\n')).not.toContain('xoxb-1111');
    expect(r.logLines.join('\n')).not.toContain(SIGNING_SECRET);
  });
});

describe('Web API errors', () => {
  it('a board Slack fails to update still lets the conflict DMs go out, and the facilitator is told', async () => {
    const r = await open();
    await seed(r, [{ audio: 'phone' }, { audio: 'phone' }, { audio: 'voip' }, { audio: 'voip' }], 2);
    const voipRoom = (await r.meeting()).attendees.find((a) => a.audio === 'voip' && a.room !== null)!.room!;
    r.fake.inject('chat.update', { status: 500, body: { ok: false } });
    await r.command(`move <@U1|person1> ${voipRoom}`, FAC);
    expect(r.replies().join('\n')).toMatch(/saved, but the board could not be updated/);
    expect(dms(r).length).toBeGreaterThan(0);
    expect(dms(r).every((dm) => actionIds(dm).length === 1)).toBe(true);
  });

  it('a Move dialog closed before Slack could refresh it still moves the person and updates the board', async () => {
    const r = await open();
    await seed(r, Array.from({ length: 4 }, () => ({ audio: 'voip' as const })), 2);
    await r.click(findAction(lastBoard(r), 'move-open'), FAC);
    const opened = r.fake.callsOf('views.open')[0];
    const pick = findAction(opened, 'move-pick');
    const move = findAction(opened, 'move');
    const to = (await r.meeting()).attendees.find((a) => a.id === 'U1')!.room === 1 ? '2' : '1';
    const view = modalWith(pick, move, 'U1', to);
    r.fake.fail('views.update', 'not_found');
    const updates = boardCalls(r).length;
    await r.click(move, FAC, { view, selected: to, type: 'static_select' });
    expect((await r.meeting()).attendees.find((a) => a.id === 'U1')?.room).toBe(Number(to));
    expect(boardCalls(r).length).toBe(updates + 1);
  });

  it('not_in_channel, channel_not_found and ratelimited end as a clear ephemeral message', async () => {
    const r = await open();
    r.fake.fail('chat.postMessage', 'not_in_channel');
    await r.command('distribute 2', FAC);
    expect(r.replies().at(-1)).toMatch(/not a member of this channel.*\/invite @Breakouts/);
    expect((await r.meeting()).rooms).toHaveLength(2);

    r.fake.fail('conversations.members', 'channel_not_found');
    await r.command('import', FAC);
    expect(r.replies().at(-1)).toMatch(/cannot see that channel/);

    await r.command('rooms 3', FAC);
    r.fake.fail('chat.update', 'ratelimited');
    await r.command('rooms 4', FAC);
    expect(r.replies().at(-1)).toMatch(/rate-limiting/);

    r.fake.fail('users.info', 'user_not_in_channel');
    r.fake.fail('chat.update', 'user_not_in_channel');
    await r.command('join', { id: 'UNEW', name: 'newbie' });
    expect(r.replies().at(-1)).toMatch(/not in this channel/);
  });

  it('with the production client settings a 429 with Retry-After is retried by the client, not shown to the person', async () => {
    const r = await open({ productionRetries: true });
    r.fake.rateLimit('chat.postMessage', 0);
    await r.command('distribute 2', FAC);
    const posts = r.fake.callsOf('chat.postMessage');
    expect(posts.map((c) => c.ok)).toEqual([false, true]);
    expect((await r.meeting()).resources['boardTs']).toBeDefined();
    expect(r.replies().join('\n')).not.toMatch(/rate-limiting/);
  });
});

/** The adapter as main.ts builds it from these variables, on an in-memory store, without retries. */
function slackAppFromEnv(env: Record<string, string>): SlackApp {
  const store = createMemoryStore();
  const random = createSeededRandom('from-env');
  const config = loadConfig(env);
  if (!config.slack) throw new Error('no Slack section in that environment');
  const deps = { config, engine: createEngine({ store, clock: fixedClock, random }), store, clock: fixedClock, random, logger: silentLogger, metrics: noMetrics, ops: noOps };
  return createSlackApp(deps, config.slack, { retryConfig: { retries: 0 } });
}

describe('Socket Mode', () => {
  it('connects through apps.connections.open, acks a slash command envelope and posts the board', async () => {
    const fake = await startFakeSlack();
    const slack = slackAppFromEnv({ SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_APP_TOKEN: 'xapp-1-A1-1-socketsecret', SLACK_API_URL: fake.apiUrl });
    try {
      expect(slack.mode).toBe('socket');
      await slack.start();
      await fake.waitFor(() => fake.sockets.size > 0);
      expect(fake.callsOf('apps.connections.open')[0]?.token).toBe('xapp-1-A1-1-socketsecret');
      const ack = fake.sendEnvelope('slash_commands', {
        token: 'legacy', team_id: TEAM, team_domain: 'test', channel_id: CHANNEL, channel_name: 'general', user_id: FAC.id, user_name: FAC.name,
        command: '/breakouts', text: 'distribute 2', api_app_id: 'A1', is_enterprise_install: 'false', response_url: fake.responseUrl('s1'), trigger_id: 't1',
      });
      await ack;
      const board = await fake.waitFor(() => fake.callsOf('chat.postMessage').find((c) => c.body['channel'] === CHANNEL));
      expect(board.token).toBe(BOT_TOKEN);
      await fake.waitFor(() => fake.responses.length > 0);
    } finally {
      await slack.stop();
      await fake.close();
    }
  });
});

describe('npm start', () => {
  it('a refused bot token or an unreachable Web API stops the start with a sentence naming the variable', async () => {
    const fake = await startFakeSlack();
    const build = (apiUrl: string): SlackApp => slackAppFromEnv({ PORT: '0', SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: apiUrl });
    try {
      fake.fail('auth.test', 'invalid_auth');
      const refused = await build(fake.apiUrl).start({ port: 0, host: '127.0.0.1' }).then(() => 'started', (error: unknown) => String(error));
      expect(refused).toMatch(/Slack refused SLACK_BOT_TOKEN \(invalid_auth\)/);
      expect(refused).not.toContain(BOT_TOKEN);
      const gone = `http://127.0.0.1:${new URL(fake.url).port}/nothing-here/`;
      const unreachable = await build(gone).start({ port: 0, host: '127.0.0.1' }).then(() => 'started', (error: unknown) => String(error));
      expect(unreachable).toMatch(/did not answer auth\.test.*SLACK_API_URL/);
    } finally {
      await fake.close();
    }
  });

  it('runs the Slack app in HTTP mode from SLACK_* variables, answers a signed /breakouts at /slack/events and stops on SIGTERM', async () => {
    const fake = await startFakeSlack();
    const dir = mkdtempSync(join(tmpdir(), 'breakouts-slack-'));
    const root = fileURLToPath(new URL('../../', import.meta.url));
    try {
      // Whatever `npm start` runs ("tsx <entry>"), run it from a folder without a .env.
      const start = z.object({ scripts: z.object({ start: z.string().regex(/^tsx \S+$/) }) }).parse(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')));
      const child = spawn(join(root, 'node_modules/.bin/tsx'), [join(root, start.scripts.start.split(' ')[1] ?? '')], {
        cwd: dir,
        env: { PATH: process.env['PATH'] ?? '', SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: fake.apiUrl, PORT: '0', HOST: '127.0.0.1', BREAKOUTS_DB: join(dir, 'db.json') },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      const port = await fake.waitFor(() => /Slack: HTTP mode on port (\d+), endpoint \/slack\/events/.exec(out)?.[1], 15_000).catch((error: unknown) => {
        throw new Error(`${String(error)}; npm start said: ${out}`);
      });
      const res = await postSigned(`http://127.0.0.1:${port}/slack/events`, slashBody('help', FAC, fake.responseUrl('start')));
      expect(res.status).toBe(200);
      const answer = await fake.waitFor(() => fake.responses.find((r) => r.id === 'start'));
      expect(String(answer.body['text'])).toContain('/breakouts distribute');
      const refused = await postSigned(`http://127.0.0.1:${port}/slack/events`, slashBody('help', FAC, fake.responseUrl('bad')), { badSignature: true });
      expect(refused.status).toBe(401);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(out).not.toContain(BOT_TOKEN);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await fake.close();
    }
  });
});
