// The shapes of the JSON the page draws (PageView and its parts) and of what the renderer is given:
// kept apart from the code that fills them, so the page's contract reads in one place.
import type { Verb } from '../../src/commands/action-id.ts';
import type { Board, BoardAttendee } from '../../src/board/board.ts';
import type { Audio, Role } from '../../src/domain/meeting.ts';
import type { PLAYGROUND_LIMITS } from './limits.ts';
import type { ChatEntry, FeedEntry, InboxMessage, MainEntry, RoomState } from './platform.ts';
import type { ButtonPlace } from './button-place.ts';

export interface ButtonView {
  readonly id: string;
  readonly label: string;
  readonly style: 'primary' | 'danger' | 'default';
  readonly verb: Verb;
  readonly confirm?: string;
  readonly pressed?: boolean;
  /** Audio buttons: the page draws this audio's icon before the label. */
  readonly audio?: Audio;
  /** Where the button sits, when not on the board (a message in the person's room). */
  readonly where?: ButtonPlace;
  /** The command to type for the same thing (every button has one). */
  readonly typed?: string;
}

/** A button that runs a typed command: what it sends is exactly what a person would type. */
export interface CommandButtonView {
  readonly label: string;
  readonly command: string;
  readonly style: 'primary' | 'danger' | 'default';
}

/** One message in a room's chat; the welcome message carries Ask for help for the people in the room. */
export interface ChatView extends ChatEntry {
  readonly button?: ButtonView;
}

/** A person on the board, plus the action id of their room select (verb move-pick; its value is the room). */
export interface PersonView extends BoardAttendee {
  readonly moveId?: string;
}

export interface RoomView {
  readonly number: number;
  readonly name: string;
  readonly size: number;
  readonly counts: Readonly<Record<Audio, number>>;
  readonly phoneAllowed: boolean;
  readonly conflict?: string;
  readonly warnings: readonly string[];
  readonly people: readonly PersonView[];
  /** The room's status line as the platform shows it (Discord voice channel status, Slack topic); '' when none. */
  readonly status: string;
  /** An open help request from this room. */
  readonly helpAsked: boolean;
  /** Facilitators visiting (names): not counted in the room. */
  readonly visitors: readonly string[];
  /** The newest messages of the room's chat, oldest first. */
  readonly chat: readonly ChatView[];
  /** No room above this many people (`room-cap`); absent: no cap. */
  readonly cap?: number;
  /** As many people as the cap: the card says the room is full. */
  readonly full?: true;
}

export interface HelpView {
  readonly id: string;
  readonly room: number;
  readonly roomName: string;
  readonly askers: readonly string[];
  readonly note?: string;
  /** When it was asked: the page shows its age, counted on the page. */
  readonly at: string;
  readonly state: 'open' | 'claimed';
  readonly claimedBy?: string;
  /** The engine's words for it (room, who, note, and who is on it). */
  readonly line: string;
  /** "I'll go", for facilitators, while it is open. */
  readonly claim?: ButtonView;
}

/** Timer, broadcast, help queue and visits: what the board shows while breakouts run, and the facilitators' controls. */
export interface LiveView {
  /** The end time (the page shows it in the reader's own time zone and counts down to it itself). */
  readonly timer?: { readonly endsAt: string; readonly closing: boolean; readonly line: string };
  readonly plannedTimer?: string;
  readonly timerNote?: string;
  readonly broadcast?: { readonly text: string; readonly at: string; readonly roomName?: string; readonly line: string };
  readonly help: readonly HelpView[];
  /** Facilitators only. */
  readonly controls?: LiveControls;
}

export interface LiveControls {
  /** +5 min, −2 min, off: while a timer runs. */
  readonly timerButtons: readonly CommandButtonView[];
  /** The duration box's buttons: each sends `<command> <duration>` (start 15m, timer 10m). */
  readonly timerForm: readonly { readonly label: string; readonly command: 'start' | 'timer'; readonly style: 'primary' | 'default' }[];
  /** Rooms a broadcast or a visit can go to (open rooms); empty while breakouts are not running. */
  readonly openRooms: readonly { readonly value: string; readonly label: string }[];
  /** The viewer visits this room now. */
  readonly visiting?: string;
}

/** A past (or the current) round, newest first. */
export interface RoundLine {
  readonly number: number;
  readonly startedAt: string;
  /** Absent while the round goes on. */
  readonly endedAt?: string;
  readonly people: number;
  readonly rooms: number;
}

/** A keep-together or keep-apart group, by names. */
export interface ConstraintView {
  readonly kind: 'together' | 'apart';
  readonly names: readonly string[];
}

/** A button of a form: it sends the form's command with these words (distribute same, distribute new). */
export interface FormButtonView {
  readonly label: string;
  /** The words after the command (''), e.g. 'same'. */
  readonly words: string;
  readonly style: 'primary' | 'default';
}

/** Rounds, groups and who places people: the facilitators' controls for issue 13's features. */
export interface RoundsView {
  /** The distribute form's buttons; the form adds `size <n>` and `facilitators` when asked. */
  readonly distribute: readonly FormButtonView[];
  /** Who places people: facilitators (assign) or attendees themselves (choose); `pressed` is the current one. */
  readonly mode: readonly (CommandButtonView & { readonly pressed: boolean })[];
  readonly roomCap?: number;
  readonly rounds: readonly RoundLine[];
  /** All rounds remembered (the list shows the newest). */
  readonly roundCount: number;
  readonly constraints: readonly ConstraintView[];
  /** Rows of an imported layout still waiting for their person to join. */
  readonly waitingRows: number;
  /** Export every round as CSV (the reply carries the file). */
  readonly export: CommandButtonView;
}

/** Choose mode: the rooms this person may pick (open to their audio, under the cap). */
export interface PickView {
  readonly rooms: readonly ButtonView[];
  /** Why there is nothing to pick, when there is not. */
  readonly none?: string;
}

export interface MoveTarget {
  readonly value: string;
  readonly label: string;
  /** The list groups rooms by this (open to phone attendees or not), so labels stay plain. */
  readonly group: 'main' | 'phone' | 'other';
}

export interface BoardView {
  readonly meetingId: string;
  readonly version: number;
  readonly title: string;
  readonly status: Board['status'];
  readonly statusLabel: string;
  readonly counts: Board['counts'];
  readonly roomCount: number;
  readonly phoneRooms: number;
  readonly dialIn?: string;
  readonly key: readonly { readonly audio: Audio; readonly label: string }[];
  readonly warnings: readonly string[];
  readonly conflictCount: number;
  readonly progress?: Board['progress'];
  readonly actions: readonly ButtonView[];
  readonly rooms: readonly RoomView[];
  readonly main: readonly PersonView[];
  readonly moveTargets: readonly MoveTarget[];
  readonly suggestAddRoom: boolean;
  /** Breakouts ended: `rooms` shows the last round's layout (under `roomsHeading`), and everyone is back in the main room. */
  readonly lastRound: boolean;
  readonly roomsHeading: string;
  /** "Main room", or after the end who was in no room last round. */
  readonly mainHeading: string;
  readonly live: LiveView;
  /** Who places people: facilitators (assign) or attendees (choose). */
  readonly mode: 'assign' | 'choose';
  /** "3 pairs meet again (a random shuffle: 41)", after distribute same or new. */
  readonly repeats?: string;
  /** Facilitators only. */
  readonly roundsPanel?: RoundsView;
}

export interface YouView {
  readonly id: string;
  readonly name: string;
  readonly onRoster: boolean;
  readonly role?: Role;
  readonly audio?: Audio;
  /** "Breakout 3", "the main room". */
  readonly where?: string;
  readonly actions: readonly ButtonView[];
  /** Choose mode: "Choose your room" with the rooms this person may pick. */
  readonly pick?: PickView;
}

export interface InboxView {
  readonly id: number;
  readonly at: string;
  readonly kind: InboxMessage['message']['kind'];
  readonly title: string;
  readonly text: string;
  readonly button?: { readonly id: string; readonly label: string };
  readonly answer?: { readonly ok: boolean; readonly text: string };
  /** A help request's copy that was updated to what became of it (taken, withdrawn). */
  readonly settled?: boolean;
}

export interface PageView {
  readonly board: BoardView | null;
  readonly you: YouView;
  /** Everyone you can act as ("You are"), the viewer's own entry included. */
  readonly people: readonly { readonly id: string; readonly label: string }[];
  readonly inbox: readonly InboxView[];
  readonly dmCounts: readonly { readonly id: string; readonly name: string; readonly count: number }[];
  readonly feed: readonly FeedEntry[];
  /** The main channel's newest posts (end-of-round digests), newest first. */
  readonly main: readonly MainEntry[];
  readonly audioChoices: readonly { readonly audio: Audio; readonly icon: string; readonly label: string }[];
  readonly limits: (typeof PLAYGROUND_LIMITS)['page'];
  /** The server's clock when drawn: the page counts down from it (a test's clock may not be the browser's). */
  readonly now: string;
}

/** What the page shows from the meeting beyond its board (see meetingFacts). */
export interface MeetingFacts {
  /** Choose mode: the rooms the viewer may pick (the engine's choosableRooms); absent otherwise. */
  readonly choosable?: readonly number[];
  readonly rounds: readonly RoundLine[];
  readonly roundCount: number;
  readonly constraints: readonly ConstraintView[];
  readonly waitingRows: number;
}

export interface PageInput {
  readonly board?: Board;
  /** With the board: the meeting's facts beyond it. */
  readonly facts?: MeetingFacts;
  readonly viewer: { readonly id: string; readonly name: string };
  /** People you can act as who are not on the roster (the host before a meeting, a newcomer). */
  readonly guests: readonly { readonly id: string; readonly name: string }[];
  readonly inbox: readonly InboxMessage[];
  readonly inboxCounts: ReadonlyMap<string, number>;
  readonly feed: readonly FeedEntry[];
  /** Each room's chat and status line (the simulated platform's). */
  readonly rooms: ReadonlyMap<number, RoomState>;
  /** The main channel's posts, oldest first (the simulated platform's). */
  readonly main?: readonly MainEntry[];
  readonly now: Date;
}
