// Phone callers on Discord while rooms are open: a move to the main room or to another room sends
// exactly one DM with what to dial now (the voice move cannot carry a phone call); End tells them
// how to dial back in; phone-rooms that would evict live callers asks first. Real discord.js.
import { afterEach, describe, expect, test } from 'vitest';
import { IDS, memberId } from './fakes/fake-discord.ts';
import { startHarness, waitFor, type Harness } from './fakes/harness.ts';
import { meetingIn, runFinished, slash } from './helpers.ts';

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

const NOT_MANAGER = 0n;

/** Members 1–6 in voice; a dial-in with codes; 5 and 6 declare phone; 3 rooms open. */
async function started(): Promise<Harness> {
  h = await startHarness({ members: 6, seed: 'discord-phone' });
  await slash(h, IDS.facilitator, 'dialin', [
    { name: 'number', type: 3, value: '+15550100' },
    { name: 'codes', type: 3, value: '111# 222# 333#' },
  ]);
  for (const i of [5, 6]) {
    expect(await slash(h, memberId(i), 'audio', [{ name: 'audio', type: 3, value: 'phone' }], { command: 'breakouts-me', permissions: NOT_MANAGER })).toContain('phone');
  }
  await slash(h, IDS.facilitator, 'distribute', [{ name: 'rooms', type: 4, value: 3 }]);
  expect(await slash(h, IDS.facilitator, 'start')).toContain('Starting breakouts');
  await runFinished(h, 'start');
  return h;
}

describe('phone callers on Discord while rooms are open', () => {
  test('a phone caller moved to the main room gets one DM saying to hang up and dial the main session', async () => {
    const r = await started();
    const phone = (await meetingIn(r)).attendees.find((a) => a.audio === 'phone' && a.room !== null)!;
    const before = r.fake.dmsTo(phone.id).length;
    expect(await slash(r, IDS.facilitator, 'move', [{ name: 'user', type: 6, value: phone.id }, { name: 'to', type: 4, value: 0 }])).toContain('Moved');
    const sent = await waitFor('the DM', () => (r.fake.dmsTo(phone.id).length > before ? r.fake.dmsTo(phone.id).slice(before) : undefined));
    expect(sent.map((m) => m.content)).toEqual([
      `You have been moved back to the main room (Breakouts). Please hang up from Breakout ${phone.room}, then dial +15550100 and join the main session.`,
    ]);
  });

  test('phone-rooms 1 asks first; with confirm, each evicted phone caller gets one DM; End tells the others how to dial back', async () => {
    const r = await started();
    // One phone caller goes to room 3 first, so that phone-rooms 1 has someone live to send back.
    const mover = (await meetingIn(r)).attendees.find((a) => a.audio === 'phone' && a.room !== null)!;
    await slash(r, IDS.facilitator, 'move', [{ name: 'user', type: 6, value: mover.id }, { name: 'to', type: 4, value: 3 }]);
    await waitFor('the move DM', () => r.fake.dmsTo(mover.id).some((m) => m.content.startsWith('You have been moved to Breakout 3')));
    const meeting = await meetingIn(r);
    const evicted = meeting.attendees.filter((a) => a.audio === 'phone' && a.room !== null && a.room > 1);
    expect(evicted.map((a) => a.id)).toContain(mover.id);
    const asked = await slash(r, IDS.facilitator, 'phone-rooms', [{ name: 'limit', type: 4, value: 1 }]);
    expect(asked).toContain('To go ahead, type /breakouts phone-rooms 1 confirm.');
    expect((await meetingIn(r)).version).toBe(meeting.version);

    const counts = new Map(evicted.map((a) => [a.id, r.fake.dmsTo(a.id).length]));
    await slash(r, IDS.facilitator, 'phone-rooms', [
      { name: 'limit', type: 4, value: 1 },
      { name: 'confirm', type: 3, value: 'confirm' },
    ]);
    for (const a of evicted) {
      const sent = await waitFor('evicted DM', () => (r.fake.dmsTo(a.id).length > counts.get(a.id)! ? r.fake.dmsTo(a.id).slice(counts.get(a.id)) : undefined));
      expect(sent).toHaveLength(1);
      expect(sent[0]!.content).toContain('dial +15550100 and join the main session');
    }

    const inRooms = (await meetingIn(r)).attendees.filter((a) => a.audio === 'phone' && a.room !== null);
    const ends = new Map(inRooms.map((a) => [a.id, r.fake.dmsTo(a.id).length]));
    await slash(r, IDS.facilitator, 'end');
    await runFinished(r, 'end');
    for (const a of inRooms) {
      expect(r.fake.dmsTo(a.id).slice(ends.get(a.id)).map((m) => m.content)).toEqual([
        `Breakouts have ended in Breakouts. Please hang up from Breakout ${a.room}, then dial +15550100 and join the main session.`,
      ]);
    }
  });
});
