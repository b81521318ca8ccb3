// Who is acting, and whether they may manage the meeting.
import type { Meeting } from './meeting.ts';

export interface Actor {
  readonly id: string;
  readonly name: string;
  /** The platform says this person may manage the meeting (Discord: Move Members). */
  readonly canManage?: boolean;
  /** Platform events and the runner act as the system, not as a person. */
  readonly system?: boolean;
}

export const SYSTEM_ACTOR: Actor = { id: 'system', name: 'Breakouts', system: true };

export function isFacilitatorActor(meeting: Pick<Meeting, 'attendees'>, actor: Actor): boolean {
  if (actor.system || actor.canManage) return true;
  return meeting.attendees.some((a) => a.id === actor.id && a.role === 'facilitator');
}
