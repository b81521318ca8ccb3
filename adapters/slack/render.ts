// The one pure renderer from the neutral board (and DMs) to Block Kit: the board message in
// pages (with the timer, the last broadcast, the help queue, repeats and choose mode), the Move
// modal, the audio chooser, the room picker, the layout import dialog, DMs with their buttons, the
// room welcome with "Ask for help". Every text goes through SLACK_LIMITS (room notes: room-texts.ts).
import type { types as SlackTypes } from '@slack/bolt';
import { encodeAction, type Verb } from '../../src/commands/action-id.ts';
import { renderBoardText, type Board, type BoardAction, type BoardAttendee, type BoardHelp, type BoardRoom } from '../../src/board/board.ts';
import { ASK_LABEL, CLAIM_LABEL, clockTime } from '../../src/domain/facilitation.ts';
import { AUDIO_ICONS, AUDIO_KINDS, AUDIO_LABELS, type Audio } from '../../src/domain/meeting.ts';
import type { DirectMessage, RoomMessage } from '../../src/domain/outcome.ts';
import { escapeMrkdwn, fitMrkdwn, joinWithin, SLACK_LIMITS as L } from './limits.ts';
import { fit, peopleSummary, plural, roomRange } from '../../src/domain/text.ts';

export type Block = SlackTypes.KnownBlock;
export type Button = SlackTypes.Button;
export type PlainOption = SlackTypes.PlainTextOption;
export type ModalView = SlackTypes.ModalView;

export interface SlackMessage {
  readonly text: string;
  readonly blocks?: Block[];
}

/** Boards with at most this many people get one room select per attendee on the board itself. */
export const SELECTS_MAX_ATTENDEES = L.actionsElements;
/** Room sections per page, and the characters they may use (the rest is the fixed frame). */
export const PAGE_ROOMS = 20;
export const PAGE_ROOM_CHARS = 7000;
const ROOM_TEXT_MAX = 1500;
const MAIN_TEXT_MAX = 1500;
/** The repeats line ("3 pairs meet again (a random shuffle: 41)") and the warnings (unmet constraints say why). */
const REPEATS_MAX = 300;
const WARNING_MAX = 300;
const WARNINGS_MAX = 1200;
/** In choose mode the board says how people get into a room (its button is for everyone). */
export const CHOOSE_LINE = '🚪 *Choose your room:* everyone picks a room themselves (only rooms open to their audio and not full are offered).';
/** Room for the button rows after the selects: 9 actions and up to 25 page buttons with short labels. */
const ACTIONS_CHARS = 1200;
const FALLBACK_TEXT_MAX = 2000;
export const MODAL_CALLBACK = 'breakouts-move';
/** Help requests listed on the board, each its own section (with its "I'll go"); the rest are counted. */
export const HELP_SHOWN = 5;
const HELP_NAME_MAX = 40;
const HELP_NAMES_MAX = 120;
const HELP_NOTE_MAX = 150;
/** The timer and the last broadcast (a broadcast is up to 1,500 characters: the board shows its start). */
const FACILITATION_MAX = 700;
const BROADCAST_SHOWN = 300;
/**
 * Rooms on a page never get less than this (the timer and the help queue take the rest of the
 * page's share): at least three rooms of ROOM_TEXT_MAX a page, so 50 rooms need at most 17 page buttons.
 */
const PAGE_ROOM_CHARS_MIN = 5000;

const plain = (text: string, max: number): SlackTypes.PlainTextElement => ({ type: 'plain_text', text: fit(text, max), emoji: true });
const mrkdwn = (text: string, max: number = L.sectionText): SlackTypes.MrkdwnElement => ({ type: 'mrkdwn', text: fit(text, max) });

function actionId(board: Pick<Board, 'meetingId' | 'version'>, verb: Verb, args: string[] = []): string {
  return encodeAction({ verb, meetingId: board.meetingId, version: board.version, args });
}

function attendeeLabel(a: BoardAttendee): string {
  return `${a.icon} ${escapeMrkdwn(a.name)}${a.role === 'facilitator' ? ' _(facilitator)_' : ''}`;
}

function roomText(room: BoardRoom): string {
  const head = `${room.conflict ? '🟥 ' : ''}*${room.number}. ${escapeMrkdwn(room.name)}* · ${room.attendees.length} ${room.attendees.length === 1 ? 'person' : 'people'}${room.phoneAllowed ? ' · 📞 ok' : ''}${room.helpAsked ? ' · 🙋 help asked' : ''}`;
  const lines = [head];
  if (room.visitors.length > 0) lines.push(`👀 Visiting: ${joinWithin(room.visitors.map(escapeMrkdwn), ', ', 200)}`);
  if (room.conflict) lines.push(`> 🟥 ${escapeMrkdwn(fit(room.conflict.reason, 400))}`);
  for (const w of room.warnings) lines.push(`⚠️ ${escapeMrkdwn(w)}`);
  const used = lines.join('\n').length + 1;
  lines.push(room.attendees.length > 0 ? joinWithin(room.attendees.map(attendeeLabel), ', ', ROOM_TEXT_MAX - used) : '_empty_');
  return lines.join('\n');
}

/** Characters of text in blocks (every `text` of a text object), for the aggregate budget. */
export function blockChars(node: unknown): number {
  if (Array.isArray(node)) return node.reduce((n: number, child) => n + blockChars(child), 0);
  if (!node || typeof node !== 'object') return 0;
  let n = 0;
  for (const [key, value] of Object.entries(node)) {
    if (key === 'text' && typeof value === 'string') n += value.length;
    else if (typeof value === 'object') n += blockChars(value);
  }
  return n;
}

/**
 * A time in each reader's own time zone: Slack replaces the token with the local time and shows
 * the fallback ("14:05 UTC") where it cannot.
 */
export function slackTime(seconds: number, fallback: string): string {
  return `<!date^${seconds}^{time}|${fallback}>`;
}

/** The board's words with their UTC clock time shown as the reader's local time. */
function localised(line: string, iso: string, seconds: number): string {
  const utc = clockTime(iso);
  return escapeMrkdwn(line).replace(utc, slackTime(seconds, utc));
}

/** Timer, planned timer, how the last timed run ended, the last broadcast: one section's text, or undefined. */
function facilitationText(board: Board): string | undefined {
  const lines: string[] = [];
  if (board.timer) lines.push(`⏱ *${localised(board.timer.line, board.timer.endsAt, board.timer.endsAtSeconds)}*`);
  if (board.plannedTimer) lines.push(`⏱ ${escapeMrkdwn(board.plannedTimer)}`);
  if (board.timerNote) lines.push(`⏱ ${escapeMrkdwn(board.timerNote)}`);
  if (board.broadcast) {
    const b = board.broadcast;
    // The words first, in full within the budget; the time localised in the part before them.
    const head = b.line.slice(0, b.line.length - b.text.length);
    lines.push(`📣 ${localised(head, b.at, b.atSeconds)}${fitMrkdwn(b.text, BROADCAST_SHOWN)}`);
  }
  return lines.length > 0 ? fit(lines.join('\n'), FACILITATION_MAX) : undefined;
}


/**
 * One request in a few fixed parts (room, who, how long ago, who is on it, the note), each cut to
 * its share, so that long names never push the room or the age out of the section.
 */
function helpText(help: BoardHelp): string {
  const who = joinWithin(help.askers.map((name) => fitMrkdwn(name, HELP_NAME_MAX)), ', ', HELP_NAMES_MAX);
  const taken = help.claimedBy ? ` — *${fitMrkdwn(help.claimedBy, HELP_NAME_MAX)} is on it*` : '';
  const note = help.note ? `\n> “${fitMrkdwn(help.note, HELP_NOTE_MAX)}”` : '';
  return `🙋 *${escapeMrkdwn(help.roomName)}* — ${who} · asked ${help.ago}${taken}${note}`;
}

function helpSection(board: Board, help: BoardHelp, claimable: boolean): Block {
  const text = mrkdwn(helpText(help));
  if (help.state !== 'open' || !claimable) return { type: 'section', block_id: `help-${help.id}`, text };
  const button: Button = { type: 'button', style: 'primary', text: plain(CLAIM_LABEL, L.buttonText), action_id: actionId(board, 'claim', [help.id]) };
  return { type: 'section', block_id: `help-${help.id}`, text, accessory: button };
}

/**
 * The timer, the last broadcast and the help queue (open requests first, oldest first, each with
 * "I'll go" while open; the rest counted, with the typed way to take them).
 */
function facilitationBlocks(board: Board): Block[] {
  const blocks: Block[] = [];
  const text = facilitationText(board);
  if (text) blocks.push({ type: 'section', block_id: 'facilitation', text: mrkdwn(text) });
  if (board.help.length === 0) return blocks;
  // The buttons are for facilitators: a personal copy for someone else lists the requests without them.
  const claimable = board.actions.some((a) => a.facilitatorOnly);
  const open = board.help.filter((h) => h.state === 'open').length;
  blocks.push({ type: 'context', block_id: 'help-head', elements: [mrkdwn(`*Help requests:* ${open} waiting${board.help.length > open ? `, ${board.help.length - open} on the way` : ''}`)] });
  for (const help of board.help.slice(0, HELP_SHOWN)) blocks.push(helpSection(board, help, claimable));
  if (board.help.length > HELP_SHOWN) {
    const more = board.help.slice(HELP_SHOWN).map((h) => String(h.room));
    blocks.push({ type: 'context', block_id: 'help-more', elements: [mrkdwn(`… and ${board.help.length - HELP_SHOWN} more (rooms ${joinWithin(more, ', ', 200)}): type /breakouts claim <room>.`, 400)] });
  }
  return blocks;
}

/** Split the rooms into pages that each fit the block and character budgets (less what the facilitation part takes). */
export function boardPages(board: Board): BoardRoom[][] {
  const pages: BoardRoom[][] = [];
  let current: BoardRoom[] = [];
  let chars = 0;
  const budget = Math.max(PAGE_ROOM_CHARS_MIN, PAGE_ROOM_CHARS - blockChars(facilitationBlocks(board)));
  for (const room of board.rooms) {
    const size = roomText(room).length;
    if (current.length > 0 && (current.length >= PAGE_ROOMS || chars + size > budget)) {
      pages.push(current);
      current = [];
      chars = 0;
    }
    current.push(room);
    chars += size;
  }
  if (current.length > 0 || pages.length === 0) pages.push(current);
  return pages;
}

function pageLabel(rooms: readonly BoardRoom[]): string {
  const first = rooms[0];
  const last = rooms[rooms.length - 1];
  if (!first || !last) return 'Rooms';
  return first.number === last.number ? `Room ${first.number}` : `Rooms ${first.number}–${last.number}`;
}

function actionButton(board: Board, action: BoardAction): Button {
  const button: Button = { type: 'button', text: plain(action.label, L.buttonText), action_id: actionId(board, action.verb) };
  if (action.style !== 'default') button.style = action.style;
  if (action.confirm) {
    button.confirm = {
      title: plain(action.label, L.confirmTitle),
      text: plain(action.confirm, L.confirmText),
      confirm: plain('Yes', L.confirmButton),
      deny: plain('Cancel', L.confirmButton),
    };
  }
  return button;
}

/** Room choices for a move: the main room, then every room (≤ 51 options, within 100). */
export function roomOptions(board: Board): PlainOption[] {
  const options: PlainOption[] = [{ text: plain('Main room', L.optionText), value: 'main' }];
  for (const room of board.rooms) {
    const text = `${room.number}. ${room.name} (${room.attendees.length})${room.phoneAllowed ? ' 📞' : ''}`;
    options.push({ text: plain(text, L.optionText), value: String(room.number) });
  }
  return options.slice(0, L.selectOptions);
}

/** One room select per attendee (small boards): two clicks to move anyone, or nothing if too big. */
function attendeeSelects(board: Board): Block[] {
  const options: PlainOption[] = [{ text: plain('Main room', L.optionText), value: 'main' }];
  for (const room of board.rooms) options.push({ text: plain(`${room.number}. ${room.name}`, L.optionText), value: String(room.number) });
  const people = [...board.rooms.flatMap((r) => r.attendees.map((a) => ({ a, room: r.number as number | null }))), ...board.main.map((a) => ({ a, room: null as number | null }))];
  if (people.length === 0 || people.length > SELECTS_MAX_ATTENDEES || options.length > L.selectOptions) return [];
  const blocks: Block[] = [];
  for (let i = 0; i < people.length; i += L.actionsElements) {
    // No initial_option: a select shows its value instead of its placeholder, and the placeholder
    // is what says whose select it is.
    const elements = people.slice(i, i + L.actionsElements).map(
      ({ a, room }): SlackTypes.StaticSelect => ({
        type: 'static_select',
        action_id: actionId(board, 'move', [a.id]),
        placeholder: plain(`${a.icon} ${a.name} (${room === null ? 'main' : `room ${room}`}) → move to…`, L.placeholder),
        options,
      }),
    );
    blocks.push({ type: 'actions', block_id: `selects-${i}`, elements });
  }
  return blocks;
}

export interface BoardRenderOptions {
  /** 0-based page of rooms. */
  readonly page?: number;
  /** Per-viewer copy (ephemeral): page buttons replace it rather than the shared board. */
  readonly ephemeral?: boolean;
}

/** The board message: header, status and key, progress, warnings, one page of rooms, main room, buttons. */
export function renderBoard(board: Board, options: BoardRenderOptions = {}): SlackMessage {
  const pages = boardPages(board);
  const pageIndex = Math.min(Math.max(0, options.page ?? 0), pages.length - 1);
  const rooms = pages[pageIndex] ?? [];
  const blocks: Block[] = [];
  blocks.push({ type: 'header', text: plain(`${board.title} — ${board.statusLabel}`, L.headerText) });
  const c = board.counts;
  const summary = [
    `${peopleSummary(c, AUDIO_ICONS)} · ${plural(board.rooms.length, 'room')}${board.lastRound ? '' : ` · ${c.placed} placed`} · phone ${roomRange(board.phoneRooms)}${board.roomCap !== undefined ? ` · at most ${plural(board.roomCap, 'person', 'people')} a room` : ''}`,
  ];
  if (board.dialIn) summary.push(`📞 Dial-in: ${escapeMrkdwn(board.dialIn)}`);
  if (board.repeats) summary.push(`🔁 ${fitMrkdwn(board.repeats.line, REPEATS_MAX)}`);
  if (board.mode === 'choose') summary.push(CHOOSE_LINE);
  blocks.push({ type: 'section', text: mrkdwn(summary.join('\n')) });
  blocks.push({ type: 'context', elements: [mrkdwn(`Key: ${board.key.map((k) => `${k.icon} ${k.label}`).join('   ')}`)] });
  blocks.push(...facilitationBlocks(board));
  if (board.progress) {
    const p = board.progress;
    const notes = p.notes.length > 0 ? `\n${joinWithin(p.notes.map((n) => `• ${escapeMrkdwn(n)}`), '\n', 900)}` : '';
    blocks.push({ type: 'section', text: mrkdwn(`*${p.label}:* ${p.done}/${p.total}${p.failed ? ` (${p.failed} failed)` : ''}${notes}`) });
  }
  if (board.warnings.length > 0) {
    blocks.push({ type: 'section', text: mrkdwn(joinWithin(board.warnings.map((w) => `⚠️ ${fitMrkdwn(w, WARNING_MAX)}`), '\n', WARNINGS_MAX)) });
  }
  blocks.push({ type: 'divider' });
  if (board.lastRound) blocks.push({ type: 'context', elements: [mrkdwn(`*${escapeMrkdwn(board.roomsHeading)}*`)] });
  for (const room of rooms) blocks.push({ type: 'section', block_id: `room-${room.number}`, text: mrkdwn(roomText(room)) });
  if (pages.length > 1) {
    const elsewhere = board.rooms.filter((r) => r.conflict && !rooms.includes(r)).map((r) => `${r.number}`);
    const note = `Page ${pageIndex + 1} of ${pages.length} (${pageLabel(rooms).toLowerCase()} of ${board.rooms.length}).${elsewhere.length > 0 ? ` 🟥 Conflicts on other pages: rooms ${joinWithin(elsewhere, ', ', 300)}.` : ''}`;
    blocks.push({ type: 'context', elements: [mrkdwn(note, 500)] });
  }
  const mainHead = `*${escapeMrkdwn(board.mainHeading)}* · ${board.main.length}`;
  const mainLines = board.main.map((a) => `${attendeeLabel(a)}${a.waiting ? ` — _${escapeMrkdwn(fit(a.waiting, 120))}_` : ''}`);
  blocks.push({ type: 'section', block_id: 'main', text: mrkdwn(board.main.length > 0 ? `${mainHead}\n${joinWithin(mainLines, '\n', MAIN_TEXT_MAX - mainHead.length - 1)}` : `${mainHead}\n_nobody_`) });
  if (board.actions.some((a) => a.verb === 'move-open')) {
    // The selects repeat the room list for each person: only when the whole message still fits.
    const selects = attendeeSelects(board);
    if (blockChars(blocks) + blockChars(selects) + ACTIONS_CHARS <= L.messageBlockChars) blocks.push(...selects);
  }
  if (board.actions.length > 0) {
    blocks.push({ type: 'actions', block_id: 'board-actions', elements: board.actions.slice(0, L.actionsElements).map((a) => actionButton(board, a)) });
  }
  if (pages.length > 1) {
    const nav: Button[] = pages.slice(0, L.actionsElements).map((p, i) => {
      const button: Button = { type: 'button', text: plain(pageLabel(p), L.buttonText), action_id: actionId(board, 'page', [String(i)]) };
      if (i === pageIndex) button.style = 'primary';
      return button;
    });
    blocks.push({ type: 'actions', block_id: options.ephemeral ? 'pages-mine' : 'pages', elements: nav });
  }
  return { text: fit(renderBoardText(board, { maxNamesPerRoom: 8 }), FALLBACK_TEXT_MAX), blocks };
}

/** What the Move modal carries between its clicks. */
export interface ModalState {
  readonly channelId?: string;
  /** Increments after each move so the selects start empty again. */
  readonly round: number;
}

export function renderMoveModal(board: Board, state: ModalState, note?: string): ModalView {
  const blocks: Block[] = [
    {
      type: 'section',
      text: mrkdwn('Pick a person (type part of a name), then a room: the move happens as soon as you pick the room. Repeat for more people; press Done when finished.'),
    },
    {
      type: 'actions',
      block_id: `move-${state.round}`,
      elements: [
        {
          type: 'external_select',
          action_id: actionId(board, 'move-pick'),
          placeholder: plain('Person to move', L.placeholder),
          min_query_length: 0,
        },
        { type: 'static_select', action_id: actionId(board, 'move'), placeholder: plain('Room', L.placeholder), options: roomOptions(board) },
      ],
    },
  ];
  if (note) blocks.push({ type: 'context', elements: [mrkdwn(escapeMrkdwn(note), 2000)] });
  const metadata = JSON.stringify({ c: state.channelId, r: state.round });
  return {
    type: 'modal',
    callback_id: MODAL_CALLBACK,
    title: plain('Move people', L.modalTitle),
    close: plain('Done', L.modalButton),
    private_metadata: fit(metadata, L.privateMetadata),
    blocks,
  };
}

/** Options for the Move modal's person select: name matches, at most 100, room shown. */
export function personOptions(board: Board, query: string): PlainOption[] {
  const wanted = query.trim().toLowerCase();
  const out: PlainOption[] = [];
  const consider = (a: BoardAttendee, where: string): void => {
    if (out.length >= L.selectOptions) return;
    if (wanted && !a.name.toLowerCase().includes(wanted)) return;
    if (a.id.length > L.optionValue) return;
    out.push({ text: plain(`${a.icon} ${a.name} — ${where}`, L.optionText), value: a.id });
  };
  for (const room of board.rooms) for (const a of room.attendees) consider(a, `room ${room.number}`);
  for (const a of board.main) consider(a, 'main room');
  return out;
}

/** "My audio": the viewer's current connection and one button per kind. */
export function renderAudioChooser(board: Board, current: Audio | undefined): SlackMessage {
  const text = current ? `Your audio is ${AUDIO_ICONS[current]} ${AUDIO_LABELS[current]}. Change it:` : 'How do you hear the meeting? (This also adds you to the roster.)';
  const elements: Button[] = AUDIO_KINDS.map((kind) => {
    const button: Button = { type: 'button', text: plain(`${AUDIO_ICONS[kind]} ${AUDIO_LABELS[kind]}`, L.buttonText), action_id: actionId(board, 'audio', [kind]) };
    if (kind === current) button.style = 'primary';
    return button;
  });
  return { text, blocks: [{ type: 'section', text: mrkdwn(text) }, { type: 'actions', block_id: 'audio', elements }] };
}

/** A direct message: conflict prompts carry "I've switched to phone", help requests "I'll go"; the rest is plain text. */
export function renderDirect(message: DirectMessage, version: number): SlackMessage {
  const answer = (label: string, verb: 'confirm-phone' | 'claim', arg: string): Button => ({
    type: 'button',
    style: 'primary',
    text: plain(label, L.buttonText),
    action_id: encodeAction({ verb, meetingId: message.meetingId, version, args: [arg] }),
  });
  if (message.kind === 'conflict-prompt') return withButton(message.text, `prompt-${message.promptId}`, answer(message.confirmLabel, 'confirm-phone', message.promptId));
  if (message.kind === 'help-request') return withButton(message.text, `help-${message.requestId}`, answer(message.claimLabel, 'claim', message.requestId));
  // A broadcast's words are a facilitator's own: escaped, so they can never mention @channel.
  return { text: message.kind === 'announcement' ? fitMrkdwn(message.text, L.sectionText) : fit(message.text, L.sectionText) };
}

/** The engine's words (names, notes people typed) escaped in both the blocks and the notification text. */
function withButton(text: string, blockId: string, button: Button): SlackMessage {
  return {
    text: fitMrkdwn(text, L.sectionText),
    blocks: [
      { type: 'section', text: mrkdwn(escapeMrkdwn(text)) },
      { type: 'actions', block_id: blockId, elements: [button] },
    ],
  };
}

/** A facilitator's copy of a help request once it was taken or withdrawn: the words only, the button gone. */
export function renderHelpCopy(text: string): SlackMessage {
  return { text: fitMrkdwn(text, L.sectionText), blocks: [{ type: 'section', text: mrkdwn(escapeMrkdwn(text)) }] };
}

/** A notice in a room's channel (a timer warning, a broadcast, who is coming): text only, never a mention. */
export function renderRoomMessage(message: RoomMessage): SlackMessage {
  return { text: fitMrkdwn(message.text, L.sectionText) };
}

/** The welcome in a room's channel, with "Ask for help" (the typed way is in the words). */
export function renderWelcome(meetingId: string, version: number, text: string): SlackMessage {
  const button: Button = { type: 'button', text: plain(`🙋 ${ASK_LABEL}`, L.buttonText), action_id: encodeAction({ verb: 'ask', meetingId, version, args: [] }) };
  return { text: fit(text, L.sectionText), blocks: [{ type: 'section', text: mrkdwn(text) }, { type: 'actions', block_id: 'room-help', elements: [button] }] };
}

/** The answer to someone who asked for help: what happens now, and "Withdraw" (or type /breakouts withdraw). */
export function renderAskReply(meetingId: string, version: number, text: string): SlackMessage {
  const button: Button = { type: 'button', text: plain('Withdraw', L.buttonText), action_id: encodeAction({ verb: 'withdraw', meetingId, version, args: [] }) };
  return withButton(text, 'ask-withdraw', button);
}

/**
 * "Choose your room" (choose mode): the clicker's own picker, one button per room open to them
 * (their audio, under the cap), their current room marked. At most 50 rooms: two rows of 25.
 */
export function renderRoomPicker(board: Board, choosable: readonly number[], current: number | null): SlackMessage {
  const rooms = board.rooms.filter((r) => choosable.includes(r.number));
  if (rooms.length === 0) {
    const text = 'No room is open to you right now: the rooms that suit your audio are full. Ask a facilitator, or try again in a moment.';
    return { text, blocks: [{ type: 'section', text: mrkdwn(text) }] };
  }
  const head = `*Pick your room* — ${plural(rooms.length, 'room')} open to you${current !== null ? ` (you are in room ${current})` : ''}:`;
  const blocks: Block[] = [{ type: 'section', text: mrkdwn(head) }];
  for (let i = 0; i < rooms.length; i += L.actionsElements) {
    const elements = rooms.slice(i, i + L.actionsElements).map((room): Button => {
      const button: Button = {
        type: 'button',
        text: plain(`${room.number}. ${room.name} (${room.attendees.length})${room.phoneAllowed ? ' 📞' : ''}`, L.buttonText),
        action_id: actionId(board, 'pick', [String(room.number)]),
      };
      if (room.number === current) button.style = 'primary';
      return button;
    });
    blocks.push({ type: 'actions', block_id: `pick-${i}`, elements });
  }
  return { text: `Pick your room: ${rooms.map((r) => r.number).join(', ')}`, blocks };
}

export const IMPORT_CALLBACK = 'breakouts-import';
export const IMPORT_FILE_BLOCK = 'layout-file';
export const IMPORT_FILE_INPUT = 'file';
export const IMPORT_BLOCK = 'layout';
export const IMPORT_INPUT = 'csv';
export const IMPORT_CONFIRM_BLOCK = 'layout-confirm';
export const IMPORT_CONFIRM_INPUT = 'confirm';
/** Slack's cap on a plain_text_input (longer layouts: choose the CSV file instead). */
export const IMPORT_PASTE_MAX = L.textInput;
const IMPORT_HELP =
  'One row per person: `email` (or `id` or `name`), `room`, and optionally `audio` (phone, voip or listening), with a header row. Choose the CSV file, or paste it for a short layout. People land in their room the moment they join; rows that match nobody are listed, never fatal.';

/** What the import dialog carries: the channel it was opened from (its meeting). */
export interface ImportModalState {
  readonly channelId: string;
  /** The text to show again (after a refusal), and what went wrong with it. */
  readonly csv?: string;
  readonly note?: string;
  /** Rooms are open: the dialog offers the go-ahead to move people who are in a room now. */
  readonly live?: boolean;
}

/** The import dialog: a CSV file input, or a multiline paste box; while rooms are open, the go-ahead to move people. */
export function renderImportModal(state: ImportModalState): ModalView {
  const blocks: Block[] = [];
  if (state.note) blocks.push({ type: 'section', text: mrkdwn(`⚠️ ${fitMrkdwn(state.note, 2000)}`) });
  blocks.push({ type: 'section', text: mrkdwn(IMPORT_HELP) });
  blocks.push({
    type: 'input',
    block_id: IMPORT_FILE_BLOCK,
    optional: true,
    label: plain('CSV file', L.inputLabel),
    element: { type: 'file_input', action_id: IMPORT_FILE_INPUT, filetypes: ['csv', 'txt'], max_files: 1 },
  });
  blocks.push({
    type: 'input',
    block_id: IMPORT_BLOCK,
    optional: true,
    label: plain('…or paste the layout', L.inputLabel),
    element: {
      type: 'plain_text_input',
      action_id: IMPORT_INPUT,
      multiline: true,
      max_length: IMPORT_PASTE_MAX,
      placeholder: plain('email,room,audio\nana@example.com,1,voip\nBo Chen,2', L.placeholder),
      ...(state.csv ? { initial_value: state.csv.slice(0, IMPORT_PASTE_MAX) } : {}),
    },
  });
  if (state.live) {
    blocks.push({
      type: 'input',
      block_id: IMPORT_CONFIRM_BLOCK,
      optional: true,
      label: plain('Rooms are open', L.inputLabel),
      element: {
        type: 'checkboxes',
        action_id: IMPORT_CONFIRM_INPUT,
        options: [{ text: plain('Move people now', L.optionText), value: 'confirm', description: plain('Moves them at once; phone callers are sent what to dial', L.optionText) }],
      },
    });
  }
  return {
    type: 'modal',
    callback_id: IMPORT_CALLBACK,
    title: plain('Import a layout', L.modalTitle),
    submit: plain('Import', L.modalButton),
    close: plain('Cancel', L.modalButton),
    private_metadata: fit(JSON.stringify({ c: state.channelId, r: 0 }), L.privateMetadata),
    blocks,
  };
}

/** The import dialog once submitted: first "importing…", then what the import did (or why not). */
export function renderImportResult(text: string): ModalView {
  return {
    type: 'modal',
    callback_id: IMPORT_CALLBACK,
    title: plain('Import a layout', L.modalTitle),
    close: plain('Done', L.modalButton),
    blocks: [{ type: 'section', text: mrkdwn(fitMrkdwn(text, L.sectionText)) }],
  };
}
