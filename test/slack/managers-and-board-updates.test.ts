// Through the real Bolt app on loopback: the engine decides who may manage a meeting and Slack only
// says who its workspace admins are (also for rules a command checks itself, like changing someone
// else's audio); the Move dialog, its search and import ask first; board updates merge.
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Place } from '../../src/domain/meeting.ts';
import { findAction, lastBoard } from './fakes/board-actions.ts';
import { startRig, type Rig } from './fakes/harness.ts';
import { CHANNEL, formPayload, postSigned, TEAM, type Person } from './fakes/signed.ts';

const FAC: Person = { id: 'UFAC', name: 'fran' };
const ADMIN: Person = { id: 'UADMIN', name: 'ada' };
const MEMBER: Person = { id: 'U3', name: 'person3' };
const place: Place = { platform: 'slack', workspaceId: TEAM, channelId: CHANNEL, mainRoomId: CHANNEL };

let rig: Rig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

/** A meeting run by FAC with 4 people in 2 rooms, its board posted; ADMIN is a workspace admin, on no roster. */
async function withMeeting(): Promise<Rig> {
  const r = await startRig();
  rig = r;
  await r.command('distribute 2', FAC);
  const people = Array.from({ length: 4 }, (_, i) => ({ id: `U${i + 1}`, name: `person${i + 1}`, audio: 'voip' }));
  for (const p of people) r.fake.users.set(p.id, { id: p.id, name: p.name });
  r.fake.users.set(ADMIN.id, { id: ADMIN.id, name: ADMIN.name, is_admin: true });
  const imported = await r.engine.execute({ target: { place }, actor: FAC, command: 'import', input: { people } });
  expect(imported.ok).toBe(true);
  await r.command('distribute 2', FAC);
  return r;
}

const audioOf = async (r: Rig, id: string): Promise<string | undefined> => (await r.meeting()).attendees.find((a) => a.id === id)?.audio;

/** The person search's answer for this person and query. */
async function search(r: Rig, pick: string, who: Person, value: string): Promise<string[]> {
  const payload = { type: 'block_suggestion', user: { id: who.id, name: who.name }, team: { id: TEAM }, action_id: pick, block_id: 'move-0', value, view: { id: 'V1' } };
  const res = await postSigned(r.url, formPayload(payload));
  return z.object({ options: z.array(z.object({ value: z.string() })) }).parse(JSON.parse(res.text)).options.map((o) => o.value);
}

describe('workspace admins, as Slack reports them', () => {
  it('a workspace admin who facilitates nothing may change someone else’s audio and remove them; a member may not', async () => {
    const r = await withMeeting();
    await r.command('audio listening <@U1|person1>', MEMBER);
    expect(r.replies().at(-1)).toMatch(/Only a facilitator can change someone else’s audio/);
    expect(await audioOf(r, 'U1')).toBe('voip');

    await r.command('audio listening <@U1|person1>', ADMIN);
    expect(await audioOf(r, 'U1')).toBe('listening');
    await r.command('leave <@U2|person2>', ADMIN);
    expect((await r.meeting()).attendees.map((a) => a.id)).not.toContain('U2');
    // Acting for others did not make the admin a facilitator, or put them on the roster.
    expect((await r.meeting()).attendees.map((a) => a.id)).not.toContain(ADMIN.id);
  });

  it('a workspace admin opens the Move dialog from the board; a member is told only facilitators move people and no dialog opens', async () => {
    const r = await withMeeting();
    await r.click(findAction(lastBoard(r)?.body['blocks'], 'move-open'), MEMBER);
    expect(r.replies().at(-1)).toMatch(/Only a facilitator can move people/);
    expect(r.fake.callsOf('views.open')).toHaveLength(0);

    await r.click(findAction(lastBoard(r)?.body['blocks'], 'move-open'), ADMIN);
    expect(r.fake.callsOf('views.open')).toHaveLength(1);
  });

  it('the person search answers a workspace admin once Slack has said so, and never a member', async () => {
    const r = await withMeeting();
    await r.click(findAction(lastBoard(r)?.body['blocks'], 'move-open'), FAC);
    const pick = findAction(r.fake.callsOf('views.open')[0]?.body['view'], 'move-pick');
    expect(await search(r, pick, MEMBER, 'person')).toEqual([]);
    // The search must answer at once, so it never asks Slack itself: unknown yet, no answer.
    expect(await search(r, pick, ADMIN, 'person')).toEqual([]);
    await r.click(findAction(lastBoard(r)?.body['blocks'], 'move-open'), ADMIN);
    expect((await search(r, pick, ADMIN, 'person')).sort()).toEqual(['U1', 'U2', 'U3', 'U4']);
  });
});

describe('import', () => {
  it('typed first in a new channel, it makes the meeting with the channel’s people and its typist as facilitator, in one change', async () => {
    const r = await startRig();
    rig = r;
    r.fake.members.set(CHANNEL, new Set(['UFAC', 'UA', 'UB']));
    r.fake.users.set('UFAC', { id: 'UFAC', name: 'fran' });
    r.fake.users.set('UA', { id: 'UA', name: 'ada' });
    r.fake.users.set('UB', { id: 'UB', name: 'bob' });
    await r.command('import', FAC);
    const meeting = await r.meeting();
    expect(meeting.attendees.map((a) => `${a.id}:${a.role}`).sort()).toEqual(['UA:attendee', 'UB:attendee', 'UFAC:facilitator']);
    expect(meeting.version).toBe(1);
    expect(r.replies().at(-1)).toMatch(/Added 2 people/);
  });

  it('typed first in a new channel whose members Slack will not list, it says why and leaves no empty meeting behind', async () => {
    const r = await startRig();
    rig = r;
    r.fake.fail('conversations.members', 'channel_not_found');
    await r.command('import', FAC);
    expect(r.replies().at(-1)).toMatch(/cannot see that channel/);
    expect(await r.engine.get({ place })).toBeUndefined();
    expect(r.fake.callsOf('chat.postMessage')).toEqual([]);
  });
});

describe('the board message', () => {
  it('updates asked for while one is being sent merge into one more, which shows the newest state', async () => {
    const r = await withMeeting();
    const meeting = await r.meeting();
    const updates = r.fake.callsOf('chat.update').length;
    const release = r.fake.hold('chat.update');
    const first = r.slack.platform.updateBoard(meeting);
    await r.fake.waitFor(() => r.fake.held('chat.update') === 1);
    const renamed = await r.engine.execute({ target: { place }, actor: FAC, command: 'rename', input: { room: 1, title: 'Garden' } });
    expect(renamed.ok).toBe(true);
    const later = [r.slack.platform.updateBoard(meeting), r.slack.platform.updateBoard(meeting), r.slack.platform.updateBoard(meeting)];
    release();
    await Promise.all([first, ...later]);
    const sent = r.fake.callsOf('chat.update').slice(updates);
    expect(sent).toHaveLength(2);
    expect(JSON.stringify(sent[0]?.body['blocks'])).not.toContain('Garden');
    expect(JSON.stringify(sent[1]?.body['blocks'])).toContain('Garden');
  });
});
