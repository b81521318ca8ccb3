// Audio conflicts (rule 3/4): which rooms mix phone with VOIP/listening, and the bookkeeping
// that gives each affected attendee exactly one switch-to-phone prompt per conflict.
import { AUDIO_ICONS, type Attendee, type Meeting } from './meeting.ts';
import type { Random } from '../ports.ts';
import { randomId } from './random.ts';

export interface Conflict {
  readonly room: number;
  readonly phone: readonly Attendee[];
  /** The VOIP and listening attendees who cannot hear the phone attendees. */
  readonly affected: readonly Attendee[];
  readonly reason: string;
}

export function findConflicts(meeting: Pick<Meeting, 'attendees'>): Map<number, Conflict> {
  const byRoom = new Map<number, { phone: Attendee[]; affected: Attendee[] }>();
  for (const a of meeting.attendees) {
    if (a.room === null) continue;
    let entry = byRoom.get(a.room);
    if (!entry) byRoom.set(a.room, (entry = { phone: [], affected: [] }));
    if (a.audio === 'phone') entry.phone.push(a);
    else entry.affected.push(a);
  }
  const conflicts = new Map<number, Conflict>();
  for (const [room, { phone, affected }] of byRoom) {
    if (phone.length === 0 || affected.length === 0) continue;
    conflicts.set(room, { room, phone, affected, reason: conflictReason(phone, affected) });
  }
  return conflicts;
}

function conflictReason(phone: readonly Attendee[], affected: readonly Attendee[]): string {
  const names = (list: readonly Attendee[]) => {
    const shown = list.slice(0, 3).map((a) => `${AUDIO_ICONS[a.audio]} ${a.name}`);
    return list.length > 3 ? `${shown.join(', ')} and ${list.length - 3} more` : shown.join(', ');
  };
  const verb = phone.length === 1 ? 'is' : 'are';
  const asked = affected.length === 1 ? 'who was' : 'who were all';
  return `Audio conflict: ${names(phone)} ${verb} on the phone and cannot hear ${names(affected)}, ${asked} asked to switch to phone.`;
}

export interface PromptToSend {
  readonly to: string;
  readonly attendee: Attendee;
  readonly promptId: string;
  readonly conflict: Conflict;
}

/**
 * Bring `meeting.prompts` in line with the current conflicts (mutates `meeting`): a prompt is
 * kept while its attendee stays in that conflict room, dropped as soon as they leave it or the
 * conflict clears, and a new one is issued only to someone newly caught in a conflict.
 */
export function reconcilePrompts(meeting: Meeting, random: Random): PromptToSend[] {
  const conflicts = findConflicts(meeting);
  const stillAffected = new Set<string>();
  const toSend: PromptToSend[] = [];
  for (const conflict of conflicts.values()) {
    for (const a of conflict.affected) {
      stillAffected.add(a.id);
      const existing = meeting.prompts[a.id];
      if (existing && existing.room === conflict.room) continue;
      const promptId = randomId(random, 8);
      meeting.prompts[a.id] = { id: promptId, room: conflict.room };
      toSend.push({ to: a.id, attendee: a, promptId, conflict });
    }
  }
  for (const id of Object.keys(meeting.prompts)) {
    if (!stillAffected.has(id)) delete meeting.prompts[id];
  }
  return toSend;
}
