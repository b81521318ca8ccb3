// The port every adapter implements so the runner can carry out what the engine decided: make and
// open rooms, greet and close them, send direct messages, redraw the board, move someone live.
import type { Attendee, Meeting, Room } from '../domain/meeting.ts';
import type { DirectMessage, RoomMessage } from '../domain/outcome.ts';

/** An expected platform refusal for one step (channel gone, DMs closed): recorded, not fatal. */
export class StepFailure extends Error {
  override readonly name = 'StepFailure';
}

/** What a sent direct message can be found by again (Slack "channel:ts", Discord "channel:message"), to update it later. */
export interface DirectSent {
  readonly ref?: string;
}

/** One facilitator's copy of a help request: who got it, and the platform reference of that DM. */
export interface HelpCopy {
  readonly to: string;
  readonly ref: string;
}

export interface RoomPlatform {
  /** Create the room's resource, or find and reuse the one made before. */
  prepareRoom(meeting: Meeting, room: Room): Promise<{ resourceId: string; resources?: Record<string, string> }>;
  /** Bring the members into the room; answer with those who could not be brought in. */
  openRoom(meeting: Meeting, room: Room, members: readonly Attendee[]): Promise<{ unreachable: readonly string[] }>;
  /** Greet the room (who is here, how to talk). */
  welcomeRoom(meeting: Meeting, room: Room, members: readonly Attendee[]): Promise<void>;
  /** End of breakouts for this room: closing note, members back to the main room. */
  closeRoom(meeting: Meeting, room: Room, members: readonly Attendee[]): Promise<void>;
  /** A direct message; answers with a reference when the message can be updated later (help requests). */
  sendDirect(meeting: Meeting, to: string, message: DirectMessage): Promise<DirectSent | void>;
  updateBoard(meeting: Meeting): Promise<void>;
  /** While rooms are open: one person changes room (to null: back to the main room). */
  moveLive(meeting: Meeting, attendee: Attendee, from: Room | null, to: Room | null): Promise<void>;
  /** Post in an open room's chat (Slack: the room channel; Discord: the voice channel's text chat). */
  postToRoom(meeting: Meeting, room: Room, message: RoomMessage): Promise<void>;
  /**
   * Show the room's state at a glance (Discord: the voice channel status; Slack: the channel
   * topic). The line is the engine's (roomStatusLine); a platform that cannot show it does nothing.
   */
  setRoomStatus(meeting: Meeting, room: Room, line: string): Promise<void>;
  /** Take a facilitator into a room (null: back to the main room) without changing the layout. */
  visit(meeting: Meeting, person: string, room: Room | null): Promise<void>;
  /** Replace one facilitator's copy of a help request with what became of it (no button any more). */
  updateHelpCopy(meeting: Meeting, copy: HelpCopy, text: string): Promise<void>;
  /** Post in the meeting's main channel (Slack: the meeting channel; Discord: the board's text channel): the end-of-round digest. */
  postToMain(meeting: Meeting, text: string): Promise<void>;
  /** A prepared room's size limit (Discord: the voice channel's user limit; null: none). Platforms without one do nothing. */
  setRoomCap(meeting: Meeting, room: Room, cap: number | null): Promise<void>;
}
