// The playground adapter's translation layer: page requests (command text, action ids, "add
// people") → engine commands, and engine outcomes → the runner's effects on the simulated
// platform. Like the Slack and Discord adapters, it holds no rule of its own.
import { commandForAction, decodeAction, type ActionRef } from '../../src/commands/action-id.ts';
import type { AdapterDeps } from '../../src/runtime/adapter.ts';
import { buildBoard } from '../../src/board/board.ts';
import { choosableRooms } from '../../src/commands/choose.ts';
import { layoutEmails } from '../../src/domain/layout-csv.ts';
import type { Audio, Meeting, Place } from '../../src/domain/meeting.ts';
import type { OutcomeFile } from '../../src/domain/outcome.ts';
import type { Actor, ClickOrigin, CommandName, EngineRequest } from '../../src/engine/engine.ts';
import { parseCommandText } from '../../src/commands/parse-text.ts';
import { createDelivery } from '../../src/delivery/deliver.ts';
import { createDeliverer } from '../../src/delivery/deliverer.ts';
import { ambiguousMentions, escapeMentions } from './mentions.ts';
import { namedPerson, simulatedEmail, simulatedPeople, type AudioMix } from './people.ts';
import { PLAYGROUND_LIMITS } from './limits.ts';
import { createSimulatedPlatform, type Change, type SimulatedPlatform } from './platform.ts';
import type { SavedState } from './saved-state.ts';
import { meetingFacts, renderPage, type PageView } from './view.ts';
import type { ButtonPlace } from './button-place.ts';

export { BUTTON_PLACES, type ButtonPlace } from './button-place.ts';
export { ambiguousMentions, escapeMentions } from './mentions.ts';

/** The one meeting channel the playground plays. */
export const PLAYGROUND_PLACE: Place = { platform: 'playground', workspaceId: 'playground', channelId: 'main', mainRoomId: 'main' };

/** People you can act as before they are on the roster: the host (who starts the meeting) and a newcomer. */
export const GUESTS = [
  { id: 'host', name: 'Host' },
  { id: 'newcomer', name: 'Sam Newcomer' },
] as const;

/** A screen of the page a reply opens, as Slack opens a modal: the layout import box, the room picker. */
export type PageScreen = 'import-layout' | 'pick';

/**
 * The page's answer. `warning`: done, but it made something worse that people must see (an audio
 * conflict). `file`: a file for the person who asked (the `export` CSV), offered as a download.
 * `open`: the page screen to bring into view (the command needs something only the page has).
 */
export type Reply =
  | { readonly ok: true; readonly reply: string; readonly warning?: true; readonly file?: OutcomeFile; readonly open?: PageScreen }
  | { readonly ok: false; readonly code: string; readonly message: string };

export type AddPeople = { readonly count: number; readonly mix: AudioMix } | { readonly name: string; readonly audio: Audio };

export interface Session {
  readonly platform: SimulatedPlatform;
  view(as: string): Promise<PageView>;
  command(as: string, text: string): Promise<Reply>;
  /**
   * A pressed button or a chosen option: its action id, plus the chosen value or the inbox message
   * it sits on, and where it was pressed (default the board).
   */
  action(as: string, actionId: string, value?: string, where?: ButtonPlace): Promise<Reply>;
  addPeople(as: string, request: AddPeople): Promise<Reply>;
  /**
   * An imported layout (the text of a CSV file or of the paste box): its e-mail addresses are
   * looked up first, as Slack's users.lookupByEmail does, then the engine matches the rows.
   * `confirm`: the go-ahead to move people already in open rooms (without it the engine asks first).
   */
  importLayout(as: string, csv: string, confirm?: boolean): Promise<Reply>;
  /** Pick up a run that a crash left half-done. */
  resume(): Promise<void>;
  /** Wait for effects still being carried out (tests, shutdown). */
  settle(): Promise<void>;
  /**
   * Carry out what is due by the clock now (timer warnings, the automatic end, help re-pings) and
   * wait for it: tests move an injected clock on, then call this instead of waiting.
   */
  catchUp(): Promise<void>;
  /** Stop delivering (shutdown). */
  stop(): Promise<void>;
}

const WHO = 'Pick who you are in “You are” first.';

/** Typed `import-layout` with no CSV: the page has the file input (Slack opens a paste box, Discord takes an attachment). */
const LAYOUT_BOX = 'Choose a CSV file in “Import a layout” (columns id or email or name, room, and audio if you like), or paste it there.';

/**
 * The simulated workspace directory's answer for each e-mail address of a layout: the person with
 * that address (see simulatedEmail), among the roster and the guests who may join later.
 */
function lookUpEmails(csv: string, meeting: Meeting | undefined): Record<string, string> {
  const directory = new Map<string, string>();
  for (const person of [...(meeting?.attendees ?? []), ...GUESTS]) {
    const email = simulatedEmail(person.name);
    if (!directory.has(email)) directory.set(email, person.id);
  }
  const found: Record<string, string> = {};
  for (const email of layoutEmails(csv)) {
    const id = directory.get(email.trim().toLowerCase());
    if (id !== undefined) found[email] = id;
  }
  return found;
}

export interface SessionOptions {
  /** Something the page shows changed (pages are told, coalesced). */
  readonly onChange: (change: Change) => void;
  /**
   * A request's effects are all carried out: tell the pages now rather than after the coalescing
   * delay, so one change reaches them as one prompt update.
   */
  readonly onEffectsDone?: () => void;
  /** Inboxes and activity saved by an earlier run. */
  readonly saved?: SavedState;
}

export function createSession(deps: AdapterDeps, options: SessionOptions): Session {
  const { engine, clock, logger, random } = deps;
  const { onChange, onEffectsDone, saved } = options;
  const platform = createSimulatedPlatform({ clock, onChange, ...(saved ? { saved } : {}) });
  const deliverer = createDeliverer({ store: deps.store, engine, platform, clock, logger, serves: 'playground', boardIntervalMs: PLAYGROUND_LIMITS.boardIntervalMs, boardPaceMs: 0, metrics: deps.metrics });
  const delivery = createDelivery({ deliverer, read: (meetingId) => engine.get({ meetingId }), logger, platformName: 'the playground' });
  const inflight = new Set<Promise<void>>();

  /** Effects and runs go on after the page's answer; a failure is logged here, never left unhandled. */
  function track(work: Promise<void>, context: Record<string, unknown>): void {
    const p = work.catch((error: unknown) => logger.error('playground effects failed', { ...context, error })).finally(() => inflight.delete(p));
    inflight.add(p);
  }

  async function actorFor(as: string): Promise<Actor | undefined> {
    const meeting = await engine.get({ place: PLAYGROUND_PLACE });
    const attendee = meeting?.attendees.find((a) => a.id === as);
    if (attendee) return { id: attendee.id, name: attendee.name };
    return GUESTS.find((g) => g.id === as);
  }

  /** Execute, answer at once (the page's ack), then carry out the effects. */
  async function run(request: Omit<EngineRequest, 'actor'>, as: string): Promise<Reply> {
    const actor = await actorFor(as);
    if (!actor) return { ok: false, code: 'bad-input', message: WHO };
    const outcome = await engine.execute({ ...request, actor });
    // The page's answer is the outcome itself; what follows it (board, effects, anything that could
    // not be done, and why) goes the way it goes on every platform, with later sentences in the feed.
    const meeting = outcome.meeting;
    const later = (text: string): Promise<void> => Promise.resolve(meeting ? platform.note(meeting, actor.id, text) : logger.info('playground note', { text }));
    track(
      delivery.deliver(outcome, later, { answered: true }).then(() => onEffectsDone?.()),
      { command: request.command },
    );
    if (!outcome.ok) return { ok: false, code: outcome.code, message: outcome.message };
    return { ok: true, reply: outcome.reply, ...(outcome.warning ? { warning: true as const } : {}), ...(outcome.file ? { file: outcome.file } : {}) };
  }

  async function importLayout(as: string, csv: string, confirm = false): Promise<Reply> {
    const meeting = await engine.get({ place: PLAYGROUND_PLACE });
    const input = { csv, emails: lookUpEmails(csv, meeting), ...(confirm ? { confirm: true } : {}) };
    return run({ target: { place: PLAYGROUND_PLACE }, command: 'import-layout', input }, as);
  }

  async function settle(): Promise<void> {
    while (inflight.size > 0) await Promise.allSettled([...inflight]);
    await deliverer.idle();
  }

  /**
   * The click's origin as a platform reports it: the meeting channel for the board, the room's own
   * channel for a message in the person's room, no workspace for a direct message. The engine
   * decides what may be pressed where.
   */
  async function originOf(as: string, where: ButtonPlace): Promise<ClickOrigin> {
    if (where === 'dm') return { platform: 'playground', personal: true };
    if (where === 'room') {
      const meeting = await engine.get({ place: PLAYGROUND_PLACE });
      const room = meeting?.attendees.find((a) => a.id === as)?.room;
      const channelId = room ? meeting?.rooms[room - 1]?.resourceId : undefined;
      if (channelId) return { platform: 'playground', workspaceId: PLAYGROUND_PLACE.workspaceId, channelId, personal: false };
    }
    return { platform: 'playground', workspaceId: PLAYGROUND_PLACE.workspaceId, channelId: PLAYGROUND_PLACE.channelId, personal: false };
  }

  /** A pressed button: the engine command it stands for, or the page's own answer when it stands for none. */
  function translate(ref: ActionRef, value: string | undefined): { readonly kind: 'command'; readonly command: CommandName; readonly input: unknown } | { readonly kind: 'answer'; readonly reply: Reply } {
    const mapped = commandForAction(ref, value);
    if (mapped) return { kind: 'command', ...mapped };
    switch (ref.verb) {
      case 'audio':
        return { kind: 'answer', reply: { ok: false, code: 'bad-input', message: 'Pick phone, VOIP or listening.' } };
      case 'move':
      case 'move-pick':
        return { kind: 'answer', reply: { ok: false, code: 'bad-input', message: 'Pick a room to move them to.' } };
      case 'pick-open':
        // The picker is the page's own: the rooms this person may choose, under “Choose your room”.
        return { kind: 'answer', reply: { ok: true, reply: 'Pick a room under “Choose your room”.', open: 'pick' } };
      default:
        // move-open, page, refresh: the page handles these itself (search box, no paging, live updates).
        return { kind: 'answer', reply: { ok: true, reply: '' } };
    }
  }

  return {
    platform,

    async view(as) {
      const meeting = await engine.get({ place: PLAYGROUND_PLACE });
      platform.forMeeting(meeting?.id);
      const viewer = (await actorFor(as)) ?? GUESTS[0];
      const now = clock.now();
      const board = meeting ? buildBoard(meeting, viewer, now) : undefined;
      // The room picker lists only the rooms the engine says this person may choose.
      const picking = meeting && board?.actions.some((a) => a.verb === 'pick-open') ? choosableRooms(meeting, viewer.id) : undefined;
      return renderPage({
        ...(meeting && board ? { board, facts: meetingFacts(meeting, picking) } : {}),
        viewer,
        guests: GUESTS,
        inbox: platform.inbox(viewer.id),
        inboxCounts: platform.inboxCounts(),
        feed: platform.feed(),
        rooms: platform.rooms(),
        main: platform.main(),
        now,
      });
    },

    async command(as, text) {
      // The page shows "/breakouts" before the box; typing it anyway is fine.
      const meeting = await engine.get({ place: PLAYGROUND_PLACE });
      const typed = text.trim().replace(/^\/breakouts(?=\s|$)/i, '');
      const unclear = ambiguousMentions(typed, meeting?.attendees ?? []);
      if (unclear.length > 0) {
        return { ok: false, code: 'bad-input', message: `More than one person is called ${unclear.join(', ')}: pick the one you mean from the board (the room list next to their name). Nothing was changed.` };
      }
      const parsed = parseCommandText(escapeMentions(typed, meeting?.attendees ?? []));
      if (!parsed.ok) return { ok: false, code: 'bad-input', message: parsed.message };
      if (parsed.name === 'import-layout') {
        const csv = parsed.args['csv'];
        return typeof csv === 'string' && csv.trim() !== '' ? importLayout(as, csv, parsed.args['confirm'] === 'confirm') : { ok: true, reply: LAYOUT_BOX, open: 'import-layout' };
      }
      return run({ target: { place: PLAYGROUND_PLACE }, command: parsed.name, input: parsed.args }, as);
    },

    async action(as, actionId, value, where = 'board') {
      const decoded = decodeAction(actionId);
      if (!decoded.ok) return { ok: false, code: 'bad-input', message: decoded.message };
      const ref = decoded.ref;
      const translated = translate(ref, value);
      if (translated.kind === 'answer') return translated.reply;
      const reply = await run({ target: { meetingId: ref.meetingId, origin: await originOf(as, where) }, command: translated.command, input: translated.input, version: ref.version }, as);
      // The value of a button in the inbox is the message it sits on (a room select's is the room).
      const onMessage = (where === 'dm' || ref.verb === 'confirm-phone') && value !== undefined && /^[0-9]{1,12}$/.test(value);
      if (onMessage && (ref.verb === 'confirm-phone' || !reply.ok)) {
        // Like a DM updated in place: the message shows what pressing it did (a taken help request's
        // copy is updated by the engine's own help-update instead, every copy alike).
        platform.answer(as, Number(value), reply.ok ? { ok: true, text: reply.reply } : { ok: false, text: reply.message });
      }
      return reply;
    },

    async addPeople(as, request) {
      const meeting = await engine.get({ place: PLAYGROUND_PLACE });
      const taken = new Set(meeting?.attendees.map((a) => a.id) ?? []);
      for (const g of GUESTS) taken.add(g.id);
      const people = 'count' in request ? simulatedPeople(taken, request.count, request.mix, random) : [namedPerson(taken, request.name, request.audio)];
      return run({ target: { place: PLAYGROUND_PLACE }, command: 'import', input: { people } }, as);
    },

    importLayout,

    async resume() {
      const meeting = await engine.get({ place: PLAYGROUND_PLACE });
      // Saved inboxes of another meeting (or of a meeting since deleted) are not this one's.
      platform.forMeeting(meeting?.id);
      // What waited when the last run stopped (a start half-done, DMs not sent) goes out now.
      deliverer.start();
    },

    settle,

    async catchUp() {
      await settle();
      await deliverer.sweep({ olderThanMs: 0 });
      await settle();
    },

    async stop() {
      await deliverer.stop();
    },
  };
}
