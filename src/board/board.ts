// The neutral room board: one description of what every adapter shows (rooms, audio icons and
// key, conflicts with reasons, warnings, status, progress, actions), plus its plain-text form
// for the CLI, `status` and notification fallback text.
import { AUDIO_ICONS, AUDIO_LABELS, AUDIO_KINDS, LIMITS, phoneRoomCount, type Audio, type Meeting, type Role, type Status } from '../domain/meeting.ts';
import { findConflicts } from '../domain/conflicts.ts';
import type { Verb } from '../commands/action-id.ts';
import { isFacilitatorActor, type Actor } from '../domain/actor.ts';
import { peopleSummary, plural, roomRange, nameList } from '../domain/text.ts';
import { clockTime, openHelp, personName } from '../domain/facilitation.ts';
import { formatDuration } from '../domain/duration.ts';
import { roomLabel } from '../domain/messages.ts';
import { repeatsLine } from '../commands/rounds.ts';

export interface BoardAttendee {
  readonly id: string;
  readonly name: string;
  readonly audio: Audio;
  readonly icon: string;
  readonly role: Role;
  readonly conflict: boolean;
  /** Why they are still in the main room, when Smart Distribute left them there. */
  readonly waiting?: string;
}

export interface BoardRoom {
  readonly number: number;
  readonly name: string;
  readonly attendees: readonly BoardAttendee[];
  readonly counts: Readonly<Record<Audio, number>>;
  readonly phoneAllowed: boolean;
  readonly conflict?: { readonly reason: string; readonly affected: readonly string[] };
  readonly warnings: readonly string[];
  /** An open help request from this room. */
  readonly helpAsked: boolean;
  /** Facilitators visiting the room (names): they are not counted in it. */
  readonly visitors: readonly string[];
  /** Their ids, in the same order. */
  readonly visitorIds: readonly string[];
}

/** The running timer: surfaces show `endsAt` in each reader's own time zone (Slack <!date>, Discord <t:…>). */
export interface BoardTimer {
  readonly endsAt: string;
  /** Seconds since the epoch, for the platforms' date tokens. */
  readonly endsAtSeconds: number;
  /** Time is up: rooms close at `endsAt` (the grace). */
  readonly closing: boolean;
  /** Seconds left when the board was drawn. */
  readonly leftSeconds: number;
  /** Plain words: "Rooms close at 14:05 UTC (in 12 min)". */
  readonly line: string;
}

/** A help request the board lists (open ones oldest first, then those someone is on). */
export interface BoardHelp {
  readonly id: string;
  readonly room: number;
  readonly roomName: string;
  readonly askers: readonly string[];
  /** The askers' ids, in the same order. */
  readonly askerIds: readonly string[];
  readonly note?: string;
  readonly at: string;
  readonly ageSeconds: number;
  /** The age in words: "3 min ago". */
  readonly ago: string;
  readonly state: 'open' | 'claimed';
  readonly claimedBy?: string;
  /** Plain words: "Breakout 3 — Ana asked 3 min ago: “…”" / "… — Bo is on it". */
  readonly line: string;
}

export interface BoardAction {
  readonly verb: Verb;
  readonly label: string;
  readonly style: 'primary' | 'danger' | 'default';
  readonly facilitatorOnly: boolean;
  /** A confirmation question for actions that affect everyone. */
  readonly confirm?: string;
}

export interface BoardProgress {
  readonly kind: 'apply' | 'start' | 'end';
  readonly done: number;
  readonly failed: number;
  readonly total: number;
  readonly finished: boolean;
  readonly label: string;
  readonly notes: readonly string[];
}

export interface Board {
  readonly meetingId: string;
  readonly version: number;
  readonly title: string;
  readonly status: Status;
  readonly statusLabel: string;
  readonly key: readonly { readonly audio: Audio; readonly icon: string; readonly label: string }[];
  readonly rooms: readonly BoardRoom[];
  /**
   * Breakouts ended: `rooms` is the last round's layout, kept for the next round, and nobody is
   * in a room now (`counts.placed` is 0). Surfaces show the rooms under `roomsHeading`.
   */
  readonly lastRound: boolean;
  /** What the rooms are: "Rooms", or the last round's layout once breakouts ended. */
  readonly roomsHeading: string;
  readonly main: readonly BoardAttendee[];
  /** What the main-room list is: who is there, or (after the end) who was in no room last round. */
  readonly mainHeading: string;
  readonly warnings: readonly string[];
  readonly conflictCount: number;
  readonly counts: { readonly total: number; readonly placed: number; readonly waiting: number } & Readonly<Record<Audio, number>>;
  readonly phoneRooms: number;
  readonly phoneRoomLimit: number;
  readonly dialIn?: string;
  readonly progress?: BoardProgress;
  readonly actions: readonly BoardAction[];
  /** Room count + 1, when adding a room would let waiting people be placed. */
  readonly suggestAddRoom: boolean;
  readonly timer?: BoardTimer;
  /** A timer set before the start: "Timer: 15 min, from Start". */
  readonly plannedTimer?: string;
  /** How the last timed run ended, when it ended late ("ended 4 min late: …"). */
  readonly timerNote?: string;
  /** The last broadcast: "Last broadcast 14:02 UTC to every room: …". */
  readonly broadcast?: { readonly text: string; readonly at: string; readonly atSeconds: number; readonly room?: number; readonly line: string };
  readonly help: readonly BoardHelp[];
  /** Who places people: facilitators (assign) or attendees themselves, from the board (choose). */
  readonly mode: 'assign' | 'choose';
  /** The room cap (`room-cap`), when there is one. */
  readonly roomCap?: number;
  /** What the last distribute said about pairs meeting again: "3 pairs meet again (a random shuffle: 41)". */
  readonly repeats?: { readonly now: number; readonly random: number; readonly line: string };
}

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

/**
 * What the last distribute could not honour, while it still stands (a facilitator's move may have
 * fixed it since): a together group still split, an apart pair still sharing a room, someone still
 * away from their pre-assigned room. Each note keeps the reason it was given.
 */
function standingUnmet(meeting: Meeting): string[] {
  if (!meeting.unmet || meeting.unmet.length === 0) return [];
  const roomOf = new Map(meeting.attendees.map((a) => [a.id, a.room]));
  const stands = (u: NonNullable<Meeting['unmet']>[number]): boolean => {
    const here = u.ids.filter((id) => roomOf.has(id));
    if (u.kind === 'together') return here.length >= 2 && new Set(here.map((id) => roomOf.get(id))).size > 1;
    if (u.kind === 'apart') {
      const rooms = here.map((id) => roomOf.get(id)).filter((r) => r !== null);
      return new Set(rooms).size < rooms.length;
    }
    return here.length > 0 && here.some((id) => roomOf.get(id) !== u.room);
  };
  return meeting.unmet.filter(stands).map((u) => u.text);
}

const seconds = (iso: string): number => Math.floor(Date.parse(iso) / 1000);

/** "in 12 min", "in 40 s", "now". */
function inWords(left: number): string {
  if (left <= 0) return 'now';
  return left < 60 ? `in ${left} s` : `in ${Math.round(left / 60)} min`;
}

/** "3 min ago", "40 s ago". */
function agoWords(age: number): string {
  return age < 60 ? `${age} s ago` : `${Math.floor(age / 60)} min ago`;
}

/** The timer, the last broadcast and the help queue, as the board shows them. */
function facilitation(meeting: Meeting, now: Date): Pick<Board, 'timer' | 'plannedTimer' | 'timerNote' | 'broadcast' | 'help'> {
  const out: { -readonly [K in keyof Pick<Board, 'timer' | 'plannedTimer' | 'timerNote' | 'broadcast' | 'help'>]: Board[K] } = { help: [] };
  const timer = meeting.status === 'started' ? meeting.timer : undefined;
  if (timer) {
    const endsAt = timer.closesAt ?? timer.endsAt;
    const left = Math.max(0, Math.round((Date.parse(endsAt) - now.getTime()) / 1000));
    const closing = timer.closesAt !== undefined;
    out.timer = { endsAt, endsAtSeconds: seconds(endsAt), closing, leftSeconds: left, line: `${closing ? 'Time is up: rooms close' : 'Rooms close'} at ${clockTime(endsAt)} (${inWords(left)})` };
  } else if (meeting.status !== 'started' && meeting.settings.plannedTimerSeconds) {
    out.plannedTimer = `Timer: ${formatDuration(meeting.settings.plannedTimerSeconds)}, from Start`;
  }
  if (meeting.timerEnded && meeting.timerEnded.lateSeconds > 0 && meeting.status === 'ended') {
    out.timerNote = `Breakouts ended ${formatDuration(meeting.timerEnded.lateSeconds)} late: Breakouts was not running when the timer ran out.`;
  }
  if (meeting.broadcast) {
    const b = meeting.broadcast;
    const to = b.room ? `to ${roomLabel(meeting, b.room)}` : 'to every room';
    out.broadcast = { text: b.text, at: b.at, atSeconds: seconds(b.at), ...(b.room ? { room: b.room } : {}), line: `Last broadcast ${clockTime(b.at)} ${to}: ${b.text}` };
  }
  const listed = (meeting.help ?? []).filter((h) => h.state === 'open' || (h.state === 'claimed' && meeting.status === 'started'));
  // Open requests first, oldest first; then the ones someone is on.
  listed.sort((a, b) => (a.state === b.state ? a.at.localeCompare(b.at) : a.state === 'open' ? -1 : 1));
  out.help = listed.map((h): BoardHelp => {
    const age = Math.max(0, Math.floor((now.getTime() - Date.parse(h.at)) / 1000));
    const askers = h.askers.map((id) => personName(meeting, id));
    const claimedBy = h.claimedBy ? personName(meeting, h.claimedBy) : undefined;
    const what = `${roomLabel(meeting, h.room)} — ${nameList(askers, 3)} asked ${agoWords(age)}${h.note ? `: “${h.note}”` : ''}`;
    return {
      id: h.id,
      room: h.room,
      roomName: roomLabel(meeting, h.room),
      askers,
      askerIds: h.askers,
      ...(h.note ? { note: h.note } : {}),
      at: h.at,
      ageSeconds: age,
      ago: agoWords(age),
      state: h.state === 'open' ? 'open' : 'claimed',
      ...(claimedBy ? { claimedBy } : {}),
      line: claimedBy ? `${what} — ${claimedBy} is on it` : what,
    };
  });
  return out;
}

/** The facilitation lines of the plain-text board (timer, broadcast, help queue). */
export function facilitationLines(board: Board): string[] {
  const lines: string[] = [];
  if (board.timer) lines.push(`⏱ ${board.timer.line}`);
  if (board.plannedTimer) lines.push(`⏱ ${board.plannedTimer}`);
  if (board.timerNote) lines.push(`⏱ ${board.timerNote}`);
  if (board.broadcast) lines.push(`📣 ${board.broadcast.line}`);
  if (board.help.length > 0) {
    lines.push(`🙋 Help requests (${board.help.length}):`);
    for (const h of board.help) lines.push(`   ${h.line}`);
  }
  return lines;
}

/** Phone callers need the bridge number, and a code for their room when the bridge uses codes. */
function missingDialIn(meeting: Meeting, rooms: readonly BoardRoom[]): string | undefined {
  if (meeting.status === 'ended') return undefined;
  const phoneRooms = rooms.filter((r) => r.counts.phone > 0).map((r) => r.number);
  if (phoneRooms.length === 0) return undefined;
  const dialIn = meeting.settings.dialIn;
  if (!dialIn) return 'Phone attendees have no dial-in details yet: set them with /breakouts dialin <number> codes <code for room 1> <room 2> …';
  const codes = Object.keys(dialIn.codes).length;
  if (codes === 0) return undefined;
  const without = phoneRooms.filter((n) => dialIn.codes[String(n)] === undefined);
  if (without.length === 0) return undefined;
  return `${without.length === 1 ? 'Room' : 'Rooms'} ${without.join(', ')} ${without.length === 1 ? 'has' : 'have'} phone attendees but no access code: add codes with /breakouts dialin ${dialIn.number} codes …`;
}

function progressLabel(kind: 'apply' | 'start' | 'end', finished: boolean): string {
  const verbs = { apply: ['Preparing rooms', 'Rooms prepared'], start: ['Opening rooms', 'Rooms open'], end: ['Closing rooms', 'Rooms closed'] } as const;
  return verbs[kind][finished ? 1 : 0];
}

function availableActions(meeting: Meeting, facilitator: boolean, suggestAddRoom: boolean): BoardAction[] {
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

function attendeeText(a: BoardAttendee): string {
  return `${a.icon} ${a.name}${a.role === 'facilitator' ? ' (facilitator)' : ''}`;
}

/** Plain text: `status`, the CLI table, and fallback text for notifications. */
export function renderBoardText(board: Board, options: { maxNamesPerRoom?: number } = {}): string {
  const max = options.maxNamesPerRoom ?? 50;
  const lines: string[] = [];
  lines.push(`${board.title} — ${board.statusLabel}`);
  lines.push(`Key: ${board.key.map((k) => `${k.icon} ${k.label}`).join('   ')}`);
  lines.push(
    `${peopleSummary(board.counts, AUDIO_ICONS)} · ${plural(board.rooms.length, 'room')} · phone ${roomRange(board.phoneRooms)}`,
  );
  if (board.progress) lines.push(`${board.progress.label}: ${board.progress.done}/${board.progress.total}${board.progress.failed ? ` (${board.progress.failed} failed)` : ''}`);
  if (board.mode === 'choose') lines.push('🚪 Attendees choose their own room (Choose your room).');
  if (board.roomCap !== undefined) lines.push(`Room cap: ${board.roomCap}`);
  if (board.repeats) lines.push(`🔁 ${board.repeats.line}`);
  lines.push(...facilitationLines(board));
  for (const w of board.warnings) lines.push(`⚠️ ${w}`);
  lines.push('');
  if (board.lastRound) lines.push(`${board.roomsHeading}:`);
  for (const room of board.rooms) {
    const mark = room.conflict ? '🟥 ' : '';
    const visiting = room.visitors.length > 0 ? ` · visiting: ${room.visitors.join(', ')}` : '';
    lines.push(`${mark}${room.number}. ${room.name} (${room.attendees.length})${room.phoneAllowed ? ' · phone ok' : ''}${room.helpAsked ? ' · 🙋 help asked' : ''}${visiting}`);
    if (room.conflict) lines.push(`   ${room.conflict.reason}`);
    for (const w of room.warnings) lines.push(`   ⚠️ ${w}`);
    const names = room.attendees.slice(0, max).map(attendeeText);
    if (room.attendees.length > max) names.push(`… and ${room.attendees.length - max} more`);
    if (names.length > 0) lines.push(`   ${names.join(', ')}`);
  }
  lines.push('');
  lines.push(`${board.mainHeading} (${board.main.length})`);
  for (const a of board.main.slice(0, max)) lines.push(`   ${attendeeText(a)}${a.waiting ? ` — ${a.waiting}` : ''}`);
  if (board.main.length > max) lines.push(`   … and ${board.main.length - max} more`);
  return lines.join('\n');
}
