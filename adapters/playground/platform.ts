// The playground's stand-in for Slack or Discord: implements the runner's RoomPlatform port by
// delivering DMs to simulated inboxes, keeping each room's chat, status line and size limit and the
// main channel's posts (the end-of-round digest), and recording what each room would get (who moves
// where, which messages go out) in an activity feed the page shows. It decides nothing.
import type { Attendee, Meeting, Room, RunKind } from '../../src/domain/meeting.ts';
import { ASK_LABEL } from '../../src/domain/facilitation.ts';
import type { Clock } from '../../src/ports.ts';
import type { RoomPlatform } from '../../src/delivery/room-platform.ts';
import { AUDIO_ICONS } from '../../src/domain/meeting.ts';
import { PLAYGROUND_LIMITS } from './limits.ts';
import { fit, nameList } from '../../src/domain/text.ts';
import type { ChatKind, FeedEntry, FeedKind, InboxMessage, MainEntry, RoomState, SavedState } from './saved-state.ts';
import { cut, DM_KINDS, POST_KINDS, stored } from './platform-messages.ts';

export type { ChatEntry, FeedEntry, FeedKind, InboxMessage, MainEntry, RoomState, StoredMessage } from './saved-state.ts';

export type Change = 'board' | 'inbox' | 'feed' | 'rooms';

export interface SimulatedPlatform extends RoomPlatform {
  inbox(personId: string): readonly InboxMessage[];
  /** People with messages, most recent first: id → how many. */
  inboxCounts(): ReadonlyMap<string, number>;
  answer(personId: string, messageId: number, answer: { ok: boolean; text: string }): void;
  feed(): readonly FeedEntry[];
  /** Each room's chat and status line, by room number (rooms the platform never touched are absent). */
  rooms(): ReadonlyMap<number, RoomState>;
  /** What was posted in the main channel (digests), oldest first. */
  main(): readonly MainEntry[];
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

/** The reference a help request's copy is found by again: the inbox message's id. */
const refOf = (messageId: number): string => `pg-dm-${messageId}`;

export function createSimulatedPlatform(options: SimulatedPlatformOptions): SimulatedPlatform {
  const { clock, onChange, saved } = options;
  // Ordered by latest message (re-inserted on each), for "who got DMs", most recent last.
  const inboxes = new Map<string, InboxMessage[]>(saved?.inboxes.map((i) => [i.person, i.messages]));
  const feed: FeedEntry[] = saved ? [...saved.feed] : [];
  const rooms = new Map<number, RoomState>(saved?.rooms?.map((r) => [r.room, { room: r.room, status: r.status, chat: [...r.chat], ...(r.cap !== undefined ? { cap: r.cap } : {}) }]));
  const main: MainEntry[] = saved?.main ? [...saved.main] : [];
  let meetingId = saved?.meetingId;
  let nextId = saved?.nextId ?? 1;
  let kept = [...inboxes.values()].reduce((n, list) => n + list.length, 0);

  const runOf = (meeting: Meeting): RunKind | undefined => (meeting.run && !meeting.run.finished ? meeting.run.kind : undefined);
  const names = (members: readonly Attendee[]): string => nameList(members.map((m) => `${AUDIO_ICONS[m.audio]} ${m.name}`), PLAYGROUND_LIMITS.namesPerLine);

  function forMeeting(id: string | undefined): void {
    if (id === meetingId) return;
    const had = inboxes.size > 0 || feed.length > 0 || main.length > 0;
    const hadRooms = rooms.size > 0;
    meetingId = id;
    inboxes.clear();
    feed.length = 0;
    main.length = 0;
    rooms.clear();
    kept = 0;
    if (had) {
      onChange('inbox');
      onChange('feed');
    }
    if (hadRooms) onChange('rooms');
  }

  /** `run` null: not part of a run, even while one goes on (a timer notice, a visit). */
  function log(meeting: Meeting, kind: FeedKind, text: string, room?: number, run: RunKind | null | undefined = runOf(meeting)): void {
    forMeeting(meeting.id);
    feed.push({ id: nextId++, at: clock.now().toISOString(), kind, ...(run ? { run } : {}), ...(room !== undefined ? { room } : {}), text: cut(text) });
    if (feed.length > PLAYGROUND_LIMITS.feedEntries) feed.splice(0, feed.length - PLAYGROUND_LIMITS.feedEntries);
    onChange('feed');
  }

  function roomState(number: number): RoomState {
    let state = rooms.get(number);
    if (!state) {
      state = { room: number, status: '', chat: [] };
      rooms.set(number, state);
    }
    return state;
  }

  /** A message in a room's chat, as everyone in the room reads it. */
  function chat(meeting: Meeting, room: number, kind: ChatKind, text: string): void {
    forMeeting(meeting.id);
    const list = roomState(room).chat;
    list.push({ id: nextId++, at: clock.now().toISOString(), kind, text: cut(text) });
    if (list.length > PLAYGROUND_LIMITS.roomChatMessages) list.splice(0, list.length - PLAYGROUND_LIMITS.roomChatMessages);
    onChange('rooms');
  }

  const flat = (text: string): string => fit(text.replace(/\s+/g, ' '), PLAYGROUND_LIMITS.feedTextChars);

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
      forMeeting(meeting.id);
      // Like Discord, a room is made with the meeting's room cap as its size limit.
      const cap = meeting.settings.roomCap;
      const known = rooms.get(room.number);
      if (cap !== undefined) roomState(room.number).cap = cap;
      else if (known) delete known.cap;
      log(meeting, 'prepare', `${room.name} is ready (the playground's stand-in for a channel)${cap !== undefined ? `, for at most ${cap} people` : ''}.`, room.number);
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
      const here = nameList(members.map((m) => m.name), PLAYGROUND_LIMITS.namesPerLine);
      log(meeting, 'welcome', `${room.name} gets a welcome message: “Welcome to ${room.name}. Here: ${here}.” with an “${ASK_LABEL}” button.`, room.number);
      // The page draws the message's button for the people in this room (verb ask, as on Slack and Discord).
      chat(meeting, room.number, 'welcome', `Welcome to ${room.name}. Here: ${here}. Need a facilitator? Press “${ASK_LABEL}” (or type /breakouts ask).`);
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
      const id = nextId++;
      list.push({ id, at: clock.now().toISOString(), meetingId: meeting.id, version: meeting.version, message: stored(message) });
      kept++;
      if (list.length > PLAYGROUND_LIMITS.inboxMessages) kept -= list.splice(0, list.length - PLAYGROUND_LIMITS.inboxMessages).length;
      bound();
      onChange('inbox');
      const person = meeting.attendees.find((a) => a.id === to)?.name ?? to;
      log(meeting, 'dm', `DM to ${person} (${DM_KINDS[message.kind]}): ${flat(message.text)}`, message.room ?? undefined, message.kind === 'announcement' || message.kind === 'help-request' ? null : undefined);
      // A help request's copy is updated later (someone took it): it is found again by this.
      return message.kind === 'help-request' ? { ref: refOf(id) } : undefined;
    },

    async postToRoom(meeting, room, message) {
      chat(meeting, room.number, message.kind, message.text);
      log(meeting, 'room-post', `In ${room.name}'s chat (${POST_KINDS[message.kind]}): ${flat(message.text)}`, room.number, null);
    },

    async setRoomStatus(meeting, room, line) {
      forMeeting(meeting.id);
      const state = roomState(room.number);
      const status = cut(line);
      if (state.status === status) return;
      state.status = status;
      onChange('rooms');
    },

    async visit(meeting, person, room) {
      const name = meeting.attendees.find((a) => a.id === person)?.name ?? person;
      if (room) log(meeting, 'visit', `${name} drops into ${room.name} (the layout and counts do not change).`, room.number, null);
      else log(meeting, 'visit', `${name} comes back to the main room.`, undefined, null);
    },

    async updateHelpCopy(meeting, copy, text) {
      forMeeting(meeting.id);
      const found = inboxes.get(copy.to)?.find((m) => refOf(m.id) === copy.ref);
      // A copy the inbox no longer keeps (dropped over its limit) has nothing to update, like a deleted DM.
      if (!found || found.message.kind !== 'help-request') return;
      found.message = { ...found.message, text: cut(text), settled: true };
      onChange('inbox');
      const person = meeting.attendees.find((a) => a.id === copy.to)?.name ?? copy.to;
      log(meeting, 'dm-update', `${person}'s copy of the help request now reads: ${flat(text)}`, found.message.room, null);
    },

    async updateBoard() {
      onChange('board');
    },

    async postToMain(meeting, text) {
      forMeeting(meeting.id);
      main.push({ id: nextId++, at: clock.now().toISOString(), kind: 'digest', text: fit(text, PLAYGROUND_LIMITS.mainTextChars) });
      if (main.length > PLAYGROUND_LIMITS.mainMessages) main.splice(0, main.length - PLAYGROUND_LIMITS.mainMessages);
      log(meeting, 'main-post', `Posted in the main channel: ${flat(text)}`, undefined, null);
    },

    async setRoomCap(meeting, room, cap) {
      forMeeting(meeting.id);
      const state = roomState(room.number);
      if ((state.cap ?? null) === cap) return;
      if (cap === null) delete state.cap;
      else state.cap = cap;
      onChange('rooms');
      log(meeting, 'room-cap', cap === null ? `${room.name} has no size limit any more.` : `${room.name} now takes at most ${cap} people (as a Discord voice channel's user limit).`, room.number, null);
    },

    note(meeting, to, text) {
      const person = meeting.attendees.find((a) => a.id === to)?.name ?? to;
      log(meeting, 'note', `Breakouts tells ${person}: ${flat(text)}`);
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

    rooms() {
      return rooms;
    },

    main() {
      return main;
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
        rooms: [...rooms.values()].sort((a, b) => a.room - b.room),
        ...(main.length > 0 ? { main } : {}),
      };
    },
  };
}
