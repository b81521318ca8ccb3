// The words of the direct messages the engine asks adapters to send: conflict prompts and the
// room notices of a start, a move while rooms are open, and the end. Neutral text; adapters add
// their buttons.
import type { Attendee, Meeting, NotifyReason } from './meeting.ts';
import { AUDIO_ICONS, defaultRoomName } from './meeting.ts';
import type { Conflict } from './conflicts.ts';
import type { DialInDetails, DirectMessage } from './outcome.ts';
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

/** How a phone caller gets back into the main session. */
function mainSessionSentence(meeting: Pick<Meeting, 'settings'>): string {
  const dialIn = meeting.settings.dialIn;
  return dialIn ? `dial ${dialIn.number} and join the main session` : 'dial in the way you first joined the meeting';
}

/**
 * What a person must be told by direct message about where they are now. `from` is the room they
 * were in before a move (to tell a phone caller which call to hang up).
 */
export function roomNotice(meeting: Meeting, attendee: Attendee, reason: NotifyReason, from?: number | null): DirectMessage | undefined {
  const room = attendee.room;
  if (room === null) {
    // Only a phone caller moved back while rooms are open needs telling: the platform cannot move a call.
    if (reason !== 'moved' || attendee.audio !== 'phone') return undefined;
    const left = from ? ` Please hang up from ${roomLabel(meeting, from)}, then` : ' Please';
    return {
      kind: 'room-notice',
      meetingId: meeting.id,
      reason,
      room: null,
      roomName: 'Main room',
      members: [],
      text: `You have been moved back to the main room (${meeting.title}).${left} ${mainSessionSentence(meeting)}.`,
    };
  }
  const name = roomLabel(meeting, room);
  const members = meeting.attendees.filter((a) => a.room === room && a.id !== attendee.id).map((a) => a.name);
  const dialIn = dialInFor(meeting, room);
  const withWhom = members.length > 0 ? ` with ${nameListOf(members)}` : '';
  const lines: string[] = [];
  if (reason === 'ended') {
    lines.push(`Breakouts have ended in ${meeting.title}. Please hang up from ${name}, then ${mainSessionSentence(meeting)}.`);
  } else if (reason === 'switched') {
    lines.push(`Your audio is now phone. To talk in ${name}${withWhom} (${meeting.title}): ${dialInSentence(dialIn, room)}`);
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
