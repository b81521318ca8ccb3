// Finds the meeting a Discord voice channel belongs to: its main voice channel (the meeting
// key) or one of its breakout channels, found through the store's aliases (no listing of every meeting).
import { alias, meetingKey, type Meeting } from '../../src/domain/meeting.ts';
import type { MeetingStore } from '../../src/store/port.ts';

export interface MeetingIndex {
  /** A breakout channel was just made for this meeting (before the board shows it). */
  noteRoom(meetingKey: string, channelId: string): void;
  /** The meeting whose main or breakout voice channel this is. */
  find(guildId: string, channelId: string): Promise<Meeting | undefined>;
  /** The meeting whose board is posted in this text channel. */
  findByBoard(guildId: string, channelId: string): Promise<Meeting | undefined>;
}

export function discordPlace(guildId: string, voiceChannelId: string) {
  return { platform: 'discord', workspaceId: guildId, channelId: voiceChannelId, mainRoomId: voiceChannelId } as const;
}

export function createMeetingIndex(store: MeetingStore): MeetingIndex {
  // Channels made a moment ago, before the step that records them is written.
  const fresh = new Map<string, string>();
  const server = (guildId: string) => ({ platform: 'discord', workspaceId: guildId }) as const;
  return {
    noteRoom(key, channelId) {
      if (fresh.size > 10_000) fresh.clear();
      fresh.set(channelId, key);
    },
    async find(guildId, channelId) {
      const direct = await store.get(meetingKey(discordPlace(guildId, channelId)));
      if (direct) return direct;
      const byAlias = await store.getByAlias(alias.room(server(guildId), channelId));
      if (byAlias) return byAlias;
      const key = fresh.get(channelId);
      const meeting = key ? await store.get(key) : undefined;
      return meeting && meeting.place.workspaceId === guildId ? meeting : undefined;
    },
    findByBoard(guildId, channelId) {
      return store.getByAlias(alias.board(server(guildId), channelId));
    },
  };
}
