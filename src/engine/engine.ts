// The command engine: one request goes through named stages — accept (parse the input with the
// command's schema), find the meeting, open it (a retry, a new meeting, or a copy to change),
// authorize, check the board it was built on, apply the command, reconcile (live moves, phone
// notices, conflict prompts), stamp (version, request id) — inside one serialised store update,
// and comes back as the new state with the effects to carry out, or a refusal. No I/O but its ports.
import { isFacilitatorActor, type Actor } from '../domain/actor.ts';
import { reconcilePrompts } from '../domain/conflicts.ts';
import { HUMAN_ERRORS } from '../domain/issues.ts';
import { alias, emptyMeeting, LIMITS, meetingKey, PersonIdSchema, PlaceSchema, type Meeting, type Place, type Platform } from '../domain/meeting.ts';
import { conflictPrompt } from '../domain/messages.ts';
import { refuse, type Effect, type Outcome, type Refusal, type Success } from '../domain/outcome.ts';
import { randomId } from '../domain/random.ts';
import type { CommandDefinition, HandlerResult } from '../commands/define.ts';
import { describeInputIssues } from '../commands/help.ts';
import { facilitatorNames, hasFacilitator, makeFacilitator } from '../commands/people.ts';
import { commandNamed, type CommandName } from '../commands/registry.ts';
import type { Clock, Random } from '../ports.ts';
import { describeFailure } from '../store/failures.ts';
import { outboxEntries } from '../store/outbox.ts';
import type { MeetingStore } from '../store/port.ts';
import { layoutSignature, liveMoves, phoneNotices, recordStints, roomStatusChanges } from './live.ts';

export { SYSTEM_ACTOR, type Actor } from '../domain/actor.ts';
export type { CommandName } from '../commands/registry.ts';

/**
 * Where a button was clicked, as the platform reports it: the engine decides whether a button of
 * this meeting may be used there (the shared board's channel, someone's own copy, a DM).
 */
export interface ClickOrigin {
  readonly platform: Platform;
  /** The Slack team or Discord server; undefined in a direct message. */
  readonly workspaceId?: string;
  /** The channel of the message the button is on. */
  readonly channelId?: string;
  /** On someone's own copy (an ephemeral message, a picker) or in a DM, not on the shared board. */
  readonly personal: boolean;
}

export type Target = { readonly place: Place } | { readonly meetingId: string; readonly origin?: ClickOrigin };

export interface EngineRequest {
  readonly target: Target;
  readonly actor: Actor;
  readonly command: CommandName;
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
  /**
   * The meeting a target names. With a click origin it is undefined where a button of the meeting
   * may not be used — and a DM origin allows only a command (confirm-phone), so there it is always undefined.
   */
  get(target: Target): Promise<Meeting | undefined>;
  /**
   * Whether the actor may run this command here, as things stand, without running it: the same
   * permission rule execute applies (an adapter asks before costly look-ups, or before showing
   * a screen that only facilitators may use). Without an input only the permission is checked.
   */
  can(request: Omit<EngineRequest, 'version' | 'requestId'>): Promise<{ readonly ok: true } | Refusal>;
}

export interface EngineDeps {
  readonly store: MeetingStore;
  readonly clock: Clock;
  readonly random: Random;
}

/**
 * Platform rules the engine applies by place. On Discord, members who may move members are the
 * meeting's managers; an attendee command from anyone else never starts a meeting there (so a
 * stray /breakouts-me join does not post a board nobody runs).
 */
const ONLY_MANAGERS_START: Readonly<Record<Platform, boolean>> = { slack: false, discord: true, playground: false };

/**
 * Where a command finds no meeting: named as people know the place (a Discord meeting is a voice
 * channel), and without suggesting a join that would be refused again.
 */
function noMeeting(place: Place | undefined, canStart: boolean): Refusal {
  const here = place?.platform === 'discord' ? 'in this voice channel' : 'here';
  const join = canStart ? ' (or /breakouts join to join)' : '';
  return refuse('no-meeting', `There is no Breakouts meeting ${here} yet. A facilitator starts one with /breakouts distribute${join}.`);
}
/** A button used where it does not belong, or of a meeting that is gone (a click cannot tell which). */
export const FOREIGN_BUTTON = 'That button belongs to a meeting that no longer exists, or to another meeting’s board. Nothing was changed; use the board in the meeting’s channel.';
const FORGED_BUTTON = 'That button is not one Breakouts made (or it was changed). Nothing was changed; use the board’s own buttons.';
const STALE_BOARD = 'The board changed since you opened it; here is the current one. Nothing was changed.';

type Definition = CommandDefinition;

/** A request whose input parsed with its command's schema. */
interface Accepted {
  readonly ok: true;
  readonly definition: Definition;
  readonly input: unknown;
}

/** What opening the meeting for a request gave: a copy to change, already the answer, or "a new meeting needs an id first". */
type Opened =
  | { readonly kind: 'change'; readonly meeting: Meeting; readonly facilitator: boolean; readonly promoted: boolean }
  | { readonly kind: 'answer'; readonly outcome: Outcome }
  | { readonly kind: 'needs-id' };

const answer = (outcome: Outcome): Opened => ({ kind: 'answer', outcome });

export function createEngine(deps: EngineDeps): Engine {
  const { store, clock, random } = deps;

  /** Stage 1: who is asking, which command, and is its input good. */
  function accept(request: Omit<EngineRequest, 'version'>, checkInput = true): Accepted | Refusal {
    if (!request.actor.system && !PersonIdSchema.safeParse(request.actor.id).success) {
      return refuse('bad-input', 'Breakouts cannot tell who you are (the platform sent an unusual user id). Nothing was changed.');
    }
    const definition: Definition | undefined = commandNamed(request.command);
    if (!definition) return refuse('bad-input', `Unknown command “${request.command}”. Type /breakouts help.`);
    if (definition.permission === 'system' && !request.actor.system) return refuse('forbidden', 'Only Breakouts itself can do that.');
    // The place becomes part of the stored meeting: an id the data file cannot hold would make
    // the whole file unreadable at the next start, so it is refused here instead.
    if ('place' in request.target && !PlaceSchema.safeParse(request.target.place).success) {
      return refuse('bad-input', 'Breakouts cannot run a meeting here (the platform sent an unusual channel id). Nothing was changed.');
    }
    if (request.requestId !== undefined && (request.requestId.length === 0 || request.requestId.length > LIMITS.requestIdLength)) {
      return refuse('bad-input', 'Breakouts cannot tell this request apart from others (the platform sent an unusual request id). Nothing was changed.');
    }
    if (!checkInput) return { ok: true, definition, input: undefined };
    const parsed = definition.input.safeParse(request.input ?? {}, HUMAN_ERRORS);
    if (!parsed.success) return refuse('bad-input', describeInputIssues(definition, parsed.error, request.input));
    return { ok: true, definition, input: parsed.data };
  }

  /** Stage 2: the meeting's key, and whether a button of it may be used where it was clicked. */
  async function locate(target: Target, definition?: Definition): Promise<{ readonly ok: true; readonly key: string } | Refusal> {
    if ('place' in target) return { ok: true, key: meetingKey(target.place) };
    const meeting = await store.getByAlias(alias.id(target.meetingId));
    // A click (it has an origin) cannot tell a deleted meeting from another one's board: one sentence covers both.
    if (!meeting) return refuse('no-meeting', target.origin ? FOREIGN_BUTTON : 'That button belongs to a meeting that no longer exists. Type /breakouts status for the current board.');
    return clickedWhereItBelongs(meeting, target.origin, definition) ? { ok: true, key: meeting.key } : refuse('no-meeting', FOREIGN_BUTTON);
  }

  /** Stages 3–4 on the stored meeting (or a new one): the meeting to change, and whether the actor may. */
  function open(current: Meeting | undefined, request: Omit<EngineRequest, 'version'>, accepted: Accepted, newId?: string): Opened {
    const { definition, input } = accepted;
    if (current && request.requestId !== undefined && current.handled?.includes(request.requestId)) {
      return answer({ ok: true, meeting: current, effects: [], reply: '', changed: false, duplicate: true });
    }
    let meeting: Meeting;
    if (current) {
      meeting = definition.bookkeeping ? bookkeepingCopy(current) : structuredClone(current);
    } else if (definition.withoutMeeting) {
      const reply = input === undefined ? '' : definition.withoutMeeting(input);
      return answer({ ok: true, meeting: emptyMeeting(EMPTY_PLACE, 'none0', new Date(0)), effects: [], reply, changed: false });
    } else if (definition.creates && 'place' in request.target && !request.actor.system) {
      const place = request.target.place;
      if (ONLY_MANAGERS_START[place.platform] && definition.forAttendees && !request.actor.canManage) return answer(noMeeting(place, false));
      if (newId === undefined) return { kind: 'needs-id' };
      meeting = emptyMeeting(place, newId, clock.now());
    } else {
      const place = 'place' in request.target ? request.target.place : undefined;
      return answer(noMeeting(place, !place || !ONLY_MANAGERS_START[place.platform] || request.actor.canManage === true));
    }
    return authorize(meeting, current, request.actor, definition);
  }

  /** Stage 4: facilitator-only commands; the first facilitator command in a meeting without one makes its author one. */
  function authorize(meeting: Meeting, current: Meeting | undefined, actor: Actor, definition: Definition): Opened {
    // Joining or setting your audio never makes you a facilitator; whoever first runs a
    // facilitator command in a meeting that has none becomes its first one (also someone the
    // platform lets manage it, so that the meeting has a facilitator of its own from then on).
    const promoted = definition.permission === 'facilitator' && !actor.system && !hasFacilitator(meeting);
    if (promoted) makeFacilitator(meeting, actor, meeting.version + 1);
    const facilitator = isFacilitatorActor(meeting, actor);
    if (definition.permission === 'facilitator' && !facilitator) {
      return answer(refuse('forbidden', `Only a facilitator can ${definition.does}. Ask one of: ${facilitatorNames(meeting)}.`, current));
    }
    return { kind: 'change', meeting, facilitator, promoted };
  }

  /** Stage 5: a click must be built on a board the meeting has shown, and on the current layout unless it still applies. */
  function checkBoard(meeting: Meeting, current: Meeting | undefined, version: number | undefined, accepted: Accepted): Refusal | undefined {
    if (version === undefined) return undefined;
    // A button can only have been drawn from a version the meeting has had: a newer one was forged.
    if (version > meeting.version) return refuse('bad-input', FORGED_BUTTON, current);
    if (version >= meeting.layoutVersion || accepted.definition.personal) return undefined;
    if (accepted.definition.stillValid?.(meeting, accepted.input, version)) return undefined;
    return refuse('stale', STALE_BOARD, current);
  }

  /** Stages 6–8: what the change means for people (live moves, phone notices, prompts), then its stamp. */
  function finish(current: Meeting | undefined, meeting: Meeting, result: Extract<HandlerResult, { ok: true }>, accepted: Accepted, requestId: string | undefined): Success {
    const effects: Effect[] = [...(result.effects ?? [])];
    let prompted = false;
    // Bookkeeping shares the roster and prompts with the stored meeting and moves nobody.
    if (!accepted.definition.bookkeeping) {
      // The round under way remembers every move (a stint ends, another starts), whatever command made it.
      recordStints(current, meeting, clock.now());
      effects.push(...liveMoves(current, meeting), ...phoneNotices(current, meeting), ...roomStatusChanges(current, meeting));
      for (const p of reconcilePrompts(meeting, random)) {
        effects.push({ type: 'dm', to: p.to, message: conflictPrompt(meeting, p.attendee, p.conflict, p.promptId) });
        prompted = true;
      }
    }
    if (result.bump !== false) {
      meeting.version += 1;
      if (!current || layoutSignature(current) !== layoutSignature(meeting)) meeting.layoutVersion = meeting.version;
      effects.unshift({ type: 'board' });
    }
    meeting.updatedAt = clock.now().toISOString();
    if (requestId !== undefined) meeting.handled = [...(meeting.handled ?? []), requestId].slice(-LIMITS.rememberedRequests);
    return { ok: true, meeting, effects, reply: result.reply, changed: true, ...(prompted ? { warning: true } : {}), ...(result.file ? { file: result.file } : {}) };
  }

  /** A short id no stored meeting has (ids are drawn at random; a clash, however unlikely, is drawn again). */
  async function freshMeetingId(): Promise<string> {
    for (;;) {
      const id = randomId(random, 10);
      if (!(await store.getByAlias(alias.id(id)))) return id;
    }
  }

  async function run(request: EngineRequest, accepted: Accepted): Promise<Outcome> {
    const found = await locate(request.target, accepted.definition);
    if (!found.ok) return found;
    const attempt = (newId?: string): Promise<Outcome | 'needs-id'> =>
      store.update<Outcome | 'needs-id'>(found.key, (current) => {
        const opened = open(current, request, accepted, newId);
        if (opened.kind === 'needs-id') return { value: 'needs-id' };
        if (opened.kind === 'answer') return { value: opened.outcome };
        const { meeting, facilitator, promoted } = opened;
        const stale = checkBoard(meeting, current, request.version, accepted);
        if (stale) return { value: stale };
        const result = accepted.definition.handle({ meeting, actor: request.actor, input: accepted.input, next: meeting.version + 1, random, now: clock.now(), facilitator });
        // A refusal never leaks the half-changed copy: the caller sees the stored meeting.
        if (!result.ok) return { value: current ? { ...result, meeting: current } : refuse(result.code, result.message) };
        // A command that creates the meeting, or makes its first facilitator, is a change even if it does nothing else.
        if (!result.changed && current && !promoted) {
          // A resumed run still needs its delivery written down (it keeps its id, so it is never there twice).
          const outbox = outboxEntries(current, result.effects ?? [], clock.now());
          return { value: { ok: true, meeting: current, effects: result.effects ?? [], reply: result.reply, changed: false, ...(result.file ? { file: result.file } : {}) }, ...(outbox.length > 0 ? { outbox } : {}) };
        }
        const done = finish(current, meeting, result, accepted, request.requestId);
        return { meeting: done.meeting, outbox: outboxEntries(done.meeting, done.effects, clock.now()), value: done };
      });
    // Only a new meeting needs an id, drawn outside the update (no stored meeting may have it).
    const first = await attempt();
    if (first !== 'needs-id') return first;
    const second = await attempt(await freshMeetingId());
    if (second === 'needs-id') throw new Error('a new meeting was given an id and still asked for one');
    return second;
  }

  return {
    async get(target) {
      const found = await locate(target);
      return found.ok ? store.get(found.key) : undefined;
    },

    async execute(request) {
      const accepted = accept(request);
      if (!accepted.ok) return accepted;
      try {
        return await run(request, accepted);
      } catch (error) {
        // The store went away (read-only folder, database down): say so, in the engine's words.
        const sentence = describeFailure(error);
        if (sentence) return refuse('unavailable', `${sentence} Nothing was changed; try again in a moment.`);
        throw error;
      }
    },

    async can(request) {
      const accepted = accept(request, request.input !== undefined);
      if (!accepted.ok) return accepted;
      const found = await locate(request.target, accepted.definition);
      if (!found.ok) return found;
      const opened = open(await store.get(found.key), request, accepted);
      return opened.kind === 'answer' && !opened.outcome.ok ? opened.outcome : { ok: true };
    },
  };
}

/** Where `help` answers from when there is no meeting: a valid but empty view. */
const EMPTY_PLACE: Place = { platform: 'playground', workspaceId: 'none', channelId: 'none', mainRoomId: 'none' };

/**
 * A button of this meeting may be used on its own platform and server, on the shared board in the
 * board's channel, on someone's own copy anywhere there, in a room's own channel for what people
 * do for themselves (Ask for help), and in a DM only for a personal command (the "I've switched to
 * phone" of a conflict prompt, the "I'll go" of a help request).
 */
function clickedWhereItBelongs(meeting: Meeting, origin: ClickOrigin | undefined, definition: Definition | undefined): boolean {
  if (!origin) return true;
  if (origin.platform !== meeting.place.platform) return false;
  if (origin.workspaceId === undefined) return definition?.name === 'confirm-phone' || definition?.name === 'claim';
  if (origin.workspaceId !== meeting.place.workspaceId) return false;
  if (origin.personal || origin.channelId === undefined) return true;
  const boardChannel = meeting.resources['boardChannel'] ?? meeting.place.channelId;
  if (origin.channelId === boardChannel || origin.channelId === meeting.place.channelId) return true;
  return definition?.forAttendees === true && meeting.rooms.some((r) => r.resourceId === origin.channelId);
}

/** A copy for bookkeeping commands: rooms, resources and the run are fresh; the rest is shared (never mutated in place). */
function bookkeepingCopy(m: Meeting): Meeting {
  const copy: Meeting = { ...m, rooms: m.rooms.map((r) => ({ ...r })), resources: { ...m.resources } };
  if (m.run) copy.run = { ...m.run, steps: [...m.run.steps] };
  return copy;
}

export type { Outcome };
