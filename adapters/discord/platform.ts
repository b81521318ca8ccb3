// The RoomPlatform port on Discord: rooms are voice channels in a category (made once, then
// reused), opening a room moves its members who are in voice, closing moves them back, DMs
// go through one DM channel per person, and the board is one message edited in place. While
// rooms are open: notices go to each room voice channel's own chat, each room's state shows as
// its voice channel status, a visiting facilitator is moved in voice, and every facilitator's
// DM copy of a help request is edited once someone took it. The end of a round posts its digest
// beside the board, and a room cap is each room voice channel's user limit.
// The port's methods are here; the board, the channels, member moves and room posts are in platform-*.ts.
import { ChannelType, Routes } from 'discord.js';
import { z } from 'zod';
import type { Attendee, Room } from '../../src/domain/meeting.ts';
import type { DirectMessage } from '../../src/domain/outcome.ts';
import { StepFailure, type RoomPlatform } from '../../src/delivery/room-platform.ts';
import { isApiError, isMissingAccess, isRefusal } from './errors.ts';
import { DISCORD_ERRORS, DISCORD_LIMITS } from './limits.ts';
import { fit } from '../../src/domain/text.ts';
import { renderDirect, renderHelpCopy, renderMainPosts, renderRoomMessage, renderWelcome } from './render-screens.ts';
import type { BoardPublisher, DiscordPlatformDeps } from './platform-board.ts';
import { createChannelOps, userLimitFor } from './platform-channels.ts';
import { moveAll } from './platform-moves.ts';
import { NO_PINGS, postInRoom } from './platform-posts.ts';

export { createBoardPublisher, type BoardPublisher, type DiscordPlatformDeps } from './platform-board.ts';
export { userLimitFor } from './platform-channels.ts';

/** A help copy's reference, as sendDirect made it: "<DM channel id>:<message id>". */
const CopyRefSchema = z.string().regex(/^([0-9]{1,32}):([0-9]{1,32})$/);

export function createDiscordPlatform(deps: DiscordPlatformDeps & { readonly board: BoardPublisher }): RoomPlatform {
  const { client, logger, board } = deps;
  const { guildOf, ensureCategory, writeStatus, writeUserLimit } = createChannelOps({ client, logger });

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
      return { unreachable: await moveAll(logger, guild, members.map((m) => m.id), channelId, meeting.id) };
    },

    async welcomeRoom(meeting, room, members) {
      // The move itself brings people in; the welcome in the room's chat carries "Ask for help".
      const welcome = renderWelcome(meeting, room, members);
      await postInRoom(client, meeting, room, { content: welcome.content, components: welcome.components }, 'the welcome');
    },

    async postToRoom(meeting, room, message) {
      await postInRoom(client, meeting, room, { content: renderRoomMessage(message).content }, 'a notice');
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
      await moveAll(logger, guild, inRoom, meeting.place.mainRoomId, meeting.id);
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
      await moveAll(logger, guild, [attendee.id], target, meeting.id);
    },
  };
}
