// How a new layout is reported: who was placed, what could not be honoured and how many pairs meet
// again, each also recorded on the meeting for the board. Distribute and Shuffle share it.
import { LIMITS, type Meeting } from '../domain/meeting.ts';
import type { UnmetConstraint } from '../domain/plan-round.ts';
import { plural } from '../domain/text.ts';
import { summarizePlacement, type Planned } from './placement.ts';
import { repeatsLine } from './rounds.ts';

/** What a layout could not honour, in the reply and (while it stands) on the board; `earlier` notes are kept. */
export function recordUnmet(meeting: Meeting, warnings: readonly UnmetConstraint[], earlier: NonNullable<Meeting['unmet']> = []): string[] {
  const fresh = warnings.map((w) => ({ kind: w.kind, ids: w.ids.slice(0, LIMITS.constraintSize), ...(w.room !== undefined ? { room: w.room } : {}), text: w.text.slice(0, 1000) }));
  const all = [...earlier.filter((u) => !fresh.some((f) => f.text === u.text)), ...fresh].slice(-LIMITS.constraints * 2);
  if (all.length > 0) meeting.unmet = all;
  else delete meeting.unmet;
  if (warnings.length === 0) return [];
  const more = warnings.length > 5 ? ` (and ${warnings.length - 5} more on the board)` : '';
  return [`Not met${more}: ${warnings.slice(0, 5).map((w) => w.text).join(' ')}`];
}

/** The repeat figures of a new layout: stored for the board, and one sentence for the reply. */
export function recordRepeats(meeting: Meeting, strategy: 'same' | 'new' | 'plain', now: number, random: number): string[] {
  if ((meeting.rounds ?? []).length === 0) {
    delete meeting.repeats;
    return strategy === 'new' ? ['No earlier rounds yet: nobody has met, so every pair is new.'] : [];
  }
  meeting.repeats = { now, random, strategy };
  return [`${repeatsLine(meeting.repeats)}.`];
}

/** The sentences of a from-scratch layout: who was placed, rooms added or removed, what was not met, repeats. */
export function plannedReply(meeting: Meeting, planned: Planned, strategy: 'new' | 'plain'): string[] {
  const parts = [summarizePlacement(meeting, planned.placed, planned.waiting)];
  if (planned.rooms !== planned.roomsBefore && planned.roomsBefore > 0) {
    const cap = meeting.settings.roomCap;
    const why = cap !== undefined && planned.rooms > planned.roomsBefore ? ` so no room is above the room cap of ${cap}` : '';
    parts.push(`The meeting now has ${plural(planned.rooms, 'room')} (it had ${planned.roomsBefore})${why}.`);
  }
  parts.push(...recordUnmet(meeting, planned.warnings));
  parts.push(...recordRepeats(meeting, strategy, planned.repeats, planned.randomRepeats));
  return parts;
}
