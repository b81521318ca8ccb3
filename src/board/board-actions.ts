// What the board offers to do next: its buttons for the meeting's state and the viewer, and the
// label of a run's progress.
import { LIMITS, type Meeting } from '../domain/meeting.ts';
import type { BoardAction } from './board-types.ts';

export function progressLabel(kind: 'apply' | 'start' | 'end', finished: boolean): string {
  const verbs = { apply: ['Preparing rooms', 'Rooms prepared'], start: ['Opening rooms', 'Rooms open'], end: ['Closing rooms', 'Rooms closed'] } as const;
  return verbs[kind][finished ? 1 : 0];
}

export function availableActions(meeting: Meeting, facilitator: boolean, suggestAddRoom: boolean): BoardAction[] {
  const occupied = meeting.attendees.some((a) => a.room !== null);
  const started = meeting.status === 'started';
  const busy = meeting.run !== undefined && !meeting.run.finished;
  const all: (BoardAction & { show: boolean })[] = [
    { verb: 'distribute', label: 'Distribute', style: occupied ? 'default' : 'primary', facilitatorOnly: true, show: true },
    {
      verb: 'shuffle',
      label: 'Shuffle',
      style: 'default',
      facilitatorOnly: true,
      show: occupied,
      confirm: started ? 'Rooms are open: re-split everyone and move them to their new rooms now?' : 'Re-split everyone from scratch?',
    },
    { verb: 'add-room', label: 'Add a room', style: suggestAddRoom ? 'primary' : 'default', facilitatorOnly: true, show: meeting.rooms.length < LIMITS.maxRooms },
    { verb: 'move-open', label: 'Move…', style: 'default', facilitatorOnly: true, show: meeting.attendees.length > 0 },
    { verb: 'apply', label: 'Apply', style: 'default', facilitatorOnly: true, show: occupied && !started },
    {
      verb: 'start',
      label: busy && meeting.run?.kind === 'start' ? 'Resume start' : 'Apply and Start',
      style: 'primary',
      facilitatorOnly: true,
      show: occupied && (!started || (busy && meeting.run?.kind === 'start')),
    },
    // An end that stopped half-way (status already ended) is resumed from the board like a start.
    {
      verb: 'end',
      label: busy && meeting.run?.kind === 'end' ? 'Resume end' : 'End',
      style: 'danger',
      facilitatorOnly: true,
      show: started || (busy && meeting.run?.kind === 'end'),
      confirm: 'Bring everyone back to the main room?',
    },
    { verb: 'join', label: 'Join', style: 'default', facilitatorOnly: false, show: true },
    { verb: 'pick-open', label: 'Choose your room', style: 'primary', facilitatorOnly: false, show: meeting.settings.mode === 'choose' && meeting.rooms.length > 0 },
    { verb: 'audio', label: 'My audio', style: 'default', facilitatorOnly: false, show: true },
  ];
  return all.filter((a) => a.show && (facilitator || !a.facilitatorOnly)).map(({ show: _show, ...a }) => a);
}
