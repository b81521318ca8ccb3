// An answer that comes with a file (the `export` CSV): the file goes to the person's direct messages
// with Breakouts, and the ephemeral reply says where it went (or why it could not be sent).
import type { Success } from '../../../src/domain/outcome.ts';
import { sendFileTo } from '../files.ts';
import type { ListenerContext, Reply } from './context.ts';

export async function deliverWithFile(ctx: ListenerContext, team: string, person: string, outcome: Success, reply: Reply): Promise<void> {
  const { file } = outcome;
  // A retried request was answered (and its file sent) the first time.
  if (!file || outcome.duplicate) return ctx.delivery.deliver(outcome, reply);
  const { client } = await ctx.workspaces.get(team);
  const sent = await sendFileTo(client, person, file, `${outcome.meeting.title}: ${outcome.reply}`, ctx.logger);
  await ctx.delivery.deliver({ ...outcome, reply: `${outcome.reply}\n${sent.ok ? sent.where : sent.reason}` }, reply);
}
