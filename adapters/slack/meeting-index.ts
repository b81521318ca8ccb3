// Which meeting a Slack channel belongs to: the meeting held in it, or the one whose breakout room
// it is (found through the store's room alias, no listing of every meeting), so that a command
// typed in a room's channel (`/breakouts ask I'm stuck`) reaches the meeting the room belongs to.
import { alias, meetingKey, type Place } from '../../src/domain/meeting.ts';
import type { MeetingStore } from '../../src/store/port.ts';

export interface SlackMeetingIndex {
  /** The place of the meeting this channel belongs to; the channel itself when it is no room of one. */
  placeFor(team: string, channelId: string): Promise<Place>;
}

export function slackPlace(team: string, channelId: string): Place {
  return { platform: 'slack', workspaceId: team, channelId, mainRoomId: channelId };
}

export function createMeetingIndex(store: Pick<MeetingStore, 'get' | 'getByAlias'>): SlackMeetingIndex {
  return {
    async placeFor(team, channelId) {
      const here = slackPlace(team, channelId);
      // A meeting held in this channel comes first (a room channel never holds one of its own).
      if (await store.get(meetingKey(here))) return here;
      const owner = await store.getByAlias(alias.room({ platform: 'slack', workspaceId: team }, channelId));
      return owner?.place ?? here;
    },
  };
}
