// The playground's one pure renderer: the engine's neutral Board (plus the viewer's inbox, the
// rooms' chats, the main channel's posts, the activity feed, and a few facts of the meeting for the
// rounds panel and the room picker) → the JSON the page draws. Every button carries an encodeAction
// id or the command text it stands for; the page sends them back and decides nothing.
import { encodeAction, type ActionRef, type Verb } from '../../src/commands/action-id.ts';
import type { Board, BoardAttendee, BoardRoom } from '../../src/board/board.ts';
import { AUDIO_KEY } from '../../src/board/board.ts';
import { AUDIO_KINDS, AUDIO_LABELS, type Audio, type Meeting, type Role } from '../../src/domain/meeting.ts';
import { ASK_LABEL, CLAIM_LABEL, personName } from '../../src/domain/facilitation.ts';
import { PLAYGROUND_LIMITS } from './limits.ts';
import type { ChatEntry, FeedEntry, InboxMessage, MainEntry, RoomState } from './platform.ts';
import type { ButtonPlace } from './session.ts';

export interface ButtonView {
  readonly id: string;
  readonly label: string;
  readonly style: 'primary' | 'danger' | 'default';
  readonly verb: Verb;
  readonly confirm?: string;
  readonly pressed?: boolean;
  /** Audio buttons: the page draws this audio's icon before the label. */
  readonly audio?: Audio;
  /** Where the button sits, when not on the board (a message in the person's room). */
  readonly where?: ButtonPlace;
  /** The command to type for the same thing (every button has one). */
  readonly typed?: string;
}

/** A button that runs a typed command: what it sends is exactly what a person would type. */
export interface CommandButtonView {
  readonly label: string;
  readonly command: string;
  readonly style: 'primary' | 'danger' | 'default';
}

/** One message in a room's chat; the welcome message carries Ask for help for the people in the room. */
export interface ChatView extends ChatEntry {
  readonly button?: ButtonView;
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
  /** The room's status line as the platform shows it (Discord voice channel status, Slack topic); '' when none. */
  readonly status: string;
  /** An open help request from this room. */
  readonly helpAsked: boolean;
  /** Facilitators visiting (names): not counted in the room. */
  readonly visitors: readonly string[];
  /** The newest messages of the room's chat, oldest first. */
  readonly chat: readonly ChatView[];
  /** No room above this many people (`room-cap`); absent: no cap. */
  readonly cap?: number;
  /** As many people as the cap: the card says the room is full. */
  readonly full?: true;
}

export interface HelpView {
  readonly id: string;
  readonly room: number;
  readonly roomName: string;
  readonly askers: readonly string[];
  readonly note?: string;
  /** When it was asked: the page shows its age, counted on the page. */
  readonly at: string;
  readonly state: 'open' | 'claimed';
  readonly claimedBy?: string;
  /** The engine's words for it (room, who, note, and who is on it). */
  readonly line: string;
  /** "I'll go", for facilitators, while it is open. */
  readonly claim?: ButtonView;
}

/** Timer, broadcast, help queue and visits: what the board shows while breakouts run, and the facilitators' controls. */
export interface LiveView {
  /** The end time (the page shows it in the reader's own time zone and counts down to it itself). */
  readonly timer?: { readonly endsAt: string; readonly closing: boolean; readonly line: string };
  readonly plannedTimer?: string;
  readonly timerNote?: string;
  readonly broadcast?: { readonly text: string; readonly at: string; readonly roomName?: string; readonly line: string };
  readonly help: readonly HelpView[];
  /** Facilitators only. */
  readonly controls?: LiveControls;
}

export interface LiveControls {
  /** +5 min, −2 min, off: while a timer runs. */
  readonly timerButtons: readonly CommandButtonView[];
  /** The duration box's buttons: each sends `<command> <duration>` (start 15m, timer 10m). */
  readonly timerForm: readonly { readonly label: string; readonly command: 'start' | 'timer'; readonly style: 'primary' | 'default' }[];
  /** Rooms a broadcast or a visit can go to (open rooms); empty while breakouts are not running. */
  readonly openRooms: readonly { readonly value: string; readonly label: string }[];
  /** The viewer visits this room now. */
  readonly visiting?: string;
}

/** A past (or the current) round, newest first. */
export interface RoundLine {
  readonly number: number;
  readonly startedAt: string;
  /** Absent while the round goes on. */
  readonly endedAt?: string;
  readonly people: number;
  readonly rooms: number;
}

/** A keep-together or keep-apart group, by names. */
export interface ConstraintView {
  readonly kind: 'together' | 'apart';
  readonly names: readonly string[];
}

/** A button of a form: it sends the form's command with these words (distribute same, distribute new). */
export interface FormButtonView {
  readonly label: string;
  /** The words after the command (''), e.g. 'same'. */
  readonly words: string;
  readonly style: 'primary' | 'default';
}

/** Rounds, groups and who places people: the facilitators' controls for issue 13's features. */
export interface RoundsView {
  /** The distribute form's buttons; the form adds `size <n>` and `facilitators` when asked. */
  readonly distribute: readonly FormButtonView[];
  /** Who places people: facilitators (assign) or attendees themselves (choose); `pressed` is the current one. */
  readonly mode: readonly (CommandButtonView & { readonly pressed: boolean })[];
  readonly roomCap?: number;
  readonly rounds: readonly RoundLine[];
  /** All rounds remembered (the list shows the newest). */
  readonly roundCount: number;
  readonly constraints: readonly ConstraintView[];
  /** Rows of an imported layout still waiting for their person to join. */
  readonly waitingRows: number;
  /** Export every round as CSV (the reply carries the file). */
  readonly export: CommandButtonView;
}

/** Choose mode: the rooms this person may pick (open to their audio, under the cap). */
export interface PickView {
  readonly rooms: readonly ButtonView[];
  /** Why there is nothing to pick, when there is not. */
  readonly none?: string;
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
  readonly live: LiveView;
  /** Who places people: facilitators (assign) or attendees (choose). */
  readonly mode: 'assign' | 'choose';
  /** "3 pairs meet again (a random shuffle: 41)", after distribute same or new. */
  readonly repeats?: string;
  /** Facilitators only. */
  readonly roundsPanel?: RoundsView;
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
  /** Choose mode: "Choose your room" with the rooms this person may pick. */
  readonly pick?: PickView;
}

export interface InboxView {
  readonly id: number;
  readonly at: string;
  readonly kind: InboxMessage['message']['kind'];
  readonly title: string;
  readonly text: string;
  readonly button?: { readonly id: string; readonly label: string };
  readonly answer?: { readonly ok: boolean; readonly text: string };
  /** A help request's copy that was updated to what became of it (taken, withdrawn). */
  readonly settled?: boolean;
}

export interface PageView {
  readonly board: BoardView | null;
  readonly you: YouView;
  /** Everyone you can act as ("You are"), the viewer's own entry included. */
  readonly people: readonly { readonly id: string; readonly label: string }[];
  readonly inbox: readonly InboxView[];
  readonly dmCounts: readonly { readonly id: string; readonly name: string; readonly count: number }[];
  readonly feed: readonly FeedEntry[];
  /** The main channel's newest posts (end-of-round digests), newest first. */
  readonly main: readonly MainEntry[];
  readonly audioChoices: readonly { readonly audio: Audio; readonly icon: string; readonly label: string }[];
  readonly limits: (typeof PLAYGROUND_LIMITS)['page'];
  /** The server's clock when drawn: the page counts down from it (a test's clock may not be the browser's). */
  readonly now: string;
}

/** What the page shows from the meeting beyond its board (see meetingFacts). */
export interface MeetingFacts {
  /** Choose mode: the rooms the viewer may pick (the engine's choosableRooms); absent otherwise. */
  readonly choosable?: readonly number[];
  readonly rounds: readonly RoundLine[];
  readonly roundCount: number;
  readonly constraints: readonly ConstraintView[];
  readonly waitingRows: number;
}

/** The facts of a meeting the rounds panel and the room picker show; `choosable` is the engine's answer for the viewer. */
export function meetingFacts(meeting: Meeting, choosable?: readonly number[]): MeetingFacts {
  const rounds = meeting.rounds ?? [];
  const groups = meeting.constraints ?? { together: [], apart: [] };
  return {
    ...(choosable ? { choosable } : {}),
    rounds: rounds
      .slice(-PLAYGROUND_LIMITS.page.rounds)
      .reverse()
      .map((r) => ({
        number: r.number,
        startedAt: r.startedAt,
        ...(r.endedAt ? { endedAt: r.endedAt } : {}),
        people: new Set(r.stints.map((st) => st.id)).size,
        rooms: new Set(r.stints.map((st) => st.room)).size,
      })),
    roundCount: rounds.length,
    constraints: [
      ...groups.together.map((ids): ConstraintView => ({ kind: 'together', names: ids.map((id) => personName(meeting, id)) })),
      ...groups.apart.map((ids): ConstraintView => ({ kind: 'apart', names: ids.map((id) => personName(meeting, id)) })),
    ],
    waitingRows: meeting.layoutPlan?.length ?? 0,
  };
}

export interface PageInput {
  readonly board?: Board;
  /** With the board: the meeting's facts beyond it. */
  readonly facts?: MeetingFacts;
  readonly viewer: { readonly id: string; readonly name: string };
  /** People you can act as who are not on the roster (the host before a meeting, a newcomer). */
  readonly guests: readonly { readonly id: string; readonly name: string }[];
  readonly inbox: readonly InboxMessage[];
  readonly inboxCounts: ReadonlyMap<string, number>;
  readonly feed: readonly FeedEntry[];
  /** Each room's chat and status line (the simulated platform's). */
  readonly rooms: ReadonlyMap<number, RoomState>;
  /** The main channel's posts, oldest first (the simulated platform's). */
  readonly main?: readonly MainEntry[];
  readonly now: Date;
}

/** Ids that do not fit the codec (from another platform's data) get no button rather than a crash. */
function idFor(ref: ActionRef): string | undefined {
  try {
    return encodeAction(ref);
  } catch {
    return undefined;
  }
}

function button(
  board: Board,
  verb: Verb,
  label: string,
  style: ButtonView['style'],
  extra: { args?: string[]; confirm?: string; pressed?: boolean; audio?: Audio; where?: ButtonPlace; typed?: string } = {},
): ButtonView[] {
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
      ...(extra.where ? { where: extra.where } : {}),
      ...(extra.typed ? { typed: extra.typed } : {}),
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

/** The viewer's room while breakouts run (they can ask for help there), or undefined. */
function viewerRoom(board: Board, viewerId: string): number | undefined {
  if (board.status !== 'started') return undefined;
  return board.rooms.find((r) => r.attendees.some((a) => a.id === viewerId))?.number;
}

function chatView(board: Board, entries: readonly ChatEntry[], mine: boolean): ChatView[] {
  const shown = entries.slice(-PLAYGROUND_LIMITS.page.roomChat);
  // Ask for help sits on the welcome message, for the people in the room while it is open.
  const ask = mine ? button(board, 'ask', ASK_LABEL, 'primary', { where: 'room', typed: 'ask [note]' })[0] : undefined;
  return shown.map((e) => (e.kind === 'welcome' && ask ? { ...e, button: ask } : { ...e }));
}

function room(board: Board, r: BoardRoom, canMove: boolean, state: RoomState | undefined, mine: boolean, cap: number | undefined): RoomView {
  return {
    ...(cap !== undefined ? { cap } : {}),
    ...(cap !== undefined && r.attendees.length >= cap ? { full: true as const } : {}),
    number: r.number,
    name: r.name,
    size: r.attendees.length,
    counts: r.counts,
    phoneAllowed: r.phoneAllowed,
    ...(r.conflict ? { conflict: r.conflict.reason } : {}),
    warnings: r.warnings,
    people: r.attendees.map((a) => person(board, a, canMove)),
    status: board.status === 'started' ? (state?.status ?? '') : '',
    helpAsked: r.helpAsked,
    visitors: r.visitors,
    chat: chatView(board, state?.chat ?? [], mine),
  };
}

/** Timer controls by state: set what is left while one runs, else start with one (or plan one for the next start). */
function timerControls(board: Board): Pick<LiveControls, 'timerButtons' | 'timerForm'> {
  if (board.status === 'started') {
    const buttons: CommandButtonView[] = board.timer
      ? [
          { label: '+5 min', command: 'timer +5m', style: 'default' },
          { label: '−2 min', command: 'timer -2m', style: 'default' },
          { label: 'Timer off', command: 'timer off', style: 'danger' },
        ]
      : [];
    return { timerButtons: buttons, timerForm: [{ label: board.timer ? 'Set time left' : 'Start timer', command: 'timer', style: board.timer ? 'default' : 'primary' }] };
  }
  const canStart = board.actions.some((a) => a.verb === 'start');
  return {
    timerButtons: board.plannedTimer ? [{ label: 'No timer', command: 'timer off', style: 'default' }] : [],
    timerForm: [...(canStart ? [{ label: 'Start with timer', command: 'start' as const, style: 'primary' as const }] : []), { label: 'Set for next start', command: 'timer', style: 'default' }],
  };
}

function liveView(board: Board, viewer: PageInput['viewer'], facilitator: boolean): LiveView {
  const visiting = board.status === 'started' ? board.rooms.find((r) => r.visitorIds.includes(viewer.id)) : undefined;
  const open = board.status === 'started' ? board.rooms.filter((r) => r.attendees.length > 0) : [];
  return {
    ...(board.timer ? { timer: { endsAt: board.timer.endsAt, closing: board.timer.closing, line: board.timer.line } } : {}),
    ...(board.plannedTimer ? { plannedTimer: board.plannedTimer } : {}),
    ...(board.timerNote ? { timerNote: board.timerNote } : {}),
    ...(board.broadcast
      ? {
          broadcast: {
            text: board.broadcast.text,
            at: board.broadcast.at,
            ...(board.broadcast.room !== undefined ? { roomName: roomLabel(board.broadcast.room, board.rooms[board.broadcast.room - 1]?.name ?? `Breakout ${board.broadcast.room}`) } : {}),
            line: board.broadcast.line,
          },
        }
      : {}),
    help: board.help.map((h): HelpView => {
      const claim = facilitator && h.state === 'open' ? button(board, 'claim', CLAIM_LABEL, 'primary', { args: [h.id], typed: `claim ${h.room}` })[0] : undefined;
      return {
        id: h.id,
        room: h.room,
        roomName: h.roomName,
        askers: h.askers,
        ...(h.note ? { note: h.note } : {}),
        at: h.at,
        state: h.state,
        ...(h.claimedBy ? { claimedBy: h.claimedBy } : {}),
        line: h.line,
        ...(claim ? { claim } : {}),
      };
    }),
    ...(facilitator
      ? {
          controls: {
            ...timerControls(board),
            openRooms: open.map((r) => ({ value: String(r.number), label: roomLabel(r.number, r.name) })),
            ...(visiting ? { visiting: roomLabel(visiting.number, visiting.name) } : {}),
          },
        }
      : {}),
  };
}

/** The facilitators' rounds panel: distribute again, room cap, who places people, groups, past rounds, export. */
function roundsPanel(board: Board, facts: MeetingFacts): RoundsView {
  const hasRounds = facts.roundCount > 0;
  return {
    distribute: [
      { label: 'Same groups', words: 'same', style: 'default' },
      { label: 'Meet someone new', words: 'new', style: hasRounds ? 'primary' : 'default' },
      { label: 'Distribute', words: '', style: hasRounds ? 'default' : 'primary' },
    ],
    mode: [
      { label: 'Facilitators assign', command: 'mode assign', style: 'default', pressed: board.mode !== 'choose' },
      { label: 'Attendees choose', command: 'mode choose', style: 'default', pressed: board.mode === 'choose' },
    ],
    ...(board.roomCap !== undefined ? { roomCap: board.roomCap } : {}),
    rounds: facts.rounds,
    roundCount: facts.roundCount,
    constraints: facts.constraints,
    waitingRows: facts.waitingRows,
    export: { label: 'Export CSV', command: 'export', style: 'default' },
  };
}

function boardView(board: Board, viewer: PageInput['viewer'], rooms: PageInput['rooms'], facts: MeetingFacts | undefined): BoardView {
  // The engine lists only what this viewer may do; the move controls follow its Move action.
  const canMove = board.actions.some((a) => a.verb === 'move-open');
  // Distribute is on every facilitator's board and on nobody else's.
  const facilitator = board.actions.some((a) => a.verb === 'distribute');
  const mine = viewerRoom(board, viewer.id);
  // Join, audio and the room picker are the person's own: they sit in "You are".
  const actions = board.actions
    .filter((a) => a.verb !== 'join' && a.verb !== 'audio' && a.verb !== 'pick-open')
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
    rooms: board.rooms.map((r) => room(board, r, canMove, rooms.get(r.number), r.number === mine, board.roomCap)),
    main: board.main.map((a) => person(board, a, canMove)),
    moveTargets: [
      { value: 'main', label: 'Main room', group: 'main' },
      ...board.rooms.map((r): MoveTarget => ({ value: String(r.number), label: roomLabel(r.number, r.name), group: r.phoneAllowed ? 'phone' : 'other' })),
    ],
    suggestAddRoom: board.suggestAddRoom,
    lastRound: board.lastRound,
    roomsHeading: board.roomsHeading,
    mainHeading: board.mainHeading,
    live: liveView(board, viewer, facilitator),
    mode: board.mode,
    ...(board.repeats ? { repeats: board.repeats.line } : {}),
    ...(facilitator && facts ? { roundsPanel: roundsPanel(board, facts) } : {}),
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

/** Choose mode: a button per room the engine lets this person pick (verb pick), their own room pressed. */
function pickView(board: Board, choosable: readonly number[], current: number | undefined): PickView {
  const rooms = choosable.flatMap((n) => {
    const r = board.rooms[n - 1];
    return r ? button(board, 'pick', roomLabel(n, r.name), 'default', { args: [String(n)], pressed: n === current, typed: `pick ${n}` }) : [];
  });
  return rooms.length > 0 ? { rooms } : { rooms, none: 'No room can take you right now (each is full or not open to your audio). A facilitator can still move you.' };
}

function youView(board: Board | undefined, viewer: PageInput['viewer'], choosable: readonly number[] | undefined): YouView {
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
  const inRoom = board ? viewerRoom(board, viewer.id) : undefined;
  if (board && inRoom !== undefined && found) {
    // Help from their room: ask, or withdraw the request they made.
    actions.push(...button(board, 'ask', ASK_LABEL, 'primary', { where: 'room', typed: 'ask [note]' }));
    const request = board.help.find((h) => h.room === inRoom && h.state === 'open');
    if (request?.askerIds.includes(viewer.id)) actions.push(...button(board, 'withdraw', 'Withdraw my request', 'default', { where: 'room', typed: 'withdraw' }));
  }
  if (!found) return { id: viewer.id, name: viewer.name, onRoster: false, actions };
  const current = board?.rooms.find((r) => r.attendees.some((a) => a.id === viewer.id))?.number;
  const pick = board && choosable ? pickView(board, choosable, current) : undefined;
  return { id: viewer.id, name: found.attendee.name, onRoster: true, role: found.attendee.role, audio: found.attendee.audio, where: found.where, actions, ...(pick ? { pick } : {}) };
}

function inboxTitle(d: InboxMessage['message']): string {
  switch (d.kind) {
    case 'conflict-prompt':
      return `Audio conflict in ${d.roomName}`;
    case 'room-notice':
      return d.room === null ? 'Back in the main room' : `Your room: ${d.roomName}`;
    case 'announcement':
      return d.room === null ? 'Notice for the main room' : `Notice for ${d.roomName}`;
    case 'help-request':
      return `Help asked in ${d.roomName}`;
  }
}

/** The message's button while it still has one: its action id and label. */
function inboxButton(m: InboxMessage): InboxView['button'] {
  const d = m.message;
  if (m.answer) return undefined;
  if (d.kind === 'conflict-prompt') {
    const id = idFor({ verb: 'confirm-phone', meetingId: d.meetingId, version: m.version, args: [d.promptId] });
    return id ? { id, label: d.confirmLabel } : undefined;
  }
  if (d.kind === 'help-request' && !d.settled) {
    const id = idFor({ verb: 'claim', meetingId: d.meetingId, version: m.version, args: [d.requestId] });
    return id ? { id, label: d.claimLabel } : undefined;
  }
  return undefined;
}

function inboxView(messages: readonly InboxMessage[]): InboxView[] {
  return [...messages].reverse().map((m) => {
    const d = m.message;
    const button = inboxButton(m);
    return {
      id: m.id,
      at: m.at,
      kind: d.kind,
      title: inboxTitle(d),
      text: d.text,
      ...(button ? { button } : {}),
      ...(m.answer ? { answer: m.answer } : {}),
      ...(d.kind === 'help-request' && d.settled ? { settled: true } : {}),
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
    board: board ? boardView(board, viewer, input.rooms, input.facts) : null,
    you: youView(board, viewer, input.facts?.choosable),
    people,
    inbox: inboxView(input.inbox),
    dmCounts: [...input.inboxCounts].map(([id, count]) => ({ id, name: rosterNames.get(id) ?? id, count })),
    feed: [...input.feed].reverse(),
    main: (input.main ?? []).slice(-PLAYGROUND_LIMITS.page.mainPosts).reverse(),
    audioChoices: AUDIO_KEY.map((k) => ({ audio: k.audio, icon: k.icon, label: k.label })),
    limits: PLAYGROUND_LIMITS.page,
    now: input.now.toISOString(),
  };
}
