// The viewer's own pickers, answered to whoever clicked: "My audio" and, in choose mode,
// "Choose your room".
import type { Board } from '../../src/board/board.ts';
import { AUDIO_ICONS, AUDIO_KINDS, AUDIO_LABELS, type Audio } from '../../src/domain/meeting.ts';
import { SLACK_LIMITS as L } from './limits.ts';
import { plural } from '../../src/domain/text.ts';
import { actionId, mrkdwn, plain, type Block, type Button, type SlackMessage } from './render-blocks.ts';

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
