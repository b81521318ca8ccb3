// Messages outside the board: DMs with their buttons, a help request's copy once handled, notices
// and the welcome (with "Ask for help") in a room's channel, the reply to someone who asked.
import { encodeAction } from '../../src/commands/action-id.ts';
import { ASK_LABEL } from '../../src/domain/facilitation.ts';
import type { DirectMessage, RoomMessage } from '../../src/domain/outcome.ts';
import { escapeMrkdwn, fitMrkdwn, SLACK_LIMITS as L } from './limits.ts';
import { fit } from '../../src/domain/text.ts';
import { mrkdwn, plain, type Button, type SlackMessage } from './render-blocks.ts';

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
