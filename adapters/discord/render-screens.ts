// The smaller Discord screens, from the same neutral values: the room and audio pickers, the
// confirmation of an action that affects everyone, direct messages, and plain answers.
import { ButtonStyle, ComponentType, type APISelectMenuOption } from 'discord.js';
import type { Board, BoardAction } from '../../src/board/board.ts';
import { encodeAction, type Verb } from '../../src/commands/action-id.ts';
import { AUDIO_ICONS, AUDIO_KINDS, AUDIO_LABELS, type Audio } from '../../src/domain/meeting.ts';
import type { DirectMessage } from '../../src/domain/outcome.ts';
import { fit, plural } from '../../src/domain/text.ts';
import { ATTENDEE_COMMAND, ATTENDEE_SUBCOMMANDS, FACILITATOR_COMMAND } from './command-json.ts';
import { DISCORD_LIMITS as L } from './limits.ts';
import { button, rows, STYLES, type DiscordPayload, type Row } from './render.ts';

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

/** A direct message; a conflict prompt carries its "I've switched to phone" button. */
export function renderDirect(message: DirectMessage, version: number): DiscordPayload {
  const content = fit(message.text, L.content);
  if (message.kind !== 'conflict-prompt') return { content, embeds: [], components: [] };
  return {
    content,
    embeds: [],
    components: rows([button(message.meetingId, version, 'confirm-phone', message.confirmLabel, ButtonStyle.Success, [message.promptId])]),
  };
}

/**
 * The engine names every command `/breakouts …`; on Discord the attendee ones are on the open
 * `/breakouts-me`, the one every member can see.
 */
const ATTENDEE_MENTION = new RegExp(`/${FACILITATOR_COMMAND} (${ATTENDEE_SUBCOMMANDS.join('|')})\\b`, 'g');

export function renderText(content: string): DiscordPayload {
  return { content: fit(content.replace(ATTENDEE_MENTION, `/${ATTENDEE_COMMAND} $1`), L.content), embeds: [], components: [] };
}
