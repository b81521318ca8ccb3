// How many platform sends one process has under way at once. Every invite, DM, welcome, move and
// room notice (from any run, any request, the sweeper) waits for a place here, so a crash can
// repeat at most this many sends however many meetings are being started. Board updates do not
// wait: an update shows the newest state, so repeating one changes nothing anyone sees, and a
// board must not fall behind a thousand DMs.
import type { RoomPlatform } from './room-platform.ts';

export interface SendGate {
  /** Run `send` once fewer than the limit are under way (first come, first served). */
  <T>(send: () => Promise<T>): Promise<T>;
}

export function createSendGate(limit: number): SendGate {
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`A send limit must be a whole number of at least 1 (got ${limit}).`);
  let running = 0;
  const waiting: (() => void)[] = [];
  return async <T>(send: () => Promise<T>): Promise<T> => {
    if (running >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    else running += 1;
    try {
      return await send();
    } finally {
      // The place passes straight to the next in line, so nobody overtakes a waiting send.
      const next = waiting.shift();
      if (next) next();
      else running -= 1;
    }
  };
}

/** The platform with every send but the board's passing through the gate. */
export function gateSends(platform: RoomPlatform, gate: SendGate): RoomPlatform {
  return {
    prepareRoom: (meeting, room) => gate(() => platform.prepareRoom(meeting, room)),
    openRoom: (meeting, room, members) => gate(() => platform.openRoom(meeting, room, members)),
    welcomeRoom: (meeting, room, members) => gate(() => platform.welcomeRoom(meeting, room, members)),
    closeRoom: (meeting, room, members) => gate(() => platform.closeRoom(meeting, room, members)),
    sendDirect: (meeting, to, message) => gate(() => platform.sendDirect(meeting, to, message)),
    moveLive: (meeting, attendee, from, to) => gate(() => platform.moveLive(meeting, attendee, from, to)),
    postToRoom: (meeting, room, message) => gate(() => platform.postToRoom(meeting, room, message)),
    visit: (meeting, person, room) => gate(() => platform.visit(meeting, person, room)),
    updateHelpCopy: (meeting, copy, text) => gate(() => platform.updateHelpCopy(meeting, copy, text)),
    postToMain: (meeting, text) => gate(() => platform.postToMain(meeting, text)),
    setRoomCap: (meeting, room, cap) => gate(() => platform.setRoomCap(meeting, room, cap)),
    // Like the board, a status shows the newest state: repeating one changes nothing anyone sees.
    setRoomStatus: (meeting, room, line) => platform.setRoomStatus(meeting, room, line),
    updateBoard: (meeting) => platform.updateBoard(meeting),
  };
}
