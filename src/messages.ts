// The words of the direct messages the engine asks adapters to send: conflict prompts and the
// room notices of a start, a move while rooms are open, and the end. Neutral text; adapters add
// their buttons.
import type { Attendee, Meeting, NotifyReason } from './domain.ts';
import { AUDIO_ICONS, defaultRoomName } from './domain.ts';
import type { Conflict } from './conflicts.ts';
import type { DialInDetails, DirectMessage } from './effects.ts';
import { nameList } from './text.ts';

const nameListOf = (names: readonly string[]): string => nameList(names, 5);

export const CONFIRM_PHONE_LABEL = 'I’ve switched to phone';

export function roomName(meeting: Pick<Meeting, 'rooms'>, room: number): string {
  return meeting.rooms[room - 1]?.name ?? defaultRoomName(room);
}

/** A room's name as a person reads it in a message: a renamed room also says its number. */
export function roomLabel(meeting: Pick<Meeting, 'rooms'>, room: number): string {
  const name = roomName(meeting, room);
  return name === defaultRoomName(room) ? name : `${name} (room ${room})`;
}

export function dialInFor(meeting: Pick<Meeting, 'settings'>, room: number): DialInDetails | undefined {
  const dialIn = meeting.settings.dialIn;
  if (!dialIn) return undefined;
  const code = dialIn.codes[String(room)];
  return code ? { number: dialIn.number, code } : { number: dialIn.number };
}

function dialInSentence(details: DialInDetails | undefined, room: number): string {
  if (!details) return `Dial in to the meeting's phone bridge and choose breakout ${room}.`;
  return details.code
    ? `Dial ${details.number} and enter access code ${details.code}.`
    : `Dial ${details.number} and choose breakout ${room}.`;
}


export function conflictPrompt(meeting: Meeting, attendee: Attendee, conflict: Conflict, promptId: string): DirectMessage {
  const name = roomLabel(meeting, conflict.room);
  const phoneNames = conflict.phone.map((p) => p.name);
  const dialIn = dialInFor(meeting, conflict.room);
  const how = attendee.audio === 'listening' ? `${AUDIO_ICONS.listening} just listening` : `${AUDIO_ICONS.voip} computer audio`;
  const text = [
    `Audio conflict in ${name} (${meeting.title}): ${nameListOf(phoneNames)} ${phoneNames.length === 1 ? 'is' : 'are'} on the phone, and phone callers cannot hear or be heard by people on ${how}.`,
    `Please switch to phone audio. ${dialInSentence(dialIn, conflict.room)}`,
    `Then press “${CONFIRM_PHONE_LABEL}”.`,
  ].join('\n');
  return {
    kind: 'conflict-prompt',
    meetingId: meeting.id,
    promptId,
    room: conflict.room,
    roomName: name,
    phoneAttendees: phoneNames,
    ...(dialIn ? { dialIn } : {}),
    text,
    confirmLabel: CONFIRM_PHONE_LABEL,
  };
}

export function roomNotice(meeting: Meeting, attendee: Attendee, reason: NotifyReason): DirectMessage | undefined {
  if (attendee.room === null) return undefined;
  const room = attendee.room;
  const name = roomLabel(meeting, room);
  const members = meeting.attendees.filter((a) => a.room === room && a.id !== attendee.id).map((a) => a.name);
  const dialIn = dialInFor(meeting, room);
  const withWhom = members.length > 0 ? ` with ${nameListOf(members)}` : '';
  const lines: string[] = [];
  if (reason === 'ended') {
    lines.push(`Breakouts have ended in ${meeting.title}. Please hang up from ${name} and rejoin the main session.`);
  } else {
    lines.push(reason === 'moved' ? `You have been moved to ${name}${withWhom} (${meeting.title}).` : `Breakouts have started in ${meeting.title}: you are in ${name}${withWhom}.`);
    if (attendee.audio === 'phone') lines.push(dialInSentence(dialIn, room));
    else if (reason === 'not-reached') lines.push(`We could not bring you into ${name} automatically; please join it from the meeting channel.`);
  }
  return {
    kind: 'room-notice',
    meetingId: meeting.id,
    reason,
    room,
    roomName: name,
    members,
    ...(dialIn ? { dialIn } : {}),
    text: lines.join('\n'),
  };
}
