// Choose mode: the board's "Choose your room" (for everyone) opens the clicker's own picker with the
// rooms the engine says are open to them (their audio, under the cap); a room's button there is the
// `pick` command, and its answer replaces the picker.
import { buildBoard } from '../../../src/board/board.ts';
import { commandForAction } from '../../../src/commands/action-id.ts';
import { choosableRooms } from '../../../src/commands/choose.ts';
import { renderRoomPicker } from '../render.ts';
import { clickRequest, type Click } from './click.ts';
import { MEETING_GONE, UNREADABLE, type ListenerContext } from './context.ts';

export async function openRoomPicker(ctx: ListenerContext, click: Click): Promise<void> {
  const meeting = await ctx.engine.get(click.target);
  if (!meeting) return click.reply(MEETING_GONE);
  const current = meeting.attendees.find((a) => a.id === click.actor.id)?.room ?? null;
  const picker = renderRoomPicker(buildBoard(meeting, click.actor, ctx.clock.now()), choosableRooms(meeting, click.actor.id), current);
  // A message of its own: a personal copy of the board it was opened from stays.
  await click.reply(picker.text, picker.blocks ? { blocks: picker.blocks } : {});
}

export async function pickRoom(ctx: ListenerContext, click: Click): Promise<void> {
  const mapped = commandForAction(click.ref, click.chosen);
  if (!mapped) return click.reply(UNREADABLE);
  // Someone not on the roster yet joins by picking: the roster shows the name Slack shows for them.
  const actor = await ctx.named(click.team, click.actor);
  const outcome = await ctx.execute(click.team, clickRequest(click, mapped.command, mapped.input, { actor, version: click.ref.version }));
  await ctx.delivery.deliver(outcome, (text) => click.reply(text, { replace: click.ephemeral }));
}
