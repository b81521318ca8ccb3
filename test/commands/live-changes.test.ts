// While rooms are open: every phone caller whose room changes is told exactly once what to dial
// now (a room's dial-in or the main session), and changes that move people out of their rooms
// wait for a go-ahead that names who moves and who is told.
import { describe, expect, test } from 'vitest';
import { roomNotice } from '../../src/domain/messages.ts';
import { parseCommandText } from '../../src/commands/parse-text.ts';
import { actor, createHarness, directMessages, expectUnchanged, layout, roomNotices, roster, startedWithDialIn } from '../engine/helpers.ts';


describe('phone callers moved while rooms are open', () => {
  test('a phone caller moved back to the main room is told to hang up from their room and dial the main session', async () => {
    const h = await startedWithDialIn('phone-to-main');
    const phone = (await h.meeting()).attendees.find((a) => a.audio === 'phone' && a.room !== null)!;
    const outcome = await h.move(phone.id, 'main');
    const sent = directMessages(outcome.effects);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toEqual({
      to: phone.id,
      message: {
        kind: 'room-notice',
        meetingId: outcome.meeting.id,
        reason: 'moved',
        room: null,
        roomName: 'Main room',
        members: [],
        text: `You have been moved back to the main room (Breakouts). Please hang up from Breakout ${phone.room}, then dial +1 555 0100 and join the main session.`,
      },
    });
  });

  test('a phone caller moved to another room gets exactly one message, with that room’s code', async () => {
    const h = await startedWithDialIn('phone-to-room');
    const phone = (await h.meeting()).attendees.find((a) => a.audio === 'phone' && a.room !== null)!;
    const target = phone.room === 1 ? 2 : 1;
    const outcome = await h.move(phone.id, target);
    const sent = directMessages(outcome.effects);
    expect(sent.map((d) => d.to)).toEqual([phone.id]);
    expect(sent[0]!.message.kind === 'room-notice' && sent[0]!.message.dialIn).toEqual({ number: '+1 555 0100', code: ['111#', '222#'][target - 1] });
  });

  test('a shuffle while rooms are open tells each phone caller whose room changed once, and nobody whose room stayed', async () => {
    const h = await startedWithDialIn('shuffle-open');
    const before = await h.meeting();
    const outcome = await h.ok('shuffle', { confirm: 'confirm' });
    const changed = outcome.meeting.attendees
      .filter((a) => a.audio === 'phone' && before.attendees.find((b) => b.id === a.id)!.room !== a.room)
      .map((a) => a.id)
      .sort();
    expect(roomNotices(outcome.effects).map((n) => n.to).sort()).toEqual(changed);
  });

  test('phone callers sent back to the main room by phone-rooms are each told once what to dial now', async () => {
    const h = await startedWithDialIn('phone-rooms-evict');
    const before = await h.meeting();
    const evicted = before.attendees.filter((a) => a.audio === 'phone' && a.room !== null && a.room > 1).map((a) => a.id).sort();
    expect(evicted.length).toBeGreaterThan(0);
    const outcome = await h.ok('phone-rooms', { limit: 1, confirm: 'confirm' });
    const sent = roomNotices(outcome.effects);
    expect(sent.map((n) => n.to).sort()).toEqual(evicted);
    for (const n of sent) expect(n.message).toMatchObject({ room: null, reason: 'moved' });
    for (const n of sent) expect(n.message.text).toContain('dial +1 555 0100 and join the main session');
  });

  test('at the end every phone caller in a room is told how to dial back into the main session', async () => {
    const h = await startedWithDialIn('end-dial');
    const end = await h.ok('end');
    const notify = end.meeting.run!.steps.filter((s) => s.kind === 'notify');
    const phone = end.meeting.attendees.find((a) => a.id === notify[0]!.to)!;
    expect(roomNotice(end.meeting, phone, 'ended')?.text).toBe(
      `Breakouts have ended in Breakouts. Please hang up from Breakout ${phone.room}, then dial +1 555 0100 and join the main session.`,
    );
  });

  test('pressing “I’ve switched to phone” inside an open room sends no second message (the prompt had the dial-in)', async () => {
    const h = await startedWithDialIn('switched-confirm');
    const meeting = await h.meeting();
    const phone = meeting.attendees.find((a) => a.audio === 'phone' && a.room !== null)!;
    const voip = meeting.attendees.find((a) => a.audio === 'voip' && a.room !== null)!;
    const moved = await h.move(voip.id, phone.room!);
    const prompt = directMessages(moved.effects).find((d) => d.to === voip.id)!.message;
    expect(prompt.kind).toBe('conflict-prompt');
    const confirmed = await h.ok('confirm-phone', { promptId: prompt.kind === 'conflict-prompt' ? prompt.promptId : '' }, actor(voip.id));
    expect(directMessages(confirmed.effects)).toEqual([]);
  });

  test('someone who types /breakouts audio phone inside an open room is sent that room’s dial-in, not told they moved', async () => {
    const h = await startedWithDialIn('switched-typed');
    const voip = (await h.meeting()).attendees.find((a) => a.audio === 'voip' && a.room !== null && a.room <= 4)!;
    const outcome = await h.ok('audio', { audio: 'phone' }, actor(voip.id));
    const sent = roomNotices(outcome.effects);
    expect(sent.map((n) => n.to)).toEqual([voip.id]);
    expect(sent[0]!.message.reason).toBe('switched');
    expect(sent[0]!.message.text).toMatch(/^Your audio is now phone\. To talk in Breakout \d/);
    expect(sent[0]!.message.text).not.toContain('moved');
  });
});

describe('changes that move people while rooms are open ask first', () => {
  test('phone-rooms that would send live phone callers to the main room names them, asks, and changes nothing', async () => {
    const h = await startedWithDialIn('phone-rooms-ask');
    const before = await h.meeting();
    const evicted = before.attendees.filter((a) => a.audio === 'phone' && a.room !== null && a.room > 1);
    const refusal = await h.refused('phone-rooms', { limit: 1 });
    expect(refusal.code).toBe('needs-confirmation');
    expect(refusal.message).toContain(`Rooms are open, so this moves ${evicted.length === 1 ? '1 person' : `${evicted.length} people`} back to the main room right away:`);
    for (const a of evicted) expect(refusal.message).toContain(a.name);
    expect(refusal.message).toContain('by direct message');
    expect(refusal.message).toContain('Nothing was changed yet. To go ahead, type /breakouts phone-rooms 1 confirm.');
    await expectUnchanged(h, before);
  });

  test('removing rooms while they are open asks first, then moves their people to the main room when confirmed', async () => {
    const h = await startedWithDialIn('rooms-ask');
    const before = await h.meeting();
    const inRemoved = before.attendees.filter((a) => a.room !== null && a.room > 2).map((a) => a.id).sort();
    const refusal = await h.refused('rooms', { count: 2 });
    expect(refusal.code).toBe('needs-confirmation');
    expect(refusal.message).toContain('To go ahead, type /breakouts rooms 2 confirm.');
    await expectUnchanged(h, before);

    const done = await h.ok('rooms', { count: 2, confirm: 'confirm' });
    expect(done.meeting.rooms).toHaveLength(2);
    expect(layout(done.meeting)[0]).toEqual(expect.arrayContaining(inRemoved));
    const live = done.effects.filter((e) => e.type === 'live-move').map((e) => (e.type === 'live-move' ? e.attendeeId : '')).sort();
    expect(live).toEqual(inRemoved);
  });

  test('a typed shuffle while rooms are open asks first; a change that moves nobody out of a room does not ask', async () => {
    const h = await startedWithDialIn('shuffle-ask');
    const before = await h.meeting();
    expect((await h.refused('shuffle', {})).message).toContain('To go ahead, type /breakouts shuffle confirm.');
    await expectUnchanged(h, before);
    expect((await h.ok('rooms', { count: 5 })).reply).toBe('The meeting now has 5 rooms.');
  });

  test('before rooms open, the same changes go ahead without asking', async () => {
    const h = createHarness('draft-no-ask');
    await h.setup(roster({ phone: 4, voip: 4 }), 4);
    await h.ok('distribute');
    await h.ok('phone-rooms', { limit: 1 });
    await h.ok('rooms', { count: 2 });
    await h.ok('shuffle');
  });

  test('“confirm” is typed after the command, and any other word is refused with the usage line', async () => {
    expect(parseCommandText('phone-rooms 1 confirm')).toEqual({ ok: true, name: 'phone-rooms', args: { limit: '1', confirm: 'confirm' } });
    const h = await startedWithDialIn('confirm-word');
    const refusal = await h.refused('rooms', { count: '2', confirm: 'please' });
    expect(refusal.code).toBe('bad-input');
    expect(refusal.message).toContain('confirm must be the word confirm');
    expect(refusal.message).toContain('Usage: /breakouts rooms <count> [confirm]');
  });
});
