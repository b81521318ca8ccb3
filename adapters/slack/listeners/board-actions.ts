// Buttons and selects (block_actions): the action-id codec decides what is Breakouts' own, and
// anything else gets its "not one Breakouts made"; each verb has one handler in a table. A button
// that stands for an engine command runs it; the rest open or page the adapter's own screens.
import type { App } from '@slack/bolt';
import { buildBoard } from '../../../src/board/board.ts';
import { commandForAction, decodeAction, type Verb } from '../../../src/commands/action-id.ts';
import { BlockActionsSchema } from '../payloads.ts';
import { renderAudioChooser, renderBoard } from '../render.ts';
import { clickRequest, readClick, type Click } from './click.ts';
import { afterAck, MEETING_GONE, UNREADABLE, type ListenerContext } from './context.ts';
import { askForHelp, claimHelp, withdrawHelp } from './help-requests.ts';
import { moveInDialog, openMoveDialog } from './move-dialog.ts';
import { openRoomPicker, pickRoom } from './room-picker.ts';

type Handler = (ctx: ListenerContext, click: Click) => Promise<void>;

/** Distribute, Shuffle, Apply, Start, End, Add a room: the button is the engine command, on the board it was drawn on. */
const runCommand: Handler = async (ctx, click) => {
  const mapped = commandForAction(click.ref, click.chosen);
  if (!mapped) return click.reply(UNREADABLE);
  await ctx.delivery.deliver(await ctx.execute(click.team, clickRequest(click, mapped.command, mapped.input, { version: click.ref.version })), click.reply);
};

/** A move: in the Move dialog, or a room picked in a person's select on the board. */
const move: Handler = async (ctx, click) => {
  if (click.payload.view) return moveInDialog(ctx, click, click.payload.view);
  const mapped = click.ref.verb === 'move' ? commandForAction(click.ref, click.chosen) : undefined;
  if (!mapped) return click.reply(UNREADABLE);
  const outcome = await ctx.execute(click.team, clickRequest(click, mapped.command, mapped.input, { version: click.ref.version }));
  // Slack already shows the refused room in the select: the board is redrawn to undo it.
  await ctx.delivery.deliver(outcome, click.reply, { showBoardOnRefusal: true });
};

const HANDLERS: Readonly<Record<Verb, Handler>> = {
  distribute: runCommand,
  shuffle: runCommand,
  'add-room': runCommand,
  apply: runCommand,
  start: runCommand,
  end: runCommand,
  move,
  'move-pick': move,
  'move-open': openMoveDialog,
  ask: askForHelp,
  withdraw: withdrawHelp,
  claim: claimHelp,
  'pick-open': openRoomPicker,
  pick: pickRoom,

  async join(ctx, click) {
    const outcome = await ctx.execute(click.team, clickRequest(click, 'join', {}, { actor: await ctx.named(click.team, click.actor) }));
    await ctx.delivery.deliver(outcome, click.reply);
  },

  /** My audio: without a kind, the chooser; with one, set it (the chooser is replaced by the answer). */
  async audio(ctx, click) {
    const kind = click.ref.args[0];
    if (kind !== undefined) {
      const outcome = await ctx.execute(click.team, clickRequest(click, 'audio', { audio: kind }, { actor: await ctx.named(click.team, click.actor) }));
      return ctx.delivery.deliver(outcome, (text) => click.reply(text, { replace: click.ephemeral }));
    }
    const meeting = await ctx.engine.get(click.target);
    if (!meeting) return click.reply(MEETING_GONE);
    const chooser = renderAudioChooser(buildBoard(meeting, click.actor), meeting.attendees.find((a) => a.id === click.actor.id)?.audio);
    await click.reply(chooser.text, chooser.blocks ? { blocks: chooser.blocks } : {});
  },

  /** "I've switched to phone" in a DM: the button turns into the answer. */
  async 'confirm-phone'(ctx, click) {
    const mapped = commandForAction(click.ref);
    if (!mapped) return click.reply(UNREADABLE);
    const outcome = await ctx.execute(click.team, clickRequest(click, mapped.command, mapped.input));
    if (outcome.ok && !outcome.duplicate) await click.reply(`✅ ${outcome.reply}`, { replace: true });
    await ctx.delivery.deliver(outcome, click.reply, { quiet: true });
  },

  /** Another page of a large board, on the person's own copy. */
  async page(ctx, click) {
    const page = click.ref.args[0] ?? '0';
    if (!/^[0-9]{1,3}$/.test(page)) return click.reply(UNREADABLE);
    const meeting = await ctx.engine.get(click.target);
    if (!meeting) return click.reply(MEETING_GONE);
    const message = renderBoard(buildBoard(meeting, click.actor, ctx.clock.now()), { page: Number(page), ephemeral: true });
    await click.reply(message.text, { ...(message.blocks ? { blocks: message.blocks } : {}), replace: click.ephemeral });
  },

  async refresh(ctx, click) {
    const meeting = await ctx.engine.get(click.target);
    if (meeting) await ctx.delivery.showBoard(meeting, click.reply, false);
  },
};

export function registerBoardActions(app: App, ctx: ListenerContext): void {
  // Every block action comes here and the codec says whether it is ours: Bolt runs each listener
  // whose pattern matches, so a prefix listener beside a catch-all would answer ours twice.
  app.action(/.*/, async ({ ack, body, respond }) => {
    await ack();
    await afterAck();
    const reply = ctx.replier(respond, { listener: 'action' });
    const payload = BlockActionsSchema.safeParse(body);
    if (!payload.success) return reply(UNREADABLE);
    const decoded = decodeAction(payload.data.actions[0]?.action_id);
    if (!decoded.ok) return reply(decoded.message);
    const { ref } = decoded;
    await ctx.guard(reply, { listener: 'action', verb: ref.verb, meetingId: ref.meetingId }, () => HANDLERS[ref.verb](ctx, readClick(payload.data, ref, reply)));
  });
}
