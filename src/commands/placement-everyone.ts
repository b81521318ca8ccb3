// Placing everyone from scratch with Smart Distribute's even layout (first distribute, shuffle,
// `distribute new`, `distribute size n`), the meeting's constraints read as the optimiser wants them.
import { LIMITS, type Attendee, type Meeting } from '../domain/meeting.ts';
import { planRound, type RoundPerson, type UnmetConstraint } from '../domain/plan-round.ts';
import { nameList } from '../domain/text.ts';
import type { Random } from '../ports.ts';
import { distributable, enforcePhoneLimit, resizeRooms, setRoom, type Placed } from './placement-rooms.ts';
import { roundHistory, shuffleRepeats } from './rounds.ts';

/**
 * The meeting's together and apart constraints as the optimiser reads them, for these people:
 * overlapping together groups merge into one (labelled with their names), and everyone gets the
 * ids they are to be kept apart from. Constraints naming people not among them are left out.
 */
export function roundPeople(meeting: Meeting, people: readonly Attendee[]): RoundPerson[] {
  const here = new Set(people.map((p) => p.id));
  const parent = new Map<string, string>();
  const root = (x: string): string => {
    let r = x;
    while (parent.get(r) !== r) r = parent.get(r)!;
    parent.set(x, r);
    return r;
  };
  for (const group of meeting.constraints?.together ?? []) {
    const ids = group.filter((id) => here.has(id));
    if (ids.length < 2) continue;
    for (const id of ids) if (!parent.has(id)) parent.set(id, id);
    for (const id of ids.slice(1)) parent.set(root(id), root(ids[0]!));
  }
  const members = new Map<string, string[]>();
  for (const p of people) {
    if (!parent.has(p.id)) continue;
    const r = root(p.id);
    members.set(r, [...(members.get(r) ?? []), p.name]);
  }
  const labels = new Map<string, string>();
  const used = new Set<string>();
  for (const [r, names] of members) {
    let label = nameList(names, 4);
    for (let n = 2; used.has(label); n++) label = `${nameList(names, 4)} (${n})`;
    used.add(label);
    labels.set(r, label);
  }
  const apart = new Map<string, Set<string>>();
  for (const group of meeting.constraints?.apart ?? []) {
    const ids = group.filter((id) => here.has(id));
    for (const id of ids) {
      const set = apart.get(id) ?? new Set<string>();
      for (const other of ids) if (other !== id) set.add(other);
      apart.set(id, set);
    }
  }
  return people.map((p) => {
    const group = parent.has(p.id) ? labels.get(root(p.id)) : undefined;
    const others = apart.get(p.id);
    return { id: p.id, audio: p.audio, ...(group ? { group } : {}), ...(others && others.size > 0 ? { apart: [...others] } : {}) };
  });
}

export interface Planned extends Placed {
  /** Constraints the layout could not meet, each with its reason. */
  readonly warnings: readonly UnmetConstraint[];
  /** Pairs meeting again, and what a random shuffle would have given (both 0 without earlier rounds). */
  readonly repeats: number;
  readonly randomRepeats: number;
  /** How many rooms the layout uses now, and how many there were before (size and the room cap change it). */
  readonly rooms: number;
  readonly roomsBefore: number;
}

export interface EveryoneOptions {
  /** `distribute new`: as few pairs as possible meet again, over every earlier round. */
  readonly avoidRepeats?: boolean;
  /** Rooms of about this many people (the room count follows). */
  readonly size?: number;
  /** With `size`, the most rooms to use (default: the room limit). */
  readonly maxRooms?: number;
  /** Facilitators placed by hand keep their rooms (false: they are placed afterwards, `distribute facilitators`). */
  readonly keepFacilitators?: boolean;
}

/**
 * Everyone from scratch (first distribute, shuffle, `distribute new`, `distribute size n`): Smart
 * Distribute's even layout, with the together and apart constraints, the room cap (more rooms when
 * needed, up to the room limit) and, when asked, the fewest pairs who met before. Facilitators placed
 * by hand stay, and nobody lands in a conflict with them. Audio rules always win; what could not be
 * met comes back with its reason.
 */
export function placeEveryone(meeting: Meeting, version: number, random: Random, options: EveryoneOptions = {}): Planned {
  const people = distributable(meeting);
  const fixed =
    options.keepFacilitators === false ? [] : meeting.attendees.filter((a) => a.role === 'facilitator' && a.room !== null).map((a) => ({ id: a.id, audio: a.audio, room: a.room ?? 0 }));
  const history = roundHistory(meeting);
  const names = new Map(meeting.attendees.map((a) => [a.id, a.name]));
  const roomsBefore = meeting.rooms.length;
  const plan = planRound(roundPeople(meeting, people), {
    ...(options.size !== undefined ? { size: options.size, ...(options.maxRooms !== undefined ? { rooms: options.maxRooms } : {}) } : { rooms: Math.max(1, meeting.rooms.length) }),
    maxRooms: LIMITS.maxRooms,
    phoneRoomLimit: meeting.settings.phoneRoomLimit,
    random,
    history,
    ...(options.avoidRepeats ? { avoidRepeats: true } : {}),
    ...(meeting.settings.roomCap !== undefined ? { roomCap: meeting.settings.roomCap } : {}),
    ...(fixed.length > 0 ? { fixed } : {}),
    nameOf: (id) => names.get(id) ?? id,
  });
  if (plan.rooms !== meeting.rooms.length) {
    resizeRooms(meeting, plan.rooms, version);
    enforcePhoneLimit(meeting, version);
  }
  const reasons = new Map(plan.unplaced.map((u) => [u.id, u.reason]));
  people.forEach((a, i) => {
    const room = plan.roomOf[i]!;
    setRoom(a, room === 0 ? null : room, version);
    const why = reasons.get(a.id);
    if (why) a.waiting = why;
  });
  const randomRepeats = history.pairs === 0 ? 0 : shuffleRepeats(meeting, people, plan.rooms, history);
  return { placed: people.length - plan.unplaced.length, waiting: plan.unplaced.length, warnings: plan.warnings, repeats: plan.repeats, randomRepeats, rooms: plan.rooms, roomsBefore };
}

/** Smart Distribute of everyone from scratch (shuffle); facilitators placed by hand stay, and the constraints and room cap hold. */
export function distributeEveryone(meeting: Meeting, version: number, random: Random): Planned {
  return placeEveryone(meeting, version, random);
}
