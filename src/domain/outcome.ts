// What an engine operation returns: the new meeting and the effects an adapter must carry out,
// or a refusal with a code and a sentence for the person. Adapters switch on these values.
import type { Audio, Meeting, NotifyReason } from './meeting.ts';

export interface DialInDetails {
  readonly number: string;
  readonly code?: string;
}

/** A direct message to one attendee, platform-neutral: adapters render `text` plus a button. */
export type DirectMessage =
  | {
      readonly kind: 'conflict-prompt';
      readonly meetingId: string;
      readonly promptId: string;
      readonly room: number;
      readonly roomName: string;
      readonly phoneAttendees: readonly string[];
      readonly dialIn?: DialInDetails;
      readonly text: string;
      /** Label of the confirm button ("I've switched to phone"). */
      readonly confirmLabel: string;
    }
  | {
      readonly kind: 'room-notice';
      readonly meetingId: string;
      readonly reason: NotifyReason;
      /** The room the notice is about; null: the main room (moved back while rooms are open). */
      readonly room: number | null;
      readonly roomName: string;
      readonly members: readonly string[];
      readonly dialIn?: DialInDetails;
      readonly text: string;
    };

export type Effect =
  /** Re-render the meeting's board where it is posted. */
  | { readonly type: 'board' }
  | { readonly type: 'dm'; readonly to: string; readonly message: DirectMessage }
  /** Carry out the pending steps of the meeting's run (apply, start, end); see runner.ts. */
  | { readonly type: 'run'; readonly runId: string }
  /** While rooms are open, a move takes effect at once on the platform. */
  | { readonly type: 'live-move'; readonly attendeeId: string; readonly from: number | null; readonly to: number | null };

export const REFUSAL_CODES = [
  'bad-input',
  'forbidden',
  'no-meeting',
  'unknown-attendee',
  'phone-room-limit',
  'stale',
  'wrong-status',
  'prompt-gone',
  'last-facilitator',
  'busy',
  /** A change that moves people while rooms are open waits for an explicit go-ahead. */
  'needs-confirmation',
  /** The store could not save or read (data folder read-only, database gone): try again later. */
  'unavailable',
] as const;
export type RefusalCode = (typeof REFUSAL_CODES)[number];

export interface Success {
  readonly ok: true;
  readonly meeting: Meeting;
  readonly effects: readonly Effect[];
  /** One or two sentences for the person who acted (ephemeral). */
  readonly reply: string;
  readonly changed: boolean;
  /**
   * This request (by its id) was already carried out: nothing changed now and nothing must be
   * sent again, not even the reply (the first delivery sent it).
   */
  readonly duplicate?: boolean;
  /** The change went through but asks people to act: it made an audio conflict (prompts went out). */
  readonly warning?: boolean;
}

export interface Refusal {
  readonly ok: false;
  readonly code: RefusalCode;
  readonly message: string;
  /** The current meeting, when there is one (so a stale click can be shown the current board). */
  readonly meeting?: Meeting;
}

export type Outcome = Success | Refusal;

export function refuse(code: RefusalCode, message: string, meeting?: Meeting): Refusal {
  return meeting ? { ok: false, code, message, meeting } : { ok: false, code, message };
}

export interface AttendeeBrief {
  readonly id: string;
  readonly name: string;
  readonly audio: Audio;
}

/**
 * The idempotency key of an effect: a run by its id (pressing Start again resumes the same run),
 * the board by its meeting (one redraw waits per board: changes meanwhile fold into it), anything
 * else by the change that caused it (meeting, version, position).
 */
export function effectId(meetingId: string, version: number, index: number, effect: Effect): string {
  if (effect.type === 'run') return `${meetingId}:run:${effect.runId}`;
  if (effect.type === 'board') return `${meetingId}:board`;
  return `${meetingId}:${version}:${index}`;
}
