// Small lifecycle guarantees: the first command creates and stores the meeting, "Add a room" is
// one facilitator click decided against the current board, and odd actor ids are refused.
import { describe, expect, test } from 'vitest';
import { commandForAction, type ActionRef } from '../../src/commands/action-id.ts';
import { createHarness, HOST } from '../engine/helpers.ts';

/** Someone who types /breakouts join before the host arrives. */
const EARLY = { id: 'UEARLY', name: 'Early Bird' };

describe('meeting lifecycle', () => {
  test('the first join in a channel creates the meeting and stores it, with its author as an attendee, not a facilitator', async () => {
    const h = createHarness('first-join');
    const outcome = await h.ok('join', {}, EARLY);
    expect(outcome.changed).toBe(true);
    const stored = await h.meeting();
    expect(stored.attendees).toEqual([expect.objectContaining({ id: EARLY.id, role: 'attendee', room: null })]);
  });

  test('setting your audio first creates the meeting without making you a facilitator', async () => {
    const h = createHarness('first-audio');
    await h.ok('audio', { audio: 'phone' }, EARLY);
    expect((await h.meeting()).attendees).toEqual([expect.objectContaining({ id: EARLY.id, role: 'attendee', audio: 'phone' })]);
  });

  test('whoever first runs a facilitator command becomes the facilitator; an early joiner cannot take the meeting over', async () => {
    const h = createHarness('takeover');
    await h.ok('join', {}, EARLY);
    await h.ok('dialin', { number: '+1 555 0100' });
    const meeting = await h.meeting();
    expect(meeting.attendees.filter((a) => a.role === 'facilitator').map((a) => a.id)).toEqual([HOST.id]);
    const refusal = await h.refused('shuffle', {}, EARLY);
    expect(refusal.code).toBe('forbidden');
    expect(refusal.message).toBe('Only a facilitator can shuffle. Ask one of: Host.');
  });

  test('becoming the first facilitator is saved even when the command itself changes nothing', async () => {
    const h = createHarness('first-no-change');
    await h.ok('join', {}, EARLY);
    const outcome = await h.ok('phone-rooms', { limit: 7 });
    expect(outcome.reply).toBe('Phone attendees may already use rooms 1–7.');
    expect((await h.meeting()).attendees.find((a) => a.id === HOST.id)?.role).toBe('facilitator');
  });

  test('a person the platform says may manage the meeting (a workspace admin) can add themselves as a facilitator', async () => {
    const h = createHarness('admin');
    await h.ok('distribute', {});
    const admin = { id: 'UADMIN', name: 'Admin', canManage: true };
    await h.ok('facilitator', { action: 'add', user: { id: admin.id, name: admin.name } }, admin);
    expect((await h.meeting()).attendees.find((a) => a.id === admin.id)?.role).toBe('facilitator');
    const plain = { id: 'UPLAIN', name: 'Plain' };
    expect((await h.refused('facilitator', { action: 'add', user: { id: plain.id, name: plain.name } }, plain)).code).toBe('forbidden');
  });

  test('Add a room adds exactly one room to the current count', async () => {
    const h = createHarness('add-room');
    await h.setup([['v0', 'voip']], 3);
    const before = await h.meeting();
    const outcome = await h.ok('add-room', {}, HOST, before.version);
    expect(outcome.meeting.rooms.map((r) => r.number)).toEqual([1, 2, 3, 4]);
  });

  test('Add a room places the people who were waiting for one, without an audio conflict', async () => {
    const h = createHarness('add-room-places');
    await h.setup([['p0', 'phone'], ['p1', 'phone'], ['v0', 'voip'], ['v1', 'voip'], ['v2', 'voip']], 1);
    const first = await h.ok('distribute', {});
    expect(first.meeting.attendees.filter((a) => a.waiting !== undefined).map((a) => a.id).sort()).toEqual(['p0', 'p1']);
    const outcome = await h.ok('add-room', {}, HOST, first.meeting.version);
    expect(outcome.reply).toBe('The meeting now has 2 rooms. Placed 2 waiting people.');
    expect(outcome.meeting.attendees.filter((a) => a.role === 'attendee' && a.room === null)).toEqual([]);
    expect(outcome.meeting.attendees.filter((a) => a.audio === 'phone').map((a) => a.room)).toEqual([2, 2]);
    expect(outcome.meeting.attendees.some((a) => a.waiting !== undefined)).toBe(false);
  });

  test('Add a room is for facilitators only and changes nothing for others', async () => {
    const h = createHarness('add-room-forbidden');
    await h.setup([['v0', 'voip']], 3);
    const before = await h.meeting();
    const refusal = await h.refused('add-room', {}, { id: 'v0', name: 'V0' });
    expect(refusal.code).toBe('forbidden');
    expect(await h.meeting()).toEqual(before);
  });

  test('Add a room pressed on an old board is refused, so two clicks never add two rooms', async () => {
    const h = createHarness('add-room-stale');
    await h.setup([['v0', 'voip']], 3);
    const seen = (await h.meeting()).version;
    await h.ok('add-room', {}, HOST, seen);
    const refusal = await h.refused('add-room', {}, HOST, seen);
    expect(refusal.code).toBe('stale');
    expect((await h.meeting()).rooms).toHaveLength(4);
  });

  test('Add a room stops at 50 rooms with a clear message', async () => {
    const h = createHarness('add-room-max');
    await h.setup([['v0', 'voip']], 50);
    const refusal = await h.refused('add-room', {});
    expect(refusal.message).toBe('A meeting has at most 50 rooms.');
  });

  test('an actor id the platform should never send is refused before anything is read or written', async () => {
    const h = createHarness('odd-actor');
    await h.setup([['v0', 'voip']], 2);
    const before = await h.meeting();
    const refusal = await h.refused('join', {}, { id: 'a b<script>', name: 'X' });
    expect(refusal.code).toBe('bad-input');
    expect(await h.meeting()).toEqual(before);
  });
});

describe('what makes a board button stale', () => {
  test('people joining or setting their audio after the board was drawn do not make its buttons stale', async () => {
    const h = createHarness('stale-join');
    await h.setup([['v0', 'voip'], ['v1', 'voip'], ['l0', 'listening']], 2);
    const seen = (await h.meeting()).version;
    await h.ok('join', {}, { id: 'late', name: 'Late' });
    await h.ok('audio', { audio: 'listening' }, { id: 'v1', name: 'V1' });
    const outcome = await h.ok('distribute', {}, HOST, seen);
    expect(outcome.meeting.attendees.find((a) => a.id === 'late')?.room).not.toBeNull();
  });

  test('a shuffle pressed on a board older than someone else’s move is refused and overwrites nothing', async () => {
    const h = createHarness('stale-shuffle');
    await h.setup([['v0', 'voip'], ['v1', 'voip'], ['v2', 'voip'], ['v3', 'voip']], 2);
    await h.ok('distribute', {});
    const seen = (await h.meeting()).version;
    await h.move('v0', 'main');
    const before = await h.meeting();
    const refusal = await h.refused('shuffle', {}, HOST, seen);
    expect(refusal.code).toBe('stale');
    expect(refusal.meeting).toEqual(before);
    expect(await h.meeting()).toEqual(before);
  });
});

describe('board actions map to engine commands the same way on every platform', () => {
  const ref = (verb: ActionRef['verb'], args: string[] = []): ActionRef => ({ verb, meetingId: 'abcd12', version: 3, args });

  test('plain buttons are their own command, and Add a room is the add-room command', () => {
    for (const verb of ['distribute', 'apply', 'start', 'end', 'join', 'add-room'] as const) {
      expect(commandForAction(ref(verb))).toEqual({ command: verb, input: {} });
    }
  });

  test('the Shuffle button carries the go-ahead its confirm question already asked for', () => {
    expect(commandForAction(ref('shuffle'))).toEqual({ command: 'shuffle', input: { confirm: true } });
  });

  test('a move takes its room from the id or from the select, and needs one of them', () => {
    expect(commandForAction(ref('move', ['U1', 'main']))).toEqual({ command: 'move', input: { user: { id: 'U1' }, to: 'main' } });
    expect(commandForAction(ref('move-pick', ['U1']), '4')).toEqual({ command: 'move', input: { user: { id: 'U1' }, to: '4' } });
    expect(commandForAction(ref('move-pick', ['U1']))).toBeUndefined();
  });

  test('audio and the switch-to-phone prompt carry their argument; UI-only actions map to nothing', () => {
    expect(commandForAction(ref('audio', ['phone']))).toEqual({ command: 'audio', input: { audio: 'phone' } });
    expect(commandForAction(ref('audio'))).toBeUndefined();
    expect(commandForAction(ref('confirm-phone', ['p1']))).toEqual({ command: 'confirm-phone', input: { promptId: 'p1' } });
    for (const verb of ['move-open', 'page', 'refresh'] as const) expect(commandForAction(ref(verb, ['2']))).toBeUndefined();
  });
});

describe('distribute without a room count', () => {
  test('makes about one room per five people', async () => {
    const h = createHarness('default-rooms');
    await h.ok('import', { people: Array.from({ length: 23 }, (_, i) => ({ id: `v${i}`, name: `V${i}` })) });
    const outcome = await h.ok('distribute', {});
    expect(outcome.meeting.rooms).toHaveLength(5);
  });

  test('makes at least two rooms when phone and computer audio must be kept apart, so nobody waits', async () => {
    const h = createHarness('default-rooms-mixed');
    await h.ok('import', { people: [{ id: 'p0', name: 'P0', audio: 'phone' }, { id: 'p1', name: 'P1', audio: 'phone' }, { id: 'v0', name: 'V0' }, { id: 'v1', name: 'V1' }] });
    const outcome = await h.ok('distribute', {});
    expect(outcome.meeting.rooms).toHaveLength(2);
    expect(outcome.meeting.attendees.filter((a) => a.role === 'attendee' && a.room === null)).toEqual([]);
  });
});

describe('buttons carry a version the meeting has had', () => {
  test('a button claiming a board version newer than the meeting’s is refused and changes nothing', async () => {
    const h = createHarness('forged-version');
    await h.setup([['v0', 'voip']], 3);
    const before = await h.meeting();
    const refusal = await h.refused('add-room', {}, HOST, before.version + 1000);
    expect(refusal.code).toBe('bad-input');
    expect(refusal.message).toBe('That button is not one Breakouts made (or it was changed). Nothing was changed; use the board’s own buttons.');
    expect(await h.meeting()).toEqual(before);
  });
});
