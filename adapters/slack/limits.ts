// Every Block Kit and Web API limit the Slack adapter relies on, in one table
// (each with its source in docs/platform-limits.md), plus the one truncation helper for display text.

export const SLACK_LIMITS = {
  messageBlocks: 50,
  modalBlocks: 100,
  sectionText: 3000,
  headerText: 150,
  contextElements: 10,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2000,
  actionId: 255,
  blockId: 255,
  selectOptions: 100,
  optionGroups: 100,
  optionText: 75,
  /** Docs say 150 now; @slack/types and older docs say 75. Keep to 75. */
  optionValue: 75,
  placeholder: 150,
  confirmTitle: 100,
  confirmText: 300,
  confirmButton: 30,
  modalTitle: 24,
  modalButton: 24,
  callbackId: 255,
  privateMetadata: 3000,
  /** An input block's label. */
  inputLabel: 2000,
  /** A plain_text_input's max_length can be set to at most this (the layout paste box). */
  textInput: 3000,
  /** The server truncates message text beyond this. */
  messageText: 40_000,
  /** Undocumented: Slack answered msg_blocks_too_long near 13k chars of block text. Stay under. */
  messageBlockChars: 12_000,
  channelName: 80,
  /** conversations.setTopic answers too_long past this. */
  topic: 250,
  /** conversations.invite `users` per call (older references say 100; current docs 1000). */
  inviteUsers: 1000,
  /** conversations.members / conversations.list page size. */
  pageSize: 1000,
} as const;


/** Escape the three characters Slack's mrkdwn treats as markup in user-provided text. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Escape user text for mrkdwn and cut it to `max` characters of the escaped form (escaping can
 * make it four times longer), never leaving half an entity at the cut.
 */
export function fitMrkdwn(text: string, max: number): string {
  const escaped = escapeMrkdwn(text);
  if (escaped.length <= max) return escaped;
  return `${escaped.slice(0, Math.max(0, max - 1)).replace(/&[a-z]*$/, '')}…`;
}

/**
 * Join items with a separator until `max` characters, ending with "… and N more" when some do
 * not fit; the count is never truncated.
 */
export function joinWithin(items: readonly string[], separator: string, max: number): string {
  // Reserve room for the longest possible tail, so adding it never overshoots `max`.
  const reserve = separator.length + `… and ${items.length} more`.length;
  let out = '';
  for (let i = 0; i < items.length; i++) {
    const piece = (i === 0 ? '' : separator) + items[i];
    const last = i === items.length - 1;
    if (out.length + piece.length + (last ? 0 : reserve) > max) return `${out}${i === 0 ? '' : separator}… and ${items.length - i} more`;
    out += piece;
  }
  return out;
}
