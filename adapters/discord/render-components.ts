// The board's buttons: one per action in rows of five, and "I'll go" for open help requests in
// the rows left over. render-screens.ts makes its buttons the same way.
import { ButtonStyle, ComponentType, type APIActionRowComponent, type APIButtonComponent, type APIComponentInMessageActionRow } from 'discord.js';
import { encodeAction, type Verb } from '../../src/commands/action-id.ts';
import type { Board, BoardAction } from '../../src/board/board.ts';
import { CLAIM_LABEL } from '../../src/domain/facilitation.ts';
import { DISCORD_LIMITS as L } from './limits.ts';
import { fit } from '../../src/domain/text.ts';

export type Row = APIActionRowComponent<APIComponentInMessageActionRow>;
export type ActionStyle = ButtonStyle.Primary | ButtonStyle.Secondary | ButtonStyle.Success | ButtonStyle.Danger;
export const STYLES: Readonly<Record<BoardAction['style'], ActionStyle>> = {
  primary: ButtonStyle.Primary,
  danger: ButtonStyle.Danger,
  default: ButtonStyle.Secondary,
};

export function button(meetingId: string, version: number, verb: Verb, label: string, style: ActionStyle, args: string[] = []): APIButtonComponent {
  return { type: ComponentType.Button, custom_id: encodeAction({ verb, meetingId, version, args }), label: fit(label, L.buttonLabel), style };
}

export function rows(buttons: readonly APIButtonComponent[]): Row[] {
  const out: Row[] = [];
  for (let i = 0; i < buttons.length; i += L.buttonsPerRow) out.push({ type: ComponentType.ActionRow, components: buttons.slice(i, i + L.buttonsPerRow) });
  return out;
}

/** The board is seen by a facilitator (the shared board, or a facilitator's own copy): they may take help requests. */
const forFacilitator = (board: Board): boolean => board.actions.some((a) => a.facilitatorOnly);

/**
 * "I'll go" for each open help request, oldest first, in the action rows left over (at most
 * `rowsLeft` rows of 5); the help embed lists the rest, taken with /breakouts claim <room>.
 */
export function claimRows(board: Board, rowsLeft: number): Row[] {
  if (!forFacilitator(board) || rowsLeft <= 0) return [];
  const open = board.help.filter((h) => h.state === 'open').slice(0, rowsLeft * L.buttonsPerRow);
  return rows(open.map((h) => button(board.meetingId, board.version, 'claim', `🙋 ${CLAIM_LABEL}: ${h.roomName}`, ButtonStyle.Success, [h.id])));
}

