// Board warnings that need more than a room's own count: constraints the last distribute could not
// honour while they still stand, and phone callers without dial-in details.
import type { Meeting } from '../domain/meeting.ts';
import type { BoardRoom } from './board-types.ts';

/**
 * What the last distribute could not honour, while it still stands (a facilitator's move may have
 * fixed it since): a together group still split, an apart pair still sharing a room, someone still
 * away from their pre-assigned room. Each note keeps the reason it was given.
 */
export function standingUnmet(meeting: Meeting): string[] {
  if (!meeting.unmet || meeting.unmet.length === 0) return [];
  const roomOf = new Map(meeting.attendees.map((a) => [a.id, a.room]));
  const stands = (u: NonNullable<Meeting['unmet']>[number]): boolean => {
    const here = u.ids.filter((id) => roomOf.has(id));
    if (u.kind === 'together') return here.length >= 2 && new Set(here.map((id) => roomOf.get(id))).size > 1;
    if (u.kind === 'apart') {
      const rooms = here.map((id) => roomOf.get(id)).filter((r) => r !== null);
      return new Set(rooms).size < rooms.length;
    }
    return here.length > 0 && here.some((id) => roomOf.get(id) !== u.room);
  };
  return meeting.unmet.filter(stands).map((u) => u.text);
}

/** Phone callers need the bridge number, and a code for their room when the bridge uses codes. */
export function missingDialIn(meeting: Meeting, rooms: readonly BoardRoom[]): string | undefined {
  if (meeting.status === 'ended') return undefined;
  const phoneRooms = rooms.filter((r) => r.counts.phone > 0).map((r) => r.number);
  if (phoneRooms.length === 0) return undefined;
  const dialIn = meeting.settings.dialIn;
  if (!dialIn) return 'Phone attendees have no dial-in details yet: set them with /breakouts dialin <number> codes <code for room 1> <room 2> …';
  const codes = Object.keys(dialIn.codes).length;
  if (codes === 0) return undefined;
  const without = phoneRooms.filter((n) => dialIn.codes[String(n)] === undefined);
  if (without.length === 0) return undefined;
  return `${without.length === 1 ? 'Room' : 'Rooms'} ${without.join(', ')} ${without.length === 1 ? 'has' : 'have'} phone attendees but no access code: add codes with /breakouts dialin ${dialIn.number} codes …`;
}
