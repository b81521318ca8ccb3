// The command engine: validates a request, checks who may do it and whether it was built on the
// current board, applies the rule to a copy of the meeting inside one serialised store update,
// and returns the new state with the effects to carry out — or a refusal. No I/O but its ports.
import { z } from 'zod';
import { PersonIdSchema, PlaceSchema, LIMITS, meetingKey, type Meeting, type Place } from '../domain/meeting.ts';
import { COMMAND_SCHEMAS, COMMANDS_BY_NAME, helpText, usage, type CommandInput, type CommandSpec, type Permission } from '../commands/table.ts';
import { reconcilePrompts } from '../domain/conflicts.ts';
import { conflictPrompt, roomNotice } from './messages.ts';
import { refuse, type Effect, type Outcome, type Refusal } from './outcome.ts';
import { describeFailure } from '../store/failures.ts';
import { HUMAN_ERRORS } from '../domain/issues.ts';
import { randomId, type Clock, type MeetingStore, type Random } from '../ports.ts';
import { isFacilitatorActor, type Actor } from '../domain/actor.ts';
import { INTERNAL_PERMISSIONS, INTERNAL_SCHEMAS, type AnyCommandName, type InternalName } from '../commands/internal.ts';
import { HANDLERS, type Handler, clampName, facilitatorNames, findByRef } from '../commands/handlers.ts';

export { SYSTEM_ACTOR, type Actor } from '../domain/actor.ts';
export { INTERNAL_SCHEMAS, type AnyCommandName, type InternalInput, type InternalName } from '../commands/internal.ts';

export type Target = { readonly place: Place } | { readonly meetingId: string; readonly channelId?: string };

export interface EngineRequest {
  readonly target: Target;
  readonly actor: Actor;
  readonly command: AnyCommandName;
  /** Raw input; parsed here with the command's zod schema. */
  readonly input?: unknown;
  /** The board version a button was built on; absent for typed commands. */
  readonly version?: number;
  /**
   * The platform's identity of this request (Slack trigger_id, Discord interaction id). A request
   * whose id the meeting already handled is a retried delivery: it changes and sends nothing.
   */
  readonly requestId?: string;
}

export interface Engine {
  execute(request: EngineRequest): Promise<Outcome>;
  get(target: Target): Promise<Meeting | undefined>;
}

export interface EngineDeps {
  readonly store: MeetingStore;
  readonly clock: Clock;
  readonly random: Random;
}

/** "Only a facilitator can …": what each facilitator-only command does, in words. */
const FACILITATOR_DOES: Partial<Record<AnyCommandName, string>> = {
  distribute: 'distribute',
  shuffle: 'shuffle',
  rooms: 'change the number of rooms',
  'add-room': 'add a room',
  rename: 'rename rooms',
  move: 'move people',
  facilitator: 'add or remove facilitators',
  'phone-rooms': 'change which rooms take phone attendees',
  dialin: 'set the dial-in details',
  import: 'import the roster',
  apply: 'apply the layout',
  start: 'start breakouts',
  end: 'end breakouts',
};

/**
 * Run progress and platform resource ids: all these commands change. A start records one step per
 * room and per direct message, so they copy only what they touch, not the whole roster each time.
 */
const BOOKKEEPING = new Set<AnyCommandName>(['step', 'remember', 'resource']);

const PERSONAL = new Set<AnyCommandName>(['join', 'leave', 'audio', 'status', 'help', 'confirm-phone']);

export function createEngine(deps: EngineDeps): Engine {
  const { store, clock, random } = deps;

  async function resolveKey(target: Target): Promise<{ key: string } | Refusal> {
    if ('place' in target) return { key: meetingKey(target.place) };
    const meeting = await store.getById(target.meetingId);
    if (!meeting) return refuse('no-meeting', 'That button belongs to a meeting that no longer exists. Type /breakouts status for the current board.');
    if (target.channelId !== undefined && target.channelId !== meeting.place.channelId) {
      return refuse('no-meeting', 'That button belongs to another meeting’s board. Use the board in this channel.');
    }
    return { key: meeting.key };
  }

  return {
    async get(target) {
      const found = await resolveKey(target);
      return 'key' in found ? store.get(found.key) : undefined;
    },

    async execute(request) {
      if (!request.actor.system && !PersonIdSchema.safeParse(request.actor.id).success) {
        return refuse('bad-input', 'Breakouts cannot tell who you are (the platform sent an unusual user id). Nothing was changed.');
      }
      const schema = (COMMAND_SCHEMAS as Record<string, z.ZodType>)[request.command] ?? (INTERNAL_SCHEMAS as Record<string, z.ZodType>)[request.command];
      if (!schema) return refuse('bad-input', `Unknown command “${request.command}”. Type /breakouts help.`);
      const parsed = schema.safeParse(request.input ?? {}, HUMAN_ERRORS);
      if (!parsed.success) return refuse('bad-input', describeIssues(request.command, parsed.error, request.input));
      const isInternal = request.command in INTERNAL_SCHEMAS;
      const spec = isInternal ? undefined : COMMANDS_BY_NAME.get(request.command);
      const permission = spec?.permission ?? INTERNAL_PERMISSIONS[request.command as InternalName];
      if (permission === 'system' && !request.actor.system) return refuse('forbidden', 'Only Breakouts itself can do that.');

      // The place becomes part of the stored meeting: an id the data file cannot hold would make
      // the whole file unreadable at the next start, so it is refused here instead.
      if ('place' in request.target && !PlaceSchema.safeParse(request.target.place).success) {
        return refuse('bad-input', 'Breakouts cannot run a meeting here (the platform sent an unusual channel id). Nothing was changed.');
      }
      if (request.requestId !== undefined && (request.requestId.length === 0 || request.requestId.length > LIMITS.requestIdLength)) {
        return refuse('bad-input', 'Breakouts cannot tell this request apart from others (the platform sent an unusual request id). Nothing was changed.');
      }
      try {
        return await apply(request, parsed.data, permission, spec);
      } catch (error) {
        // The store went away (read-only folder, database down): say so, in the engine's words.
        const sentence = describeFailure(error);
        if (sentence) return refuse('unavailable', `${sentence} Nothing was changed; try again in a moment.`);
        throw error;
      }
    },
  };

  async function apply(
    request: EngineRequest,
    input: unknown,
    permission: Permission | 'system' | undefined,
    spec: CommandSpec | undefined,
  ): Promise<Outcome> {
    const found = await resolveKey(request.target);
    if (!('key' in found)) return found;
    const key = found.key;

    return store.update<Outcome>(key, (current) => {
      if (current && request.requestId !== undefined && current.handled?.includes(request.requestId)) {
        return { value: { ok: true, meeting: current, effects: [], reply: '', changed: false, duplicate: true } };
      }
      let meeting: Meeting;
      const bookkeeping = BOOKKEEPING.has(request.command);
      if (current) {
        meeting = bookkeeping ? bookkeepingCopy(current) : structuredClone(current);
      } else if (spec?.creates && 'place' in request.target && !request.actor.system) {
        meeting = newMeeting(request.target.place, clock.now(), random);
      } else if (request.command === 'help') {
        return { value: { ok: true, meeting: emptyMeetingView(), effects: [], reply: helpText(stringTopic(input)), changed: false } };
      } else {
        return {
          value: refuse('no-meeting', 'There is no Breakouts meeting here yet. A facilitator starts one with /breakouts distribute (or /breakouts join to join).'),
        };
      }

      const next = meeting.version + 1;
      // Joining or setting your audio never makes you a facilitator; whoever first runs a
      // facilitator command in a meeting that has none becomes its first one (also someone the
      // platform lets manage it, so that the meeting has a facilitator of its own from then on).
      const promoted = permission === 'facilitator' && !request.actor.system && !hasFacilitator(meeting);
      if (promoted) promoteToFacilitator(meeting, request.actor, next);
      const facilitator = isFacilitatorActor(meeting, request.actor);
      if (permission === 'facilitator' && !facilitator) {
        return { value: refuse('forbidden', `Only a facilitator can ${FACILITATOR_DOES[request.command] ?? `use ${request.command}`}. Ask one of: ${facilitatorNames(meeting)}.`, current) };
      }

      // A button can only have been drawn from a version the meeting has had: a newer one was forged.
      if (request.version !== undefined && request.version > meeting.version) {
        return { value: refuse('bad-input', 'That button is not one Breakouts made (or it was changed). Nothing was changed; use the board’s own buttons.', current) };
      }
      if (request.version !== undefined && request.version < meeting.layoutVersion && !PERSONAL.has(request.command)) {
        const staleOk = request.command === 'move' && moveStillValid(meeting, input as CommandInput<'move'>, request.version);
        if (!staleOk) {
          return { value: refuse('stale', 'The board changed since you opened it; here is the current one. Nothing was changed.', current) };
        }
      }

      const handler = HANDLERS[request.command] as Handler<unknown>;
      const result = handler({ meeting, actor: request.actor, input, next, random, facilitator });
      // A refusal never leaks the half-changed copy: the caller sees the stored meeting.
      if ('ok' in result) return { value: current ? { ...result, meeting: current } : refuse(result.code, result.message) };
      // A command that creates the meeting is a change even if it does nothing else.
      if (!result.changed && current && !promoted) {
        return { value: { ok: true, meeting: current, effects: result.effects ?? [], reply: result.reply, changed: false } };
      }

      const effects: Effect[] = [...(result.effects ?? [])];
      // Bookkeeping shares the roster and prompts with the stored meeting and moves nobody.
      if (!bookkeeping) {
        effects.push(...liveMoves(current, meeting), ...phoneNotices(current, meeting));
        for (const p of reconcilePrompts(meeting, random)) {
          effects.push({ type: 'dm', to: p.to, message: conflictPrompt(meeting, p.attendee, p.conflict, p.promptId) });
        }
      }
      if (result.bump !== false) {
        meeting.version = next;
        if (!current || layoutSignature(current) !== layoutSignature(meeting)) meeting.layoutVersion = next;
        effects.unshift({ type: 'board' });
      }
      meeting.updatedAt = clock.now().toISOString();
      if (request.requestId !== undefined) meeting.handled = [...(meeting.handled ?? []), request.requestId].slice(-LIMITS.rememberedRequests);
      return { meeting, value: { ok: true, meeting, effects, reply: result.reply, changed: true } };
    });
  }
}

/** A copy for BOOKKEEPING commands: rooms, resources and the run are fresh; the rest is shared (never mutated in place). */
function bookkeepingCopy(m: Meeting): Meeting {
  const copy: Meeting = { ...m, rooms: m.rooms.map((r) => ({ ...r })), resources: { ...m.resources } };
  if (m.run) copy.run = { ...m.run, steps: [...m.run.steps] };
  return copy;
}

function stringTopic(input: unknown): string | undefined {
  if (typeof input === 'object' && input !== null && 'topic' in input && typeof input.topic === 'string') return input.topic;
  return undefined;
}

/** "/breakouts move: to must be a room number from 1 to 50, or main." plus the usage line. */
function describeIssues(command: string, error: z.ZodError, raw: unknown): string {
  const spec = COMMANDS_BY_NAME.get(command);
  const given = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
  const seen = new Set<string>();
  const lines: string[] = [];
  for (const issue of error.issues) {
    const field = issue.path.length > 0 ? String(issue.path[0]) : '';
    if (seen.has(field)) continue;
    seen.add(field);
    if (!field) lines.push(issue.message);
    else if (given[field] === undefined) lines.push(`${field} is missing`);
    else lines.push(`${field} ${issue.message}`);
  }
  const usageLine = spec ? `\nUsage: ${usage(spec)} (more: /breakouts help ${spec.name})` : '';
  return `/breakouts ${command}: ${lines.join('; ')}. Nothing was changed.${usageLine}`;
}

function hasFacilitator(meeting: Meeting): boolean {
  return meeting.attendees.some((a) => a.role === 'facilitator');
}

/** The actor becomes a facilitator: on the roster already (their room is kept), or added to the main room. */
function promoteToFacilitator(meeting: Meeting, actor: Actor, version: number): void {
  const existing = meeting.attendees.find((a) => a.id === actor.id);
  if (existing) existing.role = 'facilitator';
  else meeting.attendees.push({ id: actor.id, name: clampName(actor.name), audio: 'voip', role: 'facilitator', room: null, placedAt: version });
}

/** An empty meeting: who joins it, and who becomes its facilitator, is up to the command that made it. */
function newMeeting(place: Place, now: Date, random: Random): Meeting {
  const stamp = now.toISOString();
  return {
    id: randomId(random, 10),
    key: meetingKey(place),
    place,
    title: 'Breakouts',
    status: 'draft',
    version: 0,
    layoutVersion: 0,
    settings: { phoneRoomLimit: LIMITS.defaultPhoneRoomLimit },
    rooms: [],
    attendees: [],
    prompts: {},
    resources: {},
    createdAt: stamp,
    updatedAt: stamp,
  };
}

/** What `help` answers with when there is no meeting: a valid but empty view. */
function emptyMeetingView(): Meeting {
  return {
    id: 'none0',
    key: 'none',
    place: { platform: 'playground', workspaceId: 'none', channelId: 'none', mainRoomId: 'none' },
    title: 'Breakouts',
    status: 'draft',
    version: 0,
    layoutVersion: 0,
    settings: { phoneRoomLimit: LIMITS.defaultPhoneRoomLimit },
    rooms: [],
    attendees: [],
    prompts: {},
    resources: {},
    createdAt: new Date(0).toISOString(),
    updatedAt: new Date(0).toISOString(),
  };
}

function moveStillValid(meeting: Meeting, input: CommandInput<'move'>, version: number): boolean {
  const target = findByRef(meeting, input.user);
  return target !== undefined && target.placedAt <= version;
}

/**
 * While rooms are open, a phone call cannot be moved by the platform: every phone caller whose
 * room changed gets one message with what to dial now (their new room's dial-in, or the main
 * session's), and someone who switched to phone inside a room gets that room's dial-in, unless
 * it came with the conflict prompt they just answered.
 */
function phoneNotices(before: Meeting | undefined, after: Meeting): Effect[] {
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
function layoutSignature(meeting: Meeting): string {
  const placed: string[] = [];
  for (const a of meeting.attendees) if (a.room !== null) placed.push(`${a.id}=${a.room}`);
  return `${meeting.status}|${meeting.rooms.length}|${placed.join(',')}`;
}

/** While rooms are open, whoever changed room (by any command) must be moved on the platform too. */
function liveMoves(before: Meeting | undefined, after: Meeting): Effect[] {
  if (!before || before.status !== 'started' || after.status !== 'started') return [];
  const was = new Map(before.attendees.map((a) => [a.id, a.room]));
  const effects: Effect[] = [];
  for (const a of after.attendees) {
    const from = was.get(a.id);
    if (from !== undefined && from !== a.room) effects.push({ type: 'live-move', attendeeId: a.id, from, to: a.room });
  }
  return effects;
}

export type { Outcome };
