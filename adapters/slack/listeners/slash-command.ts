// The /breakouts slash command: its text parsed into an engine command for the channel's meeting
// (typed in a room's channel: the meeting the room belongs to), the answer (status as the board's
// blocks, an ask with "Withdraw", an export's file in their DMs) and the outcome delivered. `import`
// reads the meeting channel's members, and `import-layout` looks up e-mails, only once the engine
// says the person may.
import type { App } from '@slack/bolt';
import { z } from 'zod';
import { buildBoard } from '../../../src/board/board.ts';
import { parseCommandText } from '../../../src/commands/parse-text.ts';
import type { Actor, Target } from '../../../src/engine/engine.ts';
import { SLACK_LIMITS as L } from '../limits.ts';
import { slashIdentity, SlashSchema } from '../payloads.ts';
import { renderBoard } from '../render.ts';
import { afterAck, UNREADABLE, type ListenerContext } from './context.ts';
import { deliverWithFile } from './file-reply.ts';
import { deliverAsk } from './help-requests.ts';
import { importLayoutTyped } from './import-layout.ts';

export const SLASH_COMMAND = '/breakouts';

const MemberPage = z.object({
  members: z.array(z.string()).default([]),
  response_metadata: z.object({ next_cursor: z.string().optional() }).optional(),
});

/** How many users.info look-ups an import runs at once. */
const LOOKUPS_AT_ONCE = 8;

export function registerSlashCommand(app: App, ctx: ListenerContext): void {
  const { engine } = ctx;

  app.command(SLASH_COMMAND, async ({ ack, body, respond }) => {
    await ack();
    await afterAck();
    const reply = ctx.replier(respond, { listener: 'command' });
    const slash = SlashSchema.safeParse(body);
    if (!slash.success) return reply(UNREADABLE);
    const s = slash.data;
    const requestId = slashIdentity(s);
    await ctx.guard(reply, { listener: 'command', team: s.team_id, channel: s.channel_id }, async () => {
      const parsed = parseCommandText(s.text, SLASH_COMMAND);
      if (!parsed.ok) return reply(parsed.message);
      const place = await ctx.meetings.placeFor(s.team_id, s.channel_id);
      const target: Target = { place };
      let actor: Actor = { id: s.user_id, name: s.user_name || s.user_id };
      // The roster shows Slack's display name: asked for whoever may be added to it now.
      if (parsed.name === 'join' || parsed.name === 'audio' || !(await engine.get(target))) actor = await ctx.named(s.team_id, actor);
      if (parsed.name === 'import-layout') return importLayoutTyped(ctx, s, target, actor, requestId, reply);
      let input: unknown = parsed.args;
      if (parsed.name === 'import') {
        const may = await ctx.may(s.team_id, { target, actor, command: 'import' });
        if (!may.ok) return reply(may.message);
        actor = may.actor;
        input = { people: await channelPeople(ctx, s.team_id, place.channelId) };
      }
      const outcome = await ctx.execute(s.team_id, { target, actor, command: parsed.name, input, ...(requestId ? { requestId } : {}) });
      if (parsed.name === 'status' && outcome.ok) {
        const message = renderBoard(buildBoard(outcome.meeting, actor, ctx.clock.now()), { ephemeral: true });
        return reply(message.text, message.blocks ? { blocks: message.blocks } : {});
      }
      if (parsed.name === 'ask') return deliverAsk(ctx, outcome, reply);
      if (outcome.ok && outcome.file) return deliverWithFile(ctx, s.team_id, actor.id, outcome, reply);
      await ctx.delivery.deliver(outcome, reply);
    });
  });

}

/** The channel's people for an import: every member but bots, deleted accounts and Breakouts itself. */
async function channelPeople(ctx: ListenerContext, team: string, channel: string): Promise<{ id: string; name: string }[]> {
  const { users } = ctx;
  const { client, botUserId: bot } = await ctx.workspaces.get(team);
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    const page = MemberPage.parse(await client.conversations.members({ channel, limit: L.pageSize, ...(cursor ? { cursor } : {}) }));
    ids.push(...page.members);
    cursor = page.response_metadata?.next_cursor || undefined;
  } while (cursor);
  const wanted = ids.filter((id) => id !== bot && id !== 'USLACKBOT');
  const people: { id: string; name: string }[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < wanted.length) {
      const id = wanted[next++]!;
      const user = await users.lookup(team, id);
      if (!user || user.deleted || user.bot) continue;
      people.push({ id, name: (user.name ?? id).slice(0, 80) });
    }
  };
  await Promise.all(Array.from({ length: Math.min(LOOKUPS_AT_ONCE, wanted.length) }, worker));
  return people;
}
