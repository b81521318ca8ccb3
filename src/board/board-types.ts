// The shape of the neutral board: what every adapter reads to draw it, so each surface shows the
// same rooms, people, warnings and actions.
import type { Audio, Role, Status } from '../domain/meeting.ts';
import type { Verb } from '../commands/action-id.ts';

export interface BoardAttendee {
  readonly id: string;
  readonly name: string;
  readonly audio: Audio;
  readonly icon: string;
  readonly role: Role;
  readonly conflict: boolean;
  /** Why they are still in the main room, when Smart Distribute left them there. */
  readonly waiting?: string;
}

export interface BoardRoom {
  readonly number: number;
  readonly name: string;
  readonly attendees: readonly BoardAttendee[];
  readonly counts: Readonly<Record<Audio, number>>;
  readonly phoneAllowed: boolean;
  readonly conflict?: { readonly reason: string; readonly affected: readonly string[] };
  readonly warnings: readonly string[];
  /** An open help request from this room. */
  readonly helpAsked: boolean;
  /** Facilitators visiting the room (names): they are not counted in it. */
  readonly visitors: readonly string[];
  /** Their ids, in the same order. */
  readonly visitorIds: readonly string[];
}

/** The running timer: surfaces show `endsAt` in each reader's own time zone (Slack <!date>, Discord <t:…>). */
export interface BoardTimer {
  readonly endsAt: string;
  /** Seconds since the epoch, for the platforms' date tokens. */
  readonly endsAtSeconds: number;
  /** Time is up: rooms close at `endsAt` (the grace). */
  readonly closing: boolean;
  /** Seconds left when the board was drawn. */
  readonly leftSeconds: number;
  /** Plain words: "Rooms close at 14:05 UTC (in 12 min)". */
  readonly line: string;
}

/** A help request the board lists (open ones oldest first, then those someone is on). */
export interface BoardHelp {
  readonly id: string;
  readonly room: number;
  readonly roomName: string;
  readonly askers: readonly string[];
  /** The askers' ids, in the same order. */
  readonly askerIds: readonly string[];
  readonly note?: string;
  readonly at: string;
  readonly ageSeconds: number;
  /** The age in words: "3 min ago". */
  readonly ago: string;
  readonly state: 'open' | 'claimed';
  readonly claimedBy?: string;
  /** Plain words: "Breakout 3 — Ana asked 3 min ago: “…”" / "… — Bo is on it". */
  readonly line: string;
}

export interface BoardAction {
  readonly verb: Verb;
  readonly label: string;
  readonly style: 'primary' | 'danger' | 'default';
  readonly facilitatorOnly: boolean;
  /** A confirmation question for actions that affect everyone. */
  readonly confirm?: string;
}

export interface BoardProgress {
  readonly kind: 'apply' | 'start' | 'end';
  readonly done: number;
  readonly failed: number;
  readonly total: number;
  readonly finished: boolean;
  readonly label: string;
  readonly notes: readonly string[];
}

export interface Board {
  readonly meetingId: string;
  readonly version: number;
  readonly title: string;
  readonly status: Status;
  readonly statusLabel: string;
  readonly key: readonly { readonly audio: Audio; readonly icon: string; readonly label: string }[];
  readonly rooms: readonly BoardRoom[];
  /**
   * Breakouts ended: `rooms` is the last round's layout, kept for the next round, and nobody is
   * in a room now (`counts.placed` is 0). Surfaces show the rooms under `roomsHeading`.
   */
  readonly lastRound: boolean;
  /** What the rooms are: "Rooms", or the last round's layout once breakouts ended. */
  readonly roomsHeading: string;
  readonly main: readonly BoardAttendee[];
  /** What the main-room list is: who is there, or (after the end) who was in no room last round. */
  readonly mainHeading: string;
  readonly warnings: readonly string[];
  readonly conflictCount: number;
  readonly counts: { readonly total: number; readonly placed: number; readonly waiting: number } & Readonly<Record<Audio, number>>;
  readonly phoneRooms: number;
  readonly phoneRoomLimit: number;
  readonly dialIn?: string;
  readonly progress?: BoardProgress;
  readonly actions: readonly BoardAction[];
  /** Room count + 1, when adding a room would let waiting people be placed. */
  readonly suggestAddRoom: boolean;
  readonly timer?: BoardTimer;
  /** A timer set before the start: "Timer: 15 min, from Start". */
  readonly plannedTimer?: string;
  /** How the last timed run ended, when it ended late ("ended 4 min late: …"). */
  readonly timerNote?: string;
  /** The last broadcast: "Last broadcast 14:02 UTC to every room: …". */
  readonly broadcast?: { readonly text: string; readonly at: string; readonly atSeconds: number; readonly room?: number; readonly line: string };
  readonly help: readonly BoardHelp[];
  /** Who places people: facilitators (assign) or attendees themselves, from the board (choose). */
  readonly mode: 'assign' | 'choose';
  /** The room cap (`room-cap`), when there is one. */
  readonly roomCap?: number;
  /** What the last distribute said about pairs meeting again: "3 pairs meet again (a random shuffle: 41)". */
  readonly repeats?: { readonly now: number; readonly random: number; readonly line: string };
}
