// What phone callers are told while rooms are open and when they close, rooms that cannot be
// confused, dial-in details that are complete, and answers that say exactly what to do.
import { describe, expect, test } from 'vitest';
import { buildBoard } from '../../src/board/board.ts';
import { parseCommandText } from '../../src/commands/parse-text.ts';
import { actor, createHarness, roomNotices, roster, startedWithDialIn } from '../engine/helpers.ts';

describe('phone callers while rooms are open', () => {
  test('a phone attendee moved to another room is sent that room’s dial-in and code', async () => {
    const h = await startedWithDialIn('moved-phone');
    const meeting = await h.meeting();
    const phone = meeting.attendees.find((a) => a.audio === 'phone' && a.room !== null)!;
    const target = phone.room === 1 ? 2 : 1;
    const outcome = await h.move(phone.id, target);
    const sent = roomNotices(outcome.effects);
    expect(sent.map((n) => n.to)).toEqual([phone.id]);
    expect(sent[0]!.message.reason).toBe('moved');
    expect(sent[0]!.message.dialIn).toEqual({ number: '+1 555 0100', code: target === 1 ? '111#' : '222#' });
    expect(sent[0]!.message.text).toContain(`You have been moved to Breakout ${target}`);
  });

  test('a VOIP attendee moved while rooms are open gets no dial-in message (the platform moves them)', async () => {
    const h = await startedWithDialIn('moved-voip');
    const voip = (await h.meeting()).attendees.find((a) => a.audio === 'voip' && a.room !== null)!;
    const other = (await h.meeting()).attendees.find((a) => a.audio === 'voip' && a.room !== null && a.room !== voip.room)!;
    const outcome = await h.move(voip.id, other.room!);
    expect(roomNotices(outcome.effects)).toEqual([]);
    expect(outcome.effects).toContainEqual({ type: 'live-move', attendeeId: voip.id, from: voip.room, to: other.room });
  });

  test('someone who switches to phone inside a room while rooms are open is sent its dial-in', async () => {
    const h = await startedWithDialIn('switched');
    const voip = (await h.meeting()).attendees.find((a) => a.audio === 'voip' && a.room !== null)!;
    const outcome = await h.ok('audio', { audio: 'phone' }, actor(voip.id));
    const sent = roomNotices(outcome.effects);
    if (voip.room! <= 7) {
      expect(sent.map((n) => n.to)).toEqual([voip.id]);
      expect(sent[0]!.message.room).toBe(voip.room);
    }
  });

  test('a phone late joiner placed while rooms are open is sent the dial-in of the room they got', async () => {
    const h = await startedWithDialIn('late-phone');
    await h.ok('import', { people: [{ id: 'late', name: 'Late Caller', audio: 'phone' }] });
    const outcome = await h.ok('distribute');
    const room = outcome.meeting.attendees.find((a) => a.id === 'late')!.room;
    expect(room).not.toBeNull();
    expect(roomNotices(outcome.effects)).toEqual([expect.objectContaining({ to: 'late', message: expect.objectContaining({ room, reason: 'moved' }) })]);
  });

  test('at the end every phone attendee in a room is told to hang up and rejoin the main session', async () => {
    const h = await startedWithDialIn('ended');
    const end = await h.ok('end');
    const phoneIds = end.meeting.attendees.filter((a) => a.audio === 'phone' && a.room !== null).map((a) => a.id).sort();
    const notify = end.meeting.run!.steps.filter((s) => s.kind === 'notify');
    expect(notify.map((s) => s.to).sort()).toEqual(phoneIds);
    expect(notify.every((s) => s.reason === 'ended')).toBe(true);
  });
});

describe('rooms that cannot be confused', () => {
  test('a room cannot take another room’s name, or the default name of another room number', async () => {
    const h = createHarness('rename');
    await h.setup(roster({ voip: 2 }), 4);
    await h.ok('rename', { room: 2, title: 'Marketing' });
    const before = await h.meeting();
    expect((await h.refused('rename', { room: 3, title: 'marketing' })).message).toBe('“marketing” is already the name of room 2: pick a name no other room has.');
    expect((await h.refused('rename', { room: 3, title: 'Breakout 4' })).message).toBe('“Breakout 4” is already the name of room 4: pick a name no other room has.');
    expect(await h.meeting()).toEqual(before);
    await h.ok('rename', { room: 4, title: 'Design' });
    expect((await h.refused('rename', { room: 3, title: 'Breakout 4' })).message).toBe('“Breakout 4” is how people know room 4: pick a name no other room has.');
  });

  test('messages name a renamed room together with its number', async () => {
    const h = createHarness('label');
    await h.setup(roster({ phone: 2, voip: 2 }), 2);
    await h.ok('distribute');
    const phoneRoom = (await h.meeting()).attendees.find((a) => a.audio === 'phone')!.room!;
    await h.ok('rename', { room: phoneRoom, title: 'Sales' });
    const voip = (await h.meeting()).attendees.find((a) => a.audio === 'voip')!;
    const outcome = await h.move(voip.id, phoneRoom);
    const prompt = outcome.effects.find((e) => e.type === 'dm');
    expect(prompt?.type === 'dm' && prompt.message.text).toContain(`Audio conflict in Sales (room ${phoneRoom})`);
  });
});

describe('dial-in details', () => {
  test('the board warns when phone attendees have no dial-in details, then when a phone room has no code', async () => {
    const h = createHarness('dialin-warn');
    await h.setup(roster({ phone: 6, voip: 2 }), 4);
    await h.ok('distribute');
    expect(buildBoard(await h.meeting()).warnings.some((w) => w.startsWith('Phone attendees have no dial-in details yet'))).toBe(true);
    await h.ok('dialin', { number: '+1 555 0100', codes: '111#' });
    const phoneRooms = buildBoard(await h.meeting()).rooms.filter((r) => r.counts.phone > 0).map((r) => r.number);
    const without = phoneRooms.filter((n) => n !== 1);
    const warning = buildBoard(await h.meeting()).warnings.find((w) => w.includes('no access code'));
    if (without.length > 0) expect(warning).toContain(`${without.join(', ')}`);
    else expect(warning).toBeUndefined();
  });

  test('a number with spaces takes its codes after the word codes', async () => {
    const parsed = parseCommandText('dialin +44 20 7946 0958 codes 111# 222#');
    expect(parsed).toEqual({ ok: true, name: 'dialin', args: { number: '+44 20 7946 0958', codes: '111# 222#' } });
    const h = createHarness('dialin-spaces');
    await h.setup(roster({ voip: 1 }), 2);
    if (!parsed.ok) throw new Error(parsed.message);
    const outcome = await h.ok(parsed.name, parsed.args);
    expect(outcome.meeting.settings.dialIn).toEqual({ number: '+44 20 7946 0958', codes: { '1': '111#', '2': '222#' } });
  });

  test('a number split by spaces without the word codes is refused with the way to write it, changing nothing', async () => {
    const parsed = parseCommandText('dialin +44 20 7946 0958');
    if (!parsed.ok) throw new Error(parsed.message);
    const h = createHarness('dialin-split');
    await h.setup(roster({ voip: 1 }), 2);
    const before = await h.meeting();
    const refusal = await h.refused(parsed.name, parsed.args);
    expect(refusal.message).toContain('/breakouts dialin +44 20 7946 0958 codes 111# 222#');
    expect(await h.meeting()).toEqual(before);
  });

  test('a one-word number followed by codes still works', () => {
    expect(parseCommandText('dialin +1-555-0100 111# 222#')).toEqual({ ok: true, name: 'dialin', args: { number: '+1-555-0100', codes: '111# 222#' } });
  });
});

describe('answers that say what to do', () => {
  test('a mistyped command suggests the one meant', () => {
    const parsed = parseCommandText('distrbute 4');
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message.split('\n')[0]).toBe('“distrbute” is not a Breakouts command. Did you mean /breakouts distribute?');
  });

  test('help for a command that does not exist says so before listing them all', async () => {
    const h = createHarness('help');
    const outcome = await h.ok('help', { topic: 'nonsense' });
    expect(outcome.reply.split('\n')[0]).toBe('There is no command “nonsense”; here are all of them.');
  });

  test('two-word audio names are understood in typed commands', () => {
    expect(parseCommandText('audio dial in')).toEqual({ ok: true, name: 'audio', args: { audio: 'dial in' } });
    expect(parseCommandText('join computer audio')).toEqual({ ok: true, name: 'join', args: { audio: 'computer audio' } });
  });

  test('a refusal for a facilitator-only command names the command', async () => {
    const h = createHarness('forbidden');
    await h.setup(roster({ voip: 2 }), 2);
    expect((await h.refused('rooms', { count: 3 }, actor('v0'))).message).toMatch(/^Only a facilitator can change the number of rooms\. Ask one of: /);
  });

  test('the conflict reason says who was asked to switch, and a switch to VOIP that makes a conflict says so', async () => {
    const h = createHarness('wording');
    await h.setup(roster({ phone: 2, voip: 2 }), 2);
    await h.ok('distribute');
    const phone = (await h.meeting()).attendees.filter((a) => a.audio === 'phone');
    const outcome = await h.ok('audio', { audio: 'voip' }, actor(phone[0]!.id));
    expect(outcome.reply).toContain(`That makes an audio conflict in Breakout ${phone[0]!.room}`);
    const reason = buildBoard(outcome.meeting).rooms[phone[0]!.room! - 1]!.conflict?.reason;
    expect(reason).toBe(`Audio conflict: 📞 ${phone[1]!.name} is on the phone and cannot hear 💻 ${phone[0]!.name}, who was asked to switch to phone.`);
  });
});
