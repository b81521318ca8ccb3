// The one pure renderer from the neutral Board to Discord message payloads (screens.ts renders the rest):
// embeds + components within DISCORD_LIMITS. Large boards are split into pages; every id is
// made by encodeAction, every display text is cut to fit, counts never are.
// This module is the board message and its pages, and the one entry point: the parts are in render-*.ts.
import { ButtonStyle, ComponentType, type APIButtonComponent, type APIEmbed } from 'discord.js';
import { encodeAction } from '../../src/commands/action-id.ts';
import type { Board } from '../../src/board/board.ts';
import type { OutcomeFile } from '../../src/domain/outcome.ts';
import { DISCORD_LIMITS as L } from './limits.ts';
import { button, claimRows, rows, STYLES, type Row } from './render-components.ts';
import { headerEmbed, helpEmbed } from './render-header.ts';
import { boardPages, fieldEmbeds, type Field } from './render-rooms.ts';

export { button, rows, STYLES, type Row } from './render-components.ts';
export { embedChars, helpEmbed } from './render-header.ts';
export { boardPages } from './render-rooms.ts';

export interface DiscordPayload {
  readonly content?: string;
  readonly embeds: APIEmbed[];
  readonly components: Row[];
}

/** An answer to the person who acted, which may carry a file (the `export` CSV). */
export interface DiscordReply extends DiscordPayload {
  readonly files?: readonly OutcomeFile[];
}

/** The header, the help queue (page 1), and the page's fields. */
function pageEmbeds(board: Board, pages: readonly Field[][], page: number): APIEmbed[] {
  const help = page === 1 ? helpEmbed(board) : undefined;
  return [headerEmbed(board, page, pages.length), ...(help ? [help] : []), ...fieldEmbeds(pages[page - 1] ?? [])];
}

/** The shared board message: page 1, the actions, "I'll go" for open help requests, and the move select. */
export function renderBoard(board: Board): DiscordPayload {
  const pages = boardPages(board);
  const embeds = pageEmbeds(board, pages, 1);
  const buttons = board.actions
    .filter((a) => a.verb !== 'move-open')
    .map((a) => button(board.meetingId, board.version, a.verb, a.label, STYLES[a.style]));
  if (pages.length > 1) buttons.push(button(board.meetingId, board.version, 'page', `More (page 2 of ${pages.length}) ›`, ButtonStyle.Secondary, ['2']));
  const components = rows(buttons);
  const select = board.actions.some((a) => a.verb === 'move-open');
  components.push(...claimRows(board, L.actionRows - components.length - (select ? 1 : 0)));
  if (select) {
    components.push({
      type: ComponentType.ActionRow,
      components: [
        {
          type: ComponentType.UserSelect,
          custom_id: encodeAction({ verb: 'move-open', meetingId: board.meetingId, version: board.version, args: [] }),
          placeholder: 'Move someone: pick a person, then a room…',
          min_values: 1,
          max_values: 1,
        },
      ],
    });
  }
  return { embeds, components: components.slice(0, L.actionRows) };
}

/** Another page of a large board, for one person (ephemeral), with previous/next buttons. */
export function renderBoardPage(board: Board, requested: number): DiscordPayload {
  const pages = boardPages(board);
  const page = Math.min(Math.max(1, requested), pages.length);
  const nav: APIButtonComponent[] = [];
  if (page > 1) nav.push(button(board.meetingId, board.version, 'page', '‹ Previous', ButtonStyle.Secondary, [String(page - 1)]));
  if (page < pages.length) nav.push(button(board.meetingId, board.version, 'page', 'Next ›', ButtonStyle.Secondary, [String(page + 1)]));
  const components = rows(nav);
  if (page === 1) components.push(...claimRows(board, L.actionRows - components.length));
  return { embeds: pageEmbeds(board, pages, page), components };
}
