// The RoomPlatform port on Discord: rooms are voice channels in a category (made once, then
// reused), opening a room moves its members who are in voice, closing moves them back, DMs
// go through one DM channel per person, and the board is one message edited in place. While
// rooms are open: notices go to each room voice channel's own chat, each room's state shows as
// its voice channel status, a visiting facilitator is moved in voice, and every facilitator's
// DM copy of a help request is edited once someone took it. The end of a round posts its digest
// beside the board, and a room cap is each room voice channel's user limit.
import { ChannelType, DiscordAPIError, PermissionFlagsBits, Routes, type Client, type Guild } from 'discord.js';
import { z } from 'zod';
import { buildBoard } from '../../src/board/board.ts';
import type { Attendee, Meeting, Room } from '../../src/domain/meeting.ts';
import type { DirectMessage } from '../../src/domain/outcome.ts';
import type { Engine } from '../../src/engine/engine.ts';
import { SYSTEM_ACTOR } from '../../src/domain/actor.ts';
import type { Logger } from '../../src/runtime/logger.ts';
import { systemClock, type Clock } from '../../src/ports.ts';
import { StepFailure, type RoomPlatform } from '../../src/delivery/room-platform.ts';
import { createKeyedQueue } from '../../src/runtime/keyed-queue.ts';
import { BOARD_PERMISSIONS_MISSING, isApiError, isMissingAccess, isRefusal } from './errors.ts';
import { DISCORD_ERRORS, DISCORD_LIMITS } from './limits.ts';
import { fit } from '../../src/domain/text.ts';
import type { MeetingIndex } from './meeting-index.ts';
import { renderBoard } from './render.ts';
import { renderDirect, renderHelpCopy, renderMainPosts, renderRoomMessage, renderWelcome } from './render-screens.ts';
import { runsShardOf } from './shards.ts';

const MessageIdSchema = z.object({ id: z.string().min(1).max(64) });
/** A help copy's reference, as sendDirect made it: "<DM channel id>:<message id>". */
const CopyRefSchema = z.string().regex(/^([0-9]{1,32}):([0-9]{1,32})$/);
/** Posts in a room's chat name people but never ping them (a ping per notice in every room would be noise). */
const NO_PINGS = { parse: [] } as const;

/**
 * A room cap as a voice channel's user limit. Discord's limit goes up to 99 (0 = none): a cap
 * above that leaves the channel without one (the engine still places no more than the cap).
 */
export function userLimitFor(cap: number | null | undefined): number {
  return cap === null || cap === undefined || cap > DISCORD_LIMITS.voiceUserLimit ? 0 : cap;
}

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

export function createDiscordPlatform(deps: DiscordPlatformDeps & { readonly board: BoardPublisher }): RoomPlatform {
  const { client, logger, board } = deps;
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

  /** Move people who are connected to voice; answers with those who could not be moved. */
  async function moveAll(guild: Guild, ids: readonly string[], channelId: string, meetingId: string): Promise<string[]> {
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

  /** A message in a room voice channel's own chat; a refusal (no Send Messages there, channel gone) is noted, not retried. */
  async function postInRoom(meeting: Meeting, room: Room, body: object, what: string): Promise<void> {
    if (!room.resourceId) return;
    try {
      await client.rest.post(Routes.channelMessages(room.resourceId), { body: { ...body, allowed_mentions: NO_PINGS } });
    } catch (error) {
      if (isMissingAccess(error)) throw new StepFailure(fit(`Could not post ${what} in ${room.name}: Breakouts needs Send Messages in its voice channel’s chat.`, 300), { cause: error });
      if (isRefusal(error)) throw new StepFailure(fit(`Could not post ${what} in ${room.name}: ${error.message}.`, 300), { cause: error });
      throw error;
    }
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

  return {
    async prepareRoom(meeting, room) {
      const guild = guildOf(meeting);
      const category = await ensureCategory(guild, meeting);
      const name = fit(room.name, DISCORD_LIMITS.channelName);
      const limit = userLimitFor(meeting.settings.roomCap);
      const reuse = guild.channels.cache.find((c) => c.type === ChannelType.GuildVoice && c.parentId === category && c.name === name);
      if (reuse) {
        deps.index.noteRoom(meeting.key, reuse.id);
        // A channel made in an earlier round keeps the limit it had then: the cap now is what counts.
        // The room is still usable without it (the engine places no more than the cap), so a refusal is only logged.
        await writeUserLimit(guild, meeting, room, reuse.id, limit).catch((error: unknown) => {
          if (!(error instanceof StepFailure)) throw error;
          logger.warn('a reused room kept its old user limit', { meetingId: meeting.id, channelId: reuse.id, reason: error.message });
        });
        return { resourceId: reuse.id, resources: { category } };
      }
      try {
        const created = await guild.channels.create({ name, type: ChannelType.GuildVoice, parent: category, ...(limit > 0 ? { userLimit: limit } : {}) });
        deps.index.noteRoom(meeting.key, created.id);
        return { resourceId: created.id, resources: { category } };
      } catch (error) {
        if (isApiError(error, DISCORD_ERRORS.missingPermissions)) throw new StepFailure(`Could not create ${room.name}: Breakouts needs Manage Channels.`);
        // Another refusal (say, the server's 500-channel limit): noted on the board, not a crash.
        if (isRefusal(error)) throw new StepFailure(fit(`Could not create ${room.name}: ${error instanceof Error ? error.message : 'Discord refused'}.`, 300));
        throw error;
      }
    },

    async openRoom(meeting, room, members) {
      const guild = guildOf(meeting);
      const channelId = room.resourceId;
      if (!channelId || !guild.channels.cache.has(channelId)) throw new StepFailure(`The voice channel of ${room.name} is gone; apply again to recreate it.`);
      // Who was not reached gets a DM; the engine sends phone attendees only their dial-in one.
      return { unreachable: await moveAll(guild, members.map((m) => m.id), channelId, meeting.id) };
    },

    async welcomeRoom(meeting, room, members) {
      // The move itself brings people in; the welcome in the room's chat carries "Ask for help".
      const welcome = renderWelcome(meeting, room, members);
      await postInRoom(meeting, room, { content: welcome.content, components: welcome.components }, 'the welcome');
    },

    async postToRoom(meeting, room, message) {
      await postInRoom(meeting, room, { content: renderRoomMessage(message).content }, 'a notice');
    },

    async setRoomStatus(meeting, room, line) {
      if (!room.resourceId) return;
      await writeStatus(guildOf(meeting), meeting, room.resourceId, line);
    },

    async visit(meeting, person, room) {
      const guild = guildOf(meeting);
      const target = room ? room.resourceId : meeting.place.mainRoomId;
      if (!target) return;
      const voice = guild.voiceStates.cache.get(person);
      // Not in voice: nothing to move (Discord would answer 40032); they find the room on the board.
      if (!voice?.channelId || voice.channelId === target) return;
      try {
        await guild.members.edit(person, { channel: target });
      } catch (error) {
        if (!isRefusal(error)) throw error;
        const where = room?.name ?? 'the main room';
        logger.info('could not move a visiting facilitator', { meetingId: meeting.id, member: person, code: error.code });
        throw new StepFailure(isMissingAccess(error) ? `Could not move you into ${where}: Breakouts needs Move Members and Connect there.` : `Could not move you into ${where} (Discord refused: ${fit(error.message, 120)}). Join its voice channel yourself.`, { cause: error });
      }
    },

    async updateHelpCopy(meeting, copy, text) {
      const ref = CopyRefSchema.safeParse(copy.ref);
      if (!ref.success) {
        logger.warn('a help copy with an unreadable reference was not updated', { meetingId: meeting.id, to: copy.to });
        return;
      }
      const [channelId, messageId] = ref.data.split(':') as [string, string];
      try {
        await client.rest.patch(Routes.channelMessage(channelId, messageId), { body: { content: renderHelpCopy(text).content, components: [] } });
      } catch (error) {
        // One facilitator's copy (deleted, DMs closed since): the others are still updated.
        if (!isRefusal(error)) throw error;
        logger.info('a help copy could not be updated', { meetingId: meeting.id, to: copy.to, code: error.code });
      }
    },

    async closeRoom(meeting, room) {
      const guild = guildOf(meeting);
      if (!room.resourceId) return;
      const inRoom = guild.voiceStates.cache.filter((v) => v.channelId === room.resourceId).map((v) => v.id);
      // Visitors too: everyone in the channel goes back. (The engine clears the room's status once it is closed.)
      await moveAll(guild, inRoom, meeting.place.mainRoomId, meeting.id);
    },

    async sendDirect(meeting, to, message: DirectMessage) {
      try {
        const dm = await client.users.createDM(to);
        const sent = await dm.send(renderDirect(message, meeting.version));
        // Every facilitator's copy of a help request is edited later ("Bo is on it"): its reference.
        return message.kind === 'help-request' ? { ref: `${dm.id}:${sent.id}` } : undefined;
      } catch (error) {
        const name = fit(meeting.attendees.find((a) => a.id === to)?.name ?? 'Someone', 60);
        if (isApiError(error, DISCORD_ERRORS.cannotDm)) {
          throw new StepFailure(`${name} could not be sent a direct message (their DMs are closed): tell them their room yourself.`);
        }
        if (isRefusal(error)) throw new StepFailure(`${name} could not be sent a direct message (Discord refused it): tell them their room yourself.`);
        throw error;
      }
    },

    async updateBoard(meeting) {
      await board.update(meeting.id);
    },

    async postToMain(meeting, text) {
      // Beside the board, in the text channel where the meeting's commands are typed.
      const channelId = meeting.resources['boardChannel'];
      if (!channelId) {
        logger.info('no text channel to post in yet', { meetingId: meeting.id });
        return;
      }
      try {
        for (const post of renderMainPosts(text)) {
          await client.rest.post(Routes.channelMessages(channelId), { body: { content: post.content, allowed_mentions: NO_PINGS } });
        }
      } catch (error) {
        if (isMissingAccess(error)) throw new StepFailure('Could not post the round’s digest: Breakouts needs Send Messages in the board’s channel.', { cause: error });
        if (isRefusal(error)) throw new StepFailure(fit(`Could not post the round’s digest: ${error.message}.`, 300), { cause: error });
        throw error;
      }
    },

    async setRoomCap(meeting, room, cap) {
      if (!room.resourceId) return;
      await writeUserLimit(guildOf(meeting), meeting, room, room.resourceId, userLimitFor(cap));
    },

    async moveLive(meeting, attendee: Attendee, _from: Room | null, to: Room | null) {
      const guild = guildOf(meeting);
      const target = to?.resourceId ?? meeting.place.mainRoomId;
      await moveAll(guild, [attendee.id], target, meeting.id);
    },
  };
}
