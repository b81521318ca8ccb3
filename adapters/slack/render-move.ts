// The Move modal (a person, then a room: two picks per move) and the room and person choices
// it offers.
import type { Board, BoardAttendee } from '../../src/board/board.ts';
import { escapeMrkdwn, SLACK_LIMITS as L } from './limits.ts';
import { fit } from '../../src/domain/text.ts';
import { actionId, mrkdwn, plain, type Block, type ModalView, type PlainOption } from './render-blocks.ts';

export const MODAL_CALLBACK = 'breakouts-move';

/** Room choices for a move: the main room, then every room (≤ 51 options, within 100). */
export function roomOptions(board: Board): PlainOption[] {
  const options: PlainOption[] = [{ text: plain('Main room', L.optionText), value: 'main' }];
  for (const room of board.rooms) {
    const text = `${room.number}. ${room.name} (${room.attendees.length})${room.phoneAllowed ? ' 📞' : ''}`;
    options.push({ text: plain(text, L.optionText), value: String(room.number) });
  }
  return options.slice(0, L.selectOptions);
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
