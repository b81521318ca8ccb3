// The board's room sections and how they are split into pages: each page must fit Slack's
// block and character budgets beside the facilitation part every page repeats.
import type { Board, BoardAttendee, BoardRoom } from '../../src/board/board.ts';
import { escapeMrkdwn, joinWithin } from './limits.ts';
import { fit } from '../../src/domain/text.ts';
import { blockChars } from './render-blocks.ts';
import { facilitationBlocks } from './render-facilitation.ts';

/** Room sections per page, and the characters they may use (the rest is the fixed frame). */
export const PAGE_ROOMS = 20;
export const PAGE_ROOM_CHARS = 7000;
const ROOM_TEXT_MAX = 1500;
/**
 * Rooms on a page never get less than this (the timer and the help queue take the rest of the
 * page's share): at least three rooms of ROOM_TEXT_MAX a page, so 50 rooms need at most 17 page buttons.
 */
const PAGE_ROOM_CHARS_MIN = 5000;

export function attendeeLabel(a: BoardAttendee): string {
  return `${a.icon} ${escapeMrkdwn(a.name)}${a.role === 'facilitator' ? ' _(facilitator)_' : ''}`;
}

export function roomText(room: BoardRoom): string {
  const head = `${room.conflict ? '🟥 ' : ''}*${room.number}. ${escapeMrkdwn(room.name)}* · ${room.attendees.length} ${room.attendees.length === 1 ? 'person' : 'people'}${room.phoneAllowed ? ' · 📞 ok' : ''}${room.helpAsked ? ' · 🙋 help asked' : ''}`;
  const lines = [head];
  if (room.visitors.length > 0) lines.push(`👀 Visiting: ${joinWithin(room.visitors.map(escapeMrkdwn), ', ', 200)}`);
  if (room.conflict) lines.push(`> 🟥 ${escapeMrkdwn(fit(room.conflict.reason, 400))}`);
  for (const w of room.warnings) lines.push(`⚠️ ${escapeMrkdwn(w)}`);
  const used = lines.join('\n').length + 1;
  lines.push(room.attendees.length > 0 ? joinWithin(room.attendees.map(attendeeLabel), ', ', ROOM_TEXT_MAX - used) : '_empty_');
  return lines.join('\n');
}

/** Split the rooms into pages that each fit the block and character budgets (less what the facilitation part takes). */
export function boardPages(board: Board): BoardRoom[][] {
  const pages: BoardRoom[][] = [];
  let current: BoardRoom[] = [];
  let chars = 0;
  const budget = Math.max(PAGE_ROOM_CHARS_MIN, PAGE_ROOM_CHARS - blockChars(facilitationBlocks(board)));
  for (const room of board.rooms) {
    const size = roomText(room).length;
    if (current.length > 0 && (current.length >= PAGE_ROOMS || chars + size > budget)) {
      pages.push(current);
      current = [];
      chars = 0;
    }
    current.push(room);
    chars += size;
  }
  if (current.length > 0 || pages.length === 0) pages.push(current);
  return pages;
}

export function pageLabel(rooms: readonly BoardRoom[]): string {
  const first = rooms[0];
  const last = rooms[rooms.length - 1];
  if (!first || !last) return 'Rooms';
  return first.number === last.number ? `Room ${first.number}` : `Rooms ${first.number}–${last.number}`;
}
