// The Block Kit building blocks every Slack render-*.ts module shares: the block types, text
// objects cut to fit, action ids, the character count Slack's aggregate budget is checked against.
import type { types as SlackTypes } from '@slack/bolt';
import { encodeAction, type Verb } from '../../src/commands/action-id.ts';
import type { Board } from '../../src/board/board.ts';
import { SLACK_LIMITS as L } from './limits.ts';
import { fit } from '../../src/domain/text.ts';

export type Block = SlackTypes.KnownBlock;
export type Button = SlackTypes.Button;
export type PlainOption = SlackTypes.PlainTextOption;
export type ModalView = SlackTypes.ModalView;

export interface SlackMessage {
  readonly text: string;
  readonly blocks?: Block[];
}

export const plain = (text: string, max: number): SlackTypes.PlainTextElement => ({ type: 'plain_text', text: fit(text, max), emoji: true });
export const mrkdwn = (text: string, max: number = L.sectionText): SlackTypes.MrkdwnElement => ({ type: 'mrkdwn', text: fit(text, max) });

export function actionId(board: Pick<Board, 'meetingId' | 'version'>, verb: Verb, args: string[] = []): string {
  return encodeAction({ verb, meetingId: board.meetingId, version: board.version, args });
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
