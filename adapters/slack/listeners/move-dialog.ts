// The Move dialog (a modal): the board's Move… opens it for whoever the engine lets move people;
// picking a person and then a room moves at once, notes the result in the dialog and clears the
// selects for the next move. The person select's search is person-search.ts.
import { buildBoard } from '../../../src/board/board.ts';
import { parseModalMetadata, type ViewPayload } from '../payloads.ts';
import { renderMoveModal } from '../render.ts';
import { clickRequest, type Click } from './click.ts';
import { MEETING_GONE, UNREADABLE, type ListenerContext } from './context.ts';

export async function openMoveDialog(ctx: ListenerContext, click: Click): Promise<void> {
  const meeting = await ctx.engine.get(click.target);
  if (!meeting) return click.reply(MEETING_GONE);
  const may = await ctx.may(click.team, { target: click.target, actor: click.actor, command: 'move' });
  if (!may.ok) return click.reply(may.message);
  const trigger = click.payload.trigger_id;
  if (!trigger) return click.reply(UNREADABLE);
  const state = click.channelId ? { channelId: click.channelId, round: 0 } : { round: 0 };
  const { client } = await ctx.workspaces.get(click.team);
  await client.views.open({ trigger_id: trigger, view: renderMoveModal(buildBoard(meeting), state) });
}

/** A select changed in the dialog: once both a person and a room are picked, the move. */
export async function moveInDialog(ctx: ListenerContext, click: Click, view: ViewPayload): Promise<void> {
  const { engine, logger, delivery } = ctx;
  let person: string | undefined;
  let room: string | undefined;
  for (const block of Object.values(view.state?.values ?? {})) {
    for (const value of Object.values(block)) {
      if (value.type === 'external_select' && value.selected_option) person = value.selected_option.value;
      if (value.type === 'static_select' && value.selected_option) room = value.selected_option.value;
    }
  }
  if (!person || !room) return;
  const outcome = await ctx.execute(click.team, clickRequest(click, 'move', { user: { id: person }, to: room }, { version: click.ref.version }));
  if (outcome.ok && outcome.duplicate) return;
  const meeting = outcome.meeting ?? (await engine.get(click.target));
  const note = outcome.ok ? `✅ ${outcome.reply}` : `⚠️ ${outcome.message}`;
  if (meeting) {
    const round = parseModalMetadata(view.private_metadata).r + 1;
    const state = click.channelId ? { channelId: click.channelId, round } : { round };
    const { client } = await ctx.workspaces.get(click.team);
    // The move is saved: a dialog that cannot be refreshed (closed meanwhile) must not stop its effects.
    await client.views.update({ view_id: view.id, view: renderMoveModal(buildBoard(meeting), state, note) }).catch((error: unknown) => {
      logger.warn('Move dialog not refreshed', { viewId: view.id, error });
    });
  }
  // Nobody to answer ephemerally from a dialog: the note above is the answer.
  await delivery.deliver(outcome, async (text) => logger.debug('modal note', { text }), { quiet: true });
}
