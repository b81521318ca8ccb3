// `import-layout`: a pre-assignment CSV typed after the command, or (typed alone) pasted into a dialog.
// Before the engine sees it, the CSV's e-mail addresses are matched to Slack users (users.lookupByEmail)
// so the engine can place them by id; the engine lists the rows that match nobody.
import type { App } from '@slack/bolt';
import { z } from 'zod';
import { layoutEmails } from '../../../src/domain/layout-csv.ts';
import type { Actor, Target } from '../../../src/engine/engine.ts';
import { slackErrorCode } from '../errors.ts';
import { parseModalMetadata, viewIdentity, ViewSubmissionSchema, type SlashPayload } from '../payloads.ts';
import { IMPORT_BLOCK, IMPORT_CALLBACK, IMPORT_INPUT, renderImportModal, renderImportResult } from '../render.ts';
import { afterAck, UNREADABLE, type ListenerContext, type Reply } from './context.ts';

const COMMAND = 'import-layout';

const LookupResult = z.object({ user: z.object({ id: z.string().min(1), deleted: z.boolean().optional(), is_bot: z.boolean().optional() }) });

/** How many users.lookupByEmail calls run at once (Tier 3: about 50 a minute, bursts tolerated). */
const LOOKUPS_AT_ONCE = 4;

/** Refusals that mean "this workspace will not look anyone up by e-mail": the rest of the layout still goes in. */
const LOOKUP_REFUSED = new Set(['missing_scope', 'not_allowed_token_type', 'no_permission', 'ekm_access_denied']);

/**
 * Typed text as Slack escapes it for the app (the manifest's should_escape): an address becomes
 * <mailto:ana@x.org|ana@x.org>, a mention <@U123|ana>, and & < > entities. Undone here, so the CSV
 * reads as typed (a mention in the id column is the person's id).
 */
export function unescapeSlackText(text: string): string {
  return text
    .replace(/<mailto:([^|>]*)(?:\|[^>]*)?>/g, '$1')
    .replace(/<@([A-Z0-9]+)(?:\|[^>]*)?>/g, '$1')
    .replace(/<(?:https?:\/\/)?([^|>]*)\|([^>]*)>/g, '$2')
    .replace(/<(https?:\/\/[^>]*)>/g, '$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** The CSV after `import-layout` in the typed text, line breaks kept (the word parser joins words with spaces). */
export function typedCsv(text: string): string {
  return unescapeSlackText(text.trim().replace(/^\S+[ \t]*\n?/, '')).trim();
}

interface Resolved {
  readonly emails: Record<string, string>;
  /** Why e-mail rows could not be matched at all (a workspace that never granted users:read.email). */
  readonly note?: string;
}

/** The CSV's e-mail addresses → Slack user ids; unknown addresses (users_not_found) are left for the engine to list. */
async function resolveEmails(ctx: ListenerContext, team: string, csv: string): Promise<Resolved> {
  const wanted = layoutEmails(csv);
  if (wanted.length === 0) return { emails: {} };
  const { client } = await ctx.workspaces.get(team);
  const found = new Map<string, string>();
  let refused: string | undefined;
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < wanted.length && refused === undefined) {
      const email = wanted[next++]!;
      try {
        const { user } = LookupResult.parse(await client.users.lookupByEmail({ email }));
        if (!user.deleted && !user.is_bot) found.set(email, user.id);
      } catch (error) {
        const code = slackErrorCode(error);
        if (code === 'users_not_found' || code === 'invalid_email') continue;
        if (code === undefined || !LOOKUP_REFUSED.has(code)) throw error;
        refused = code;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(LOOKUPS_AT_ONCE, wanted.length) }, worker));
  if (refused === undefined) return { emails: Object.fromEntries(found) };
  ctx.logger.warn('Slack would not look people up by e-mail', { team, code: refused });
  return {
    emails: Object.fromEntries(found),
    note: `Rows with an e-mail address could not be matched: Slack refused users.lookupByEmail (${refused})${refused === 'missing_scope' ? '; reinstall the app so it gets the users:read.email scope' : ''}.`,
  };
}

/** Look up the e-mails, run the import, and say what happened (the engine's reply, plus any lookup note). */
async function runImport(ctx: ListenerContext, team: string, target: Target, actor: Actor, csv: string, requestId: string | undefined): Promise<{ outcome: Awaited<ReturnType<ListenerContext['execute']>>; note?: string }> {
  const { emails, note } = await resolveEmails(ctx, team, csv);
  const outcome = await ctx.execute(team, { target, actor, command: COMMAND, input: { csv, emails }, ...(requestId ? { requestId } : {}) });
  return note ? { outcome, note } : { outcome };
}

/** `/breakouts import-layout …`: with a CSV, the import; alone, the paste dialog. Only for those the engine lets import. */
export async function importLayoutTyped(ctx: ListenerContext, s: SlashPayload, target: Target, actor: Actor, requestId: string | undefined, reply: Reply): Promise<void> {
  const may = await ctx.may(s.team_id, { target, actor, command: COMMAND });
  if (!may.ok) return reply(may.message);
  const csv = typedCsv(s.text);
  if (csv === '') {
    if (!s.trigger_id) return reply(UNREADABLE);
    const { client } = await ctx.workspaces.get(s.team_id);
    await client.views.open({ trigger_id: s.trigger_id, view: renderImportModal({ channelId: s.channel_id }) });
    return;
  }
  const { outcome, note } = await runImport(ctx, s.team_id, target, may.actor, csv, requestId);
  await ctx.delivery.deliver(outcome.ok && note ? { ...outcome, reply: `${outcome.reply}\n${note}` } : outcome, reply);
}

/** The paste dialog's submission: "importing…" at once, then the result in the dialog (or the form again with what was wrong). */
export function registerImportDialog(app: App, ctx: ListenerContext): void {
  app.view(IMPORT_CALLBACK, async ({ ack, body }) => {
    const payload = ViewSubmissionSchema.safeParse(body);
    if (!payload.success) return ack();
    const { view, user } = payload.data;
    const csv = view.state?.values[IMPORT_BLOCK]?.[IMPORT_INPUT]?.value?.trim() ?? '';
    if (csv === '') return ack({ response_action: 'errors', errors: { [IMPORT_BLOCK]: 'Paste the layout: a header row (email,room or id,room or name,room), then one row per person.' } });
    const channel = parseModalMetadata(view.private_metadata).c;
    if (!channel) return ack();
    await ack({ response_action: 'update', view: renderImportResult('Importing… matching e-mail addresses with Slack.') });
    await afterAck();
    const team = payload.data.team?.id ?? user.team_id ?? '';
    const { client } = await ctx.workspaces.get(team);
    const show = async (next: Parameters<typeof client.views.update>[0]['view']): Promise<void> => {
      // The import is saved whatever happens here: a dialog closed meanwhile must not stop its effects.
      await client.views.update({ view_id: view.id, view: next }).catch((error: unknown) => ctx.logger.warn('import dialog not updated', { viewId: view.id, error }));
    };
    const answer: Reply = (text) => show(renderImportResult(text));
    await ctx.guard(answer, { listener: 'view', callback: IMPORT_CALLBACK, team }, async () => {
      const target: Target = { place: await ctx.meetings.placeFor(team, channel) };
      let actor: Actor = { id: user.id, name: user.name ?? user.username ?? user.id };
      // An import into a channel with no meeting yet makes one: its first facilitator by the name Slack shows.
      if (!(await ctx.engine.get(target))) actor = await ctx.named(team, actor);
      const may = await ctx.may(team, { target, actor, command: COMMAND });
      if (!may.ok) return answer(may.message);
      const { outcome, note } = await runImport(ctx, team, target, may.actor, csv, viewIdentity(payload.data));
      if (outcome.ok && outcome.duplicate) return;
      await show(outcome.ok ? renderImportResult(note ? `${outcome.reply}\n${note}` : outcome.reply) : renderImportModal({ channelId: channel, csv, note: outcome.message }));
      // Nobody to answer ephemerally from a dialog: the dialog is the answer.
      await ctx.delivery.deliver(outcome, async (text) => ctx.logger.debug('import dialog note', { text }), { quiet: true });
    });
  });
}
