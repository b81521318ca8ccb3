// The board's facilitation part: the timer, the last broadcast and the help queue (each open
// request with its "I'll go"), which every page of the board carries above its rooms.
import type { Board, BoardHelp } from '../../src/board/board.ts';
import { CLAIM_LABEL, clockTime } from '../../src/domain/facilitation.ts';
import { escapeMrkdwn, fitMrkdwn, joinWithin, SLACK_LIMITS as L } from './limits.ts';
import { fit } from '../../src/domain/text.ts';
import { actionId, mrkdwn, plain, slackTime, type Block, type Button } from './render-blocks.ts';

/** Help requests listed on the board, each its own section (with its "I'll go"); the rest are counted. */
export const HELP_SHOWN = 5;
const HELP_NAME_MAX = 40;
const HELP_NAMES_MAX = 120;
const HELP_NOTE_MAX = 150;
/** The timer and the last broadcast (a broadcast is up to 1,500 characters: the board shows its start). */
const FACILITATION_MAX = 700;
const BROADCAST_SHOWN = 300;

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
export function facilitationBlocks(board: Board): Block[] {
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
