// The end of a round in words: the digest posted in the main channel (each room, who was there and
// for how long, help requests), and the CSV of every round for `export`.
import { formatDuration } from './duration.ts';
import type { Meeting, Round } from './meeting.ts';
import { nameList, plural } from './text.ts';

/** A round's digest, or undefined when the meeting no longer has that round. */
export function digestText(meeting: Meeting, roundNumber: number): string | undefined {
  const round = meeting.rounds?.find((r) => r.number === roundNumber);
  if (!round) return undefined;
  const end = Date.parse(round.endedAt ?? round.startedAt);
  const lines = [`Round ${round.number} of ${meeting.title} is over (${formatDuration((end - Date.parse(round.startedAt)) / 1000)}).`];
  const rooms = [...new Set(round.stints.map((s) => s.room))].sort((a, b) => a - b);
  for (const room of rooms) {
    const stints = round.stints.filter((s) => s.room === room);
    const seconds = new Map<string, { name: string; seconds: number }>();
    for (const s of stints) {
      const left = Date.parse(s.left ?? round.endedAt ?? round.startedAt);
      const was = seconds.get(s.id) ?? { name: s.name, seconds: 0 };
      seconds.set(s.id, { name: s.name, seconds: was.seconds + Math.max(0, (left - Date.parse(s.joined)) / 1000) });
    }
    const who = [...seconds.values()].map((p) => `${p.name} (${formatDuration(p.seconds)})`);
    const help = (meeting.help ?? []).filter((h) => h.room === room && inRound(round, h.at));
    const asked = help.length > 0 ? ` · ${plural(help.length, 'help request')}${help.some((h) => h.claimedBy) ? ' (answered)' : ''}` : '';
    lines.push(`• ${round.roomNames[String(room)] ?? `Breakout ${room}`}: ${nameList(who, 12)}${asked}`);
  }
  if (rooms.length === 0) lines.push('Nobody was in a room.');
  return lines.join('\n');
}

function inRound(round: Round, at: string): boolean {
  const t = Date.parse(at);
  return t >= Date.parse(round.startedAt) && (round.endedAt === undefined || t <= Date.parse(round.endedAt));
}

/** A CSV field, quoted when it must be (and never a formula to a spreadsheet). */
function field(value: string | number): string {
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Every round as CSV: round, room, id, name, audio, joined, left. */
export function roundsCsv(meeting: Meeting): string {
  const rows = ['round,room,id,name,audio,joined,left'];
  for (const round of meeting.rounds ?? []) {
    for (const s of round.stints) rows.push([round.number, s.room, s.id, s.name, s.audio, s.joined, s.left ?? round.endedAt ?? ''].map(field).join(','));
  }
  return `${rows.join('\n')}\n`;
}
