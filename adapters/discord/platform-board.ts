// The board as one message in the meeting's text channel, edited in place (posted again if it was
// deleted), at a pace Discord's per-channel edit limit allows.
import { Routes, type Client } from 'discord.js';
import { z } from 'zod';
import { buildBoard } from '../../src/board/board.ts';
import type { Meeting } from '../../src/domain/meeting.ts';
import type { Engine } from '../../src/engine/engine.ts';
import { SYSTEM_ACTOR } from '../../src/domain/actor.ts';
import type { Logger } from '../../src/runtime/logger.ts';
import { systemClock, type Clock } from '../../src/ports.ts';
import { StepFailure } from '../../src/delivery/room-platform.ts';
import { createKeyedQueue } from '../../src/runtime/keyed-queue.ts';
import { BOARD_PERMISSIONS_MISSING, isApiError, isMissingAccess } from './errors.ts';
import { DISCORD_ERRORS } from './limits.ts';
import type { MeetingIndex } from './meeting-index.ts';
import { renderBoard } from './render.ts';

const MessageIdSchema = z.object({ id: z.string().min(1).max(64) });

export interface BoardPublisher {
  /** Re-render the meeting's board from its latest state; overlapping calls coalesce. */
  update(meetingId: string): Promise<void>;
}

export interface DiscordPlatformDeps {
  readonly client: Client;
  readonly engine: Engine;
  readonly logger: Logger;
  readonly index: MeetingIndex;
  /** The board's ages and times are drawn at this clock's now (tests inject one). */
  readonly clock?: Clock;
}

/**
 * The board message is edited at most once per `paceMs` (default 1000): Discord limits edits per
 * channel, and changes that arrive meanwhile merge into the next edit.
 */
export function createBoardPublisher({ client, engine, logger, index, clock = systemClock, paceMs = 1000 }: DiscordPlatformDeps & { readonly paceMs?: number }): BoardPublisher {
  const queue = createKeyedQueue();

  async function post(meeting: Meeting, channelId: string, body: object): Promise<void> {
    const message = MessageIdSchema.parse(await client.rest.post(Routes.channelMessages(channelId), { body }));
    await engine.execute({ target: { meetingId: meeting.id }, actor: SYSTEM_ACTOR, command: 'remember', input: { resources: { boardMessage: message.id } } });
  }

  async function renderOnce(meetingId: string): Promise<void> {
    const meeting = await engine.get({ meetingId });
    if (!meeting) return;
    const channelId = meeting.resources['boardChannel'];
    if (!channelId) return;
    const body = renderBoard(buildBoard(meeting, undefined, clock.now()));
    const messageId = meeting.resources['boardMessage'];
    if (!messageId) return post(meeting, channelId, body);
    try {
      await client.rest.patch(Routes.channelMessage(channelId, messageId), { body });
    } catch (error) {
      if (!isApiError(error, DISCORD_ERRORS.unknownMessage)) throw error;
      logger.info('board message was deleted; posting a new one', { meetingId });
      await post(meeting, channelId, body);
    }
  }

  return {
    update(meetingId) {
      return queue.runLatest(meetingId, async () => {
        try {
          await renderOnce(meetingId);
        } catch (error) {
          // Here a missing permission can only be the board channel's: say what to grant there.
          if (isMissingAccess(error)) throw new StepFailure(BOARD_PERMISSIONS_MISSING, { cause: error });
          throw error;
        }
      }, paceMs);
    },
  };
}
