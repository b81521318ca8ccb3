// The live part of the board (timer, broadcast, help queue) and the facilitators' controls for it:
// what changes minute by minute, apart from the rooms' layout.
import type { Board } from '../../src/board/board.ts';
import { CLAIM_LABEL } from '../../src/domain/facilitation.ts';
import type { CommandButtonView, HelpView, LiveControls, LiveView, PageInput } from './view-types.ts';
import { button, roomLabel } from './view-shared.ts';

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

export function liveView(board: Board, viewer: PageInput['viewer'], facilitator: boolean): LiveView {
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
