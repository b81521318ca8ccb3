// How one interaction answers its person: the first answer edits the deferred reply (or answers
// the click at once), every later sentence follows up ephemerally, in the order they were said.
import { AttachmentBuilder, MessageFlags, type ChatInputCommandInteraction, type MessageComponentInteraction } from 'discord.js';
import type { Logger } from '../../../src/runtime/logger.ts';
import type { DiscordReply } from '../render.ts';
import { renderText } from '../render-screens.ts';

export const EPHEMERAL = MessageFlags.Ephemeral;

/** The interactions Breakouts answers. */
export type RepliableInteraction = ChatInputCommandInteraction | MessageComponentInteraction;

export interface Answer {
  /** Acknowledge now (Discord's 3-second deadline), answer later. */
  defer(): Promise<void>;
  /** From now on the first answer replaces the message clicked: someone's own copy, a picker. */
  inPlace(): void;
  show(payload: DiscordReply): Promise<void>;
  say(text: string): Promise<void>;
  /** The person has their first answer: a later failure must not replace it with an apology. */
  readonly given: boolean;
}

export function messageOf(p: DiscordReply) {
  const files = (p.files ?? []).map((f) => new AttachmentBuilder(Buffer.from(f.content, 'utf8'), { name: f.name }));
  return { content: p.content ?? '', embeds: p.embeds, components: p.components, ...(files.length > 0 ? { files } : {}) };
}

export function createAnswer(i: RepliableInteraction, logger: Logger): Answer {
  let replace = false;
  let claimed = false;
  let given = false;
  // Follow-ups wait for the first answer: Discord shows them in the order they arrive.
  let queue: Promise<void> = Promise.resolve();

  async function first(p: DiscordReply): Promise<void> {
    if (i.deferred) await i.editReply(messageOf(p));
    else if (replace && i.isMessageComponent()) await i.update(messageOf(p));
    else await i.reply({ ...messageOf(p), flags: EPHEMERAL });
    given = true;
  }

  async function later(p: DiscordReply): Promise<void> {
    try {
      await i.followUp({ ...messageOf(p), flags: EPHEMERAL });
    } catch (error) {
      // The person already has their answer; a sentence that could not follow is only logged.
      logger.warn('could not follow up on an interaction', { interactionId: i.id, error });
    }
  }

  const answer: Answer = {
    async defer() {
      if (replace && i.isMessageComponent()) await i.deferUpdate();
      else await i.deferReply({ flags: EPHEMERAL });
    },
    inPlace() {
      replace = true;
    },
    show(p) {
      const send = claimed ? later : first;
      claimed = true;
      const sent = queue.then(() => send(p));
      queue = sent.catch(() => undefined);
      return sent;
    },
    say(text) {
      return answer.show(renderText(text));
    },
    get given() {
      return given;
    },
  };
  return answer;
}
