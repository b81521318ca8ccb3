// The words of the direct messages the engine asks adapters to send: conflict prompts and the
// room notices of a start. Neutral text; adapters add their buttons.
import type { Attendee, Meeting } from './domain.ts';
import { AUDIO_ICONS } from './domain.ts';
import type { Conflict } from './conflicts.ts';
import type { DialInDetails, DirectMessage } from './effects.ts';
import { nameList } from './text.ts';

const nameListOf = (names: readonly string[]): string => nameList(names, 5);

export const CONFIRM_PHONE_LABEL = 'I’ve switched to phone';

export function roomName(meeting: Pick<Meeting, 'rooms'>, room: number): string {
  return meeting.rooms[room - 1]?.name ?? `Breakout ${room}`;
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
  const name = roomName(meeting, conflict.room);
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

export function roomNotice(meeting: Meeting, attendee: Attendee, reason: 'phone-dial-in' | 'not-reached'): DirectMessage | undefined {
  if (attendee.room === null) return undefined;
  const room = attendee.room;
  const name = roomName(meeting, room);
  const members = meeting.attendees.filter((a) => a.room === room && a.id !== attendee.id).map((a) => a.name);
  const dialIn = dialInFor(meeting, room);
  const withWhom = members.length > 0 ? ` with ${nameListOf(members)}` : '';
  const lines = [`Breakouts have started in ${meeting.title}: you are in ${name}${withWhom}.`];
  if (attendee.audio === 'phone') lines.push(dialInSentence(dialIn, room));
  else if (reason === 'not-reached') lines.push(`We could not bring you into ${name} automatically; please join it from the meeting channel.`);
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
