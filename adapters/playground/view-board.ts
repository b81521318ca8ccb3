// The board part of the page as one viewer sees it: counts, the actions the engine lists, the rooms
// with their people and chats, the main room and where people can be moved.
import type { Board, BoardAttendee, BoardRoom } from '../../src/board/board.ts';
import { ASK_LABEL } from '../../src/domain/facilitation.ts';
import { PLAYGROUND_LIMITS } from './limits.ts';
import type { ChatEntry, RoomState } from './platform.ts';
import type { BoardView, ChatView, MeetingFacts, MoveTarget, PageInput, PersonView, RoomView } from './view-types.ts';
import { button, idFor, roomLabel, viewerRoom } from './view-shared.ts';
import { liveView } from './view-live.ts';
import { roundsPanel } from './view-rounds.ts';

function person(board: Board, a: BoardAttendee, canMove: boolean): PersonView {
  const moveId = canMove ? idFor({ verb: 'move-pick', meetingId: board.meetingId, version: board.version, args: [a.id] }) : undefined;
  return moveId ? { ...a, moveId } : a;
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

export function boardView(board: Board, viewer: PageInput['viewer'], rooms: PageInput['rooms'], facts: MeetingFacts | undefined): BoardView {
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
