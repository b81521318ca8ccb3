// The playground's stand-in for Slack or Discord: implements the runner's RoomPlatform port by
// delivering DMs to simulated inboxes and recording what each room would get (who moves where,
// which messages go out) in an activity feed the page shows. It decides nothing.
import type { Attendee, Meeting, Room, RunKind } from '../../src/domain.ts';
import type { DirectMessage } from '../../src/effects.ts';
import type { Clock } from '../../src/ports.ts';
import type { RoomPlatform } from '../../src/runner.ts';
import { AUDIO_ICONS } from '../../src/domain.ts';
import { PLAYGROUND_LIMITS } from './limits.ts';
import { fit, nameList } from '../../src/text.ts';

export interface InboxMessage {
  readonly id: number;
  readonly at: string;
  readonly meetingId: string;
  /** The board version when it was sent (carried in its button's action id). */
  readonly version: number;
  readonly message: DirectMessage;
  /** What pressing its button answered, once pressed. */
  answer?: { readonly ok: boolean; readonly text: string };
}

export type FeedKind = 'prepare' | 'open' | 'welcome' | 'close' | 'dm' | 'live-move';

export interface FeedEntry {
  readonly id: number;
  readonly at: string;
  readonly kind: FeedKind;
  /** The run (apply, start, end) this belongs to; absent for live moves and conflict prompts. */
  readonly run?: RunKind;
  readonly room?: number;
  readonly text: string;
}

export type Change = 'board' | 'inbox' | 'feed';

export interface SimulatedPlatform extends RoomPlatform {
  inbox(personId: string): readonly InboxMessage[];
  /** People with messages, most recent first: id → how many. */
  inboxCounts(): ReadonlyMap<string, number>;
  answer(personId: string, messageId: number, answer: { ok: boolean; text: string }): void;
  feed(): readonly FeedEntry[];
}

export function createSimulatedPlatform(options: { clock: Clock; onChange: (change: Change) => void }): SimulatedPlatform {
  const { clock, onChange } = options;
  const inboxes = new Map<string, InboxMessage[]>();
  const feed: FeedEntry[] = [];
  let nextId = 1;

  const runOf = (meeting: Meeting): RunKind | undefined => (meeting.run && !meeting.run.finished ? meeting.run.kind : undefined);
  const names = (members: readonly Attendee[]): string => nameList(members.map((m) => `${AUDIO_ICONS[m.audio]} ${m.name}`), PLAYGROUND_LIMITS.namesPerLine);

  function log(meeting: Meeting, kind: FeedKind, text: string, room?: number, run = runOf(meeting)): void {
    feed.push({ id: nextId++, at: clock.now().toISOString(), kind, ...(run ? { run } : {}), ...(room !== undefined ? { room } : {}), text });
    if (feed.length > PLAYGROUND_LIMITS.feedEntries) feed.splice(0, feed.length - PLAYGROUND_LIMITS.feedEntries);
    onChange('feed');
  }

  return {
    async prepareRoom(meeting, room) {
      const resourceId = room.resourceId ?? `pg-room-${room.number}`;
      log(meeting, 'prepare', `${room.name} is ready (the playground's stand-in for a channel).`, room.number);
      return { resourceId };
    },

    async openRoom(meeting, room, members) {
      const dialling = members.filter((m) => m.audio === 'phone');
      const moving = members.filter((m) => m.audio !== 'phone');
      const parts = [`${room.name} opens for ${members.length} ${members.length === 1 ? 'person' : 'people'}.`];
      if (moving.length > 0) parts.push(`Moved in from the main room: ${names(moving)}.`);
      if (dialling.length > 0) parts.push(`Joining by phone (they get the dial-in by DM): ${names(dialling)}.`);
      log(meeting, 'open', parts.join(' '), room.number);
      return { unreachable: [] };
    },

    async welcomeRoom(meeting, room, members) {
      log(meeting, 'welcome', `${room.name} gets a welcome message: “Welcome to ${room.name}. Here: ${nameList(members.map((m) => m.name), PLAYGROUND_LIMITS.namesPerLine)}.”`, room.number);
    },

    async closeRoom(meeting, room, members) {
      const who = members.length > 0 ? ` ${names(members)} go back to the main room.` : '';
      log(meeting, 'close', `${room.name} closes with a closing note.${who}`, room.number);
    },

    async sendDirect(meeting, to, message) {
      const list = inboxes.get(to) ?? [];
      // Re-inserting keeps the map ordered by latest message, for "who got DMs" most recent first.
      inboxes.delete(to);
      inboxes.set(to, list);
      list.push({ id: nextId++, at: clock.now().toISOString(), meetingId: meeting.id, version: meeting.version, message });
      if (list.length > PLAYGROUND_LIMITS.inboxMessages) list.splice(0, list.length - PLAYGROUND_LIMITS.inboxMessages);
      onChange('inbox');
      const person = meeting.attendees.find((a) => a.id === to)?.name ?? to;
      const what = message.kind === 'conflict-prompt' ? 'audio-conflict prompt' : 'room notice';
      log(meeting, 'dm', `DM to ${person} (${what}): ${fit(message.text.replace(/\s+/g, ' '), PLAYGROUND_LIMITS.feedTextChars)}`, message.room);
    },

    async updateBoard() {
      onChange('board');
    },

    async moveLive(meeting, attendee, from, to) {
      const where = (room: Room | null): string => (room ? room.name : 'the main room');
      const how = attendee.audio === 'phone' ? 'by dialling in again (their new dial-in goes by direct message)' : 'right away (rooms are open)';
      log(meeting, 'live-move', `${AUDIO_ICONS[attendee.audio]} ${attendee.name} moves from ${where(from)} to ${where(to)} ${how}.`, to?.number, undefined);
    },

    inbox(personId) {
      return inboxes.get(personId) ?? [];
    },

    inboxCounts() {
      return new Map([...inboxes].reverse().map(([id, list]) => [id, list.length]));
    },

    answer(personId, messageId, answer) {
      const message = inboxes.get(personId)?.find((m) => m.id === messageId);
      if (!message) return;
      message.answer = answer;
      onChange('inbox');
    },

    feed() {
      return feed;
    },
  };
}
