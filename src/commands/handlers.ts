// What each command does to a meeting: one handler per command, working on a private copy the
// engine hands it, returning a reply and effects or a refusal. The rules of PRODUCT.md live here.
import { defaultRoomName, LIMITS, phoneRoomCount, type Attendee, type Meeting, type Run, type Step } from '../domain/meeting.ts';
import { helpText, type CommandInput, type CommandName, type UserRef } from './table.ts';
import { distributeAll, placeLateJoiners } from '../domain/distribute.ts';
import { findConflicts } from '../domain/conflicts.ts';
import { roomName } from '../engine/messages.ts';
import { cleanDisplayText, nameList, oneOfRooms, plural, roomRange } from '../domain/text.ts';
import { refuse, type Effect, type Refusal } from '../engine/outcome.ts';
import { randomId, type Random } from '../ports.ts';
import { renderBoardText, buildBoard } from '../board/board.ts';
import type { Actor } from '../domain/actor.ts';
import type { AnyCommandName, InternalName, InternalInput } from './internal.ts';

export interface Applied {
  readonly reply: string;
  readonly effects?: Effect[];
  /** false: nothing changed, no write. */
  readonly changed: boolean;
  /** false: a change that no board action can be based on (run progress) keeps the version. */
  readonly bump?: boolean;
}
export type HandlerResult = Applied | Refusal;

export interface Ctx<I> {
  readonly meeting: Meeting;
  readonly actor: Actor;
  readonly input: I;
  /** The version this change will get. */
  readonly next: number;
  readonly random: Random;
  readonly facilitator: boolean;
}

export type Handler<I> = (ctx: Ctx<I>) => HandlerResult;

/** A person's display name as stored: visible characters only, one line, within the length limit. */
export function clampName(name: string): string {
  const trimmed = cleanDisplayText(name) || 'Someone';
  return trimmed.length > LIMITS.displayNameLength ? `${trimmed.slice(0, LIMITS.displayNameLength - 1)}…` : trimmed;
}

export function facilitatorNames(meeting: Meeting): string {
  const names = meeting.attendees.filter((a) => a.role === 'facilitator').map((a) => a.name);
  return names.length > 0 ? names.slice(0, 5).join(', ') : 'nobody yet';
}

export function findByRef(meeting: Meeting, ref: UserRef): Attendee | undefined {
  if ('id' in ref) return meeting.attendees.find((a) => a.id === ref.id);
  const wanted = ref.name.toLowerCase();
  return meeting.attendees.find((a) => a.name.toLowerCase() === wanted);
}

function resolve(meeting: Meeting, ref: UserRef): Attendee | Refusal {
  if ('id' in ref) {
    return meeting.attendees.find((a) => a.id === ref.id) ?? refuse('unknown-attendee', `${ref.name ?? 'That person'} is not on this meeting’s roster. They can join with /breakouts join.`);
  }
  const wanted = ref.name.toLowerCase();
  const matches = meeting.attendees.filter((a) => a.name.toLowerCase() === wanted);
  if (matches.length === 1) return matches[0]!;
  if (matches.length > 1) return refuse('unknown-attendee', `More than one person on the roster is called ${ref.name}: mention them with @ so Breakouts knows which.`);
  return refuse('unknown-attendee', `Nobody called ${ref.name} is on this meeting’s roster. Check the name, or ask them to /breakouts join.`);
}

function isRefusal(value: Attendee | Refusal): value is Refusal {
  return 'ok' in value;
}

function describeRoom(meeting: Meeting, room: number | null): string {
  return room === null ? 'the main room' : roomName(meeting, room);
}

/** Distributable = everyone but facilitators. */
function distributable(meeting: Meeting): Attendee[] {
  return meeting.attendees.filter((a) => a.role !== 'facilitator');
}

function setRoom(a: Attendee, room: number | null, version: number): void {
  if (a.room !== room) a.placedAt = version;
  a.room = room;
  delete a.waiting;
}

function resizeRooms(meeting: Meeting, count: number, version: number): string[] {
  const notes: string[] = [];
  while (meeting.rooms.length < count) {
    const n = meeting.rooms.length + 1;
    meeting.rooms.push({ number: n, name: defaultRoomName(n) });
  }
  if (meeting.rooms.length > count) {
    let returned = 0;
    for (const a of meeting.attendees) {
      if (a.room !== null && a.room > count) {
        const removed = roomName(meeting, a.room);
        setRoom(a, null, version);
        a.waiting = `${removed} was removed: Distribute places them in another room.`;
        returned++;
      }
    }
    meeting.rooms.length = count;
    if (returned > 0) notes.push(`${plural(returned, 'person is', 'people are')} back in the main room from the removed rooms.`);
  }
  return notes;
}

/** After the phone-room limit or the room count shrinks, phone attendees above it wait in main. */
function enforcePhoneLimit(meeting: Meeting, version: number): number {
  const limit = phoneRoomCount(meeting);
  let moved = 0;
  for (const a of meeting.attendees) {
    if (a.audio === 'phone' && a.room !== null && a.room > limit) {
      setRoom(a, null, version);
      a.waiting = `Phone attendees can only be in ${roomRange(limit)}: Distribute places them ${limit === 1 ? 'there' : 'in one of those'}, or move them there.`;
      moved++;
    }
  }
  return moved;
}

/** Set someone's audio; a phone attendee above the phone rooms goes back to main, and the answer says so. */
function switchAudio(meeting: Meeting, target: Attendee, audio: Attendee['audio'], version: number, self: boolean): string {
  const from = target.room;
  target.audio = audio;
  if (enforcePhoneLimit(meeting, version) > 0 && target.room === null && from !== null) {
    return ` Phone attendees can only be in ${roomRange(phoneRoomCount(meeting))}, so ${self ? 'you are' : `${target.name} is`} back in the main room until a facilitator moves ${self ? 'you' : 'them'}.`;
  }
  const conflict = target.room === null ? undefined : findConflicts(meeting).get(target.room);
  if (!conflict) return '';
  return ` That makes an audio conflict in ${describeRoom(meeting, target.room)} (shown in red): ${nameList(conflict.affected.map((a) => a.name), 5)} will be asked to switch to phone.`;
}

/** About five to a room, and never fewer than two when phone and computer audio must be kept apart. */
function defaultRoomCount(people: readonly Attendee[]): number {
  const phone = people.some((a) => a.audio === 'phone');
  const other = people.some((a) => a.audio !== 'phone');
  const least = phone && other ? 2 : LIMITS.minRooms;
  return Math.max(least, Math.min(LIMITS.maxRooms, Math.ceil(people.length / 5)));
}

/** Who is in which room right now (id → room), to see afterwards whom a change moved. */
function roomsNow(meeting: Meeting): ReadonlyMap<string, number | null> {
  return new Map(meeting.attendees.map((a) => [a.id, a.room]));
}

/**
 * While rooms are open, a change that takes people out of the room they are in moves them at
 * once and sends phone callers new dial-in details. It waits for a go-ahead that names them.
 */
function askBeforeLiveMoves(meeting: Meeting, before: ReadonlyMap<string, number | null>, confirmed: boolean, retype: string): Refusal | undefined {
  if (confirmed || meeting.status !== 'started') return undefined;
  const moved = meeting.attendees.filter((a) => {
    const was = before.get(a.id);
    return was !== undefined && was !== null && was !== a.room;
  });
  if (moved.length === 0) return undefined;
  const names = nameList(moved.map((a) => a.name), 5);
  const where = moved.every((a) => a.room === null) ? 'back to the main room' : moved.every((a) => a.room !== null) ? 'to other rooms' : 'to other rooms or the main room';
  const phone = moved.filter((a) => a.audio === 'phone').map((a) => a.name);
  const told = phone.length > 0 ? ` ${phone.length === 1 ? 'Phone caller' : 'Phone callers'} ${nameList(phone, 5)} ${phone.length === 1 ? 'is' : 'are'} sent what to dial now by direct message.` : '';
  return refuse(
    'needs-confirmation',
    `Rooms are open, so this moves ${plural(moved.length, 'person', 'people')} ${where} right away: ${names}.${told} Nothing was changed yet. To go ahead, type /breakouts ${retype} confirm.`,
    meeting,
  );
}

function runBusy(meeting: Meeting): Run | undefined {
  return meeting.run && !meeting.run.finished ? meeting.run : undefined;
}

function summarizePlacement(meeting: Meeting, placed: number, waiting: number): string {
  const rooms = meeting.rooms.length;
  const conflicts = findConflicts(meeting).size;
  const parts = [`Placed ${plural(placed, 'person', 'people')} in ${plural(rooms, 'room')}.`];
  if (waiting > 0) parts.push(`${plural(waiting, 'person stays', 'people stay')} in the main room (reason on the board).`);
  if (conflicts === 0) parts.push('No audio conflicts.');
  return parts.join(' ');
}

function doDistribute(meeting: Meeting, next: number, random: Random, fromScratch: boolean): { placed: number; waiting: number } {
  const people = distributable(meeting);
  const layoutExists = !fromScratch && people.some((a) => a.room !== null);
  if (!layoutExists) {
    // Facilitators moved into a room by hand stay there; nobody is distributed into a conflict with them.
    const fixed = meeting.attendees.filter((a) => a.role === 'facilitator' && a.room !== null).map((a) => ({ id: a.id, audio: a.audio, room: a.room ?? 0 }));
    const placement = distributeAll(people, { rooms: meeting.rooms.length, phoneRoomLimit: meeting.settings.phoneRoomLimit, random, fixed });
    const reasons = new Map(placement.unplaced.map((u) => [u.id, u.reason]));
    people.forEach((a, i) => {
      const room = placement.roomOf[i]!;
      setRoom(a, room === 0 ? null : room, next);
      const why = reasons.get(a.id);
      if (why) a.waiting = why;
    });
    return { placed: people.length - placement.unplaced.length, waiting: placement.unplaced.length };
  }
  return placeJoiners(meeting, people.filter((a) => a.room === null), next, random);
}

/** Rule 8: place these unplaced people into the smallest compatible rooms; nobody placed moves. */
function placeJoiners(meeting: Meeting, joiners: readonly Attendee[], next: number, random: Random): { placed: number; waiting: number } {
  const placedPeople = meeting.attendees.filter((a) => a.room !== null).map((a) => ({ id: a.id, audio: a.audio, room: a.room ?? 0 }));
  const placement = placeLateJoiners(placedPeople, joiners, { rooms: meeting.rooms.length, phoneRoomLimit: meeting.settings.phoneRoomLimit, random });
  const reasons = new Map(placement.unplaced.map((u) => [u.id, u.reason]));
  joiners.forEach((a, i) => {
    const room = placement.roomOf[i]!;
    if (room !== 0) setRoom(a, room, next);
    const why = reasons.get(a.id);
    if (why) a.waiting = why;
  });
  return { placed: joiners.length - placement.unplaced.length, waiting: placement.unplaced.length };
}

/** A new pending step; keys are unique within a run by construction (room numbers, person ids). */
function pendingStep(step: Omit<Step, 'state'>): Step {
  return { ...step, state: 'pending' };
}

function occupiedRooms(meeting: Meeting): number[] {
  const rooms = new Set<number>();
  for (const a of meeting.attendees) if (a.room !== null) rooms.add(a.room);
  return [...rooms].sort((x, y) => x - y);
}

function newRun(meeting: Meeting, kind: Run['kind'], random: Random): Run {
  const steps: Step[] = [];
  if (kind === 'end') {
    for (const room of meeting.rooms) if (room.resourceId) steps.push(pendingStep({ key: `close:${room.number}`, kind: 'close', room: room.number }));
    // No platform can hang up a phone call: phone attendees are told to rejoin the main session.
    for (const a of meeting.attendees) {
      if (a.room !== null && a.audio === 'phone') steps.push(pendingStep({ key: `notify:${a.id}`, kind: 'notify', to: a.id, reason: 'ended', room: a.room }));
    }
    return { id: randomId(random, 8), kind, steps, finished: steps.length === 0 };
  }
  const occupied = occupiedRooms(meeting);
  for (const r of occupied) if (!meeting.rooms[r - 1]?.resourceId) steps.push(pendingStep({ key: `prepare:${r}`, kind: 'prepare', room: r }));
  if (kind === 'start') {
    for (const r of occupied) steps.push(pendingStep({ key: `open:${r}`, kind: 'open', room: r }));
    for (const r of occupied) steps.push(pendingStep({ key: `welcome:${r}`, kind: 'welcome', room: r }));
    for (const a of meeting.attendees) {
      if (a.room !== null && a.audio === 'phone') steps.push(pendingStep({ key: `notify:${a.id}`, kind: 'notify', to: a.id, reason: 'phone-dial-in', room: a.room }));
    }
  }
  return { id: randomId(random, 8), kind, steps, finished: steps.length === 0 };
}

/** Resuming an apply after the layout changed: rooms occupied since then are prepared too. */
function withNewRooms(meeting: Meeting, run: Run): Run {
  const keys = new Set(run.steps.map((s) => s.key));
  const added = occupiedRooms(meeting)
    .filter((r) => !meeting.rooms[r - 1]?.resourceId && !keys.has(`prepare:${r}`))
    .map((r) => pendingStep({ key: `prepare:${r}`, kind: 'prepare', room: r }));
  return added.length === 0 ? run : { ...run, steps: [...run.steps, ...added], finished: false };
}

/**
 * What a resumed run can honestly promise: a step is recorded once it is done, so recorded steps
 * never run again, but the few under way when the run stopped (at most the runner's concurrency)
 * had no record yet and run again.
 */
const RESUME_PROMISE = 'Steps recorded as done are not repeated; the few that were under way when it stopped may be sent once more.';

function runSummary(run: Run): string {
  const pending = run.steps.filter((s) => s.state === 'pending').length;
  return `${run.steps.length - pending} of ${run.steps.length} steps done`;
}

export const HANDLERS: { [N in AnyCommandName]: Handler<N extends CommandName ? CommandInput<N> : N extends InternalName ? InternalInput<N> : never> } = {
  distribute({ meeting, input, next, random }) {
    const notes: string[] = [];
    const people = distributable(meeting);
    const resized = input.rooms !== undefined && input.rooms !== meeting.rooms.length;
    const hadRooms = meeting.rooms.length > 0;
    if (input.rooms !== undefined && resized) {
      const before = roomsNow(meeting);
      notes.push(...resizeRooms(meeting, input.rooms, next));
      enforcePhoneLimit(meeting, next);
      const ask = askBeforeLiveMoves(meeting, before, input.confirm, `distribute ${input.rooms}`);
      if (ask) return ask;
    } else if (meeting.rooms.length === 0) {
      resizeRooms(meeting, defaultRoomCount(people), next);
    }
    if (people.length === 0) {
      return { reply: `Nobody to distribute yet: attendees join with /breakouts join (facilitators stay in the main room).`, changed: resized || !hadRooms };
    }
    const layoutExists = people.some((a) => a.room !== null);
    const unplaced = people.filter((a) => a.room === null).length;
    if (layoutExists && unplaced === 0) {
      // A new room count is still saved (the new rooms stay empty until a shuffle).
      const now = resized ? ` The meeting now has ${plural(meeting.rooms.length, 'room')}.` : '';
      return { reply: `Everyone already has a room; the layout is kept. Use shuffle to re-split everyone.${now}${notes.length ? ` ${notes.join(' ')}` : ''}`, changed: resized || notes.length > 0 };
    }
    const { placed, waiting } = doDistribute(meeting, next, random, false);
    const lead = layoutExists ? `Kept the layout and placed ${plural(placed, 'late joiner')}.` : summarizePlacement(meeting, placed, waiting);
    const tail = layoutExists && waiting > 0 ? ` ${plural(waiting, 'person stays', 'people stay')} in the main room (reason on the board).` : '';
    return { reply: [lead + tail, ...notes].join(' '), changed: true };
  },

  shuffle({ meeting, input, next, random }) {
    if (meeting.rooms.length > 0 && distributable(meeting).length === 0) {
      return { reply: 'Nobody to shuffle yet: attendees join with /breakouts join (facilitators stay where they are).', changed: false };
    }
    const before = roomsNow(meeting);
    if (meeting.rooms.length === 0) resizeRooms(meeting, defaultRoomCount(distributable(meeting)), next);
    const { placed, waiting } = doDistribute(meeting, next, random, true);
    const ask = askBeforeLiveMoves(meeting, before, input.confirm, 'shuffle');
    if (ask) return ask;
    return { reply: `Shuffled: ${summarizePlacement(meeting, placed, waiting)}`, changed: true };
  },

  rooms({ meeting, input, next }) {
    if (input.count === meeting.rooms.length) return { reply: `There are already ${plural(input.count, 'room')}.`, changed: false };
    const before = roomsNow(meeting);
    const notes = resizeRooms(meeting, input.count, next);
    const moved = enforcePhoneLimit(meeting, next);
    const ask = askBeforeLiveMoves(meeting, before, input.confirm, `rooms ${input.count}`);
    if (ask) return ask;
    if (moved > 0) notes.push(`${plural(moved, 'phone attendee')} went back to the main room (phone attendees may use ${roomRange(phoneRoomCount(meeting))}).`);
    return { reply: [`The meeting now has ${plural(input.count, 'room')}.`, ...notes].join(' '), changed: true };
  },

  'add-room'(ctx) {
    if (ctx.meeting.rooms.length >= LIMITS.maxRooms) return refuse('bad-input', `A meeting has at most ${LIMITS.maxRooms} rooms.`, ctx.meeting);
    const added = HANDLERS.rooms({ ...ctx, input: { count: ctx.meeting.rooms.length + 1, confirm: false } });
    if ('ok' in added) return added;
    // The one-click way out of "too few rooms": the people waiting for a room are placed at once.
    const waiting = distributable(ctx.meeting).filter((a) => a.room === null && a.waiting !== undefined);
    if (waiting.length === 0) return added;
    const { placed } = placeJoiners(ctx.meeting, waiting, ctx.next, ctx.random);
    return placed === 0 ? added : { ...added, reply: `${added.reply} Placed ${plural(placed, 'waiting person', 'waiting people')}.` };
  },

  rename({ meeting, input }) {
    const room = meeting.rooms[input.room - 1];
    if (!room) return refuse('bad-input', `There is no room ${input.room}: the meeting has ${plural(meeting.rooms.length, 'room')}.`, meeting);
    if (room.name === input.title) return { reply: `Room ${input.room} is already called ${input.title}.`, changed: false };
    // Names reach phone callers with their access code: two rooms must never be confusable.
    const wanted = input.title.toLowerCase();
    const clash = meeting.rooms.find((r) => r.number !== room.number && (r.name.toLowerCase() === wanted || defaultRoomName(r.number).toLowerCase() === wanted));
    if (clash) {
      return refuse('bad-input', `“${input.title}” is ${clash.name.toLowerCase() === wanted ? 'already the name of' : 'how people know'} room ${clash.number}: pick a name no other room has.`, meeting);
    }
    room.name = input.title;
    return { reply: `Room ${input.room} is now called ${input.title}.`, changed: true };
  },

  move({ meeting, input, next }) {
    const target = resolve(meeting, input.user);
    if (isRefusal(target)) return { ...target, meeting };
    const to = input.to === 'main' ? null : input.to;
    if (to !== null && to > meeting.rooms.length) {
      return refuse('bad-input', `There is no room ${to}: the meeting has ${plural(meeting.rooms.length, 'room')}. Add rooms with /breakouts rooms <n>.`, meeting);
    }
    const limit = phoneRoomCount(meeting);
    if (to !== null && target.audio === 'phone' && to > limit) {
      return refuse(
        'phone-room-limit',
        `${target.name} is on the phone, and phone attendees can only be in ${roomRange(limit)} (the phone bridge has ${plural(meeting.settings.phoneRoomLimit, 'sub-conference')}). Move them to ${oneOfRooms(limit)}.`,
        meeting,
      );
    }
    if (target.room === to) return { reply: `${target.name} is already in ${describeRoom(meeting, to)}.`, changed: false };
    setRoom(target, to, next);
    const parts = [`Moved ${target.name} to ${describeRoom(meeting, to)}.`];
    const conflict = to === null ? undefined : findConflicts(meeting).get(to);
    if (conflict) {
      // Those already prompted about this room are not asked again (one prompt per conflict).
      const asked = conflict.affected.filter((a) => meeting.prompts[a.id]?.room !== to).map((a) => a.name);
      const who = asked.length > 0 ? `${nameList(asked, 5)} will be asked to switch to phone.` : 'Everyone affected there has already been asked to switch to phone.';
      parts.push(`This is an audio conflict: phone and computer audio are mixed in ${describeRoom(meeting, to)} (shown in red). ${who}`);
    }
    return { reply: parts.join(' '), changed: true };
  },

  audio({ meeting, actor, input, next, facilitator }) {
    const ref: UserRef = input.user ?? { id: actor.id, name: actor.name };
    const self = 'id' in ref && ref.id === actor.id;
    if (!self && !facilitator) return refuse('forbidden', 'Only a facilitator can change someone else’s audio. You can set your own with /breakouts audio <phone|voip|listening>.', meeting);
    let target = findByRef(meeting, ref);
    if (!target) {
      if (!self) return resolve(meeting, ref) as Refusal;
      target = { id: actor.id, name: clampName(actor.name), audio: input.audio, role: 'attendee', room: null, placedAt: next };
      meeting.attendees.push(target);
      return { reply: `You joined ${meeting.title} with ${input.audio} audio.`, changed: true };
    }
    if (target.audio === input.audio) return { reply: `${self ? 'Your' : `${target.name}’s`} audio is already ${input.audio}.`, changed: false };
    return { reply: `${self ? 'Your' : `${target.name}’s`} audio is now ${input.audio}.${switchAudio(meeting, target, input.audio, next, self)}`, changed: true };
  },

  join({ meeting, actor, input, next }) {
    const existing = meeting.attendees.find((a) => a.id === actor.id);
    if (existing) {
      if (input.audio && input.audio !== existing.audio) {
        return { reply: `You are on the roster; your audio is now ${input.audio}.${switchAudio(meeting, existing, input.audio, next, true)}`, changed: true };
      }
      return { reply: `You are already on the roster (${existing.audio}, ${describeRoom(meeting, existing.room)}).`, changed: false };
    }
    meeting.attendees.push({ id: actor.id, name: clampName(actor.name), audio: input.audio ?? 'voip', role: 'attendee', room: null, placedAt: next });
    return { reply: `You joined ${meeting.title} with ${input.audio ?? 'voip'} audio. A facilitator will place you in a room.`, changed: true };
  },

  leave({ meeting, actor, input, facilitator }) {
    const ref: UserRef = input.user ?? { id: actor.id, name: actor.name };
    const self = 'id' in ref && ref.id === actor.id;
    if (!self && !facilitator) return refuse('forbidden', 'Only a facilitator can remove someone else from the roster.', meeting);
    const target = findByRef(meeting, ref);
    if (!target) return self ? { reply: 'You are not on the roster.', changed: false } : (resolve(meeting, ref) as Refusal);
    if (target.role === 'facilitator' && meeting.attendees.filter((a) => a.role === 'facilitator').length === 1) {
      return refuse('last-facilitator', `${self ? 'You are' : `${target.name} is`} the only facilitator: add another (/breakouts facilitator add @someone) first.`, meeting);
    }
    meeting.attendees = meeting.attendees.filter((a) => a.id !== target.id);
    return { reply: self ? `You left ${meeting.title}.` : `${target.name} is no longer on the roster.`, changed: true };
  },

  facilitator({ meeting, input, next }) {
    let target = findByRef(meeting, input.user);
    if (input.action === 'add') {
      if (!target) {
        if (!('id' in input.user)) return resolve(meeting, input.user) as Refusal;
        target = { id: input.user.id, name: clampName(input.user.name ?? input.user.id), audio: 'voip', role: 'facilitator', room: null, placedAt: next };
        meeting.attendees.push(target);
        return { reply: `${target.name} is now a facilitator.`, changed: true };
      }
      if (target.role === 'facilitator') return { reply: `${target.name} is already a facilitator.`, changed: false };
      target.role = 'facilitator';
      return { reply: `${target.name} is now a facilitator (facilitators are not distributed; they stay where they are).`, changed: true };
    }
    if (!target || target.role !== 'facilitator') return { reply: `${target?.name ?? 'That person'} is not a facilitator.`, changed: false };
    if (meeting.attendees.filter((a) => a.role === 'facilitator').length === 1) {
      return refuse('last-facilitator', `${target.name} is the only facilitator: add another first.`, meeting);
    }
    target.role = 'attendee';
    return { reply: `${target.name} is no longer a facilitator.`, changed: true };
  },

  'phone-rooms'({ meeting, input, next }) {
    if (meeting.settings.phoneRoomLimit === input.limit) return { reply: `Phone attendees may already use ${roomRange(input.limit)}.`, changed: false };
    const before = roomsNow(meeting);
    meeting.settings.phoneRoomLimit = input.limit;
    const moved = enforcePhoneLimit(meeting, next);
    const ask = askBeforeLiveMoves(meeting, before, input.confirm, `phone-rooms ${input.limit}`);
    if (ask) return ask;
    return {
      reply: `Phone attendees may now use ${roomRange(input.limit)}.${moved > 0 ? ` ${plural(moved, 'phone attendee')} went back to the main room.` : ''}`,
      changed: true,
    };
  },

  dialin({ meeting, input }) {
    if (input.number.toLowerCase() === 'off') {
      if (!meeting.settings.dialIn) return { reply: 'There are no dial-in details to clear.', changed: false };
      delete meeting.settings.dialIn;
      return { reply: 'Dial-in details cleared.', changed: true };
    }
    if (input.codes.length > LIMITS.maxRooms) return refuse('bad-input', `At most ${LIMITS.maxRooms} access codes (one per room).`, meeting);
    const bad = input.codes.find((c) => !/^[0-9*#]{1,40}$/.test(c));
    if (bad) return refuse('bad-input', `“${bad}” is not an access code: use digits, * and # only.`, meeting);
    const codes: Record<string, string> = {};
    input.codes.forEach((c, i) => (codes[String(i + 1)] = c));
    meeting.settings.dialIn = { number: input.number, codes };
    return { reply: `Dial-in set to ${input.number}${input.codes.length ? ` with codes for rooms 1–${input.codes.length}` : ''}.`, changed: true };
  },

  import({ meeting, input, next }) {
    const known = new Set(meeting.attendees.map((a) => a.id));
    let added = 0;
    for (const p of input.people) {
      if (known.has(p.id)) continue;
      known.add(p.id);
      meeting.attendees.push({ id: p.id, name: clampName(p.name), audio: p.audio ?? 'voip', role: 'attendee', room: null, placedAt: next });
      added++;
    }
    const already = input.people.length - added;
    return { reply: `Added ${plural(added, 'person', 'people')} to the roster${already ? `; ${already} ${already === 1 ? 'was' : 'were'} already on it` : ''}.`, changed: added > 0 };
  },

  apply({ meeting, random }) {
    if (meeting.status === 'started') return refuse('wrong-status', 'Breakouts are running: moves already apply live. End them first to save a layout for later.', meeting);
    const busy = runBusy(meeting);
    if (busy && busy.kind !== 'apply') {
      return refuse('busy', `${busy.kind === 'end' ? 'An end' : 'A start'} is under way (${runSummary(busy)}): wait for it to finish, or type /breakouts ${busy.kind} to resume it if it stopped.`, meeting);
    }
    if (occupiedRooms(meeting).length === 0) return refuse('wrong-status', 'Nobody is in a room yet: distribute first.', meeting);
    const run = busy ? withNewRooms(meeting, busy) : newRun(meeting, 'apply', random);
    meeting.run = run;
    meeting.status = 'applied';
    const toPrepare = run.steps.filter((s) => s.state === 'pending').length;
    return {
      reply: `Layout saved. ${toPrepare > 0 ? `Preparing ${plural(toPrepare, 'room')}; press` : 'Press'} Apply and Start when it is time.`,
      changed: true,
      effects: run.finished ? [] : [{ type: 'run', runId: run.id }],
    };
  },

  start({ meeting, random }) {
    const busy = runBusy(meeting);
    if (busy && busy.kind === 'start') {
      // Either it stopped (crash, restart) or it is still going; the runner joins a run under way.
      return { reply: `Carrying on with the start (${runSummary(busy)}). ${RESUME_PROMISE}`, changed: false, effects: [{ type: 'run', runId: busy.id }] };
    }
    if (meeting.status === 'started') return refuse('wrong-status', 'Breakouts are already running. Moves apply live; End brings everyone back.', meeting);
    if (occupiedRooms(meeting).length === 0) return refuse('wrong-status', 'Nobody is in a room yet: distribute first.', meeting);
    const run = newRun(meeting, 'start', random);
    meeting.run = run;
    meeting.status = 'started';
    const conflicts = findConflicts(meeting).size;
    return {
      reply: `Starting breakouts in ${plural(occupiedRooms(meeting).length, 'room')}.${conflicts ? ` ${plural(conflicts, 'room')} still ${conflicts === 1 ? 'has' : 'have'} an audio conflict.` : ''}`,
      changed: true,
      effects: [{ type: 'run', runId: run.id }],
    };
  },

  end({ meeting, random }) {
    const busy = runBusy(meeting);
    if (busy && busy.kind === 'end') return { reply: `Carrying on with the end (${runSummary(busy)}). ${RESUME_PROMISE}`, changed: false, effects: [{ type: 'run', runId: busy.id }] };
    if (meeting.status !== 'started') return refuse('wrong-status', `Breakouts are not running (status: ${meeting.status}). Start them first.`, meeting);
    const run = newRun(meeting, 'end', random);
    meeting.run = run;
    meeting.status = 'ended';
    return { reply: 'Ending breakouts: everyone is going back to the main room.', changed: true, effects: run.finished ? [] : [{ type: 'run', runId: run.id }] };
  },

  status({ meeting, actor }) {
    return { reply: renderBoardText(buildBoard(meeting, actor)), changed: false };
  },

  help({ input }) {
    return { reply: helpText(input.topic), changed: false };
  },

  'confirm-phone'({ meeting, actor, input, next }) {
    const attendee = meeting.attendees.find((a) => a.id === actor.id);
    const prompt = meeting.prompts[actor.id];
    if (!attendee || !prompt || prompt.id !== input.promptId) {
      // A newer prompt stands when they moved on into another conflict: point at it, not at "no conflict".
      const why = prompt
        ? `you are now in ${roomName(meeting, prompt.room)}, which has an audio conflict: use the newer message about it.`
        : `the audio conflict it was about is gone.${attendee?.room ? ` You are in ${roomName(meeting, attendee.room)}, with no audio conflict.` : ''}`;
      return refuse('prompt-gone', `This prompt no longer applies: ${why} Nothing was changed.`, meeting);
    }
    attendee.audio = 'phone';
    enforcePhoneLimit(meeting, next);
    return { reply: `Thanks — your audio is now phone. ${roomName(meeting, prompt.room)} is updated on the board.`, changed: true };
  },

  voice({ meeting, input, next }) {
    const existing = meeting.attendees.find((a) => a.id === input.person.id);
    if (input.present) {
      if (!existing) {
        const name = clampName(input.person.name);
        meeting.attendees.push({ id: input.person.id, name, audio: input.person.audio ?? 'voip', role: 'attendee', room: null, placedAt: next });
        return { reply: `${name} joined.`, changed: true };
      }
      // A declared phone connection stays: the voice channel does not know about the bridge.
      if (input.person.audio && existing.audio !== 'phone' && existing.audio !== input.person.audio) {
        return { reply: `${existing.name} is now ${input.person.audio}.${switchAudio(meeting, existing, input.person.audio, next, false)}`, changed: true };
      }
      return { reply: '', changed: false };
    }
    // Leaving voice: phone attendees are on the bridge and facilitators keep their role.
    if (!existing || existing.audio === 'phone' || existing.role === 'facilitator') return { reply: '', changed: false };
    meeting.attendees = meeting.attendees.filter((a) => a.id !== existing.id);
    return { reply: `${existing.name} left.`, changed: true };
  },

  step({ meeting, input }) {
    const run = meeting.run;
    if (!run || run.id !== input.runId) return refuse('stale', 'That run is over.', meeting);
    const index = run.steps.findIndex((s) => s.key === input.key);
    const step = run.steps[index];
    if (!step) return refuse('bad-input', `No step ${input.key} in this run.`, meeting);
    if (input.resources) Object.assign(meeting.resources, input.resources);
    if (step.kind === 'prepare' && step.room !== undefined && input.resourceId) {
      const room = meeting.rooms[step.room - 1];
      if (room) room.resourceId = input.resourceId;
    }
    // A new step object: the copy shares the unchanged steps with the stored run.
    run.steps[index] = { ...step, state: input.failed ? 'failed' : 'done', ...(input.failed ? { note: input.failed } : {}) };
    if (input.unreachable && input.unreachable.length > 0) {
      // A whole room may be unreachable: look people and steps up by id, not one scan each.
      const byId = new Map(meeting.attendees.map((a) => [a.id, a]));
      const keys = new Set(run.steps.map((s) => s.key));
      for (const id of input.unreachable) {
        const a = byId.get(id);
        const key = `notify:${id}`;
        if (!a || a.room === null || keys.has(key)) continue;
        keys.add(key);
        run.steps.push(pendingStep({ key, kind: 'notify', to: id, reason: 'not-reached', room: a.room }));
      }
    }
    run.finished = run.steps.every((s) => s.state !== 'pending');
    return { reply: '', changed: true, bump: false };
  },

  remember({ meeting, input }) {
    const same = Object.entries(input.resources).every(([k, v]) => meeting.resources[k] === v);
    if (same) return { reply: '', changed: false };
    Object.assign(meeting.resources, input.resources);
    return { reply: '', changed: true, bump: false };
  },

  resource({ meeting, input }) {
    const room = meeting.rooms[input.room - 1];
    if (!room) return refuse('bad-input', `No room ${input.room}.`, meeting);
    room.resourceId = input.resourceId;
    return { reply: '', changed: true, bump: false };
  },
};
