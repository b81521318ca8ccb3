// The board's facilitation parts (timer, last broadcast, help queue), worked out apart from the
// rooms because they depend on the clock the board is drawn at.
import type { Meeting } from '../domain/meeting.ts';
import { clockTime, personName } from '../domain/facilitation.ts';
import { formatDuration } from '../domain/duration.ts';
import { roomLabel } from '../domain/messages.ts';
import { nameList } from '../domain/text.ts';
import type { Board, BoardHelp } from './board-types.ts';

const seconds = (iso: string): number => Math.floor(Date.parse(iso) / 1000);

/** "in 12 min", "in 40 s", "now". */
function inWords(left: number): string {
  if (left <= 0) return 'now';
  return left < 60 ? `in ${left} s` : `in ${Math.round(left / 60)} min`;
}

/** "3 min ago", "40 s ago". */
function agoWords(age: number): string {
  return age < 60 ? `${age} s ago` : `${Math.floor(age / 60)} min ago`;
}

/** The timer, the last broadcast and the help queue, as the board shows them. */
export function facilitation(meeting: Meeting, now: Date): Pick<Board, 'timer' | 'plannedTimer' | 'timerNote' | 'broadcast' | 'help'> {
  const out: { -readonly [K in keyof Pick<Board, 'timer' | 'plannedTimer' | 'timerNote' | 'broadcast' | 'help'>]: Board[K] } = { help: [] };
  const timer = meeting.status === 'started' ? meeting.timer : undefined;
  if (timer) {
    const endsAt = timer.closesAt ?? timer.endsAt;
    const left = Math.max(0, Math.round((Date.parse(endsAt) - now.getTime()) / 1000));
    const closing = timer.closesAt !== undefined;
    out.timer = { endsAt, endsAtSeconds: seconds(endsAt), closing, leftSeconds: left, line: `${closing ? 'Time is up: rooms close' : 'Rooms close'} at ${clockTime(endsAt)} (${inWords(left)})` };
  } else if (meeting.status !== 'started' && meeting.settings.plannedTimerSeconds) {
    out.plannedTimer = `Timer: ${formatDuration(meeting.settings.plannedTimerSeconds)}, from Start`;
  }
  if (meeting.timerEnded && meeting.timerEnded.lateSeconds > 0 && meeting.status === 'ended') {
    out.timerNote = `Breakouts ended ${formatDuration(meeting.timerEnded.lateSeconds)} late: Breakouts was not running when the timer ran out.`;
  }
  if (meeting.broadcast) {
    const b = meeting.broadcast;
    const to = b.room ? `to ${roomLabel(meeting, b.room)}` : 'to every room';
    out.broadcast = { text: b.text, at: b.at, atSeconds: seconds(b.at), ...(b.room ? { room: b.room } : {}), line: `Last broadcast ${clockTime(b.at)} ${to}: ${b.text}` };
  }
  const listed = (meeting.help ?? []).filter((h) => h.state === 'open' || (h.state === 'claimed' && meeting.status === 'started'));
  // Open requests first, oldest first; then the ones someone is on.
  listed.sort((a, b) => (a.state === b.state ? a.at.localeCompare(b.at) : a.state === 'open' ? -1 : 1));
  out.help = listed.map((h): BoardHelp => {
    const age = Math.max(0, Math.floor((now.getTime() - Date.parse(h.at)) / 1000));
    const askers = h.askers.map((id) => personName(meeting, id));
    const claimedBy = h.claimedBy ? personName(meeting, h.claimedBy) : undefined;
    const what = `${roomLabel(meeting, h.room)} — ${nameList(askers, 3)} asked ${agoWords(age)}${h.note ? `: “${h.note}”` : ''}`;
    return {
      id: h.id,
      room: h.room,
      roomName: roomLabel(meeting, h.room),
      askers,
      askerIds: h.askers,
      ...(h.note ? { note: h.note } : {}),
      at: h.at,
      ageSeconds: age,
      ago: agoWords(age),
      state: h.state === 'open' ? 'open' : 'claimed',
      ...(claimedBy ? { claimedBy } : {}),
      line: claimedBy ? `${what} — ${claimedBy} is on it` : what,
    };
  });
  return out;
}
