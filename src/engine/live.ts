// What a change means while rooms are open: who must be moved on the platform at once, which phone
// callers must be told what to dial now, and the stints the round under way records; plus the
// layout signature that decides whether a board's buttons are stale.
import { currentRound } from '../commands/rounds.ts';
import { LIMITS, type Meeting } from '../domain/meeting.ts';
import { roomNotice } from '../domain/messages.ts';
import type { Effect } from '../domain/outcome.ts';

/**
 * While rooms are open, whoever changed room (by any command) must be moved on the platform too;
 * so must someone who joined straight into a room (an imported layout, a pick).
 */
export function liveMoves(before: Meeting | undefined, after: Meeting): Effect[] {
  if (!before || before.status !== 'started' || after.status !== 'started') return [];
  const was = new Map(before.attendees.map((a) => [a.id, a.room]));
  const effects: Effect[] = [];
  for (const a of after.attendees) {
    const from = was.has(a.id) ? was.get(a.id)! : null;
    if (from !== a.room) effects.push({ type: 'live-move', attendeeId: a.id, from, to: a.room });
  }
  return effects;
}

/**
 * While rooms are open, whoever changed room by any command (a move, a shuffle, a pick, a join
 * that placed them, a leave) ends their stint and, in a room, starts a new one. The engine calls
 * this once per change, next to the live moves, so no command has to remember it.
 */
export function recordStints(before: Meeting | undefined, after: Meeting, now: Date): void {
  if (!before || before.status !== 'started' || after.status !== 'started') return;
  const round = currentRound(after);
  if (!round) return;
  const was = new Map(before.attendees.map((a) => [a.id, a.room]));
  const is = new Map(after.attendees.map((a) => [a.id, a]));
  const changedIds: string[] = [];
  for (const id of new Set([...was.keys(), ...is.keys()])) if ((was.get(id) ?? null) !== (is.get(id)?.room ?? null)) changedIds.push(id);
  if (changedIds.length === 0) return;
  const at = now.toISOString();
  const stints = [...round.stints];
  const open = new Map<string, number>();
  stints.forEach((s, i) => {
    if (s.left === undefined) open.set(s.id, i);
  });
  const roomNames = { ...round.roomNames };
  for (const id of changedIds) {
    const i = open.get(id);
    if (i !== undefined) stints[i] = { ...stints[i]!, left: at };
    const a = is.get(id);
    if (a && a.room !== null) {
      stints.push({ id, name: a.name, audio: a.audio, room: a.room, joined: at });
      const room = after.rooms[a.room - 1];
      if (room && roomNames[String(a.room)] === undefined) roomNames[String(a.room)] = room.name;
    }
  }
  after.rounds = [...after.rounds!.slice(0, -1), { ...round, roomNames, stints: stints.slice(-LIMITS.maxAttendees * 4) }];
}


/** While rooms are open, a room whose headcount changed shows its new status at a glance. */
export function roomStatusChanges(before: Meeting | undefined, after: Meeting): Effect[] {
  if (!before || before.status !== 'started' || after.status !== 'started') return [];
  const count = (m: Meeting): Map<number, number> => {
    const n = new Map<number, number>();
    for (const a of m.attendees) if (a.room !== null) n.set(a.room, (n.get(a.room) ?? 0) + 1);
    return n;
  };
  const was = count(before);
  const now = count(after);
  const rooms = new Set([...was.keys(), ...now.keys()]);
  return [...rooms].filter((r) => was.get(r) !== now.get(r)).sort((x, y) => x - y).map((room) => ({ type: 'room-status', room }) as const);
}

/**
 * While rooms are open, a phone call cannot be moved by the platform: every phone caller whose
 * room changed gets one message with what to dial now (their new room's dial-in, or the main
 * session's), and someone who switched to phone inside a room gets that room's dial-in, unless
 * it came with the conflict prompt they just answered.
 */
export function phoneNotices(before: Meeting | undefined, after: Meeting): Effect[] {
  if (!before || before.status !== 'started' || after.status !== 'started') return [];
  const was = new Map(before.attendees.map((a) => [a.id, a]));
  const effects: Effect[] = [];
  for (const a of after.attendees) {
    if (a.audio !== 'phone') continue;
    const old = was.get(a.id);
    let reason: 'moved' | 'switched' | undefined;
    if (!old) reason = a.room === null ? undefined : 'moved';
    else if (old.room !== a.room) reason = a.room !== null || old.audio === 'phone' ? 'moved' : undefined;
    else if (old.audio !== 'phone' && a.room !== null && before.prompts[a.id]?.room !== a.room) reason = 'switched';
    if (!reason) continue;
    const message = roomNotice(after, a, reason, old?.room);
    if (message) effects.push({ type: 'dm', to: a.id, message });
  }
  return effects;
}

/** Everything a board button's meaning can depend on: status, rooms, and who is placed where. */
export function layoutSignature(meeting: Meeting): string {
  const placed: string[] = [];
  for (const a of meeting.attendees) if (a.room !== null) placed.push(`${a.id}=${a.room}`);
  return `${meeting.status}|${meeting.rooms.length}|${placed.join(',')}`;
}
