// Every interaction discord.js built goes to the listener of its kind: slash commands, or buttons
// and selects; kinds Breakouts registers none of are still answered. The boundary: an unexpected
// failure is logged once, and the person sees a short apology unless they already have an answer.
import type { Interaction } from 'discord.js';
import { NOT_UNDERSTOOD } from '../interaction-gate.ts';
import { createAnswer, EPHEMERAL, type Answer, type RepliableInteraction } from './answer.ts';
import { onComponent } from './components.ts';
import { createInteractionContext, read, type InteractionDeps } from './context.ts';
import { onSlashCommand } from './slash-commands.ts';

export type { InteractionDeps } from './context.ts';

const SORRY = 'Sorry — something went wrong on Breakouts’ side (it is logged). Try again in a moment, or use /breakouts-me status to see where things stand.';

/** What the log says the failed interaction was (its reading may fail too: it is only context). */
function described(i: RepliableInteraction): string {
  const reading = read(() => (i.isChatInputCommand() ? `/${i.commandName} ${i.options.getSubcommand(false) ?? ''}` : i.customId));
  return reading.ok ? reading.value : '(unreadable)';
}

export function createInteractionHandler(deps: InteractionDeps): (interaction: Interaction) => Promise<void> {
  const ctx = createInteractionContext(deps);
  const { logger } = deps;

  /** Kinds Breakouts registers none of (context menus, modals, autocomplete): still answered. */
  async function onOther(i: Interaction): Promise<void> {
    if (i.isAutocomplete()) await i.respond([]);
    else if (i.isRepliable()) await i.reply({ content: NOT_UNDERSTOOD, flags: EPHEMERAL });
  }

  async function apologise(i: RepliableInteraction, answer: Answer, error: unknown): Promise<void> {
    if (answer.given) {
      // The person has their answer; what failed after it (the board, effects) is only logged.
      logger.error('interaction failed after its answer', { interaction: described(i), guildId: i.guildId, error });
      return;
    }
    logger.error('interaction failed', { interaction: described(i), guildId: i.guildId, error });
    try {
      if (i.deferred || i.replied) await i.editReply({ content: SORRY, embeds: [], components: [] });
      else await i.reply({ content: SORRY, flags: EPHEMERAL });
    } catch (again) {
      logger.warn('could not tell the person about the failure', { error: again });
    }
  }

  return async (interaction) => {
    if (!interaction.isChatInputCommand() && !interaction.isMessageComponent()) {
      return onOther(interaction).catch((error: unknown) => logger.warn('could not answer an interaction of a kind Breakouts does not use', { interactionId: interaction.id, type: interaction.type, error }));
    }
    const answer = createAnswer(interaction, logger);
    try {
      if (interaction.isChatInputCommand()) await onSlashCommand(ctx, interaction, answer);
      else await onComponent(ctx, interaction, answer);
    } catch (error) {
      await apologise(interaction, answer, error);
    }
  };
}
