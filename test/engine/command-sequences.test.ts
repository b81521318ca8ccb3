// Random sequences of commands from facilitators, attendees and the runner: whatever happens,
// the engine answers with a value (never throws), keeps the stored meeting valid, keeps phone
// attendees in rooms 1..K, keeps prompts in step with conflicts, and refusals change nothing.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { findConflicts } from '../../src/domain/conflicts.ts';
import { AUDIO_KINDS, MeetingSchema, phoneRoomCount, type Meeting } from '../../src/domain/meeting.ts';
import type { Actor, CommandName } from '../../src/engine/engine.ts';
import { actor, createHarness, HOST } from './helpers.ts';

const PEOPLE = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];

type Step = { who: number; kind: number; n: number; m: number; audio: number };
const stepArb = fc.record({
  who: fc.nat(PEOPLE.length),
  kind: fc.nat(20),
  n: fc.integer({ min: 0, max: 9 }),
  m: fc.integer({ min: 0, max: 9 }),
  audio: fc.nat(2),
});

/** Turn a random step into a request against the current meeting. */
function request(step: Step, meeting: Meeting | undefined): { command: CommandName; input: unknown; actor: Actor; version?: number } {
  const person = PEOPLE[step.who % PEOPLE.length]!;
  const who = step.who === PEOPLE.length ? HOST : actor(person);
  const audio = AUDIO_KINDS[step.audio]!;
  const other = { id: PEOPLE[step.n % PEOPLE.length]! };
  const room = step.m === 0 ? 'main' : step.m;
  const stale = meeting && step.n % 3 === 0 ? { version: Math.max(0, meeting.version - 1) } : {};
  switch (step.kind) {
    case 0:
      return { command: 'join', input: { audio }, actor: who };
    case 1:
    case 2:
    case 3:
      return { command: 'move', input: { user: other, to: room }, actor: HOST, ...stale };
    case 4:
      return { command: 'audio', input: { audio }, actor: who };
    case 5:
      return { command: 'audio', input: { audio, user: other }, actor: HOST };
    case 6:
      return { command: 'rooms', input: { count: Math.max(1, step.m) }, actor: HOST };
    case 7:
      return { command: 'distribute', input: step.m > 5 ? { rooms: step.m } : {}, actor: HOST, ...stale };
    case 8:
      return { command: 'shuffle', input: {}, actor: HOST };
    case 9:
      return { command: 'phone-rooms', input: { limit: Math.max(1, step.m) }, actor: HOST };
    case 10:
      return { command: 'facilitator', input: { action: step.m % 2 ? 'add' : 'remove', user: other }, actor: who };
    case 11:
      return { command: 'apply', input: {}, actor: who };
    case 12:
      return { command: 'start', input: {}, actor: HOST };
    case 13:
      return { command: 'end', input: {}, actor: HOST };
    case 14: {
      const prompt = meeting?.prompts[person];
      return { command: 'confirm-phone', input: { promptId: prompt && step.m % 4 ? prompt.id : 'gone0000' }, actor: who };
    }
    case 15:
      return { command: 'leave', input: {}, actor: who };
    case 16:
      return { command: 'rename', input: { room: Math.max(1, step.m), title: `Room ${step.n}` }, actor: who };
    case 17:
      return { command: 'import', input: { people: [{ id: person, name: `Imported ${person}`, audio }] }, actor: HOST };
    case 18: {
      const pending = meeting?.run?.steps.find((s) => s.state === 'pending');
      return {
        command: 'step',
        input: { runId: meeting?.run?.id ?? 'none', done: [{ key: pending?.key ?? 'none', ...(step.m % 2 ? { resourceId: `R${step.n}` } : { failed: 'refused' }) }] },
        actor: { id: 'system', name: 'Breakouts', system: true },
      };
    }
    case 19:
      return { command: 'dialin', input: { number: step.m % 2 ? '+1 555 0100' : 'off', codes: '11# 22#' }, actor: HOST };
    default:
      return { command: 'status', input: {}, actor: who };
  }
}

function expectValid(meeting: Meeting): void {
  expect(MeetingSchema.safeParse(meeting).error).toBeUndefined();
  const K = phoneRoomCount(meeting);
  for (const a of meeting.attendees) {
    if (a.room !== null) expect(a.room).toBeLessThanOrEqual(meeting.rooms.length);
    if (a.audio === 'phone' && a.room !== null) expect(a.room).toBeLessThanOrEqual(K);
  }
  expect(new Set(meeting.attendees.map((a) => a.id)).size).toBe(meeting.attendees.length);
  expect(meeting.rooms.map((r) => r.number)).toEqual(meeting.rooms.map((_, i) => i + 1));
  expect(meeting.attendees.some((a) => a.role === 'facilitator')).toBe(true);
  // A prompt stands exactly for the people caught in a conflict, for that room.
  const expected: Record<string, number> = {};
  for (const c of findConflicts(meeting).values()) for (const a of c.affected) expected[a.id] = c.room;
  expect(Object.fromEntries(Object.entries(meeting.prompts).map(([id, p]) => [id, p.room]))).toEqual(expected);
}

describe('random command sequences', () => {
  test('the engine always answers with a value and keeps the meeting valid; refusals and no-ops change nothing', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer(), fc.array(stepArb, { minLength: 1, maxLength: 60 }), async (seed, steps) => {
        const h = createHarness(seed);
        await h.ok('import', { people: PEOPLE.slice(0, 5).map((id, i) => ({ id, name: `P ${id}`, audio: AUDIO_KINDS[i % 3] })) });
        await h.ok('rooms', { count: 3 });
        for (const step of steps) {
          const before = structuredClone(await h.meeting());
          const r = request(step, before);
          const outcome = await h.exec(r.command, r.input, r.actor, r.version);
          const after = await h.meeting();
          if (!outcome.ok || !outcome.changed) {
            expect(after).toEqual(before);
          } else {
            const bumped = after.version === before.version + 1;
            expect(bumped || (after.version === before.version && !outcome.effects.some((e) => e.type === 'board'))).toBe(true);
          }
          expectValid(after);
        }
      }),
      { numRuns: 150 },
    );
  });
});
