// The one pure renderer from the neutral board (and DMs) to Block Kit: the board message in
// pages (with the timer, the last broadcast, the help queue, repeats and choose mode), the Move
// modal, the audio chooser, the room picker, the layout import dialog, DMs with their buttons, the
// room welcome with "Ask for help". Every text goes through SLACK_LIMITS (room notes: room-texts.ts).
// This module is the board message itself and the one entry point: the other parts are in render-*.ts.
import type { types as SlackTypes } from '@slack/bolt';
import { renderBoardText, type Board, type BoardAction } from '../../src/board/board.ts';
import { AUDIO_ICONS } from '../../src/domain/meeting.ts';
import { escapeMrkdwn, fitMrkdwn, joinWithin, SLACK_LIMITS as L } from './limits.ts';
import { fit, peopleSummary, plural, roomRange } from '../../src/domain/text.ts';
import { actionId, blockChars, mrkdwn, plain, type Block, type Button, type PlainOption, type SlackMessage } from './render-blocks.ts';
import { facilitationBlocks } from './render-facilitation.ts';
import { attendeeLabel, boardPages, pageLabel, roomText } from './render-rooms.ts';

export { blockChars, slackTime, type Block, type Button, type ModalView, type PlainOption, type SlackMessage } from './render-blocks.ts';
export { HELP_SHOWN } from './render-facilitation.ts';
export { boardPages, PAGE_ROOM_CHARS, PAGE_ROOMS } from './render-rooms.ts';
export { MODAL_CALLBACK, personOptions, renderMoveModal, roomOptions, type ModalState } from './render-move.ts';
export { renderAudioChooser, renderRoomPicker } from './render-pickers.ts';
export { renderAskReply, renderDirect, renderHelpCopy, renderRoomMessage, renderWelcome } from './render-messages.ts';
export {
  IMPORT_BLOCK,
  IMPORT_CALLBACK,
  IMPORT_CONFIRM_BLOCK,
  IMPORT_CONFIRM_INPUT,
  IMPORT_FILE_BLOCK,
  IMPORT_FILE_INPUT,
  IMPORT_INPUT,
  IMPORT_PASTE_MAX,
  renderImportModal,
  renderImportResult,
  type ImportModalState,
} from './render-import.ts';

/** Boards with at most this many people get one room select per attendee on the board itself. */
export const SELECTS_MAX_ATTENDEES = L.actionsElements;
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
