// What every interaction listener shares: its dependencies, the read stage (what discord.js cannot
// read is the request's fault, not ours), who is asking, the bot's own permissions on a voice
// channel, and the shared delivery flow that follows the engine's answer.
import { PermissionFlagsBits, type Client } from 'discord.js';
import { z } from 'zod';
import { createDelivery, type Delivery } from '../../../src/delivery/deliver.ts';
import type { Deliverer } from '../../../src/delivery/deliverer.ts';
import type { Actor } from '../../../src/domain/actor.ts';
import type { Outcome } from '../../../src/domain/outcome.ts';
import type { Engine } from '../../../src/engine/engine.ts';
import type { Logger } from '../../../src/runtime/logger.ts';
import type { Clock } from '../../../src/ports.ts';
import { describeDiscordError, missingPermissions, type RunCommand } from '../errors.ts';
import { NOT_UNDERSTOOD } from '../interaction-gate.ts';
import type { MeetingIndex } from '../meeting-index.ts';
import type { BoardPublisher } from '../platform.ts';
import type { DiscordPayload } from '../render.ts';
import { renderText, withFile } from '../render-screens.ts';
import type { Answer, RepliableInteraction } from './answer.ts';

export interface InteractionDeps {
  readonly client: Client;
  readonly engine: Engine;
  readonly deliverer: Deliverer;
  readonly board: BoardPublisher;
  readonly index: MeetingIndex;
  readonly logger: Logger;
  /** Boards shown to one person are drawn at this clock's now (ages, time left). */
  readonly clock: Clock;
}

export interface InteractionContext extends InteractionDeps {
  readonly delivery: Delivery;
  /**
   * After the engine answered: the person's first answer (`first` in place of the reply, such as
   * a board page for status), then the shared delivery: the board, the effects, what went wrong.
   */
  conclude(answer: Answer, outcome: Outcome, first?: DiscordPayload): Promise<void>;
  /** Bad input is logged as a warning (it is not our failure) and answered with the sentence. */
  notUnderstood(i: RepliableInteraction, answer: Answer, error: unknown): Promise<void>;
  /** What the bot lacks on this voice channel to run the command, in one sentence, or undefined. */
  missingFor(i: RepliableInteraction, voiceChannelId: string, command: RunCommand): string | undefined;
}

export const SnowflakeSchema = z.string().regex(/^[0-9]{1,32}$/);
const ActorSchema = z.object({ id: SnowflakeSchema, name: z.string().min(1), canManage: z.boolean() });

/**
 * The read stage. discord.js's accessors throw on payloads that do not fit (an option of type 3
 * read as an integer, a message that is not a message), and that is the request's fault, not
 * ours: a throw here is answered as not understood instead of with the apology.
 */
export function read<T>(reading: () => T): { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: unknown } {
  try {
    return { ok: true, value: reading() };
  } catch (error) {
    return { ok: false, error };
  }
}

/** Who is asking; on Discord, members who may move members may manage a meeting. */
export function actorOf(i: RepliableInteraction): Actor {
  const member = i.member;
  const name = member && 'displayName' in member ? member.displayName : (member?.nick ?? i.user.globalName ?? i.user.username);
  return ActorSchema.parse({ id: i.user.id, name, canManage: i.memberPermissions?.has(PermissionFlagsBits.MoveMembers) ?? false });
}

export function createInteractionContext(deps: InteractionDeps): InteractionContext {
  const { engine, deliverer, logger } = deps;
  const delivery = createDelivery({
    deliverer,
    read: (meetingId) => engine.get({ meetingId }),
    logger,
    platformName: 'Discord',
    describeError: describeDiscordError,
  });

  return {
    ...deps,
    delivery,

    async conclude(answer, outcome, first) {
      if (!outcome.ok) return delivery.deliver(outcome, answer.say);
      // The answer goes out before the board is drawn: drawing a large board holds the event loop
      // for milliseconds, and the person is waiting for the answer, not for the board.
      const payload = first ?? renderText(outcome.reply || 'Done.');
      await answer.show(outcome.file ? withFile(payload, outcome.file) : payload);
      await delivery.deliver(outcome, answer.say, { quiet: true });
    },

    async notUnderstood(i, answer, error) {
      logger.warn('could not read an interaction', { interactionId: i.id, guildId: i.guildId, error });
      await answer.say(NOT_UNDERSTOOD);
    },

    missingFor(i, voiceChannelId, command) {
      const me = i.guild?.members.me;
      const channel = i.guild?.channels.cache.get(voiceChannelId);
      return missingPermissions((me && channel ? channel.permissionsFor(me) : null) ?? i.appPermissions, command);
    },
  };
}
