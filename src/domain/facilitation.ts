// The words of live facilitation that more than one place needs: a room's status line (Discord
// voice channel status, Slack topic), what every facilitator's copy of a help request says once it
// was taken or withdrawn, and the clock times the words use. Neutral text; adapters only show it.
import type { HelpRequest, Meeting } from './meeting.ts';
import { roomLabel } from './messages.ts';
import { nameList, plural } from './text.ts';

export const CLAIM_LABEL = 'I’ll go';
export const ASK_LABEL = 'Ask for help';

/** "14:05 UTC": a time every reader can place (platform surfaces show local times where they can). */
export function clockTime(iso: string): string {
  return `${iso.slice(11, 16)} UTC`;
}

/** Someone's name in this meeting (the id when they left the roster). */
export function personName(meeting: Pick<Meeting, 'attendees'>, id: string): string {
  return meeting.attendees.find((a) => a.id === id)?.name ?? id;
}

/** Help requests still waiting for someone (oldest first). */
export function openHelp(meeting: Pick<Meeting, 'help'>): HelpRequest[] {
  return (meeting.help ?? []).filter((h) => h.state === 'open');
}

/** A room's state at a glance: "⏱ ends 10:45 UTC · 4 people · 🙋 help asked". */
export function roomStatusLine(meeting: Meeting, room: number): string {
  const parts: string[] = [];
  if (meeting.status === 'started' && meeting.timer) parts.push(`⏱ ${meeting.timer.closesAt ? 'closing' : 'ends'} ${clockTime(meeting.timer.closesAt ?? meeting.timer.endsAt)}`);
  parts.push(plural(meeting.attendees.filter((a) => a.room === room).length, 'person', 'people'));
  const help = (meeting.help ?? []).find((h) => h.room === room && (h.state === 'open' || h.state === 'claimed'));
  if (help?.state === 'open') parts.push('🙋 help asked');
  else if (help?.state === 'claimed' && help.claimedBy) parts.push(`🙋 ${personName(meeting, help.claimedBy)} is coming`);
  return parts.join(' · ');
}

/** What a help request is about, in words: "Ana and Bo in Breakout 3 asked for help: “…”". */
export function helpSummary(meeting: Meeting, request: HelpRequest): string {
  const who = nameList(request.askers.map((id) => personName(meeting, id)), 5);
  return `${who} in ${roomLabel(meeting, request.room)} (${meeting.title}) asked for help${request.note ? `: “${request.note}”` : '.'}`;
}

/** Every facilitator's copy once the request is no longer open: who is on it, or that it was withdrawn. */
export function helpCopyText(meeting: Meeting, request: HelpRequest): string {
  const summary = helpSummary(meeting, request);
  if (request.state === 'claimed' && request.claimedBy) return `${summary}\n${personName(meeting, request.claimedBy)} is on it.`;
  if (request.state === 'withdrawn') return `${summary}\nWithdrawn: they no longer need help.`;
  if (request.state === 'closed') return `${summary}\nBreakouts ended before anyone went.`;
  return summary;
}
