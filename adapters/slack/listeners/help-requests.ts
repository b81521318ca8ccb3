// The help queue's buttons: "Ask for help" in a room's welcome (the answer offers "Withdraw"),
// "Withdraw" on that answer, and "I'll go" in a facilitator's DM or on the board. The engine
// decides who may and what happens; every facilitator's copy is updated by the deliverer.
import type { Outcome } from '../../../src/engine/engine.ts';
import { renderAskReply } from '../render.ts';
import { clickRequest, type Click } from './click.ts';
import type { ListenerContext, Reply } from './context.ts';

/**
 * Deliver an ask's outcome: a request made (or joined) is answered with "Withdraw" beside the
 * words, so the asker can take it back with one click (or type /breakouts withdraw).
 */
export async function deliverAsk(ctx: ListenerContext, outcome: Outcome, reply: Reply): Promise<void> {
  if (!outcome.ok || outcome.duplicate || !outcome.changed) return ctx.delivery.deliver(outcome, reply);
  const answer = renderAskReply(outcome.meeting.id, outcome.meeting.version, outcome.reply);
  await reply(answer.text, answer.blocks ? { blocks: answer.blocks } : {});
  await ctx.delivery.deliver(outcome, reply, { answered: true });
}

/** "Ask for help" in a room channel: the click's origin is that channel, which the engine accepts for what attendees do. */
export async function askForHelp(ctx: ListenerContext, click: Click): Promise<void> {
  const outcome = await ctx.execute(click.team, clickRequest(click, 'ask', {}, { version: click.ref.version }));
  await deliverAsk(ctx, outcome, click.reply);
}

/** "Withdraw" on the asker's own answer: the answer is replaced by what became of the request. */
export async function withdrawHelp(ctx: ListenerContext, click: Click): Promise<void> {
  const outcome = await ctx.execute(click.team, clickRequest(click, 'withdraw', {}, { version: click.ref.version }));
  await ctx.delivery.deliver(outcome, (text) => click.reply(text, { replace: click.ephemeral }));
}

/**
 * "I'll go" in a facilitator's DM (or on the board): the first press takes the request. The copy
 * itself is updated for everyone by the deliverer ("<name> is on it"), so the answer goes beside it.
 */
export async function claimHelp(ctx: ListenerContext, click: Click): Promise<void> {
  const [request] = click.ref.args;
  if (!request) return click.reply('That button does not say which request it is for. Type /breakouts claim <room>.');
  // A DM click without a workspace: the meeting's own workspace answers for the person's name.
  const team = click.team || (await ctx.engine.get({ meetingId: click.ref.meetingId }))?.place.workspaceId || '';
  // The room is told who is coming by the name Slack shows for them.
  const actor = team ? await ctx.named(team, click.actor) : click.actor;
  const outcome = await ctx.execute(team, clickRequest(click, 'claim', { request }, { actor }));
  await ctx.delivery.deliver(outcome, click.reply);
}
