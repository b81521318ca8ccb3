// The engine's own rules, beside the commands': asking whether someone may run a command without
// running it, where a button of a meeting may be used, and who may start a meeting on Discord.
import { describe, expect, test } from 'vitest';
import { encodeAction } from '../../src/commands/action-id.ts';
import type { ButtonBinding } from '../../src/commands/define.ts';
import { COMMANDS, TYPED_COMMANDS } from '../../src/commands/registry.ts';
import type { Place } from '../../src/domain/meeting.ts';
import { FOREIGN_BUTTON } from '../../src/engine/engine.ts';
import { createHarness, expectUnchanged, HOST, roster } from './helpers.ts';

const STRANGER = { id: 'USTRANGER', name: 'Stranger' };

describe('engine.can', () => {
  test('says whether someone may run a command as things stand, and changes nothing', async () => {
    const h = createHarness('can');
    await h.setup(roster({ voip: 2 }), 2);
    const before = await h.meeting();
    expect(await h.engine.can({ target: { place: before.place }, actor: HOST, command: 'import' })).toEqual({ ok: true });
    const refused = await h.engine.can({ target: { place: before.place }, actor: STRANGER, command: 'import' });
    expect(refused).toMatchObject({ ok: false, code: 'forbidden', message: 'Only a facilitator can import the roster. Ask one of: Host.' });
    expect(await h.engine.can({ target: { place: before.place }, actor: STRANGER, command: 'join' })).toEqual({ ok: true });
    await expectUnchanged(h, before);
  });

  test('in a channel with no meeting, the first facilitator command may be run by anyone (they would become its facilitator)', async () => {
    const h = createHarness('can-new');
    const place: Place = { platform: 'slack', workspaceId: 'T1', channelId: 'CNEW', mainRoomId: 'CNEW' };
    expect(await h.engine.can({ target: { place }, actor: STRANGER, command: 'distribute' })).toEqual({ ok: true });
    expect(await h.engine.get({ place })).toBeUndefined();
  });

  test('without an input it answers the permission question alone (may this person move people?)', async () => {
    const h = createHarness('can-permission');
    await h.setup(roster({ voip: 2 }), 2);
    const place = (await h.meeting()).place;
    expect(await h.engine.can({ target: { place }, actor: HOST, command: 'move' })).toEqual({ ok: true });
    expect(await h.engine.can({ target: { place }, actor: STRANGER, command: 'move' })).toMatchObject({ ok: false, code: 'forbidden' });
  });

  test('checks the input too, with the usage line', async () => {
    const h = createHarness('can-input');
    await h.setup(roster({ voip: 2 }), 2);
    const verdict = await h.engine.can({ target: { place: (await h.meeting()).place }, actor: HOST, command: 'rooms', input: { count: 'many' } });
    expect(verdict).toMatchObject({ ok: false, code: 'bad-input' });
  });
});

describe('where a button may be used', () => {
  async function meetingWithBoard() {
    const h = createHarness('origin');
    await h.setup(roster({ voip: 4 }), 2);
    await h.ok('remember', { resources: { boardChannel: 'CBOARD' } }, { id: 'system', name: 'Breakouts', system: true });
    return { h, meeting: await h.meeting() };
  }

  test('on the shared board in the board’s channel, or on someone’s own copy anywhere in the workspace', async () => {
    const { h, meeting } = await meetingWithBoard();
    const origin = { platform: 'slack' as const, workspaceId: 'T1', channelId: 'CBOARD', personal: false };
    expect((await h.engine.execute({ target: { meetingId: meeting.id, origin }, actor: HOST, command: 'add-room', version: meeting.version })).ok).toBe(true);
    const now = await h.meeting();
    const own = { platform: 'slack' as const, workspaceId: 'T1', channelId: 'CELSEWHERE', personal: true };
    expect((await h.engine.execute({ target: { meetingId: now.id, origin: own }, actor: HOST, command: 'add-room', version: now.version })).ok).toBe(true);
  });

  test('not on a shared message in another channel, another workspace or another platform, and not from a DM but for a conflict prompt', async () => {
    const { h, meeting } = await meetingWithBoard();
    const tries = [
      { platform: 'slack' as const, workspaceId: 'T1', channelId: 'COTHER', personal: false },
      { platform: 'slack' as const, workspaceId: 'T2', channelId: 'CBOARD', personal: false },
      { platform: 'discord' as const, workspaceId: 'T1', channelId: 'CBOARD', personal: false },
      { platform: 'slack' as const, channelId: 'D1', personal: true },
    ];
    for (const origin of tries) {
      const out = await h.engine.execute({ target: { meetingId: meeting.id, origin }, actor: HOST, command: 'add-room', version: meeting.version });
      expect(out).toMatchObject({ ok: false, code: 'no-meeting', message: FOREIGN_BUTTON });
    }
    await expectUnchanged(h, meeting);
    expect(await h.engine.get({ meetingId: meeting.id, origin: tries[0]! })).toBeUndefined();
  });
});

describe('who may start a meeting', () => {
  const discord: Place = { platform: 'discord', workspaceId: '100', channelId: '200', mainRoomId: '200' };

  test('on Discord an attendee command from someone who may not manage the meeting does not start one', async () => {
    const h = createHarness('discord-start');
    const out = await h.engine.execute({ target: { place: discord }, actor: STRANGER, command: 'join' });
    expect(out).toMatchObject({ ok: false, code: 'no-meeting' });
    expect(await h.engine.get({ place: discord })).toBeUndefined();
    const manager = { ...STRANGER, id: 'UMANAGER', canManage: true };
    expect((await h.engine.execute({ target: { place: discord }, actor: manager, command: 'join' })).ok).toBe(true);
  });

  test('on Slack anyone’s join starts the meeting (without making them its facilitator)', async () => {
    const h = createHarness('slack-start');
    const slack: Place = { platform: 'slack', workspaceId: 'T9', channelId: 'C9', mainRoomId: 'C9' };
    const out = await h.engine.execute({ target: { place: slack }, actor: STRANGER, command: 'join' });
    expect(out.ok && out.meeting.attendees).toEqual([expect.objectContaining({ id: STRANGER.id, role: 'attendee' })]);
  });
});

describe('the command registry', () => {
  test('every command has one definition, with a unique name and unique button verbs and codes', () => {
    const names = COMMANDS.map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
    const buttons = COMMANDS.flatMap((c): readonly ButtonBinding[] => c.buttons);
    expect(new Set(buttons.map((b) => b.verb)).size).toBe(buttons.length);
    expect(new Set(buttons.map((b) => b.code)).size).toBe(buttons.length);
  });

  test('the typed commands are exactly the ones with a slash form, and every facilitator command says what it does', () => {
    expect(TYPED_COMMANDS.map((c) => c.name)).toEqual(COMMANDS.filter((c) => c.typed).map((c) => c.name));
    for (const c of COMMANDS.filter((d) => d.permission === 'facilitator')) expect(c.does).not.toBe(`use ${c.name}`);
  });

  test('a board button maps to its command through the definitions', () => {
    const id = encodeAction({ verb: 'add-room', meetingId: 'abcd', version: 1, args: [] });
    expect(id).toBe('bk1:ar:abcd:1');
  });
});

describe('engine.can where there is no meeting', () => {
  test('help needs no meeting; a command that needs one is refused', async () => {
    const h = createHarness('can-none');
    const place: Place = { platform: 'slack', workspaceId: 'T1', channelId: 'CNONE', mainRoomId: 'CNONE' };
    expect(await h.engine.can({ target: { place }, actor: STRANGER, command: 'help' })).toEqual({ ok: true });
    expect(await h.engine.can({ target: { place }, actor: STRANGER, command: 'move' })).toMatchObject({ ok: false, code: 'no-meeting' });
  });
});
