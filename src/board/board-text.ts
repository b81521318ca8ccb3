// The board as plain text, for surfaces without rich layout: `status`, the CLI and notification
// fallback text.
import { AUDIO_ICONS } from '../domain/meeting.ts';
import { peopleSummary, plural, roomRange } from '../domain/text.ts';
import type { Board, BoardAttendee } from './board-types.ts';

/** The facilitation lines of the plain-text board (timer, broadcast, help queue). */
export function facilitationLines(board: Board): string[] {
  const lines: string[] = [];
  if (board.timer) lines.push(`⏱ ${board.timer.line}`);
  if (board.plannedTimer) lines.push(`⏱ ${board.plannedTimer}`);
  if (board.timerNote) lines.push(`⏱ ${board.timerNote}`);
  if (board.broadcast) lines.push(`📣 ${board.broadcast.line}`);
  if (board.help.length > 0) {
    lines.push(`🙋 Help requests (${board.help.length}):`);
    for (const h of board.help) lines.push(`   ${h.line}`);
  }
  return lines;
}

function attendeeText(a: BoardAttendee): string {
  return `${a.icon} ${a.name}${a.role === 'facilitator' ? ' (facilitator)' : ''}`;
}

/** Plain text: `status`, the CLI table, and fallback text for notifications. */
export function renderBoardText(board: Board, options: { maxNamesPerRoom?: number } = {}): string {
  const max = options.maxNamesPerRoom ?? 50;
  const lines: string[] = [];
  lines.push(`${board.title} — ${board.statusLabel}`);
  lines.push(`Key: ${board.key.map((k) => `${k.icon} ${k.label}`).join('   ')}`);
  lines.push(
    `${peopleSummary(board.counts, AUDIO_ICONS)} · ${plural(board.rooms.length, 'room')} · phone ${roomRange(board.phoneRooms)}`,
  );
  if (board.progress) lines.push(`${board.progress.label}: ${board.progress.done}/${board.progress.total}${board.progress.failed ? ` (${board.progress.failed} failed)` : ''}`);
  if (board.mode === 'choose') lines.push('🚪 Attendees choose their own room (Choose your room).');
  if (board.roomCap !== undefined) lines.push(`Room cap: ${board.roomCap}`);
  if (board.repeats) lines.push(`🔁 ${board.repeats.line}`);
  lines.push(...facilitationLines(board));
  for (const w of board.warnings) lines.push(`⚠️ ${w}`);
  lines.push('');
  if (board.lastRound) lines.push(`${board.roomsHeading}:`);
  for (const room of board.rooms) {
    const mark = room.conflict ? '🟥 ' : '';
    const visiting = room.visitors.length > 0 ? ` · visiting: ${room.visitors.join(', ')}` : '';
    lines.push(`${mark}${room.number}. ${room.name} (${room.attendees.length})${room.phoneAllowed ? ' · phone ok' : ''}${room.helpAsked ? ' · 🙋 help asked' : ''}${visiting}`);
    if (room.conflict) lines.push(`   ${room.conflict.reason}`);
    for (const w of room.warnings) lines.push(`   ⚠️ ${w}`);
    const names = room.attendees.slice(0, max).map(attendeeText);
    if (room.attendees.length > max) names.push(`… and ${room.attendees.length - max} more`);
    if (names.length > 0) lines.push(`   ${names.join(', ')}`);
  }
  lines.push('');
  lines.push(`${board.mainHeading} (${board.main.length})`);
  for (const a of board.main.slice(0, max)) lines.push(`   ${attendeeText(a)}${a.waiting ? ` — ${a.waiting}` : ''}`);
  if (board.main.length > max) lines.push(`   … and ${board.main.length - max} more`);
  return lines.join('\n');
}
