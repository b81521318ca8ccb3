// The neutral room board: one description of what every adapter shows (rooms, audio icons and
// key, conflicts with reasons, warnings, status, progress, actions), plus its plain-text form
// for the CLI, `status` and notification fallback text.
import { AUDIO_ICONS, AUDIO_LABELS, AUDIO_KINDS, LIMITS, phoneRoomCount, type Meeting, type Status } from '../domain/meeting.ts';
import { findConflicts } from '../domain/conflicts.ts';
import { isFacilitatorActor, type Actor } from '../domain/actor.ts';
import { openHelp, personName } from '../domain/facilitation.ts';
import { repeatsLine } from '../commands/rounds.ts';
import type { Board, BoardAttendee, BoardProgress, BoardRoom } from './board-types.ts';
import { availableActions, progressLabel } from './board-actions.ts';
import { facilitation } from './board-facilitation.ts';
import { missingDialIn, standingUnmet } from './board-warnings.ts';

export type { Board, BoardAction, BoardAttendee, BoardHelp, BoardProgress, BoardRoom, BoardTimer } from './board-types.ts';
export { facilitationLines, renderBoardText } from './board-text.ts';

export const STATUS_LABELS: Readonly<Record<Status, string>> = {
  draft: 'Draft — layout being edited',
  applied: 'Applied — layout saved, rooms not open yet',
  started: 'Started — rooms are open; moves apply live',
  ended: 'Ended — everyone is back in the main room',
};

export const LAST_ROUND_HEADING = 'Last round — everyone is back in the main room (this layout is kept for the next round)';

export const AUDIO_KEY = AUDIO_KINDS.map((audio) => ({ audio, icon: AUDIO_ICONS[audio], label: AUDIO_LABELS[audio] }));

/** Build the board for a viewer (undefined: the shared board everyone sees, with every action). */
export function buildBoard(meeting: Meeting, viewer?: Actor, now: Date = new Date()): Board {
  const conflicts = findConflicts(meeting);
  const limit = phoneRoomCount(meeting);
  const perRoom = new Map<number, BoardAttendee[]>();
  const main: BoardAttendee[] = [];
  const counts = { total: 0, placed: 0, waiting: 0, phone: 0, voip: 0, listening: 0 };
  for (const a of meeting.attendees) {
    counts.total++;
    counts[a.audio]++;
    const conflict = a.room !== null && conflicts.has(a.room);
    const view: BoardAttendee = {
      id: a.id,
      name: a.name,
      audio: a.audio,
      icon: AUDIO_ICONS[a.audio],
      role: a.role,
      conflict,
      ...(a.waiting ? { waiting: a.waiting } : {}),
    };
    if (a.room === null) {
      main.push(view);
      if (a.waiting) counts.waiting++;
    } else {
      counts.placed++;
      let list = perRoom.get(a.room);
      if (!list) perRoom.set(a.room, (list = []));
      list.push(view);
    }
  }

  const cap = meeting.settings.roomCap;
  const visitorIds = new Map<number, string[]>();
  for (const [id, room] of Object.entries(meeting.visits ?? {})) visitorIds.set(room, [...(visitorIds.get(room) ?? []), id]);
  const rooms: BoardRoom[] = meeting.rooms.map((room) => {
    const attendees = perRoom.get(room.number) ?? [];
    const c = { phone: 0, voip: 0, listening: 0 };
    for (const a of attendees) c[a.audio]++;
    const warnings: string[] = [];
    if (attendees.length === 1) warnings.push('Only one person: nobody to talk to.');
    if (cap !== undefined && attendees.length > cap) warnings.push(`Above the room cap: ${attendees.length} people, cap ${cap}.`);
    if (attendees.length > 0 && c.listening === attendees.length) warnings.push('Only listeners: nobody here can speak.');
    const conflict = conflicts.get(room.number);
    return {
      number: room.number,
      name: room.name,
      attendees,
      counts: c,
      phoneAllowed: room.number <= limit,
      ...(conflict ? { conflict: { reason: conflict.reason, affected: conflict.affected.map((a) => a.id) } } : {}),
      warnings,
      helpAsked: openHelp(meeting).some((h) => h.room === room.number),
      visitorIds: visitorIds.get(room.number) ?? [],
      visitors: (visitorIds.get(room.number) ?? []).map((id) => personName(meeting, id)),
    };
  });

  const warnings: string[] = [];
  const single = rooms.filter((r) => r.attendees.length === 1).length;
  const listenersOnly = rooms.filter((r) => r.warnings.some((w) => w.startsWith('Only listeners'))).length;
  if (conflicts.size > 0) warnings.push(`${conflicts.size} ${conflicts.size === 1 ? 'room has' : 'rooms have'} an audio conflict (in red).`);
  if (single > 0) warnings.push(`${single} ${single === 1 ? 'room has' : 'rooms have'} a single person.`);
  if (listenersOnly > 0) warnings.push(`${listenersOnly} ${listenersOnly === 1 ? 'room has' : 'rooms have'} only listeners.`);
  if (counts.waiting > 0) warnings.push(`${counts.waiting} waiting in the main room (see why below).`);
  const dialInGap = missingDialIn(meeting, rooms);
  if (dialInGap) warnings.push(dialInGap);
  const overCap = rooms.filter((r) => cap !== undefined && r.attendees.length > cap).map((r) => r.number);
  if (overCap.length > 0) warnings.push(`${overCap.length === 1 ? 'Room' : 'Rooms'} ${overCap.join(', ')} ${overCap.length === 1 ? 'is' : 'are'} above the room cap of ${cap}.`);
  warnings.push(...standingUnmet(meeting));

  const lastRound = meeting.status === 'ended';
  if (lastRound) counts.placed = 0;

  const run = meeting.run;
  const progress: BoardProgress | undefined = run
    ? {
        kind: run.kind,
        done: run.steps.filter((s) => s.state === 'done').length,
        failed: run.steps.filter((s) => s.state === 'failed').length,
        total: run.steps.length,
        finished: run.finished,
        label: progressLabel(run.kind, run.finished),
        notes: run.steps.filter((s) => s.note).map((s) => s.note ?? '').slice(0, 10),
      }
    : undefined;

  const facilitator = viewer === undefined || isFacilitatorActor(meeting, viewer);
  // A new room is above the phone rooms once there are as many rooms as the limit: no help to phone attendees.
  const phoneCanGainRoom = meeting.rooms.length < meeting.settings.phoneRoomLimit;
  const suggestAddRoom =
    meeting.rooms.length < LIMITS.maxRooms && meeting.attendees.some((a) => a.waiting !== undefined && a.room === null && (a.audio !== 'phone' || phoneCanGainRoom));
  return {
    meetingId: meeting.id,
    version: meeting.version,
    title: meeting.title,
    status: meeting.status,
    statusLabel: STATUS_LABELS[meeting.status],
    key: AUDIO_KEY,
    rooms,
    lastRound,
    roomsHeading: lastRound ? LAST_ROUND_HEADING : 'Rooms',
    main,
    mainHeading: lastRound ? 'Not in a room last round' : 'Main room',
    warnings,
    conflictCount: conflicts.size,
    counts,
    phoneRooms: limit,
    phoneRoomLimit: meeting.settings.phoneRoomLimit,
    ...(meeting.settings.dialIn ? { dialIn: meeting.settings.dialIn.number } : {}),
    ...(progress ? { progress } : {}),
    actions: availableActions(meeting, facilitator, suggestAddRoom),
    suggestAddRoom,
    ...facilitation(meeting, now),
    mode: meeting.settings.mode ?? 'assign',
    ...(cap !== undefined ? { roomCap: cap } : {}),
    ...(meeting.repeats ? { repeats: { now: meeting.repeats.now, random: meeting.repeats.random, line: repeatsLine(meeting.repeats) } } : {}),
  };
}
