// Bolt listeners: /breakouts, board buttons and selects, the Move modal and its person search.
// Each one acks first, parses the payload with zod, hands the engine a command, then carries out
// the outcome; every failure ends as an ephemeral sentence, never an unhandled rejection.
import type { App, RespondFn, webApi } from '@slack/bolt';
import { z } from 'zod';
import { commandForAction, decodeAction, type ActionRef } from '../../src/commands/action-id.ts';
import { isFacilitatorActor } from '../../src/domain/actor.ts';
import { buildBoard } from '../../src/board/board.ts';
import type { Actor, CommandName, Engine, EngineRequest, Target } from '../../src/engine/engine.ts';
import type { Outcome } from '../../src/domain/outcome.ts';
import { describeFailure } from '../../src/store/failures.ts';
import { commandNamed } from '../../src/commands/registry.ts';
import type { Logger } from '../../src/runtime/logger.ts';
import type { Meeting, Place } from '../../src/domain/meeting.ts';
import { parseCommandText } from '../../src/commands/parse-text.ts';
import { StepFailure } from '../../src/delivery/room-platform.ts';
import type { EffectFailure, Runner } from '../../src/delivery/runner.ts';
import { APOLOGY, describeSlackError, slackErrorCode } from './errors.ts';
import { SLACK_LIMITS as L } from './limits.ts';
import {
  actionIdentity,
  BlockActionsSchema,
  OptionsRequestSchema,
  parseModalMetadata,
  slashIdentity,
  SlashSchema,
  type BlockActionsPayload,
  type ViewPayload,
} from './payloads.ts';
import type { SlackPlatform } from './platform.ts';
import { personOptions, renderAudioChooser, renderBoard, renderMoveModal, type Block } from './render.ts';
import type { UserDirectory } from './users.ts';

type WebClient = webApi.WebClient;

export const SLASH_COMMAND = '/breakouts';

export interface ListenerDeps {
  readonly engine: Engine;
  readonly runner: Runner;
  readonly platform: SlackPlatform;
  readonly logger: Logger;
  readonly client: WebClient;
  readonly users: UserDirectory;
}

/** How a listener answers the person who acted: ephemeral, or replacing the message clicked. */
type Reply = (text: string, options?: { blocks?: Block[]; replace?: boolean }) => Promise<void>;

const UNREADABLE = 'Slack sent something Breakouts could not read, so nothing was changed. Try again, or type /breakouts status.';
const MEETING_GONE = 'That board’s meeting no longer exists. Type /breakouts status.';

const MemberPage = z.object({
  members: z.array(z.string()).default([]),
  response_metadata: z.object({ next_cursor: z.string().optional() }).optional(),
});

/**
 * The true cause of a failure, in words: the store (src/failures.ts), Slack, or a step Slack
 * refused. Undefined for anything else, which is then never blamed on Slack.
 */
function causeOf(error: unknown): string | undefined {
  return describeFailure(error) ?? describeSlackError(error) ?? (error instanceof StepFailure ? error.message : undefined);
}

const UNEXPECTED = 'Something unexpected went wrong on our side.';

/**
 * Whether running this command manages the meeting or other people (a facilitator's right), so
 * that it matters whether Slack says the person is a workspace owner or admin.
 */
function managesOthers(command: CommandName, input: unknown): boolean {
  const permission = commandNamed(command)?.permission;
  if (permission === 'facilitator') return true;
  return permission === 'self-or-facilitator' && typeof input === 'object' && input !== null && 'user' in input && input.user !== undefined;
}

/** Let the ack's HTTP response go out before the engine's work takes the event loop. */
const afterAck = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export function registerListeners(app: App, deps: ListenerDeps): void {
  const { engine, runner, platform, logger, client, users } = deps;

  function replier(respond: RespondFn | undefined, context: Record<string, unknown>): Reply {
    return async (text, options = {}) => {
      if (!respond) {
        logger.info('no response_url to answer on', { ...context, text });
        return;
      }
      try {
        await respond({
          response_type: 'ephemeral',
          text: text.slice(0, L.messageText),
          replace_original: options.replace ?? false,
          ...(options.blocks ? { blocks: options.blocks } : {}),
        });
      } catch (error) {
        logger.warn('could not answer the person', { ...context, error });
      }
    };
  }

  /** The boundary: an unexpected failure is logged once and the person sees a short sentence. */
  async function guard(reply: Reply, context: Record<string, unknown>, work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (error) {
      const sentence = describeFailure(error) ?? describeSlackError(error);
      if (sentence) logger.warn('a call failed', { ...context, code: slackErrorCode(error), error });
      else logger.error('listener failed', { ...context, error });
      await reply(sentence ?? APOLOGY);
    }
  }

  /**
   * The actor, marked as able to manage the meeting when Slack says they are a workspace owner
   * or admin. Asked only when it matters: a command that manages the meeting or others, from
   * someone who is not already one of its facilitators.
   */
  async function withManagement(actor: Actor, command: CommandName | undefined, input: unknown, meeting: () => Promise<Meeting | undefined>): Promise<Actor> {
    if (command === undefined || !managesOthers(command, input)) return actor;
    const current = await meeting();
    if (current && isFacilitatorActor(current, actor)) return actor;
    return (await users.isAdmin(actor.id)) ? { ...actor, canManage: true } : actor;
  }

  async function channelPeople(channel: string): Promise<{ id: string; name: string }[]> {
    const ids: string[] = [];
    let cursor: string | undefined;
    do {
      const page = MemberPage.parse(await client.conversations.members({ channel, limit: L.pageSize, ...(cursor ? { cursor } : {}) }));
      ids.push(...page.members);
      cursor = page.response_metadata?.next_cursor || undefined;
    } while (cursor);
    const bot = platform.botUserId();
    const wanted = ids.filter((id) => id !== bot && id !== 'USLACKBOT');
    const people: { id: string; name: string }[] = [];
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < wanted.length) {
        const id = wanted[next++]!;
        const user = await users.lookup(id);
        if (!user || user.deleted || user.bot) continue;
        people.push({ id, name: (user.name ?? id).slice(0, 80) });
      }
    };
    await Promise.all(Array.from({ length: Math.min(8, wanted.length) }, worker));
    return people;
  }

  /**
   * Post or update the shared board; a failure is told to the person who acted, with its real
   * cause, and never stops the rest of the outcome (DMs, runs).
   */
  async function showBoard(meeting: Meeting, reply: Reply, options: { saved?: boolean } = {}): Promise<void> {
    try {
      await platform.updateBoard(meeting);
    } catch (error) {
      const cause = causeOf(error);
      if (cause) logger.warn('board not updated', { meetingId: meeting.id, code: slackErrorCode(error), error });
      else logger.error('board not updated', { meetingId: meeting.id, error });
      const what = options.saved === false ? 'The board could not be refreshed' : 'The change is saved, but the board could not be updated';
      await reply(`${what}: ${cause ?? `${UNEXPECTED} Type /breakouts status to see the current board.`}`);
    }
  }

  /** After the engine answered: the reply, the board, then every other effect. */
  async function finish(outcome: Outcome, reply: Reply, options: { quiet?: boolean; refreshOnRefusal?: boolean } = {}): Promise<void> {
    if (!outcome.ok) {
      await reply(outcome.message);
      // A stale board, or a select Slack already shows at the refused value: show the stored state.
      if (outcome.meeting && (outcome.code === 'stale' || options.refreshOnRefusal)) await showBoard(outcome.meeting, reply, { saved: false });
      return;
    }
    // A retried delivery of a request already carried out: its first delivery said and did it all.
    if (outcome.duplicate) return;
    const replying = outcome.reply && !options.quiet ? reply(outcome.reply) : Promise.resolve();
    if (outcome.effects.some((e) => e.type === 'board')) await showBoard(outcome.meeting, reply);
    await replying;
    const failures = await runner.carryOut({ ...outcome, effects: outcome.effects.filter((e) => e.type !== 'board') });
    const followUps = failures.filter((f) => f.effect.type !== 'run');
    if (followUps.length > 0) await reply(followUpsFailed(followUps));
    const run = outcome.effects.find((e) => e.type === 'run');
    if (run) await reportStoppedRun(outcome.meeting.id, run.runId, reply, failures.find((f) => f.effect === run));
  }

  /** The DMs and live moves of a saved change that could not be carried out, and why. */
  function followUpsFailed(failures: readonly EffectFailure[]): string {
    const count = (type: string): number => failures.filter((f) => f.effect.type === type).length;
    const dms = count('dm');
    const moves = count('live-move');
    const what = [
      dms > 0 ? `${dms} direct message${dms === 1 ? '' : 's'} could not be sent` : '',
      moves > 0 ? `${moves} ${moves === 1 ? 'person' : 'people'} could not be moved in Slack` : '',
    ]
      .filter(Boolean)
      .join(' and ');
    return `The change is saved, but ${what}: ${causeOf(failures[0]?.error) ?? UNEXPECTED}`;
  }

  /** A run that stopped half-way: how far it got, the real cause when known, and how to resume. */
  async function reportStoppedRun(meetingId: string, runId: string, reply: Reply, failure: EffectFailure | undefined): Promise<void> {
    const after = await engine.get({ meetingId });
    const run = after?.run;
    if (!run || run.id !== runId || run.finished) return;
    const done = run.steps.filter((s) => s.state !== 'pending').length;
    const how = run.kind === 'start' ? 'press Resume start or type /breakouts start' : `type /breakouts ${run.kind}`;
    const cause = failure ? ` ${causeOf(failure.error) ?? UNEXPECTED}` : '';
    // Only what the runner guarantees: a step recorded as done is skipped on resume.
    await reply(`The ${run.kind} stopped after ${done} of ${run.steps.length} steps.${cause} To carry on, ${how}: steps already recorded as done are not repeated.`);
  }

  // ── /breakouts ────────────────────────────────────────────────────────────────────────────
  app.command(SLASH_COMMAND, async ({ ack, body, respond }) => {
    await ack();
    await afterAck();
    const reply = replier(respond, { listener: 'command' });
    const slash = SlashSchema.safeParse(body);
    if (!slash.success) return reply(UNREADABLE);
    const s = slash.data;
    const requestId = slashIdentity(s);
    await guard(reply, { listener: 'command', team: s.team_id, channel: s.channel_id }, async () => {
      const parsed = parseCommandText(s.text, SLASH_COMMAND);
      if (!parsed.ok) return reply(parsed.message);
      const place: Place = { platform: 'slack', workspaceId: s.team_id, channelId: s.channel_id, mainRoomId: s.channel_id };
      const target: Target = { place };
      let actor: Actor = { id: s.user_id, name: s.user_name || s.user_id };
      const existing = await engine.get(target);
      if (!existing || parsed.name === 'join' || parsed.name === 'audio') actor = { ...actor, name: await users.displayName(s.user_id, actor.name) };
      actor = await withManagement(actor, parsed.name, parsed.args, async () => existing);
      let input: unknown = parsed.args;
      if (parsed.name === 'import') {
        // Permission first (an empty import changes nothing), then the member look-ups. The probe
        // carries no request id: only the import itself is the request.
        const probe = await engine.execute({ target, actor, command: 'import', input: { people: [] } });
        if (!probe.ok) return reply(probe.message);
        input = { people: await channelPeople(s.channel_id) };
      }
      const outcome = await engine.execute({ target, actor, command: parsed.name, input, ...(requestId ? { requestId } : {}) });
      if (parsed.name === 'status' && outcome.ok) {
        const message = renderBoard(buildBoard(outcome.meeting, actor), { ephemeral: true });
        return reply(message.text, message.blocks ? { blocks: message.blocks } : {});
      }
      await finish(outcome, reply);
    });
  });

  // ── buttons and selects ───────────────────────────────────────────────────────────────────
  app.action(/.*/, async ({ ack, body, respond }) => {
    await ack();
    await afterAck();
    const reply = replier(respond, { listener: 'action' });
    const payload = BlockActionsSchema.safeParse(body);
    if (!payload.success) return reply(UNREADABLE);
    const p = payload.data;
    const action = p.actions[0]!;
    const decoded = decodeAction(action.action_id);
    if (!decoded.ok) return reply(decoded.message);
    await guard(reply, { listener: 'action', verb: decoded.ref.verb, meetingId: decoded.ref.meetingId }, () => onAction(p, decoded.ref, reply));
  });

  async function onAction(p: BlockActionsPayload, ref: ActionRef, reply: Reply): Promise<void> {
    const action = p.actions[0]!;
    const meta = p.view ? parseModalMetadata(p.view.private_metadata) : undefined;
    const channelId = p.channel?.id ?? meta?.c;
    const ephemeralCopy = p.container?.is_ephemeral === true;
    // Where the click happened (a DM's channel id starts with D); the engine decides whether the button may be used there.
    const origin = channelId ? { platform: 'slack' as const, workspaceId: p.team?.id ?? p.user.team_id ?? '', channelId, personal: ephemeralCopy || channelId.startsWith('D') } : undefined;
    const target: Target = origin ? { meetingId: ref.meetingId, origin } : { meetingId: ref.meetingId };
    const mapped = commandForAction(ref, action.selected_option?.value);
    // The Move dialog's own selects are moves too, though their ids name no person yet.
    const command = mapped?.command ?? (ref.verb === 'move-open' || ref.verb === 'move-pick' || ref.verb === 'move' ? 'move' : undefined);
    const actor = await withManagement({ id: p.user.id, name: p.user.name ?? p.user.username ?? p.user.id }, command, mapped?.input, () => engine.get(target));
    const ephemeral = p.container?.is_ephemeral === true;
    const requestId = actionIdentity(p);
    const request = (command: CommandName, input: unknown, by: Actor = actor): EngineRequest => ({ target, actor: by, command, input, ...(requestId ? { requestId } : {}) });
    const run = async (command: CommandName, input: unknown, withVersion = true): Promise<Outcome> =>
      engine.execute({ ...request(command, input), ...(withVersion ? { version: ref.version } : {}) });

    switch (ref.verb) {
      case 'join': {
        const named: Actor = { ...actor, name: await users.displayName(actor.id, actor.name) };
        return finish(await engine.execute(request('join', {}, named)), reply);
      }
      case 'audio': {
        const kind = ref.args[0];
        if (kind !== undefined) {
          const named: Actor = { ...actor, name: await users.displayName(actor.id, actor.name) };
          const outcome = await engine.execute(request('audio', { audio: kind }, named));
          return finish(outcome, async (text) => reply(text, { replace: ephemeral }));
        }
        const meeting = await engine.get(target);
        if (!meeting) return reply(MEETING_GONE);
        const chooser = renderAudioChooser(buildBoard(meeting, actor), meeting.attendees.find((a) => a.id === actor.id)?.audio);
        return reply(chooser.text, chooser.blocks ? { blocks: chooser.blocks } : {});
      }
      case 'move':
      case 'move-pick': {
        if (p.view) return moveInModal(p.view, ref, request('move', {}), meta?.r ?? 0, channelId);
        if (ref.verb !== 'move' || !mapped) return reply(UNREADABLE);
        return finish(await run(mapped.command, mapped.input), reply, { refreshOnRefusal: true });
      }
      case 'move-open': {
        const meeting = await engine.get(target);
        if (!meeting) return reply(MEETING_GONE);
        if (!buildBoard(meeting, actor).actions.some((a) => a.verb === 'move-open')) return reply('Only a facilitator can move people. Ask one of them, or set your own audio with My audio.');
        if (!p.trigger_id) return reply(UNREADABLE);
        await client.views.open({ trigger_id: p.trigger_id, view: renderMoveModal(buildBoard(meeting), channelId ? { channelId, round: 0 } : { round: 0 }) });
        return;
      }
      case 'page': {
        const page = ref.args[0] ?? '0';
        if (!/^[0-9]{1,3}$/.test(page)) return reply(UNREADABLE);
        const meeting = await engine.get(target);
        if (!meeting) return reply(MEETING_GONE);
        const message = renderBoard(buildBoard(meeting, actor), { page: Number(page), ephemeral: true });
        return reply(message.text, { ...(message.blocks ? { blocks: message.blocks } : {}), replace: ephemeral });
      }
      case 'confirm-phone': {
        const promptId = ref.args[0];
        if (!promptId) return reply(UNREADABLE);
        const outcome = await run('confirm-phone', { promptId }, false);
        if (outcome.ok && !outcome.duplicate) await reply(`✅ ${outcome.reply}`, { replace: true });
        return finish(outcome, reply, { quiet: true });
      }
      case 'refresh': {
        const meeting = await engine.get(target);
        if (meeting) await showBoard(meeting, reply, { saved: false });
        return;
      }
      default: {
        // Distribute, Shuffle, Apply, Start, End, Add a room: the button is the engine command.
        return mapped ? finish(await run(mapped.command, mapped.input), reply) : reply(UNREADABLE);
      }
    }
  }

  /** The Move modal: when both a person and a room are picked, move at once and reset the selects. */
  async function moveInModal(view: ViewPayload, ref: ActionRef, base: EngineRequest, round: number, channelId: string | undefined): Promise<void> {
    let person: string | undefined;
    let room: string | undefined;
    for (const block of Object.values(view.state?.values ?? {})) {
      for (const value of Object.values(block)) {
        if (value.type === 'external_select' && value.selected_option) person = value.selected_option.value;
        if (value.type === 'static_select' && value.selected_option) room = value.selected_option.value;
      }
    }
    if (!person || !room) return;
    const outcome = await engine.execute({ ...base, input: { user: { id: person }, to: room }, version: ref.version });
    if (outcome.ok && outcome.duplicate) return;
    const meeting = outcome.meeting ?? (await engine.get(base.target));
    const note = outcome.ok ? `✅ ${outcome.reply}` : `⚠️ ${outcome.message}`;
    if (meeting) {
      const state = channelId ? { channelId, round: round + 1 } : { round: round + 1 };
      // The move is saved: a modal that cannot be refreshed (closed meanwhile) must not stop its effects.
      await client.views.update({ view_id: view.id, view: renderMoveModal(buildBoard(meeting), state, note) }).catch((error: unknown) => {
        logger.warn('Move dialog not refreshed', { viewId: view.id, error });
      });
    }
    // Nobody to answer ephemerally from a modal: the note above is the answer.
    await finish(outcome, async (text) => logger.debug('modal note', { text }), { quiet: true });
  }

  // ── the Move modal's person search (external_select) ──────────────────────────────────────
  app.options(/.*/, async ({ ack, body }) => {
    const request = OptionsRequestSchema.safeParse(body);
    const decoded = request.success ? decodeAction(request.data.action_id) : undefined;
    try {
      const meeting = decoded?.ok ? await engine.get({ meetingId: decoded.ref.meetingId }) : undefined;
      // The answer must go out at once: a workspace admin counts only if Slack already said so.
      const viewer: Actor | undefined = request.success
        ? { id: request.data.user.id, name: request.data.user.name ?? request.data.user.id, ...(users.cachedAdmin(request.data.user.id) ? { canManage: true } : {}) }
        : undefined;
      // Only someone who may move people gets the roster search (the same rule that shows Move…).
      const allowed = meeting && viewer && buildBoard(meeting, viewer).actions.some((a) => a.verb === 'move-open');
      const options = allowed && request.success ? personOptions(buildBoard(meeting), request.data.value) : [];
      await ack({ options });
    } catch (error) {
      logger.error('person search failed', { error });
      await ack({ options: [] });
    }
  });

  app.error(async (error) => {
    logger.error('Bolt error', { error });
  });
}
