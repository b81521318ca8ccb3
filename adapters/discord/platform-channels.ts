// The server's channels for a meeting: which server it is in, the category its room voice
// channels go in (made once, then reused), and each room channel's status and user limit,
// written only where Breakouts has the permissions for them.
import { ChannelType, DiscordAPIError, PermissionFlagsBits, type Client, type Guild } from 'discord.js';
import type { Meeting, Room } from '../../src/domain/meeting.ts';
import type { Logger } from '../../src/runtime/logger.ts';
import { StepFailure } from '../../src/delivery/room-platform.ts';
import { isMissingAccess, isRefusal } from './errors.ts';
import { DISCORD_LIMITS } from './limits.ts';
import { fit } from '../../src/domain/text.ts';
import { runsShardOf } from './shards.ts';

/**
 * A room cap as a voice channel's user limit. Discord's limit goes up to 99 (0 = none): a cap
 * above that leaves the channel without one (the engine still places no more than the cap).
 */
export function userLimitFor(cap: number | null | undefined): number {
  return cap === null || cap === undefined || cap > DISCORD_LIMITS.voiceUserLimit ? 0 : cap;
}

export interface ChannelOps {
  guildOf(meeting: Meeting): Guild;
  ensureCategory(guild: Guild, meeting: Meeting): Promise<string>;
  writeStatus(guild: Guild, meeting: Meeting, channelId: string, line: string): Promise<void>;
  writeUserLimit(guild: Guild, meeting: Meeting, room: Room, channelId: string, limit: number): Promise<void>;
}

/** Made once per platform: the category cache and the servers told about statuses are that platform's own. */
export function createChannelOps({ client, logger }: { readonly client: Client; readonly logger: Logger }): ChannelOps {
  const categories = new Map<string, Promise<string>>();
  /** Servers already told (in the log) that the bot may not set voice channel statuses: said once each. */
  const statusRefused = new Set<string>();

  function guildOf(meeting: Meeting): Guild {
    const guildId = meeting.place.workspaceId;
    const guild = client.guilds.cache.get(guildId);
    if (guild) return guild;
    // Another process runs that server's shard (its cache has the server): not given up, released
    // for a retry, which that process's sweeper takes.
    if (!runsShardOf(client, guildId)) throw new Error(`Server ${guildId} is on a Discord shard this process does not run; the process running it delivers this.`);
    throw new StepFailure('Breakouts is no longer in this server.');
  }

  function categoryName(guild: Guild, meeting: Meeting): string {
    const main = guild.channels.cache.get(meeting.place.mainRoomId);
    return fit(`Breakouts · ${main?.name ?? meeting.title}`, DISCORD_LIMITS.channelName);
  }

  /** One category per meeting, even when several rooms are prepared at once. */
  async function ensureCategory(guild: Guild, meeting: Meeting): Promise<string> {
    const known = meeting.resources['category'];
    if (known && guild.channels.cache.has(known)) return known;
    const pending = categories.get(meeting.id);
    if (pending) {
      const id = await pending.catch(() => undefined);
      if (id && guild.channels.cache.has(id)) return id;
      // Deleted since (discord.js drops it from the cache) or failed: the first caller here makes
      // another one, and callers waiting beside it share that.
      if (categories.get(meeting.id) === pending) categories.delete(meeting.id);
      const again = categories.get(meeting.id);
      if (again) return again;
    }
    const name = categoryName(guild, meeting);
    const made = (async () => {
      const existing = guild.channels.cache.find((c) => c.type === ChannelType.GuildCategory && c.name === name);
      if (existing) return existing.id;
      const created = await guild.channels.create({ name, type: ChannelType.GuildCategory });
      return created.id;
    })();
    categories.set(meeting.id, made);
    made.catch(() => {
      if (categories.get(meeting.id) === made) categories.delete(meeting.id);
    });
    return made;
  }

  /**
   * A room voice channel's status ('' clears it). Without Set Voice Channel Status the rooms just
   * show none: said once in the log per server, never a failure anyone must act on.
   */
  async function writeStatus(guild: Guild, meeting: Meeting, channelId: string, line: string): Promise<void> {
    const channel = guild.channels.cache.get(channelId);
    if (!channel) return;
    const me = guild.members.me;
    // Asked of the cache first: no call Discord would refuse (refusals count towards its ban on invalid requests).
    if (me && !channel.permissionsFor(me).has(PermissionFlagsBits.SetVoiceChannelStatus)) {
      if (line) noteStatusRefused(guild.id, meeting.id, { channelId });
      return;
    }
    try {
      // Not among discord.js's routes (Discord's page for it is still a draft: see limits.ts).
      await client.rest.put(`/channels/${channelId}/voice-status`, { body: { status: fit(line, DISCORD_LIMITS.voiceStatus) } });
      statusRefused.delete(guild.id);
    } catch (error) {
      if (isMissingAccess(error)) return noteStatusRefused(guild.id, meeting.id, { channelId, code: error instanceof DiscordAPIError ? error.code : undefined });
      if (isRefusal(error)) {
        logger.info('voice channel status refused', { meetingId: meeting.id, channelId, code: error.code });
        return;
      }
      throw error;
    }
  }

  function noteStatusRefused(guildId: string, meetingId: string, detail: Record<string, unknown>): void {
    if (statusRefused.has(guildId)) return;
    if (statusRefused.size > 10_000) statusRefused.clear();
    statusRefused.add(guildId);
    logger.warn('rooms show no voice channel status: Breakouts lacks Set Voice Channel Status here (grant it to show “⏱ ends … · 🙋 help asked” on each room)', { guildId, meetingId, ...detail });
  }

  /** A room voice channel's user limit, unless it has it already (Discord is not asked for what is so). */
  async function writeUserLimit(guild: Guild, meeting: Meeting, room: Room, channelId: string, limit: number): Promise<void> {
    const channel = guild.channels.cache.get(channelId);
    if (!channel || channel.type !== ChannelType.GuildVoice || channel.userLimit === limit) return;
    try {
      // Only user_limit is sent: a rename or topic would fall under Discord's slow per-channel edit limit.
      await guild.channels.edit(channelId, { userLimit: limit });
    } catch (error) {
      if (isMissingAccess(error)) throw new StepFailure(fit(`Could not set the size limit of ${room.name}: Breakouts needs Manage Channels on it.`, 300), { cause: error });
      if (isRefusal(error)) {
        logger.info('a room user limit was refused', { meetingId: meeting.id, channelId, code: error.code });
        throw new StepFailure(fit(`Could not set the size limit of ${room.name} (Discord refused: ${error.message}).`, 300), { cause: error });
      }
      throw error;
    }
  }

  return { guildOf, ensureCategory, writeStatus, writeUserLimit };
}
