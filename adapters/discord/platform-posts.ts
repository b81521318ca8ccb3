// Posts in a room voice channel's own chat (the welcome, notices): never a ping, and a refusal
// there is a failure noted on the board with what to grant, not retried.
import { Routes, type Client } from 'discord.js';
import type { Meeting, Room } from '../../src/domain/meeting.ts';
import { StepFailure } from '../../src/delivery/room-platform.ts';
import { isMissingAccess, isRefusal } from './errors.ts';
import { fit } from '../../src/domain/text.ts';

/** Posts in a room's chat name people but never ping them (a ping per notice in every room would be noise). */
export const NO_PINGS = { parse: [] } as const;

/** A message in a room voice channel's own chat; a refusal (no Send Messages there, channel gone) is noted, not retried. */
export async function postInRoom(client: Client, meeting: Meeting, room: Room, body: object, what: string): Promise<void> {
  if (!room.resourceId) return;
  try {
    await client.rest.post(Routes.channelMessages(room.resourceId), { body: { ...body, allowed_mentions: NO_PINGS } });
  } catch (error) {
    if (isMissingAccess(error)) throw new StepFailure(fit(`Could not post ${what} in ${room.name}: Breakouts needs Send Messages in its voice channel’s chat.`, 300), { cause: error });
    if (isRefusal(error)) throw new StepFailure(fit(`Could not post ${what} in ${room.name}: ${error.message}.`, 300), { cause: error });
    throw error;
  }
}
