// The outbox entries of a change: one per effect, keyed so that writing the same effect twice (a
// resumed run, a retried request) keeps one entry.
import type { Meeting } from '../domain/meeting.ts';
import { dueAt, effectId, type Effect } from '../domain/outcome.ts';
import type { NewOutboxEntry } from './port.ts';

export function outboxEntries(meeting: Pick<Meeting, 'id' | 'key' | 'version'>, effects: readonly Effect[], now: Date): NewOutboxEntry[] {
  const createdAt = now.toISOString();
  return effects.map((effect, index) => {
    const notBefore = dueAt(effect);
    return { id: effectId(meeting.id, meeting.version, index, effect), meetingKey: meeting.key, meetingId: meeting.id, effect, createdAt, ...(notBefore ? { notBefore } : {}) };
  });
}
