// What every Slack listener shares: its dependencies, how it answers the person, the boundary that
// turns an unexpected failure into one sentence, the shared delivery flow, and Slack's one part in
// who may manage a meeting: saying whether someone is a workspace owner or admin.
import type { RespondFn } from '@slack/bolt';
import { createDelivery, type Delivery } from '../../../src/delivery/deliver.ts';
import type { Deliverer } from '../../../src/delivery/deliverer.ts';
import type { Refusal } from '../../../src/domain/outcome.ts';
import type { Actor, Engine, EngineRequest, Outcome } from '../../../src/engine/engine.ts';
import type { Clock } from '../../../src/ports.ts';
import type { Logger } from '../../../src/runtime/logger.ts';
import { describeFailure } from '../../../src/store/failures.ts';
import { APOLOGY, describeSlackError, slackErrorCode } from '../errors.ts';
import { SLACK_LIMITS as L } from '../limits.ts';
import type { SlackMeetingIndex } from '../meeting-index.ts';
import type { SlackPlatform } from '../platform.ts';
import type { Block } from '../render.ts';
import type { UserDirectory } from '../users.ts';
import type { Workspaces } from '../workspaces.ts';

export interface ListenerDeps {
  readonly engine: Engine;
  readonly deliverer: Deliverer;
  readonly platform: SlackPlatform;
  readonly logger: Logger;
  /** Each workspace's Web API clients (a request is answered with its own workspace's token). */
  readonly workspaces: Workspaces;
  readonly users: UserDirectory;
  /** Which meeting a channel belongs to (a room's channel: the meeting of the room). */
  readonly meetings: SlackMeetingIndex;
  /** What time it is for the boards a listener draws (the timer's "in 12 min", a request's age). */
  readonly clock: Clock;
}

/** How a listener answers the person who acted: ephemeral, or replacing the message clicked. */
export type Reply = (text: string, options?: { blocks?: Block[]; replace?: boolean }) => Promise<void>;

/** What the engine answers to "may they?": yes with the actor to act as, or its refusal. */
export type Verdict = { readonly ok: true; readonly actor: Actor } | Refusal;

export const UNREADABLE = 'Slack sent something Breakouts could not read, so nothing was changed. Try again, or type /breakouts status.';
export const MEETING_GONE = 'That board’s meeting no longer exists. Type /breakouts status.';

/** Let the ack's HTTP response go out before the engine's work takes the event loop. */
export const afterAck = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export interface ListenerContext extends ListenerDeps {
  readonly delivery: Delivery;
  /** The answer on a response_url; a failure to answer is logged, never thrown. */
  replier(respond: RespondFn | undefined, context: Record<string, unknown>): Reply;
  /** The boundary: an unexpected failure is logged once and the person sees a short sentence. */
  guard(reply: Reply, context: Record<string, unknown>, work: () => Promise<void>): Promise<void>;
  /** The actor with the name Slack shows for them in workspace `team` (for the roster). */
  named(team: string, actor: Actor): Promise<Actor>;
  /** engine.execute, acting as a manager of the meeting when Slack says the person is an owner or admin of workspace `team`. */
  execute(team: string, request: EngineRequest): Promise<Outcome>;
  /** engine.can the same way: whether they may, and the actor to act as. */
  may(team: string, request: Parameters<Engine['can']>[0]): Promise<Verdict>;
}

export function createListenerContext(deps: ListenerDeps): ListenerContext {
  const { engine, deliverer, logger, users } = deps;
  const delivery = createDelivery({
    deliverer,
    read: (meetingId) => engine.get({ meetingId }),
    logger,
    platformName: 'Slack',
    describeError: describeSlackError,
  });

  /**
   * The engine decides who may manage a meeting; Slack only knows who its workspace owners and
   * admins are, who always may. So Slack is asked only when the engine refuses someone as not a
   * facilitator, and then the engine is asked again on their behalf as someone who may manage it.
   */
  async function asAdminWhenRefused<R extends { readonly ok: true } | Refusal>(team: string, actor: Actor, ask: (actor: Actor) => Promise<R>): Promise<{ readonly actor: Actor; readonly result: R }> {
    const result = await ask(actor);
    if (!refusedAsNonFacilitator(result) || actor.canManage || !(await users.isAdmin(team, actor.id))) return { actor, result };
    const manager: Actor = { ...actor, canManage: true };
    return { actor: manager, result: await ask(manager) };
  }

  return {
    ...deps,
    delivery,

    replier(respond, context) {
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
    },

    async guard(reply, context, work) {
      try {
        await work();
      } catch (error) {
        const sentence = describeFailure(error) ?? describeSlackError(error);
        if (sentence) logger.warn('a call failed', { ...context, code: slackErrorCode(error), error });
        else logger.error('listener failed', { ...context, error });
        await reply(sentence ?? APOLOGY);
      }
    },

    async named(team, actor) {
      return { ...actor, name: await users.displayName(team, actor.id, actor.name) };
    },

    async execute(team, request) {
      // A refused request is not remembered by its id, so asking again with the same id is safe.
      return (await asAdminWhenRefused(team, request.actor, (actor) => engine.execute({ ...request, actor }))).result;
    },

    async may(team, request) {
      const { actor, result } = await asAdminWhenRefused(team, request.actor, (by) => engine.can({ ...request, actor: by }));
      return result.ok ? { ok: true, actor } : result;
    },
  };
}

function refusedAsNonFacilitator(result: { readonly ok: true } | Refusal): boolean {
  return !result.ok && result.code === 'forbidden';
}
