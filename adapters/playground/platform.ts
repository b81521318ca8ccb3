// The playground's stand-in for Slack or Discord: implements the runner's RoomPlatform port by
// delivering DMs to simulated inboxes and recording what each room would get (who moves where,
// which messages go out) in an activity feed the page shows. It decides nothing.
import type { Attendee, Meeting, Room, RunKind } from '../../src/domain/meeting.ts';
import type { DirectMessage } from '../../src/domain/outcome.ts';
import type { Clock } from '../../src/ports.ts';
import type { RoomPlatform } from '../../src/delivery/room-platform.ts';
import { AUDIO_ICONS } from '../../src/domain/meeting.ts';
import { PLAYGROUND_LIMITS } from './limits.ts';
import { fit, nameList } from '../../src/domain/text.ts';
import type { FeedEntry, FeedKind, InboxMessage, SavedState, StoredMessage } from './saved-state.ts';

export type { FeedEntry, FeedKind, InboxMessage, StoredMessage } from './saved-state.ts';

export type Change = 'board' | 'inbox' | 'feed';

export interface SimulatedPlatform extends RoomPlatform {
  inbox(personId: string): readonly InboxMessage[];
  /** People with messages, most recent first: id → how many. */
  inboxCounts(): ReadonlyMap<string, number>;
  answer(personId: string, messageId: number, answer: { ok: boolean; text: string }): void;
  feed(): readonly FeedEntry[];
  /**
   * Inboxes and the feed belong to one meeting: when the channel's meeting is another one (or
   * none), they start empty, so a new meeting never shows the last one's messages.
   */
  forMeeting(meetingId: string | undefined): void;
  /** What to save with the meeting; undefined when there is nothing (no meeting yet). */
  snapshot(): SavedState | undefined;
  /** A sentence Breakouts tells someone after its answer (what could not be done, and why). */
  note(meeting: Meeting, to: string, text: string): void;
}

export interface SimulatedPlatformOptions {
  readonly clock: Clock;
  readonly onChange: (change: Change) => void;
  /** Inboxes and feed saved by an earlier run (see saved-state.ts). */
  readonly saved?: SavedState;
}

const cut = (text: string): string => fit(text, PLAYGROUND_LIMITS.savedTextChars);

/** The engine's DM as the inbox keeps it: only what the inbox shows and its button needs. */
function stored(message: DirectMessage): StoredMessage {
  return message.kind === 'conflict-prompt'
    ? { kind: message.kind, meetingId: message.meetingId, promptId: message.promptId, room: message.room, roomName: cut(message.roomName), text: cut(message.text), confirmLabel: cut(message.confirmLabel) }
    : { kind: message.kind, meetingId: message.meetingId, reason: message.reason, room: message.room, roomName: cut(message.roomName), text: cut(message.text) };
}

export function createSimulatedPlatform(options: SimulatedPlatformOptions): SimulatedPlatform {
  const { clock, onChange, saved } = options;
  // Ordered by latest message (re-inserted on each), for "who got DMs", most recent last.
  const inboxes = new Map<string, InboxMessage[]>(saved?.inboxes.map((i) => [i.person, i.messages]));
  const feed: FeedEntry[] = saved ? [...saved.feed] : [];
  let meetingId = saved?.meetingId;
  let nextId = saved?.nextId ?? 1;
  let kept = [...inboxes.values()].reduce((n, list) => n + list.length, 0);

  const runOf = (meeting: Meeting): RunKind | undefined => (meeting.run && !meeting.run.finished ? meeting.run.kind : undefined);
  const names = (members: readonly Attendee[]): string => nameList(members.map((m) => `${AUDIO_ICONS[m.audio]} ${m.name}`), PLAYGROUND_LIMITS.namesPerLine);

  function forMeeting(id: string | undefined): void {
    if (id === meetingId) return;
    const had = inboxes.size > 0 || feed.length > 0;
    meetingId = id;
    inboxes.clear();
    feed.length = 0;
    kept = 0;
    if (had) {
      onChange('inbox');
      onChange('feed');
    }
  }

  function log(meeting: Meeting, kind: FeedKind, text: string, room?: number, run = runOf(meeting)): void {
    forMeeting(meeting.id);
    feed.push({ id: nextId++, at: clock.now().toISOString(), kind, ...(run ? { run } : {}), ...(room !== undefined ? { room } : {}), text: cut(text) });
    if (feed.length > PLAYGROUND_LIMITS.feedEntries) feed.splice(0, feed.length - PLAYGROUND_LIMITS.feedEntries);
    onChange('feed');
  }

  /** Over the limit of kept messages: the least recently messaged inboxes lose their oldest. */
  function bound(): void {
    for (const [person, list] of inboxes) {
      if (kept <= PLAYGROUND_LIMITS.savedMessages) return;
      const drop = Math.min(list.length, kept - PLAYGROUND_LIMITS.savedMessages);
      list.splice(0, drop);
      kept -= drop;
      if (list.length === 0) inboxes.delete(person);
    }
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
      forMeeting(meeting.id);
      const list = inboxes.get(to) ?? [];
      inboxes.delete(to);
      inboxes.set(to, list);
      list.push({ id: nextId++, at: clock.now().toISOString(), meetingId: meeting.id, version: meeting.version, message: stored(message) });
      kept++;
      if (list.length > PLAYGROUND_LIMITS.inboxMessages) kept -= list.splice(0, list.length - PLAYGROUND_LIMITS.inboxMessages).length;
      bound();
      onChange('inbox');
      const person = meeting.attendees.find((a) => a.id === to)?.name ?? to;
      const what = message.kind === 'conflict-prompt' ? 'audio-conflict prompt' : 'room notice';
      log(meeting, 'dm', `DM to ${person} (${what}): ${fit(message.text.replace(/\s+/g, ' '), PLAYGROUND_LIMITS.feedTextChars)}`, message.room ?? undefined);
    },

    async updateBoard() {
      onChange('board');
    },

    note(meeting, to, text) {
      const person = meeting.attendees.find((a) => a.id === to)?.name ?? to;
      log(meeting, 'note', `Breakouts tells ${person}: ${fit(text.replace(/\s+/g, ' '), PLAYGROUND_LIMITS.feedTextChars)}`);
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
      message.answer = { ok: answer.ok, text: cut(answer.text) };
      onChange('inbox');
    },

    feed() {
      return feed;
    },

    forMeeting,

    snapshot() {
      if (meetingId === undefined) return undefined;
      return {
        format: 'breakouts-playground',
        version: 1,
        meetingId,
        nextId,
        inboxes: [...inboxes].map(([person, messages]) => ({ person, messages })),
        feed,
      };
    },
  };
}
