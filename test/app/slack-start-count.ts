// What the fake Slack shows of a start, for the tests that kill `npm start` in the middle of one
// (one process restarted on its folder, or several on one database): which run step each Web API
// call carried out, what is missing, and which sends repeated.
import { channelName } from '../../adapters/slack/platform.ts';
import type { Meeting } from '../../src/domain/meeting.ts';
import type { FakeSlack, RecordedCall } from '../slack/fakes/fake-slack.ts';
import { extras, occupied, phoneCallers, waitFor } from './crash-harness.ts';

const text = (c: RecordedCall): string => String(c.body['text'] ?? '');

/** The run step each Web API call of a start carries out (none for calls that carry none: boards, look-ups). */
export function stepsOf(fake: FakeSlack, meeting: Meeting, calls: readonly RecordedCall[]): { call: RecordedCall; step: string }[] {
  const names = new Map(occupied(meeting).map((r) => [channelName(meeting, r), r.number]));
  const rooms = new Map<string, number>();
  for (const [id, name] of fake.channels) if (names.has(name)) rooms.set(id, names.get(name)!);
  return calls.flatMap((call) => {
    const channel = String(call.body['channel'] ?? '');
    const name = String(call.body['name'] ?? '');
    if (call.method === 'conversations.create' && names.has(name)) return [{ call, step: `prepare:${names.get(name)}` }];
    if (call.method === 'conversations.invite' && rooms.has(channel)) return [{ call, step: `open:${rooms.get(channel)}` }];
    if (call.method === 'chat.postMessage' && rooms.has(channel) && text(call).startsWith('*Welcome to')) return [{ call, step: `welcome:${rooms.get(channel)}` }];
    if (call.method === 'chat.postMessage' && channel.startsWith('U')) return [{ call, step: `notify:${channel}` }];
    return [];
  });
}

export interface StartCount {
  /** Channels made with each occupied room's name (must be 1 each). */
  readonly made: number[];
  /** Sends beyond the first, per step (a repeated conversations.create is not a send: Slack refuses the name). */
  readonly duplicates: { total: number; byKey: Record<string, number> };
  readonly missing: string[];
}

/**
 * What the fake shows of the start of `meeting` from call `since` on: rooms made, people in them,
 * welcomes, DMs carrying the dial-in number; and what repeated.
 */
export function countStart(fake: FakeSlack, meeting: Meeting, since: number, dialIn: string): StartCount {
  const calls = fake.calls.slice(since);
  const posted = (to: string, says: (text: string) => boolean): boolean => calls.some((c) => c.method === 'chat.postMessage' && c.ok && c.body['channel'] === to && says(text(c)));
  const missing: string[] = [];
  const made: number[] = [];
  for (const room of occupied(meeting)) {
    const name = channelName(meeting, room);
    made.push([...fake.channels.values()].filter((n) => n === name).length);
    const id = [...fake.channels].find(([, n]) => n === name)?.[0];
    if (!id) {
      missing.push(`no channel ${name}`);
      continue;
    }
    const inside = fake.members.get(id) ?? new Set<string>();
    const out = meeting.attendees.filter((a) => a.room === room.number && !inside.has(a.id));
    if (out.length > 0) missing.push(`room ${room.number}: not invited ${out.map((a) => a.id).join(',')}`);
    if (!posted(id, (t) => t.startsWith('*Welcome to'))) missing.push(`room ${room.number}: no welcome`);
  }
  for (const a of phoneCallers(meeting)) if (!posted(a.id, (t) => t.includes(dialIn))) missing.push(`${a.id}: no dial-in DM`);
  const sends = stepsOf(fake, meeting, calls).filter((s) => !s.step.startsWith('prepare:'));
  return { made, duplicates: extras(sends.map((s) => s.step)), missing };
}

/** Waits until `count` (a countStart) finds nothing missing; a timeout names what still is. */
export async function waitForStart(what: string, count: () => StartCount, timeoutMs: number): Promise<void> {
  await waitFor(what, () => count().missing.length === 0, timeoutMs, () => count().missing.join('; '));
}
