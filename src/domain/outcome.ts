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
    }
  /** A notice everyone in a room reads in its chat (a timer warning, a broadcast), sent to a phone caller who cannot read chat. */
  | {
      readonly kind: 'announcement';
      readonly meetingId: string;
      /** The room the caller is in; null: the main room. */
      readonly room: number | null;
      readonly roomName: string;
      readonly text: string;
    }
  /** A help request, to every facilitator, with an "I'll go" button (the claim command). */
  | {
      readonly kind: 'help-request';
      readonly meetingId: string;
      readonly requestId: string;
      readonly room: number;
      readonly roomName: string;
      readonly askers: readonly string[];
      readonly note?: string;
      readonly text: string;
      /** Label of the claim button ("I'll go"). */
      readonly claimLabel: string;
    };

/** Why a message is posted in a room's chat. */
export const ROOM_MESSAGE_KINDS = ['timer-warning', 'timer-closing', 'broadcast', 'help-coming', 'help-asked'] as const;
export type RoomMessageKind = (typeof ROOM_MESSAGE_KINDS)[number];

/** A message in one room's chat (Slack: the room channel; Discord: the voice channel's text chat). */
export interface RoomMessage {
  readonly kind: RoomMessageKind;
  readonly meetingId: string;
  readonly room: number;
  readonly roomName: string;
  /** Plain text that names the room in words. */
  readonly text: string;
}

export type Effect =
  /** Re-render the meeting's board where it is posted. */
  | { readonly type: 'board' }
  | { readonly type: 'dm'; readonly to: string; readonly message: DirectMessage }
  /** Carry out the pending steps of the meeting's run (apply, start, end); see runner.ts. */
  | { readonly type: 'run'; readonly runId: string }
  /** While rooms are open, a move takes effect at once on the platform. */
  | { readonly type: 'live-move'; readonly attendeeId: string; readonly from: number | null; readonly to: number | null }
  /** Post in one open room's chat. */
  | { readonly type: 'room-post'; readonly room: number; readonly message: RoomMessage }
  /** Show the room's state at a glance (Discord voice channel status, Slack channel topic): drawn from the meeting when delivered. */
  | { readonly type: 'room-status'; readonly room: number }
  /** A facilitator drops into a room (null: back to the main room) without changing the layout. */
  | { readonly type: 'visit'; readonly person: string; readonly room: number | null }
  /** Every facilitator's copy of a help request shows what became of it. */
  | { readonly type: 'help-update'; readonly requestId: string }
  /** The timer's next deadline (a warning, time up, the end, a help re-ping): due at `due`, never before. */
  | { readonly type: 'tick'; readonly due: string }
  /** A round ended: its digest (each room, who was there, how long, help requests) in the main channel. */
  | { readonly type: 'digest'; readonly round: number }
  /** The room cap changed: a prepared room's platform limit follows (Discord user limit). */
  | { readonly type: 'room-cap'; readonly room: number };

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

/** A file for the person who asked (the `export` CSV): adapters send it as an attachment. */
export interface OutcomeFile {
  readonly name: string;
  readonly mime: string;
  readonly content: string;
}

export interface Success {
  readonly ok: true;
  /** A file for the person who acted, beside the reply. */
  readonly file?: OutcomeFile;
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
  if (effect.type === 'room-status') return `${meetingId}:room-status:${effect.room}`;
  if (effect.type === 'tick') return `${meetingId}:tick:${effect.due}`;
  return `${meetingId}:${version}:${index}`;
}

/**
 * Effects drawn from the meeting when delivered (the board, a room's status): written again while
 * one waits, they fold into it (its revision counts up, and the newest state is shown).
 */
export function folds(effect: Effect): boolean {
  return effect.type === 'board' || effect.type === 'room-status';
}

/** When an effect may be delivered: a tick at its deadline, anything else at once. */
export function dueAt(effect: Effect): string | undefined {
  return effect.type === 'tick' ? effect.due : undefined;
}
