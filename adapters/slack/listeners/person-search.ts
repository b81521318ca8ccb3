// The Move dialog's person search (an external_select's options request): the roster's matching
// names, only for someone the engine lets move people; anything unreadable gets an empty list.
import type { App } from '@slack/bolt';
import { buildBoard } from '../../../src/board/board.ts';
import { decodeAction } from '../../../src/commands/action-id.ts';
import type { Actor } from '../../../src/engine/engine.ts';
import { OptionsRequestSchema } from '../payloads.ts';
import { personOptions, type PlainOption } from '../render.ts';
import type { ListenerContext } from './context.ts';

export function registerPersonSearch(app: App, ctx: ListenerContext): void {
  const { engine, users, logger } = ctx;

  async function options(body: unknown): Promise<PlainOption[]> {
    const request = OptionsRequestSchema.safeParse(body);
    if (!request.success) return [];
    const decoded = decodeAction(request.data.action_id);
    if (!decoded.ok) return [];
    const target = { meetingId: decoded.ref.meetingId };
    const meeting = await engine.get(target);
    if (!meeting) return [];
    const { user } = request.data;
    // The answer must go out at once: a workspace admin counts only if Slack already said so.
    const team = request.data.team?.id ?? user.team_id ?? '';
    const viewer: Actor = { id: user.id, name: user.name ?? user.id, ...(users.cachedAdmin(team, user.id) ? { canManage: true } : {}) };
    const may = await engine.can({ target, actor: viewer, command: 'move' });
    return may.ok ? personOptions(buildBoard(meeting), request.data.value) : [];
  }

  app.options(/.*/, async ({ ack, body }) => {
    try {
      await ack({ options: await options(body) });
    } catch (error) {
      logger.error('person search failed', { error });
      await ack({ options: [] });
    }
  });
}
