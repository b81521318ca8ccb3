// The smaller Discord screens, from the same neutral values: the room and audio pickers, the
// confirmation of an action that affects everyone, direct messages, and plain answers.
import { ButtonStyle, ComponentType, type APISelectMenuOption } from 'discord.js';
import type { Board, BoardAction } from '../../src/board/board.ts';
import { encodeAction, type Verb } from '../../src/commands/action-id.ts';
import { AUDIO_ICONS, AUDIO_KINDS, AUDIO_LABELS, type Audio } from '../../src/domain/meeting.ts';
import type { DirectMessage, Outcome, OutcomeFile, RoomMessage } from '../../src/domain/outcome.ts';
import { ASK_LABEL } from '../../src/domain/facilitation.ts';
import { dialInFor } from '../../src/domain/messages.ts';
import type { Attendee, Meeting, Room } from '../../src/domain/meeting.ts';
import { fit, plural } from '../../src/domain/text.ts';
import { ATTENDEE_COMMAND, ATTENDEE_SUBCOMMANDS, FACILITATOR_COMMAND, PLAN_COMMAND, PLAN_NAMES } from './command-json.ts';
import { DISCORD_LIMITS as L } from './limits.ts';
import { button, rows, STYLES, type DiscordPayload, type DiscordReply, type Row } from './render.ts';

/**
 * Step 2 of a move: the rooms in string selects of at most 25 options (rooms 1–25, then 26–50)
 * and a button back to the main room. Their ids are the shared move actions (see
 * commandForAction): `move-pick`/`move` with the person, the picked value being the room.
 */
export function renderRoomPicker(board: Board, person: { id: string; name: string; room: number | null; audio: Audio }): DiscordPayload {
  const options: APISelectMenuOption[] = board.rooms.map((r) => ({
    label: fit(`${r.conflict ? '🟥 ' : ''}${r.number}. ${r.name}`, L.optionLabel),
    value: String(r.number),
    description: fit(`${plural(r.attendees.length, 'person', 'people')}${r.phoneAllowed ? ' · phone ok' : ' · no phone'}${r.conflict ? ' · audio conflict' : ''}`, L.optionDescription),
  }));
  // Two verbs keep the two selects' custom ids distinct within the message.
  const verbs: readonly Verb[] = ['move-pick', 'move'];
  const components: Row[] = [];
  verbs.forEach((verb, n) => {
    const slice = options.slice(n * L.selectOptions, (n + 1) * L.selectOptions);
    if (slice.length === 0) return;
    components.push({
      type: ComponentType.ActionRow,
      components: [
        {
          type: ComponentType.StringSelect,
          custom_id: encodeAction({ verb, meetingId: board.meetingId, version: board.version, args: [person.id] }),
          placeholder: fit(`Move ${person.name} to… (${slice[0]?.label ?? ''} – ${slice[slice.length - 1]?.label ?? ''})`, L.selectPlaceholder),
          options: slice,
          min_values: 1,
          max_values: 1,
        },
      ],
    });
  });
  components.push(...rows([button(board.meetingId, board.version, 'move', `Back to the main room (${board.main.length} there)`, ButtonStyle.Secondary, [person.id, 'main'])]));
  const where = person.room === null ? 'the main room' : `room ${person.room}`;
  return { content: fit(`Move ${AUDIO_ICONS[person.audio]} **${person.name}** (now in ${where}) to:`, L.content), embeds: [], components };
}

/**
 * Choose your room: the rooms open to this person (their audio, the room cap) as buttons that
 * each pick one room; past 25 rooms, one select of the first 25 and the rest named in words.
 */
export function renderRoomChoice(board: Board, choosable: readonly number[], current: number | null, cap: number | undefined): DiscordPayload {
  const rooms = board.rooms.filter((r) => choosable.includes(r.number));
  const where = current === null ? '' : ` (you are in ${board.rooms.find((r) => r.number === current)?.name ?? `room ${current}`} now)`;
  if (rooms.length === 0) {
    return renderText(`No room is open to you right now${where}: the rooms are full or not open to your audio. A facilitator can move you.`);
  }
  const size = (r: Board['rooms'][number]): string => (cap === undefined ? plural(r.attendees.length, 'person', 'people') : `${r.attendees.length}/${cap}`);
  const label = (r: Board['rooms'][number]): string => `${r.number}. ${r.name}`;
  const perMessage = L.actionRows * L.buttonsPerRow;
  if (rooms.length <= perMessage) {
    const buttons = rooms.map((r) => button(board.meetingId, board.version, 'pick', fit(`${label(r)} · ${size(r)}`, L.buttonLabel), r.number === current ? ButtonStyle.Primary : ButtonStyle.Secondary, [String(r.number)]));
    return { content: fit(`Choose your room${where}:`, L.content), embeds: [], components: rows(buttons) };
  }
  const listed = rooms.slice(0, L.selectOptions);
  const rest = rooms.slice(L.selectOptions).map((r) => r.number);
  const select: Row = {
    type: ComponentType.ActionRow,
    components: [
      {
        type: ComponentType.StringSelect,
        custom_id: encodeAction({ verb: 'pick', meetingId: board.meetingId, version: board.version, args: [] }),
        placeholder: 'Choose your room…',
        options: listed.map((r) => ({ label: fit(label(r), L.optionLabel), value: String(r.number), description: fit(size(r), L.optionDescription) })),
        min_values: 1,
        max_values: 1,
      },
    ],
  };
  const more = ` Also open to you: ${rest.length === 1 ? `room ${rest[0]}` : `rooms ${rest.join(', ')}`} (type /${ATTENDEE_COMMAND} pick <room>).`;
  return { content: fit(`Choose your room${where}.${more}`, L.content), embeds: [], components: [select] };
}

export function renderAudioPicker(board: Board, current?: Audio): DiscordPayload {
  const buttons = AUDIO_KINDS.map((audio) =>
    button(board.meetingId, board.version, 'audio', `${AUDIO_ICONS[audio]} ${AUDIO_LABELS[audio]}`, audio === current ? ButtonStyle.Primary : ButtonStyle.Secondary, [audio]),
  );
  return { content: `How are you connected to the audio?${current ? ` (now: ${AUDIO_ICONS[current]} ${current})` : ''}`, embeds: [], components: rows(buttons) };
}

export function renderConfirm(board: Board, action: BoardAction): DiscordPayload {
  return {
    content: fit(action.confirm ?? `${action.label}?`, L.content),
    embeds: [],
    components: rows([button(board.meetingId, board.version, action.verb, `Yes: ${action.label}`, STYLES[action.style], ['yes'])]),
  };
}

/**
 * A direct message: a conflict prompt carries its "I've switched to phone" button, a help request
 * its "I'll go" (the claim of that request); notices and announcements are text only.
 */
export function renderDirect(message: DirectMessage, version: number): DiscordPayload {
  const content = fit(discordWords(message.text), L.content);
  switch (message.kind) {
    case 'conflict-prompt':
      return { content, embeds: [], components: rows([button(message.meetingId, version, 'confirm-phone', message.confirmLabel, ButtonStyle.Success, [message.promptId])]) };
    case 'help-request':
      return { content, embeds: [], components: rows([button(message.meetingId, version, 'claim', `${message.claimLabel} (${message.roomName})`, ButtonStyle.Success, [message.requestId])]) };
    case 'room-notice':
    case 'announcement':
      return { content, embeds: [], components: [] };
  }
}

/** A facilitator's copy of a help request once it was taken or withdrawn: the words only, no button any more. */
export function renderHelpCopy(text: string): DiscordPayload {
  return { content: fit(text, L.content), embeds: [], components: [] };
}

/** A notice in a room's voice channel chat (a timer warning, a broadcast, who is coming): text only. */
export function renderRoomMessage(message: RoomMessage): DiscordPayload {
  return { content: fit(discordWords(message.text), L.content), embeds: [], components: [] };
}

/** Within a message's 2,000 characters, whoever is in the room is named; a long list ends with "and N more". */
const WELCOME_NAMES = 1200;

/**
 * The welcome in a room's voice channel chat at Start: who is here (named, never pinged: the
 * message is sent without mentions), the dial-in for phone callers, and "Ask for help" (the typed
 * way is in the words).
 */
export function renderWelcome(meeting: Meeting, room: Room, members: readonly Attendee[]): DiscordPayload {
  const names: string[] = [];
  let used = 0;
  for (const a of members) {
    const name = `<@${a.id}> ${AUDIO_ICONS[a.audio]}`;
    if (used + name.length > WELCOME_NAMES) {
      names.push(`and ${members.length - names.length} more`);
      break;
    }
    names.push(name);
    used += name.length + 2;
  }
  const lines = [`**Welcome to ${room.name}** — breakouts of <#${meeting.place.mainRoomId}> have started.`, `In this room: ${names.join(', ')}`];
  const dial = dialInFor(meeting, room.number);
  if (dial) lines.push(`📞 Phone: dial ${dial.number}${dial.code ? `, access code ${dial.code}` : ''}.`);
  lines.push(`🙋 Stuck? Press “${ASK_LABEL}” below (or type /${ATTENDEE_COMMAND} ask <what you need>): a facilitator comes to this room.`);
  return {
    content: fit(lines.join('\n'), L.content),
    embeds: [],
    components: rows([button(meeting.id, meeting.version, 'ask', `🙋 ${ASK_LABEL}`, ButtonStyle.Primary)]),
  };
}

/** The answer to someone who asked for help: what happens now, and "Withdraw" (or type /breakouts-me withdraw). */
export function renderAskReply(meetingId: string, version: number, text: string): DiscordPayload {
  return { ...renderText(text), components: rows([button(meetingId, version, 'withdraw', 'Withdraw my request', ButtonStyle.Secondary)]) };
}

/** After `ask`: while the person's request waits, their answer carries "Withdraw"; otherwise the plain answer. */
export function askAnswer(command: string, outcome: Outcome, actorId: string): DiscordPayload | undefined {
  if (command !== 'ask' || !outcome.ok) return undefined;
  const waiting = (outcome.meeting.help ?? []).some((h) => h.state === 'open' && h.askers.includes(actorId));
  return waiting ? renderAskReply(outcome.meeting.id, outcome.meeting.version, outcome.reply) : undefined;
}

/**
 * The engine names every command `/breakouts …`; on Discord the attendee ones are on the open
 * `/breakouts-me`, the one every member can see.
 */
const ATTENDEE_MENTION = new RegExp(`/${FACILITATOR_COMMAND} (${ATTENDEE_SUBCOMMANDS.join('|')})\\b`, 'g');

/** The planning commands are on /breakouts-plan (Discord allows 25 subcommands per command). */
const PLAN_MENTION = new RegExp(`/${FACILITATOR_COMMAND} (${PLAN_NAMES.join('|')})(?![\\w-])`, 'g');

/** The engine's words with the attendee and planning commands named as Discord has them. */
export function discordWords(text: string): string {
  return text.replace(ATTENDEE_MENTION, `/${ATTENDEE_COMMAND} $1`).replace(PLAN_MENTION, `/${PLAN_COMMAND} $1`);
}

/**
 * An answer with a file for the person who asked (the `export` CSV), attached to it; a file
 * larger than Discord lets a bot attach is not sent, and the answer says so.
 */
export function withFile(payload: DiscordPayload, file: OutcomeFile): DiscordReply {
  const bytes = Buffer.byteLength(file.content, 'utf8');
  if (bytes <= L.uploadBytes) return { ...payload, files: [file] };
  const mb = (n: number): string => (n / (1024 * 1024)).toFixed(1);
  const note = `${file.name} is ${mb(bytes)} MB, more than Discord lets Breakouts attach (${mb(L.uploadBytes)} MB), so it was not sent.`;
  return { ...payload, content: fit(payload.content ? `${payload.content}\n${note}` : note, L.content) };
}

/** A long post in the main channel is split at line breaks into at most this many messages. */
const MAIN_POSTS = 5;

/**
 * A post in the main channel (a round's digest): whole lines in messages of at most 2,000
 * characters, at most MAIN_POSTS of them; what does not fit is counted and pointed to `export`.
 */
export function renderMainPosts(text: string): DiscordPayload[] {
  const lines = discordWords(text).split('\n').map((line) => fit(line, L.content));
  const size = (post: readonly string[]): number => post.join('\n').length;
  const posts: string[][] = [[]];
  let shown = 0;
  for (const line of lines) {
    let post = posts[posts.length - 1]!;
    if (post.length > 0 && size(post) + 1 + line.length > L.content) {
      if (posts.length === MAIN_POSTS) break;
      posts.push((post = []));
    }
    post.push(line);
    shown++;
  }
  if (shown < lines.length) {
    const last = posts[posts.length - 1]!;
    const note = (): string => `… and ${plural(lines.length - shown, 'more line')}: /${PLAN_COMMAND} export has every round.`;
    // The last message gives up whole lines for the note (they are counted in it).
    while (last.length > 1 && size(last) + 1 + note().length > L.content) {
      last.pop();
      shown--;
    }
    if (size(last) + 1 + note().length > L.content) last[0] = fit(last[0] ?? '', L.content - 1 - note().length);
    last.push(note());
  }
  return posts.map((post) => post.join('\n')).filter((content) => content.trim() !== '').map((content) => ({ content, embeds: [], components: [] }));
}

export function renderText(content: string): DiscordPayload {
  return { content: fit(discordWords(content), L.content), embeds: [], components: [] };
}
