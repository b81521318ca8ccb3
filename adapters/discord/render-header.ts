// The board's header embed (status, timer, last broadcast, counts, progress, warnings) and its
// help queue embed, both within the shares of a page's 6,000 characters they are given.
import type { APIEmbed } from 'discord.js';
import type { Board, BoardHelp } from '../../src/board/board.ts';
import { FACILITATOR_COMMAND } from './command-json.ts';
import type { Status } from '../../src/domain/meeting.ts';
import { AUDIO_ICONS } from '../../src/domain/meeting.ts';
import { fit, nameList, peopleSummary, plural, roomRange } from '../../src/domain/text.ts';

export const COLOURS: Readonly<Record<Status | 'conflict' | 'main', number>> = {
  draft: 0x5865f2,
  applied: 0xfee75c,
  started: 0x57f287,
  ended: 0x99aab5,
  conflict: 0xed4245,
  main: 0x4f545c,
};
/** Longest display name shown on a board line (the full name is in Discord itself). */
export const NAME_CHARS = 40;
/** The header may use at most this much of a page's 6,000 characters. */
export const HEADER_CHARS = 1400;
/** The help queue's embed may use at most this much of a page's 6,000 characters. */
const HELP_CHARS = 1000;
/** Longest help note shown on the board (the whole note is in every facilitator's DM). */
const HELP_NOTE_CHARS = 120;
const HELP_COLOUR = 0xf0b232;

/** A time every reader sees in their own time zone: "14:05" and "in 12 minutes", drawn by Discord, never a ticking message. */
const at = (seconds: number, style: 't' | 'R'): string => `<t:${seconds}:${style}>`;

/** The timer and the last broadcast, right under the status. */
function facilitationLines(board: Board): string[] {
  const lines: string[] = [];
  const t = board.timer;
  if (t) lines.push(`⏱ ${t.closing ? '**Time is up**: rooms close' : 'Rooms close'} at ${at(t.endsAtSeconds, 't')} (${at(t.endsAtSeconds, 'R')})`);
  if (board.plannedTimer) lines.push(`⏱ ${board.plannedTimer}`);
  if (board.timerNote) lines.push(`⏱ ${fit(board.timerNote, 200)}`);
  const b = board.broadcast;
  if (b) {
    const to = b.room === undefined ? 'every room' : (board.rooms.find((r) => r.number === b.room)?.name ?? `room ${b.room}`);
    lines.push(fit(`📣 Last broadcast ${at(b.atSeconds, 'R')} to ${to}: ${b.text}`, 300));
  }
  return lines;
}

/** How people are placed (when attendees choose) and what the last distribute said about repeats. */
function roundLines(board: Board): string[] {
  const lines: string[] = [];
  if (board.mode === 'choose') lines.push('🚪 **Attendees choose their own room**: press “Choose your room” below.');
  if (board.repeats) lines.push(`🔁 ${fit(board.repeats.line, 200)}`);
  return lines;
}

export function headerEmbed(board: Board, page: number, pages: number): APIEmbed {
  const lines = [
    `**${board.statusLabel}**`,
    ...facilitationLines(board),
    `Key: ${board.key.map((k) => `${k.icon} ${k.label}`).join(' · ')} · ★ facilitator`,
    `${peopleSummary(board.counts, AUDIO_ICONS)} · ${plural(board.rooms.length, 'room')} · phone ${roomRange(board.phoneRooms)}${board.roomCap !== undefined ? ` · at most ${board.roomCap} per room` : ''}${board.dialIn ? ` · dial-in ${board.dialIn}` : ''}`,
    ...roundLines(board),
  ];
  if (board.lastRound) lines.push(`**${board.roomsHeading}**`);
  const p = board.progress;
  if (p) {
    lines.push(`**${p.label}: ${p.done}/${p.total}**${p.failed ? ` (${p.failed} failed)` : ''}`);
    for (const note of p.notes.slice(0, 3)) lines.push(`• ${fit(note, 200)}`);
  }
  for (const w of board.warnings) lines.push(`⚠️ ${fit(w, 200)}`);
  const footer = `Page ${page} of ${pages} · board v${board.version}`;
  const title = fit(board.title, 100);
  const description = fit(lines.join('\n'), HEADER_CHARS - title.length - footer.length);
  return {
    title,
    description,
    color: board.conflictCount > 0 ? COLOURS.conflict : COLOURS[board.status],
    footer: { text: footer },
  };
}

export function embedChars(embeds: readonly APIEmbed[]): number {
  let n = 0;
  for (const e of embeds) {
    n += (e.title ?? '').length + (e.description ?? '').length + (e.footer?.text ?? '').length + (e.author?.name ?? '').length;
    for (const f of e.fields ?? []) n += f.name.length + f.value.length;
  }
  return n;
}

function helpLine(h: BoardHelp): string {
  const who = nameList(h.askers.map((n) => fit(n, NAME_CHARS)), 3);
  const asked = `asked ${at(Math.floor(Date.parse(h.at) / 1000), 'R')}`;
  if (h.state === 'claimed') return `${h.roomName} — ${who} ${asked} — **${fit(h.claimedBy ?? 'someone', NAME_CHARS)}** is on it`;
  return `**${h.roomName}** — ${who} ${asked}${h.note ? `: “${fit(h.note, HELP_NOTE_CHARS)}”` : ''}`;
}

/** The help queue (open requests oldest first, then those someone is on), whole lines within its budget. */
export function helpEmbed(board: Board): APIEmbed | undefined {
  if (board.help.length === 0) return undefined;
  const open = board.help.filter((h) => h.state === 'open').length;
  const title = `🙋 Help requests: ${open} waiting${open < board.help.length ? `, ${board.help.length - open} on the way` : ''}`;
  const lines: string[] = [];
  let used = 0;
  for (const [i, h] of board.help.entries()) {
    const line = helpLine(h);
    const rest = `… and ${board.help.length - i} more: take one with /${FACILITATOR_COMMAND} claim <room>`;
    if (used + line.length + 1 > HELP_CHARS - rest.length) {
      lines.push(rest);
      break;
    }
    lines.push(line);
    used += line.length + 1;
  }
  return { title, description: lines.join('\n'), color: HELP_COLOUR };
}
