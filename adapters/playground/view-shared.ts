// What every part of the page view builds with: buttons (with action ids that fail softly), the
// room list's room labels, and which room the viewer is in.
import { encodeAction, type ActionRef, type Verb } from '../../src/commands/action-id.ts';
import type { Board } from '../../src/board/board.ts';
import type { Audio } from '../../src/domain/meeting.ts';
import type { ButtonPlace } from './button-place.ts';
import type { ButtonView } from './view-types.ts';

/** Ids that do not fit the codec (from another platform's data) get no button rather than a crash. */
export function idFor(ref: ActionRef): string | undefined {
  try {
    return encodeAction(ref);
  } catch {
    return undefined;
  }
}

export function button(
  board: Board,
  verb: Verb,
  label: string,
  style: ButtonView['style'],
  extra: { args?: string[]; confirm?: string; pressed?: boolean; audio?: Audio; where?: ButtonPlace; typed?: string } = {},
): ButtonView[] {
  const id = idFor({ verb, meetingId: board.meetingId, version: board.version, args: extra.args ?? [] });
  if (id === undefined) return [];
  return [
    {
      id,
      label,
      style,
      verb,
      ...(extra.confirm ? { confirm: extra.confirm } : {}),
      ...(extra.pressed !== undefined ? { pressed: extra.pressed } : {}),
      ...(extra.audio ? { audio: extra.audio } : {}),
      ...(extra.where ? { where: extra.where } : {}),
      ...(extra.typed ? { typed: extra.typed } : {}),
    },
  ];
}

/**
 * A room as the room list names it: "Breakout 4" already says its number; a renamed room keeps
 * it in front ("3 · Design"), since the number is what commands and phone rules use.
 */
export function roomLabel(number: number, name: string): string {
  return new RegExp(`(^|\\D)${number}(\\D|$)`).test(name) ? name : `${number} · ${name}`;
}

/** The viewer's room while breakouts run (they can ask for help there), or undefined. */
export function viewerRoom(board: Board, viewerId: string): number | undefined {
  if (board.status !== 'started') return undefined;
  return board.rooms.find((r) => r.attendees.some((a) => a.id === viewerId))?.number;
}
