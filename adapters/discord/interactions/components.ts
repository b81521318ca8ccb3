// Buttons and selects, on the board, on someone's own copy or in a DM: routed by the action-id
// codec, answered by one of the adapter's screens or by the engine command the action stands for.
// Where the click came from goes with it: the engine decides whether the button may be used there.
import { MessageFlags, type MessageComponentInteraction } from 'discord.js';
import { z } from 'zod';
import { commandForAction, decodeAction } from '../../../src/commands/action-id.ts';
import type { Actor } from '../../../src/domain/actor.ts';
import { FOREIGN_BUTTON, type ClickOrigin, type Target } from '../../../src/engine/engine.ts';
import type { Answer } from './answer.ts';
import { actorOf, read, type InteractionContext } from './context.ts';
import { askAnswer } from '../render-screens.ts';
import { SCREENS } from './screens.ts';


const RoomValueSchema = z.string().regex(/^(main|[1-9][0-9]?)$/);
/** A select sends at most 25 values (Discord's limit), each a string. */
const SelectValuesSchema = z.array(z.string()).max(25);

/** A click or a choice as Breakouts reads it. */
interface ClickRequest {
  readonly customId: unknown;
  readonly actor: Actor;
  readonly origin: ClickOrigin;
  /** Clicked on someone's own (ephemeral) copy of the board or a picker, not the shared board. */
  readonly ephemeral: boolean;
  /** What was picked in a select: a string select's values, or a user select's people. */
  readonly strings: readonly string[];
  readonly users: readonly string[];
}

function readClick(i: MessageComponentInteraction): ClickRequest {
  const ephemeral = i.message.flags.has(MessageFlags.Ephemeral);
  return {
    customId: i.customId,
    actor: actorOf(i),
    origin: { platform: 'discord', ...(i.guildId !== null ? { workspaceId: i.guildId } : {}), channelId: i.channelId, personal: ephemeral },
    ephemeral,
    strings: i.isStringSelectMenu() ? SelectValuesSchema.parse(i.values) : [],
    users: i.isUserSelectMenu() ? SelectValuesSchema.parse(i.values) : [],
  };
}

export async function onComponent(ctx: InteractionContext, i: MessageComponentInteraction, answer: Answer): Promise<void> {
  const reading = read(() => readClick(i));
  if (!reading.ok) return ctx.notUnderstood(i, answer, reading.error);
  const { customId, actor, origin, ephemeral, strings, users } = reading.value;
  const decoded = decodeAction(customId);
  if (!decoded.ok) return answer.say(decoded.message);
  const { ref } = decoded;
  const target: Target = { meetingId: ref.meetingId, origin };
  // What follows on someone's own copy replaces it, so the picker or page turns into its answer.
  if (ephemeral) answer.inPlace();

  // First the adapter's own screens (pages, pickers, confirmations, up-front checks) …
  const screen = SCREENS[ref.verb];
  if (screen) {
    // The engine decides whether this person may use the screen here (and whether the meeting exists).
    const may = await ctx.engine.can({ target, actor, command: screen.asks });
    if (!may.ok) return answer.say(may.message);
    const meeting = await ctx.engine.get(target);
    if (!meeting) return answer.say(FOREIGN_BUTTON);
    const shown = screen.show({ ctx, ref, meeting, actor, answer, users, missingFor: (command) => ctx.missingFor(i, meeting.place.mainRoomId, command) });
    if (shown) {
      await answer.show(shown.payload);
      return shown.then?.();
    }
  }
  // … then the engine command the action stands for, the same mapping every adapter uses.
  const chosen = strings[0];
  if (chosen !== undefined && !RoomValueSchema.safeParse(chosen).success) return answer.say('Pick a room from the list.');
  const mapped = commandForAction(ref, chosen);
  if (!mapped) return answer.say('That button does nothing here. Use the board’s own buttons, or /breakouts status.');
  await answer.defer();
  const outcome = await ctx.engine.execute({ target, actor, command: mapped.command, input: mapped.input, version: ref.version });
  await ctx.conclude(answer, outcome, askAnswer(mapped.command, outcome, actor.id));
}
