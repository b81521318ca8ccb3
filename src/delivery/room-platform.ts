// The port every adapter implements so the runner can carry out what the engine decided: make and
// open rooms, greet and close them, send direct messages, redraw the board, move someone live.
import type { Attendee, Meeting, Room } from '../domain/meeting.ts';
import type { DirectMessage } from '../domain/outcome.ts';

/** An expected platform refusal for one step (channel gone, DMs closed): recorded, not fatal. */
export class StepFailure extends Error {
  override readonly name = 'StepFailure';
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
  sendDirect(meeting: Meeting, to: string, message: DirectMessage): Promise<void>;
  updateBoard(meeting: Meeting): Promise<void>;
  /** While rooms are open: one person changes room (to null: back to the main room). */
  moveLive(meeting: Meeting, attendee: Attendee, from: Room | null, to: Room | null): Promise<void>;
}
