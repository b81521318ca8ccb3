// Phone callers in Slack while rooms are open: moved to the main room, to another room, or sent
// back by phone-rooms, each gets exactly one DM with what to dial now; End tells each how to dial
// back in; a live change that moves people asks first (an import too: typed again as
// `import-layout confirm` with its CSV, it moves them). Through the real Bolt against the fake.
import { afterEach, describe, expect, it } from 'vitest';
import type { Place } from '../../src/domain/meeting.ts';
import { typedImport } from '../../adapters/slack/listeners/import-layout.ts';
import { startRig, type Rig } from './fakes/harness.ts';
import { CHANNEL, TEAM, type Person } from './fakes/signed.ts';
import type { RecordedCall } from './fakes/fake-slack.ts';

const FAC: Person = { id: 'UFAC', name: 'fran' };
const place: Place = { platform: 'slack', workspaceId: TEAM, channelId: CHANNEL, mainRoomId: CHANNEL };

let rig: Rig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

const dmsTo = (r: Rig, user: string): RecordedCall[] => r.fake.callsOf('chat.postMessage').filter((c) => c.body['channel'] === user);
const text = (c: RecordedCall | undefined): string => String(c?.body['text'] ?? '');

/** 4 phone callers and 4 on VOIP in 4 rooms, a dial-in with codes, rooms open and the start finished. */
async function started(): Promise<Rig> {
  rig = await startRig({ seed: 'phone-callers' });
  const r = rig;
  const people = Array.from({ length: 8 }, (_, i) => ({ id: `U${i + 1}`, name: `person${i + 1}`, audio: i < 4 ? 'phone' : 'voip' }));
  const seeded = await r.engine.execute({ target: { place }, actor: FAC, command: 'import', input: { people } });
  expect(seeded.ok).toBe(true);
  for (const p of people) r.fake.users.set(p.id, { id: p.id, name: p.name });
  await r.command('dialin +15550100 codes 111# 222# 333# 444#', FAC);
  await r.command('distribute 4', FAC);
  await r.command('start', FAC);
  await r.fake.waitFor(async () => (await r.meeting()).run?.finished);
  return r;
}

describe('phone callers in Slack while rooms are open', () => {
  it('a phone caller moved to the main room gets one DM saying to hang up and dial the main session', async () => {
    const r = await started();
    const phone = (await r.meeting()).attendees.find((a) => a.audio === 'phone' && a.room !== null)!;
    const before = dmsTo(r, phone.id).length;
    await r.command(`move <@${phone.id}|${phone.name}> main`, FAC);
    const after = dmsTo(r, phone.id).slice(before);
    expect(after).toHaveLength(1);
    expect(text(after[0])).toBe(`You have been moved back to the main room (Breakouts). Please hang up from Breakout ${phone.room}, then dial +15550100 and join the main session.`);
  });

  it('phone-rooms 1 while rooms are open asks first, naming who moves; confirmed, each evicted caller gets one DM', async () => {
    const r = await started();
    const meeting = await r.meeting();
    const evicted = meeting.attendees.filter((a) => a.audio === 'phone' && a.room !== null && a.room > 1);
    const counts = new Map(evicted.map((a) => [a.id, dmsTo(r, a.id).length]));
    await r.command('phone-rooms 1', FAC);
    expect(r.replies().at(-1)).toContain('Nothing was changed yet. To go ahead, type /breakouts phone-rooms 1 confirm.');
    for (const a of evicted) expect(r.replies().at(-1)).toContain(a.name);
    expect((await r.meeting()).version).toBe(meeting.version);

    await r.command('phone-rooms 1 confirm', FAC);
    for (const a of evicted) {
      const sent = dmsTo(r, a.id).slice(counts.get(a.id));
      expect(sent).toHaveLength(1);
      expect(text(sent[0])).toContain('dial +15550100 and join the main session');
    }
  });

  it('End tells every phone caller who was in a room how to dial back into the main session', async () => {
    const r = await started();
    const phone = (await r.meeting()).attendees.filter((a) => a.audio === 'phone' && a.room !== null);
    const counts = new Map(phone.map((a) => [a.id, dmsTo(r, a.id).length]));
    await r.command('end', FAC);
    await r.fake.waitFor(async () => (await r.meeting()).run?.kind === 'end' && (await r.meeting()).run?.finished);
    for (const a of phone) {
      const sent = dmsTo(r, a.id).slice(counts.get(a.id));
      expect(sent).toHaveLength(1);
      expect(text(sent[0])).toBe(`Breakouts have ended in Breakouts. Please hang up from Breakout ${a.room}, then dial +15550100 and join the main session.`);
    }
  });
});

describe('import-layout while rooms are open, in Slack', () => {
  it('the word confirm right after the command is the go-ahead; the CSV after it keeps its line breaks', () => {
    expect(typedImport('import-layout confirm\nid,room\nU1,2')).toEqual({ csv: 'id,room\nU1,2', confirm: true });
    expect(typedImport('import-layout confirm id,room; <@U1|person1>,2')).toEqual({ csv: 'id,room; U1,2', confirm: true });
    expect(typedImport('import-layout  confirm ')).toEqual({ csv: '', confirm: true });
    // Only the bare word: a CSV that happens to start with it is a CSV.
    expect(typedImport('import-layout confirmed,room\nx,1')).toEqual({ csv: 'confirmed,room\nx,1', confirm: false });
    expect(typedImport('import-layout id,room\nU1,2')).toEqual({ csv: 'id,room\nU1,2', confirm: false });
  });

  it('an import that swaps two phone callers asks first, naming them, and changes nothing; typed with confirm it moves them and each gets one DM', async () => {
    const r = await started();
    const meeting = await r.meeting();
    const phone = meeting.attendees.filter((a) => a.audio === 'phone' && a.room !== null);
    const a = phone[0]!;
    const b = phone.find((p) => p.room !== a.room)!;
    const csv = `id,room\n<@${a.id}|${a.name}>,${b.room}\n<@${b.id}|${b.name}>,${a.room}`;
    const counts = new Map([a, b].map((p) => [p.id, dmsTo(r, p.id).length]));

    await r.command(`import-layout ${csv}`, FAC);
    const asked = r.replies().at(-1) ?? '';
    expect(asked).toContain('Rooms are open, so this moves 2 people to other rooms right away:');
    expect(asked).toMatch(/Phone callers person\d and person\d are sent what to dial now by direct message\./);
    for (const p of [a, b]) expect(asked).toContain(p.name);
    expect(asked).toContain('Nothing was changed yet. To go ahead, import it again with confirm: type /breakouts import-layout confirm followed by the CSV');
    expect(await r.meeting()).toEqual(meeting);
    for (const p of [a, b]) expect(dmsTo(r, p.id)).toHaveLength(counts.get(p.id)!);

    await r.command(`import-layout confirm\n${csv}`, FAC);
    await r.slack.deliverer.idle();
    const after = await r.meeting();
    expect(after.attendees.find((p) => p.id === a.id)?.room).toBe(b.room);
    expect(after.attendees.find((p) => p.id === b.id)?.room).toBe(a.room);
    expect(r.replies().at(-1)).toContain('Rooms are open: people are moved to their rooms now.');
    for (const p of [a, b]) {
      const sent = dmsTo(r, p.id).slice(counts.get(p.id));
      expect(sent).toHaveLength(1);
      expect(text(sent[0])).toContain('+15550100');
    }
  });
});
