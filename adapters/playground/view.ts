// The playground's one pure renderer: the engine's neutral Board (plus the viewer's inbox and the
// activity feed) → the JSON the page draws. Every button carries an encodeAction id; the page
// sends ids back and never decides anything itself.
import { encodeAction, type ActionRef, type Verb } from '../../src/commands/action-id.ts';
import type { Board, BoardAttendee, BoardRoom } from '../../src/board/board.ts';
import { AUDIO_KEY } from '../../src/board/board.ts';
import { AUDIO_KINDS, AUDIO_LABELS, type Audio, type Role } from '../../src/domain/meeting.ts';
import { PLAYGROUND_LIMITS } from './limits.ts';
import type { FeedEntry, InboxMessage } from './platform.ts';

export interface ButtonView {
  readonly id: string;
  readonly label: string;
  readonly style: 'primary' | 'danger' | 'default';
  readonly verb: Verb;
  readonly confirm?: string;
  readonly pressed?: boolean;
  /** Audio buttons: the page draws this audio's icon before the label. */
  readonly audio?: Audio;
}

/** A person on the board, plus the action id of their room select (verb move-pick; its value is the room). */
export interface PersonView extends BoardAttendee {
  readonly moveId?: string;
}

export interface RoomView {
  readonly number: number;
  readonly name: string;
  readonly size: number;
  readonly counts: Readonly<Record<Audio, number>>;
  readonly phoneAllowed: boolean;
  readonly conflict?: string;
  readonly warnings: readonly string[];
  readonly people: readonly PersonView[];
}

export interface MoveTarget {
  readonly value: string;
  readonly label: string;
  /** The list groups rooms by this (open to phone attendees or not), so labels stay plain. */
  readonly group: 'main' | 'phone' | 'other';
}

export interface BoardView {
  readonly meetingId: string;
  readonly version: number;
  readonly title: string;
  readonly status: Board['status'];
  readonly statusLabel: string;
  readonly counts: Board['counts'];
  readonly roomCount: number;
  readonly phoneRooms: number;
  readonly dialIn?: string;
  readonly key: readonly { readonly audio: Audio; readonly label: string }[];
  readonly warnings: readonly string[];
  readonly conflictCount: number;
  readonly progress?: Board['progress'];
  readonly actions: readonly ButtonView[];
  readonly rooms: readonly RoomView[];
  readonly main: readonly PersonView[];
  readonly moveTargets: readonly MoveTarget[];
  readonly suggestAddRoom: boolean;
  /** Breakouts ended: `rooms` shows the last round's layout (under `roomsHeading`), and everyone is back in the main room. */
  readonly lastRound: boolean;
  readonly roomsHeading: string;
  /** "Main room", or after the end who was in no room last round. */
  readonly mainHeading: string;
}

export interface YouView {
  readonly id: string;
  readonly name: string;
  readonly onRoster: boolean;
  readonly role?: Role;
  readonly audio?: Audio;
  /** "Breakout 3", "the main room". */
  readonly where?: string;
  readonly actions: readonly ButtonView[];
}

export interface InboxView {
  readonly id: number;
  readonly at: string;
  readonly kind: InboxMessage['message']['kind'];
  readonly title: string;
  readonly text: string;
  readonly button?: { readonly id: string; readonly label: string };
  readonly answer?: { readonly ok: boolean; readonly text: string };
}

export interface PageView {
  readonly board: BoardView | null;
  readonly you: YouView;
  /** Everyone you can act as ("You are"), the viewer's own entry included. */
  readonly people: readonly { readonly id: string; readonly label: string }[];
  readonly inbox: readonly InboxView[];
  readonly dmCounts: readonly { readonly id: string; readonly name: string; readonly count: number }[];
  readonly feed: readonly FeedEntry[];
  readonly audioChoices: readonly { readonly audio: Audio; readonly icon: string; readonly label: string }[];
  readonly limits: (typeof PLAYGROUND_LIMITS)['page'];
}

export interface PageInput {
  readonly board?: Board;
  readonly viewer: { readonly id: string; readonly name: string };
  /** People you can act as who are not on the roster (the host before a meeting, a newcomer). */
  readonly guests: readonly { readonly id: string; readonly name: string }[];
  readonly inbox: readonly InboxMessage[];
  readonly inboxCounts: ReadonlyMap<string, number>;
  readonly feed: readonly FeedEntry[];
}

/** Ids that do not fit the codec (from another platform's data) get no button rather than a crash. */
function idFor(ref: ActionRef): string | undefined {
  try {
    return encodeAction(ref);
  } catch {
    return undefined;
  }
}

function button(board: Board, verb: Verb, label: string, style: ButtonView['style'], extra: { args?: string[]; confirm?: string; pressed?: boolean; audio?: Audio } = {}): ButtonView[] {
  const id = idFor({ verb, meetingId: board.meetingId, version: board.version, args: extra.args ?? [] });
  if (id === undefined) return [];
  return [
    {
      id,
      label,
      style,
      verb,
      ...(extra.confirm ? { confirm: extra.confirm } : {}),
      ...(extra.pressed !== undefined ? { pressed: extra.pressed } : {}),
      ...(extra.audio ? { audio: extra.audio } : {}),
    },
  ];
}

/**
 * A room as the room list names it: "Breakout 4" already says its number; a renamed room keeps
 * it in front ("3 · Design"), since the number is what commands and phone rules use.
 */
export function roomLabel(number: number, name: string): string {
  return new RegExp(`(^|\\D)${number}(\\D|$)`).test(name) ? name : `${number} · ${name}`;
}

function person(board: Board, a: BoardAttendee, canMove: boolean): PersonView {
  const moveId = canMove ? idFor({ verb: 'move-pick', meetingId: board.meetingId, version: board.version, args: [a.id] }) : undefined;
  return moveId ? { ...a, moveId } : a;
}

function room(board: Board, r: BoardRoom, canMove: boolean): RoomView {
  return {
    number: r.number,
    name: r.name,
    size: r.attendees.length,
    counts: r.counts,
    phoneAllowed: r.phoneAllowed,
    ...(r.conflict ? { conflict: r.conflict.reason } : {}),
    warnings: r.warnings,
    people: r.attendees.map((a) => person(board, a, canMove)),
  };
}

function boardView(board: Board): BoardView {
  // The engine lists only what this viewer may do; the move controls follow its Move action.
  const canMove = board.actions.some((a) => a.verb === 'move-open');
  const actions = board.actions
    .filter((a) => a.verb !== 'join' && a.verb !== 'audio')
    .flatMap((a) => button(board, a.verb, a.label, a.style, a.confirm ? { confirm: a.confirm } : {}));
  return {
    meetingId: board.meetingId,
    version: board.version,
    title: board.title,
    status: board.status,
    statusLabel: board.statusLabel,
    counts: board.counts,
    roomCount: board.rooms.length,
    phoneRooms: board.phoneRooms,
    ...(board.dialIn ? { dialIn: board.dialIn } : {}),
    key: board.key.map((k) => ({ audio: k.audio, label: k.label })),
    warnings: board.warnings,
    conflictCount: board.conflictCount,
    ...(board.progress ? { progress: board.progress } : {}),
    actions,
    rooms: board.rooms.map((r) => room(board, r, canMove)),
    main: board.main.map((a) => person(board, a, canMove)),
    moveTargets: [
      { value: 'main', label: 'Main room', group: 'main' },
      ...board.rooms.map((r): MoveTarget => ({ value: String(r.number), label: roomLabel(r.number, r.name), group: r.phoneAllowed ? 'phone' : 'other' })),
    ],
    suggestAddRoom: board.suggestAddRoom,
    lastRound: board.lastRound,
    roomsHeading: board.roomsHeading,
    mainHeading: board.mainHeading,
  };
}

function findOnBoard(board: Board, id: string): { attendee: BoardAttendee; where: string } | undefined {
  for (const r of board.rooms) {
    const attendee = r.attendees.find((a) => a.id === id);
    if (attendee) return { attendee, where: r.name };
  }
  const attendee = board.main.find((a) => a.id === id);
  return attendee ? { attendee, where: 'the main room' } : undefined;
}

function youView(board: Board | undefined, viewer: PageInput['viewer']): YouView {
  const found = board ? findOnBoard(board, viewer.id) : undefined;
  const actions: ButtonView[] = [];
  if (board) {
    for (const a of board.actions) {
      if (a.verb === 'join' && !found) actions.push(...button(board, 'join', a.label, 'primary'));
      if (a.verb === 'audio') {
        for (const audio of AUDIO_KINDS) {
          actions.push(...button(board, 'audio', AUDIO_LABELS[audio], 'default', { args: [audio], pressed: found?.attendee.audio === audio, audio }));
        }
      }
    }
  }
  if (!found) return { id: viewer.id, name: viewer.name, onRoster: false, actions };
  return { id: viewer.id, name: found.attendee.name, onRoster: true, role: found.attendee.role, audio: found.attendee.audio, where: found.where, actions };
}

function inboxView(messages: readonly InboxMessage[]): InboxView[] {
  return [...messages].reverse().map((m) => {
    const d = m.message;
    const title = d.kind === 'conflict-prompt' ? `Audio conflict in ${d.roomName}` : d.room === null ? 'Back in the main room' : `Your room: ${d.roomName}`;
    const id = d.kind === 'conflict-prompt' && !m.answer ? idFor({ verb: 'confirm-phone', meetingId: d.meetingId, version: m.version, args: [d.promptId] }) : undefined;
    return {
      id: m.id,
      at: m.at,
      kind: d.kind,
      title,
      text: d.text,
      ...(id && d.kind === 'conflict-prompt' ? { button: { id, label: d.confirmLabel } } : {}),
      ...(m.answer ? { answer: m.answer } : {}),
    };
  });
}

export function renderPage(input: PageInput): PageView {
  const { board, viewer } = input;
  const roster: BoardAttendee[] = board ? [...board.rooms.flatMap((r) => r.attendees), ...board.main] : [];
  const rosterNames = new Map(roster.map((a) => [a.id, a.name]));
  const rosterSorted = [...roster].sort((a, b) => (a.role === b.role ? a.name.localeCompare(b.name) : a.role === 'facilitator' ? -1 : 1));
  const guests = input.guests.filter((g) => !rosterNames.has(g.id));
  const people = [
    ...rosterSorted.map((a) => ({ id: a.id, label: `${a.name}${a.role === 'facilitator' ? ' (facilitator)' : ''}` })),
    ...guests.map((g) => ({ id: g.id, label: `${g.name} (not on the roster)` })),
  ];
  if (!people.some((p) => p.id === viewer.id)) people.push({ id: viewer.id, label: `${viewer.name} (not on the roster)` });
  return {
    board: board ? boardView(board) : null,
    you: youView(board, viewer),
    people,
    inbox: inboxView(input.inbox),
    dmCounts: [...input.inboxCounts].map(([id, count]) => ({ id, name: rosterNames.get(id) ?? id, count })),
    feed: [...input.feed].reverse(),
    audioChoices: AUDIO_KEY.map((k) => ({ audio: k.audio, icon: k.icon, label: k.label })),
    limits: PLAYGROUND_LIMITS.page,
  };
}
