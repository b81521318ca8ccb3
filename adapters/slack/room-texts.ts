// What Breakouts posts in a room's private channel (the welcome at Start, the closing note at End)
// and the DM to someone moved while rooms are open: mrkdwn within Slack's section limit.
import { dialInFor } from '../../src/domain/messages.ts';
import { AUDIO_ICONS, type Attendee, type Meeting, type Room } from '../../src/domain/meeting.ts';
import { fit } from '../../src/domain/text.ts';
import { escapeMrkdwn, joinWithin } from './limits.ts';

const mention = (a: Pick<Attendee, 'id'>): string => `<@${a.id}>`;
const ROOM_NOTE_MAX = 3500;
const WELCOME_MAX = 3000;

/** The welcome is a section of the message with "Ask for help": within Slack's 3,000 characters. */
export function welcomeText(meeting: Meeting, room: Room, members: readonly Attendee[]): string {
  const who = joinWithin(members.map((a) => `${mention(a)} ${AUDIO_ICONS[a.audio]}`), ', ', 2200);
  const lines = [`*Welcome to ${escapeMrkdwn(room.name)}* — breakouts of <#${meeting.place.channelId}> have started.`, `In this room: ${who}`];
  const dial = dialInFor(meeting, room.number);
  if (dial) lines.push(`📞 Phone: dial ${escapeMrkdwn(dial.number)}${dial.code ? `, access code ${escapeMrkdwn(dial.code)}` : ''}.`);
  lines.push('🎧 To talk, start a huddle here: click the headphones icon at the top of this channel (or type /huddle).');
  lines.push('🙋 Stuck? Press “Ask for help” below (or type /breakouts ask <what you need>): a facilitator comes to this channel.');
  return fit(lines.join('\n'), WELCOME_MAX);
}

export function closingText(meeting: Meeting, room: Room, members: readonly Attendee[]): string {
  const who = members.length > 0 ? `${joinWithin(members.map(mention), ' ', 2500)} ` : '';
  return fit(`${who}Breakouts have ended: please head back to <#${meeting.place.channelId}>. This channel stays here for your notes.`, ROOM_NOTE_MAX);
}

export function movedText(meeting: Meeting, to: Room | null): string {
  if (!to) return `A facilitator moved you back to the main room: <#${meeting.place.channelId}>.`;
  return `A facilitator moved you to ${escapeMrkdwn(to.name)}${to.resourceId ? ` (<#${to.resourceId}>)` : ''}. Start or join the huddle there to talk.`;
}
