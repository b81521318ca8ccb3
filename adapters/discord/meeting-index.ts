// Finds the meeting a Discord voice channel belongs to: its main voice channel (the meeting
// key) or one of its breakout channels (remembered from the meetings the adapter has seen).
import { meetingKey, type Meeting } from '../../src/domain/meeting.ts';
import type { MeetingStore } from '../../src/store/port.ts';

export interface MeetingIndex {
  /** Remember the meeting's channels (call with every meeting the adapter sees). */
  note(meeting: Meeting): void;
  /** A breakout channel was just made for this meeting (before the board shows it). */
  noteRoom(meetingKey: string, channelId: string): void;
  /** The meeting whose main or breakout voice channel this is. */
  find(guildId: string, channelId: string): Promise<Meeting | undefined>;
  /** The meeting whose board is posted in this text channel. */
  findByBoard(guildId: string, channelId: string): Promise<Meeting | undefined>;
  load(): Promise<void>;
}

export function discordPlace(guildId: string, voiceChannelId: string) {
  return { platform: 'discord', workspaceId: guildId, channelId: voiceChannelId, mainRoomId: voiceChannelId } as const;
}

export function createMeetingIndex(store: MeetingStore): MeetingIndex {
  const byChannel = new Map<string, string>();
  const byBoard = new Map<string, string>();
  const index: MeetingIndex = {
    note(meeting) {
      if (meeting.place.platform !== 'discord') return;
      for (const room of meeting.rooms) if (room.resourceId) byChannel.set(room.resourceId, meeting.key);
      const board = meeting.resources['boardChannel'];
      if (board) byBoard.set(`${meeting.place.workspaceId}:${board}`, meeting.key);
    },
    noteRoom(key, channelId) {
      byChannel.set(channelId, key);
    },
    async find(guildId, channelId) {
      const direct = await store.get(meetingKey(discordPlace(guildId, channelId)));
      if (direct) return direct;
      const key = byChannel.get(channelId);
      const meeting = key ? await store.get(key) : undefined;
      return meeting && meeting.place.workspaceId === guildId && meeting.rooms.some((r) => r.resourceId === channelId) ? meeting : undefined;
    },
    async findByBoard(guildId, channelId) {
      const key = byBoard.get(`${guildId}:${channelId}`);
      const meeting = key ? await store.get(key) : undefined;
      return meeting?.resources['boardChannel'] === channelId ? meeting : undefined;
    },
    async load() {
      for (const meeting of await store.list()) index.note(meeting);
    },
  };
  return index;
}
