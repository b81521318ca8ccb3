// What every adapter does once the engine has answered, in one place: tell the person (or nothing,
// for a retried request), redraw the board (also after a stale click, so they see what changed),
// have the deliverer carry out the change's effects, and say in true words what could not be done.
import { stoppedRunSentence } from '../commands/runs.ts';
import type { Meeting } from '../domain/meeting.ts';
import type { Outcome } from '../domain/outcome.ts';
import { plural } from '../domain/text.ts';
import type { Logger } from '../runtime/logger.ts';
import { describeFailure } from '../store/failures.ts';
import { StepFailure } from './room-platform.ts';
import type { Deliverer, EffectFailure } from './deliverer.ts';

/** How an adapter answers the person who acted (ephemeral, or in place of what they clicked). */
export type Reply = (text: string) => Promise<void>;

export interface DeliveryOptions {
  readonly deliverer: Pick<Deliverer, 'deliver' | 'redraw'>;
  /** Reads the meeting again (a run's progress after it stopped). */
  readonly read: (meetingId: string) => Promise<Meeting | undefined>;
  readonly logger: Logger;
  /** The platform's name in sentences: "could not be moved in Slack". */
  readonly platformName: string;
  /** A sentence for a platform error the adapter understands (rate limits, missing access), or undefined. */
  readonly describeError?: (error: unknown) => string | undefined;
}

export interface DeliverOptions {
  /** The adapter shows the reply itself (in the dialog, in place of a DM's button). */
  readonly quiet?: boolean;
  /** The adapter already answered with the outcome (its reply or refusal): only later sentences follow. */
  readonly answered?: boolean;
  /** After a refusal, redraw the board even when it was not stale (a select already shows the refused value). */
  readonly showBoardOnRefusal?: boolean;
}

export interface Delivery {
  /** After the engine answered: the reply, the board, then every other effect, then what went wrong. */
  deliver(outcome: Outcome, reply: Reply, options?: DeliverOptions): Promise<void>;
  /** Redraw the shared board; a failure is told to the person with its real cause. */
  showBoard(meeting: Meeting, reply: Reply, saved?: boolean): Promise<void>;
}

const UNEXPECTED = 'Something unexpected went wrong on our side.';

export function createDelivery(options: DeliveryOptions): Delivery {
  const { deliverer, read, logger, platformName, describeError } = options;

  /** The true cause of a failure, when Breakouts knows it: the store, the platform, a step the platform refused. */
  function causeOf(error: unknown): string | undefined {
    return describeFailure(error) ?? describeError?.(error) ?? (error instanceof StepFailure ? error.message : undefined);
  }

  function boardFailedSentence(error: unknown, saved = true): string {
    const what = saved ? 'The change is saved, but the board could not be updated' : 'The board could not be refreshed';
    return `${what}: ${causeOf(error) ?? `${UNEXPECTED} Type /breakouts status to see the current board.`}`;
  }

  async function showBoard(meeting: Meeting, reply: Reply, saved = true): Promise<void> {
    try {
      await deliverer.redraw(meeting);
    } catch (error) {
      if (causeOf(error)) logger.warn('board not updated', { meetingId: meeting.id, error });
      else logger.error('board not updated', { meetingId: meeting.id, error });
      await reply(boardFailedSentence(error, saved));
    }
  }

  /** The DMs and live moves of a saved change that could not be carried out, and why. */
  function followUpsFailed(failures: readonly EffectFailure[]): string {
    const count = (type: string): number => failures.filter((f) => f.effect.type === type).length;
    const dms = count('dm');
    const moves = count('live-move') + count('visit');
    const posts = count('room-post') + count('digest');
    const rooms = count('room-status') + count('room-cap');
    const copies = count('help-update');
    const what = [
      dms > 0 ? `${plural(dms, 'direct message')} could not be sent` : '',
      moves > 0 ? `${plural(moves, 'person', 'people')} could not be moved in ${platformName}` : '',
      posts > 0 ? `${plural(posts, 'message')} could not be posted` : '',
      rooms > 0 ? `${plural(rooms, 'room')} could not be updated in ${platformName}` : '',
      copies > 0 ? 'the facilitators’ copies of the help request could not be updated' : '',
    ]
      .filter(Boolean)
      .join(' and ');
    return `The change is saved, but ${what}: ${causeOf(failures[0]?.error) ?? UNEXPECTED}`;
  }

  /** A run that stopped half-way: how far it got, the real cause when known, and how to resume. */
  async function reportStoppedRun(meetingId: string, runId: string, reply: Reply, failure: EffectFailure | undefined): Promise<void> {
    const run = (await read(meetingId))?.run;
    if (!run || run.id !== runId || run.finished) return;
    await reply(stoppedRunSentence(run, failure ? (causeOf(failure.error) ?? UNEXPECTED) : undefined));
  }

  return {
    showBoard,
    async deliver(outcome, reply, opts = {}) {
      if (!outcome.ok) {
        if (!opts.answered) await reply(outcome.message);
        // A stale click shows the current board, so the person sees what changed.
        if (outcome.meeting && (outcome.code === 'stale' || opts.showBoardOnRefusal)) await showBoard(outcome.meeting, reply, false);
        return;
      }
      // A retried delivery of a request already carried out: its first delivery said and did it all.
      if (outcome.duplicate) return;
      const replying = outcome.reply && !opts.quiet && !opts.answered ? reply(outcome.reply) : Promise.resolve();
      // The board goes first (the deliverer orders a change's effects), while the reply is on its way.
      const delivering = deliverer.deliver(outcome);
      await replying;
      const failures = await delivering;
      const boardFailed = failures.find((f) => f.effect.type === 'board');
      if (boardFailed) await reply(boardFailedSentence(boardFailed.error));
      const followUps = failures.filter((f) => f.effect.type !== 'run' && f.effect.type !== 'board');
      if (followUps.length > 0) await reply(followUpsFailed(followUps));
      const run = outcome.effects.find((e) => e.type === 'run');
      if (run) await reportStoppedRun(outcome.meeting.id, run.runId, reply, failures.find((f) => f.effect === run));
    },
  };
}
