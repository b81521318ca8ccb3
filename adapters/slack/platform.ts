// The RoomPlatform port on the Slack Web API: rooms are private channels, the board is one
// message kept up to date with chat.update, DMs go to the user id. One call per room and per DM,
// each with the token of the meeting's workspace. Live facilitation: notices are posts in the room
// channel, a room's state at a glance is its topic, a visit is an invite into the room channel, and
// a help request's copies are DMs updated in place ("channel:ts"). A round's digest is a post in the
// meeting channel; a room cap needs nothing here (channels have no member limit).
import type { webApi } from '@slack/bolt';
import { z } from 'zod';
import { SYSTEM_ACTOR, type Engine } from '../../src/engine/engine.ts';
import { buildBoard } from '../../src/board/board.ts';
import type { Attendee, Meeting, Room } from '../../src/domain/meeting.ts';
import { fit } from '../../src/domain/text.ts';
import { createKeyedQueue } from '../../src/runtime/keyed-queue.ts';
import type { Logger } from '../../src/runtime/logger.ts';
import { systemClock, type Clock } from '../../src/ports.ts';
import { StepFailure, type RoomPlatform } from '../../src/delivery/room-platform.ts';
import { slackErrorCode } from './errors.ts';
import { fitMrkdwn, SLACK_LIMITS as L } from './limits.ts';
import { renderBoard, renderDirect, renderHelpCopy, renderRoomMessage, renderWelcome, type Block, type SlackMessage } from './render.ts';
import { closingText, movedText, welcomeText } from './room-texts.ts';
import type { Workspaces } from './workspaces.ts';

type WebClient = webApi.WebClient;

export type SlackPlatform = RoomPlatform;

/** Channel errors that mean "this room's channel cannot be used", recorded on the board. */
const CHANNEL_GONE = new Set(['channel_not_found', 'is_archived', 'not_in_channel', 'restricted_action']);
/** Board message errors that mean "post a new board". */
const BOARD_GONE = new Set(['message_not_found', 'cant_update_message', 'channel_not_found', 'is_archived']);

const ChannelResult = z.object({ channel: z.object({ id: z.string() }) });
const PostResult = z.object({ ts: z.string(), channel: z.string() });
const ListResult = z.object({
  channels: z.array(z.object({ id: z.string(), name: z.string(), is_archived: z.boolean().optional() })).default([]),
  response_metadata: z.object({ next_cursor: z.string().optional() }).optional(),
});
const InviteResult = z.object({ errors: z.array(z.object({ user: z.string().optional(), error: z.string().optional() })).optional() });
/** A DM's reference, to update it later: "<channel>:<ts>" (a ts has no colon). */
const DIRECT_REF = /^([A-Z0-9]{1,32}):([0-9]{1,12}\.[0-9]{1,8})$/;

/**
 * A topic Slack would not set: the scope is missing (an app installed before it was asked for), or
 * the bot is not in the channel any more. Said once per meeting in the log; the rooms still work.
 */
const TOPIC_REFUSED = new Set(['missing_scope', 'not_in_channel', 'channel_not_found', 'is_archived', 'restricted_action', 'user_is_restricted', 'method_not_supported_for_channel_type', 'too_long']);

/** A valid private-channel name for a room: lowercase, [a-z0-9-_], ≤ 80, unique per meeting and room. */
export function channelName(meeting: Pick<Meeting, 'id'>, room: Pick<Room, 'number' | 'name'>, attempt = 0): string {
  const slug = room.name
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/^-+|-+$/g, '');
  const suffix = attempt > 0 ? `-${attempt + 1}` : '';
  const base = `bk-${meeting.id}-${room.number}${slug ? `-${slug}` : ''}`;
  return `${base.slice(0, L.channelName - suffix.length).replace(/-+$/, '')}${suffix}`;
}

export interface SlackPlatformOptions {
  /**
   * Each workspace's clients: its board client has its own request queue, so a board update does
   * not wait behind a burst of invites and DMs.
   */
  readonly workspaces: Workspaces;
  readonly engine: Engine;
  readonly logger: Logger;
  /**
   * At most one board update per this many ms per board: chat.update is Tier 3 (about 50 a
   * minute per workspace), and changes that arrive meanwhile merge into the next update. Default 1000.
   */
  readonly boardPaceMs?: number;
  /** The board's "in 12 min" and help requests' ages are read on this clock (tests move it). Default: the system's. */
  readonly clock?: Clock;
}

export function createSlackPlatform(options: SlackPlatformOptions): SlackPlatform {
  const { workspaces, engine, logger } = options;
  const clock = options.clock ?? systemClock;
  const clientOf = async (meeting: Pick<Meeting, 'place'>): Promise<WebClient> => (await workspaces.get(meeting.place.workspaceId)).client;

  async function findOwnChannel(client: WebClient, name: string): Promise<string | undefined> {
    // Private channels the bot can list are the ones it belongs to: a match is one we made.
    let cursor: string | undefined;
    for (let page = 0; page < 20; page++) {
      const raw = await client.conversations.list({ types: 'private_channel', exclude_archived: true, limit: L.pageSize, ...(cursor ? { cursor } : {}) });
      const result = ListResult.parse(raw);
      const hit = result.channels.find((c) => c.name === name && !c.is_archived);
      if (hit) return hit.id;
      cursor = result.response_metadata?.next_cursor || undefined;
      if (!cursor) return undefined;
    }
    return undefined;
  }

  async function post(client: WebClient, channel: string, text: string, blocks?: Block[]): Promise<{ channel: string; ts: string } | undefined> {
    const raw = await client.chat.postMessage({ channel, text, ...(blocks ? { blocks } : {}) });
    const posted = PostResult.safeParse(raw);
    return posted.success ? posted.data : undefined;
  }

  /** Post in a room channel; a channel that cannot be used is a recorded step failure. */
  async function postInRoom(meeting: Meeting, room: Room, message: SlackMessage): Promise<void> {
    if (!room.resourceId) return;
    try {
      await post(await clientOf(meeting), room.resourceId, message.text, message.blocks);
    } catch (error) {
      const code = slackErrorCode(error);
      if (code && CHANNEL_GONE.has(code)) throw new StepFailure(`${room.name}: Slack said ${code}.`);
      throw error;
    }
  }

  async function invite(client: WebClient, channel: string, ids: readonly string[]): Promise<string[]> {
    const unreachable: string[] = [];
    for (let i = 0; i < ids.length; i += L.inviteUsers) {
      const chunk = ids.slice(i, i + L.inviteUsers);
      try {
        const raw = await client.conversations.invite({ channel, users: chunk.join(','), force: true });
        for (const e of InviteResult.parse(raw).errors ?? []) {
          if (e.user && e.error !== 'already_in_channel') unreachable.push(e.user);
        }
      } catch (error) {
        const code = slackErrorCode(error);
        if (code === 'already_in_channel') continue;
        if (code === undefined || code === 'ratelimited') throw error;
        // The whole call was refused (channel gone, users not allowed): nobody was brought in.
        logger.warn('invite refused', { channel, code, users: chunk.length });
        unreachable.push(...chunk);
      }
    }
    return unreachable;
  }

  /** Meetings whose room topics Slack refused (logged once each). */
  const topicRefused = new Set<string>();

  // Board updates per meeting run one at a time; calls arriving while one waits share it, and
  // each renders the newest stored meeting, so the message always ends on the latest state.
  const boards = createKeyedQueue();

  async function publishBoard(meetingId: string): Promise<void> {
    const meeting = await engine.get({ meetingId });
    if (!meeting) return;
    const { boardClient } = await workspaces.get(meeting.place.workspaceId);
    const message = renderBoard(buildBoard(meeting, undefined, clock.now()));
    const ts = meeting.resources['boardTs'];
    const channel = meeting.resources['boardChannel'] ?? meeting.place.channelId;
    if (ts) {
      try {
        await boardClient.chat.update({ channel, ts, text: message.text, ...(message.blocks ? { blocks: message.blocks } : {}) });
        return;
      } catch (error) {
        const code = slackErrorCode(error);
        if (!code || !BOARD_GONE.has(code)) throw error;
        logger.info('board message gone; posting a new one', { meetingId, code });
      }
    }
    const raw = await boardClient.chat.postMessage({ channel: meeting.place.channelId, text: message.text, ...(message.blocks ? { blocks: message.blocks } : {}) });
    const posted = PostResult.parse(raw);
    const remembered = await engine.execute({ target: { meetingId }, actor: SYSTEM_ACTOR, command: 'remember', input: { resources: { boardTs: posted.ts, boardChannel: posted.channel } } });
    // The board is up; only the next update cannot find it (and posts a new one).
    if (!remembered.ok) logger.warn('board message not remembered', { meetingId, code: remembered.code, reason: remembered.message });
  }

  return {
    updateBoard(meeting) {
      return boards.runLatest(meeting.id, () => publishBoard(meeting.id), options.boardPaceMs ?? 1000);
    },

    async prepareRoom(meeting, room) {
      const client = await clientOf(meeting);
      for (let attempt = 0; attempt < 5; attempt++) {
        const name = channelName(meeting, room, attempt);
        try {
          const raw = await client.conversations.create({ name, is_private: true });
          return { resourceId: ChannelResult.parse(raw).channel.id };
        } catch (error) {
          const code = slackErrorCode(error);
          if (code !== 'name_taken') {
            if (code && code !== 'ratelimited') throw new StepFailure(`${room.name}: Slack would not create #${name} (${code}).`);
            throw error;
          }
          // Taken: by us on an earlier run (reuse it), or by someone else (try the next suffix).
          const own = await findOwnChannel(client, name);
          if (own) return { resourceId: own };
        }
      }
      throw new StepFailure(`${room.name}: every channel name we tried is taken.`);
    },

    async openRoom(meeting, room, members) {
      const { client, botUserId } = await workspaces.get(meeting.place.workspaceId);
      const ids = members.map((m) => m.id).filter((id) => id !== botUserId);
      if (!room.resourceId || ids.length === 0) return { unreachable: [] };
      return { unreachable: await invite(client, room.resourceId, ids) };
    },

    async welcomeRoom(meeting, room, members) {
      await postInRoom(meeting, room, renderWelcome(meeting.id, meeting.version, welcomeText(meeting, room, members)));
    },

    async closeRoom(meeting, room, members) {
      await postInRoom(meeting, room, { text: closingText(meeting, room, members) });
    },

    async postToRoom(meeting, room, message) {
      await postInRoom(meeting, room, renderRoomMessage(message));
    },

    async setRoomStatus(meeting, room, line) {
      if (!room.resourceId) return;
      const client = await clientOf(meeting);
      try {
        await client.conversations.setTopic({ channel: room.resourceId, topic: fit(line, L.topic) });
      } catch (error) {
        const code = slackErrorCode(error);
        if (!code || !TOPIC_REFUSED.has(code)) throw error;
        // At a glance only: the rooms work without it, and it is said once, not at every change.
        if (!topicRefused.has(meeting.id)) logger.warn(`Slack would not set the room channels' topic (${code})${code === 'missing_scope' ? ': reinstall the app so it gets the groups:write.topic scope' : ''}`, { meetingId: meeting.id, room: room.number, code });
        topicRefused.add(meeting.id);
      }
    },

    async visit(meeting, person, room) {
      // Back to the main room: the facilitator is still in its channel, and staying in the room's
      // channel does no harm (its notes stay readable), so there is nothing to undo on Slack.
      if (!room?.resourceId) return;
      const unreachable = await invite(await clientOf(meeting), room.resourceId, [person]);
      if (unreachable.length > 0) throw new StepFailure(`${nameOf(meeting, person)} could not be added to ${room.name}'s channel.`);
    },

    async updateHelpCopy(meeting, copy, text) {
      const match = DIRECT_REF.exec(copy.ref);
      if (!match) {
        logger.warn('help request copy with an unreadable reference', { meetingId: meeting.id, to: copy.to });
        return;
      }
      const rendered = renderHelpCopy(text);
      const client = await clientOf(meeting);
      try {
        await client.chat.update({ channel: match[1]!, ts: match[2]!, text: rendered.text, ...(rendered.blocks ? { blocks: rendered.blocks } : {}) });
      } catch (error) {
        const code = slackErrorCode(error);
        // The DM was deleted (or can no longer be edited): nothing left to update.
        if (code && BOARD_GONE.has(code)) return;
        throw error;
      }
    },

    async sendDirect(meeting, to, message) {
      const rendered = renderDirect(message, meeting.version);
      const client = await clientOf(meeting);
      try {
        const posted = await post(client, to, rendered.text, rendered.blocks);
        // A help request's copies are updated once someone takes it: remember where this one is.
        if (message.kind === 'help-request' && posted) return { ref: `${posted.channel}:${posted.ts}` };
        return undefined;
      } catch (error) {
        const code = slackErrorCode(error);
        if (code && code !== 'ratelimited') throw new StepFailure(`Could not send a direct message to ${nameOf(meeting, to)} (${code}).`);
        throw error;
      }
    },

    async postToMain(meeting, text) {
      // The digest names people and rooms as they typed them: escaped, so it can never mention @channel.
      await post(await clientOf(meeting), meeting.place.channelId, fitMrkdwn(text, L.messageText));
    },

    async setRoomCap() {
      // A Slack channel has no member limit: the engine keeps the cap (moves and picks above it are refused).
    },

    async moveLive(meeting, attendee, _from, to) {
      const client = await clientOf(meeting);
      if (to?.resourceId) await invite(client, to.resourceId, [attendee.id]);
      // Phone callers already get the engine's notice with their new room's dial-in.
      if (attendee.audio !== 'phone') await post(client, attendee.id, movedText(meeting, to));
    },
  };
}

function nameOf(meeting: Meeting, id: string): string {
  return meeting.attendees.find((a: Attendee) => a.id === id)?.name ?? id;
}
