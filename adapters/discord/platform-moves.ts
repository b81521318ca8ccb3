// Moving members between voice channels: only those connected to voice can be moved, and the
// ones who could not be are answered so the engine can DM them instead.
import { DiscordAPIError, type Guild } from 'discord.js';
import type { Logger } from '../../src/runtime/logger.ts';
import { isRefusal } from './errors.ts';

/** Move people who are connected to voice; answers with those who could not be moved. */
export async function moveAll(logger: Logger, guild: Guild, ids: readonly string[], channelId: string, meetingId: string): Promise<string[]> {
  const unreachable: string[] = [];
  const results = await Promise.allSettled(
    ids.map(async (id) => {
      const voice = guild.voiceStates.cache.get(id);
      if (voice?.channelId === channelId) return;
      if (!voice?.channelId) {
        unreachable.push(id);
        return;
      }
      try {
        await guild.members.edit(id, { channel: channelId });
      } catch (error) {
        if (!isRefusal(error)) throw error;
        logger.info('could not move a member', { meetingId, member: id, code: error instanceof DiscordAPIError ? error.code : undefined });
        unreachable.push(id);
      }
    }),
  );
  const crash = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (crash) throw crash.reason;
  return unreachable;
}
