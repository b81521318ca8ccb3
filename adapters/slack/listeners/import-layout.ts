// `import-layout`: a pre-assignment CSV typed after the command, or (typed alone) a dialog to choose
// the CSV file or paste it.
// Before the engine sees it, the CSV's e-mail addresses are matched to Slack users (users.lookupByEmail)
// so the engine can place them by id; the engine lists the rows that match nobody.
import type { App } from '@slack/bolt';
import { z } from 'zod';
import { LAYOUT_CSV_MAX_CHARS, layoutEmails } from '../../../src/domain/layout-csv.ts';
import type { Actor, Target } from '../../../src/engine/engine.ts';
import { slackErrorCode } from '../errors.ts';
import { parseModalMetadata, viewIdentity, ViewSubmissionSchema, type SlashPayload, type ViewSubmissionPayload } from '../payloads.ts';
import { readSharedFile } from '../files.ts';
import {
  IMPORT_BLOCK,
  IMPORT_CALLBACK,
  IMPORT_CONFIRM_BLOCK,
  IMPORT_CONFIRM_INPUT,
  IMPORT_FILE_BLOCK,
  IMPORT_FILE_INPUT,
  IMPORT_INPUT,
  renderImportModal,
  renderImportResult,
} from '../render.ts';
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
  return typedImport(text).csv;
}

/**
 * The typed import: `import-layout confirm <csv>` gives the go-ahead to move people while rooms are
 * open. Only the bare word confirm counts (then a space, a line break or nothing): a CSV never starts so.
 */
export function typedImport(text: string): { readonly csv: string; readonly confirm: boolean } {
  const rest = unescapeSlackText(text.trim().replace(/^\S+[ \t]*\n?/, '')).trim();
  const confirm = /^confirm(?=\s|$)/.test(rest);
  return { csv: confirm ? rest.slice('confirm'.length).trim() : rest, confirm };
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

/**
 * Look up the e-mails, run the import, and say what happened (the engine's reply, plus any lookup note).
 * `confirm`: the go-ahead to move people while rooms are open (without it the engine asks first).
 */
async function runImport(
  ctx: ListenerContext,
  team: string,
  target: Target,
  actor: Actor,
  csv: string,
  confirm: boolean,
  requestId: string | undefined,
): Promise<{ outcome: Awaited<ReturnType<ListenerContext['execute']>>; note?: string }> {
  const { emails, note } = await resolveEmails(ctx, team, csv);
  const input = { csv, emails, ...(confirm ? { confirm: true } : {}) };
  const outcome = await ctx.execute(team, { target, actor, command: COMMAND, input, ...(requestId ? { requestId } : {}) });
  return note ? { outcome, note } : { outcome };
}

/** `/breakouts import-layout …`: with a CSV, the import; alone, the paste dialog. Only for those the engine lets import. */
export async function importLayoutTyped(ctx: ListenerContext, s: SlashPayload, target: Target, actor: Actor, requestId: string | undefined, reply: Reply): Promise<void> {
  const may = await ctx.may(s.team_id, { target, actor, command: COMMAND });
  if (!may.ok) return reply(may.message);
  const { csv, confirm } = typedImport(s.text);
  if (csv === '') {
    if (!s.trigger_id) return reply(UNREADABLE);
    const { client } = await ctx.workspaces.get(s.team_id);
    const live = (await ctx.engine.get(target))?.status === 'started';
    await client.views.open({ trigger_id: s.trigger_id, view: renderImportModal({ channelId: s.channel_id, live }) });
    return;
  }
  const { outcome, note } = await runImport(ctx, s.team_id, target, may.actor, csv, confirm, requestId);
  await ctx.delivery.deliver(outcome.ok && note ? { ...outcome, reply: `${outcome.reply}\n${note}` } : outcome, reply);
}

/** What the dialog holds on submission: the chosen file, the pasted text, and the go-ahead box. */
function dialogValues(view: ViewSubmissionPayload['view']): { readonly fileId?: string; readonly pasted: string; readonly confirm: boolean } {
  const values = view.state?.values;
  const fileId = values?.[IMPORT_FILE_BLOCK]?.[IMPORT_FILE_INPUT]?.files?.[0]?.id;
  const pasted = values?.[IMPORT_BLOCK]?.[IMPORT_INPUT]?.value?.trim() ?? '';
  const confirm = values?.[IMPORT_CONFIRM_BLOCK]?.[IMPORT_CONFIRM_INPUT]?.selected_options?.some((o) => o.value === 'confirm') ?? false;
  return fileId ? { fileId, pasted, confirm } : { pasted, confirm };
}

/**
 * The dialog's submission: "importing…" at once, then the file read (a chosen CSV) or the pasted
 * text, the import, and the result in the dialog (or the form again with what was wrong).
 */
export function registerImportDialog(app: App, ctx: ListenerContext): void {
  app.view(IMPORT_CALLBACK, async ({ ack, body }) => {
    const payload = ViewSubmissionSchema.safeParse(body);
    if (!payload.success) return ack();
    const { view, user } = payload.data;
    const { fileId, pasted, confirm } = dialogValues(view);
    if (!fileId && pasted === '') {
      return ack({ response_action: 'errors', errors: { [IMPORT_BLOCK]: 'Paste the layout here, or choose a CSV file above: a header row (email,room or id,room or name,room), then one row per person.' } });
    }
    if (fileId && pasted !== '') return ack({ response_action: 'errors', errors: { [IMPORT_BLOCK]: 'Choose a file or paste a layout, not both: empty this box to import the file.' } });
    const channel = parseModalMetadata(view.private_metadata).c;
    if (!channel) return ack();
    await ack({ response_action: 'update', view: renderImportResult(fileId ? 'Importing… reading the file and matching e-mail addresses with Slack.' : 'Importing… matching e-mail addresses with Slack.') });
    await afterAck();
    const team = payload.data.team?.id ?? user.team_id ?? '';
    const { client } = await ctx.workspaces.get(team);
    const show = async (next: Parameters<typeof client.views.update>[0]['view']): Promise<void> => {
      // The import is saved whatever happens here: a dialog closed meanwhile must not stop its effects.
      await client.views.update({ view_id: view.id, view: next }).catch((error: unknown) => ctx.logger.warn('import dialog not updated', { viewId: view.id, error }));
    };
    const answer: Reply = (text) => show(renderImportResult(text));
    // The form again, with what was wrong; pasted text is kept (a file has to be chosen again).
    const again = (note: string, live: boolean): Promise<void> => show(renderImportModal({ channelId: channel, note, live, ...(pasted ? { csv: pasted } : {}) }));
    await ctx.guard(answer, { listener: 'view', callback: IMPORT_CALLBACK, team }, async () => {
      const target: Target = { place: await ctx.meetings.placeFor(team, channel) };
      let actor: Actor = { id: user.id, name: user.name ?? user.username ?? user.id };
      const meeting = await ctx.engine.get(target);
      // An import into a channel with no meeting yet makes one: its first facilitator by the name Slack shows.
      if (!meeting) actor = await ctx.named(team, actor);
      const may = await ctx.may(team, { target, actor, command: COMMAND });
      if (!may.ok) return answer(may.message);
      let csv = pasted;
      if (fileId) {
        const read = await readSharedFile(client, fileId, LAYOUT_CSV_MAX_CHARS, ctx.logger);
        if (!read.ok) return again(`${read.reason} Nothing was changed.`, meeting?.status === 'started');
        csv = read.text;
      }
      const { outcome, note } = await runImport(ctx, team, target, may.actor, csv, confirm, viewIdentity(payload.data));
      if (outcome.ok && outcome.duplicate) return;
      if (outcome.ok) await show(renderImportResult(note ? `${outcome.reply}\n${note}` : outcome.reply));
      else await again(outcome.message, outcome.code === 'needs-confirmation' || confirm || outcome.meeting?.status === 'started');
      // Nobody to answer ephemerally from a dialog: the dialog is the answer.
      await ctx.delivery.deliver(outcome, async (text) => ctx.logger.debug('import dialog note', { text }), { quiet: true });
    });
  });
}
