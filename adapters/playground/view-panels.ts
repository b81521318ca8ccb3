// The viewer's own panels: "You are" (their buttons, audio and the room picker) and their inbox of
// direct messages, whose buttons act on the meeting the message came from.
import type { Board, BoardAttendee } from '../../src/board/board.ts';
import { AUDIO_KINDS, AUDIO_LABELS } from '../../src/domain/meeting.ts';
import { ASK_LABEL } from '../../src/domain/facilitation.ts';
import type { InboxMessage } from './platform.ts';
import type { ButtonView, InboxView, PageInput, PickView, YouView } from './view-types.ts';
import { button, idFor, roomLabel, viewerRoom } from './view-shared.ts';

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

export function youView(board: Board | undefined, viewer: PageInput['viewer'], choosable: readonly number[] | undefined): YouView {
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

export function inboxView(messages: readonly InboxMessage[]): InboxView[] {
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
