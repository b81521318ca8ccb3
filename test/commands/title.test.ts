// Naming the meeting: facilitators give it the name attendees know it by, and every direct message
// and the board use it from then on.
import { describe, expect, test } from 'vitest';
import { buildBoard } from '../../src/board/board.ts';
import { parseCommandText } from '../../src/commands/parse-text.ts';
import { actor, createHarness, expectUnchanged, roomNotices, roster, startedWithDialIn } from '../engine/helpers.ts';

describe('title', () => {
  test('a facilitator names the meeting; the board and the DMs use the name', async () => {
    const h = await startedWithDialIn('title');
    expect((await h.ok('title', { title: 'Weekly all-hands' })).reply).toBe('The meeting is now called Weekly all-hands.');
    const meeting = await h.meeting();
    expect(buildBoard(meeting).title).toBe('Weekly all-hands');
    const phone = meeting.attendees.find((a) => a.audio === 'phone' && a.room !== null)!;
    const moved = await h.move(phone.id, 'main');
    expect(roomNotices(moved.effects)[0]?.message.text).toContain('You have been moved back to the main room (Weekly all-hands).');
  });

  test('the name is typed as words after the command, cleaned of hidden characters, and only facilitators set it', async () => {
    expect(parseCommandText('title Weekly all-hands')).toEqual({ ok: true, name: 'title', args: { title: 'Weekly all-hands' } });
    const h = createHarness('title-rules');
    await h.setup(roster({ voip: 2 }), 2);
    expect((await h.ok('title', { title: '\u202ESprint review' })).meeting.title).toBe('Sprint review');
    const before = await h.meeting();
    expect((await h.refused('title', { title: 'Mine now' }, actor('v0'))).message).toBe('Only a facilitator can name the meeting. Ask one of: Host.');
    expect((await h.refused('title', { title: ' ' })).message).toContain('title is missing');
    expect((await h.refused('title', { title: 'x'.repeat(101) })).message).toContain('title must be at most 100 characters');
    await expectUnchanged(h, before);
  });
});
