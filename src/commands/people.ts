// People on a meeting's roster: finding the one a command names, adding someone, the stored form
// of a display name, and changing someone's audio (with what that does to their room).
import type { Actor } from '../domain/actor.ts';
import { findConflicts } from '../domain/conflicts.ts';
import { LIMITS, phoneRoomCount, type Attendee, type Audio, type Meeting, type Role } from '../domain/meeting.ts';
import { refuse, type Refusal } from '../domain/outcome.ts';
import { cleanDisplayText, nameList, roomRange } from '../domain/text.ts';
import type { UserRef } from './inputs.ts';
import { describeRoom, enforcePhoneLimit } from './placement.ts';

/** A person's display name as stored: visible characters only, one line, within the length limit. */
export function clampName(name: string): string {
  const trimmed = cleanDisplayText(name) || 'Someone';
  return trimmed.length > LIMITS.displayNameLength ? `${trimmed.slice(0, LIMITS.displayNameLength - 1)}…` : trimmed;
}

/** Add someone to the roster, in the main room. */
export function addAttendee(meeting: Meeting, person: { readonly id: string; readonly name: string }, audio: Audio, role: Role, version: number): Attendee {
  const attendee: Attendee = { id: person.id, name: clampName(person.name), audio, role, room: null, placedAt: version };
  meeting.attendees.push(attendee);
  return attendee;
}

export function facilitatorNames(meeting: Meeting): string {
  const names = meeting.attendees.filter((a) => a.role === 'facilitator').map((a) => a.name);
  return names.length > 0 ? names.slice(0, 5).join(', ') : 'nobody yet';
}

export function hasFacilitator(meeting: Meeting): boolean {
  return meeting.attendees.some((a) => a.role === 'facilitator');
}

/** The actor becomes a facilitator: on the roster already (their room is kept), or added to the main room. */
export function makeFacilitator(meeting: Meeting, actor: Actor, version: number): void {
  const existing = meeting.attendees.find((a) => a.id === actor.id);
  if (existing) existing.role = 'facilitator';
  else addAttendee(meeting, actor, 'voip', 'facilitator', version);
}

/** The roster entry a reference names, if any (by id, or by a name nobody else has). */
export function findByRef(meeting: Meeting, ref: UserRef): Attendee | undefined {
  if ('id' in ref) return meeting.attendees.find((a) => a.id === ref.id);
  const wanted = ref.name.toLowerCase();
  return meeting.attendees.find((a) => a.name.toLowerCase() === wanted);
}

/** The roster entries a reference could mean: one by id, or everyone with that name. */
function candidates(meeting: Meeting, ref: UserRef): Attendee[] {
  if ('id' in ref) return meeting.attendees.filter((a) => a.id === ref.id);
  const wanted = ref.name.toLowerCase();
  return meeting.attendees.filter((a) => a.name.toLowerCase() === wanted);
}

/** Why a reference names nobody (or more than one person) on the roster. */
export function whyNotFound(meeting: Meeting, ref: UserRef): Refusal {
  if ('id' in ref) return refuse('unknown-attendee', `${ref.name ?? 'That person'} is not on this meeting’s roster. They can join with /breakouts join.`);
  if (candidates(meeting, ref).length > 1) return refuse('unknown-attendee', `More than one person on the roster is called ${ref.name}: mention them with @ so Breakouts knows which.`);
  return refuse('unknown-attendee', `Nobody called ${ref.name} is on this meeting’s roster. Check the name, or ask them to /breakouts join.`);
}

/** The one roster entry a reference names, or a refusal saying why there is none (or more than one). */
export function findPerson(meeting: Meeting, ref: UserRef): { readonly ok: true; readonly attendee: Attendee } | Refusal {
  const found = candidates(meeting, ref);
  return found.length === 1 ? { ok: true, attendee: found[0]! } : whyNotFound(meeting, ref);
}

/** Set someone's audio; a phone attendee above the phone rooms goes back to main, and the answer says so. */
export function switchAudio(meeting: Meeting, target: Attendee, audio: Audio, version: number, self: boolean): string {
  const from = target.room;
  target.audio = audio;
  if (enforcePhoneLimit(meeting, version) > 0 && target.room === null && from !== null) {
    return ` Phone attendees can only be in ${roomRange(phoneRoomCount(meeting))}, so ${self ? 'you are' : `${target.name} is`} back in the main room until a facilitator moves ${self ? 'you' : 'them'}.`;
  }
  const conflict = target.room === null ? undefined : findConflicts(meeting).get(target.room);
  if (!conflict) return '';
  return ` That makes an audio conflict in ${describeRoom(meeting, target.room)} (shown in red): ${nameList(conflict.affected.map((a) => a.name), 5)} will be asked to switch to phone.`;
}
