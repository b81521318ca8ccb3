// zod schemas for what Slack sends us: slash commands, block actions, select-menu option requests,
// submissions of Breakouts' own modals. They are checked before Bolt reads a request (see intake.ts),
// and Bolt is handed the parsed value, so it only ever sees fields of the types it expects.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { LIMITS } from '../../src/domain/meeting.ts';

/**
 * A Slack id (team T…, enterprise E…, user U…/W…, channel C…/G…/D…): upper-case letters and
 * digits. Bolt uses team ids as keys of a plain object, so "__proto__" or "constructor" must
 * never get through; no key of Object.prototype is upper case.
 */
export const SlackIdSchema = z.string().regex(/^[A-Z0-9]{1,32}$/);

/** Where Slack takes a delayed answer: an http(s) URL (Slack's own in production, the fake's in tests). */
export const ResponseUrlSchema = z
  .string()
  .max(1000)
  .refine((raw) => {
    try {
      const url = new URL(raw);
      return url.protocol === 'https:' || url.protocol === 'http:';
    } catch {
      return false;
    }
  });

/** Slack's trigger id ("1234.5678.abcdef"): it also names the request when Slack retries it. */
const TriggerIdSchema = z.string().regex(/^[A-Za-z0-9._-]{1,100}$/);
const Name = z.string().max(200);

export const SlashSchema = z.object({
  command: z.string().max(40),
  team_id: SlackIdSchema,
  enterprise_id: SlackIdSchema.optional(),
  channel_id: SlackIdSchema,
  user_id: SlackIdSchema,
  user_name: Name.default(''),
  text: z.string().max(4000).default(''),
  response_url: ResponseUrlSchema.optional(),
  trigger_id: TriggerIdSchema.optional(),
  api_app_id: z.string().max(64).optional(),
  is_enterprise_install: z.enum(['true', 'false']).optional(),
});
export type SlashPayload = z.infer<typeof SlashSchema>;

const SelectedOption = z.object({ value: z.string().max(150) });

export const ActionSchema = z.object({
  action_id: z.string().min(1).max(255),
  type: z.string().max(40),
  block_id: z.string().max(255).optional(),
  value: z.string().max(2000).optional(),
  selected_option: SelectedOption.nullable().optional(),
  action_ts: z.string().max(40).optional(),
});

/** One input's state inside a view: the selects of the Move modal, the paste box of the layout import. */
const StateValue = z.object({
  type: z.string().max(40),
  selected_option: SelectedOption.nullable().optional(),
  /** A plain_text_input's text (Slack caps an input's max_length at 3,000). */
  value: z.string().max(3000).nullable().optional(),
  /** A checkboxes element's ticked options. */
  selected_options: z.array(SelectedOption).max(10).optional(),
  /** A file_input's files (only their ids are read: files.info says the rest). */
  files: z.array(z.object({ id: SlackIdSchema })).max(10).optional(),
});

export const ViewSchema = z.object({
  id: z.string().min(1).max(64),
  hash: z.string().max(200).optional(),
  callback_id: z.string().max(255).optional(),
  private_metadata: z.string().max(3000).optional(),
  /** A modal opened in another workspace of a Slack Connect channel names the installing workspace here (Bolt reads it). */
  app_installed_team_id: SlackIdSchema.optional(),
  team_id: SlackIdSchema.optional(),
  state: z.object({ values: z.record(z.string().max(255), z.record(z.string().max(255), StateValue)) }).optional(),
});
export type ViewPayload = z.infer<typeof ViewSchema>;

const User = z.object({ id: SlackIdSchema, name: Name.optional(), username: Name.optional(), team_id: SlackIdSchema.optional() });
// With an org-wide install Slack sends `team: null` (and names the enterprise instead).
const Team = z.object({ id: SlackIdSchema, enterprise_id: SlackIdSchema.optional() }).nullable().optional();
const Enterprise = z.object({ id: SlackIdSchema }).nullable().optional();

/** What every interactive payload (clicks, dialogs, select searches) says about who sent it and from where. */
const FROM = {
  user: User,
  team: Team,
  enterprise: Enterprise,
  is_enterprise_install: z.boolean().optional(),
  api_app_id: z.string().max(64).optional(),
};

export const BlockActionsSchema = z.object({
  type: z.literal('block_actions'),
  ...FROM,
  channel: z.object({ id: SlackIdSchema }).optional(),
  container: z.object({ type: z.string().max(40), is_ephemeral: z.boolean().optional() }).optional(),
  trigger_id: TriggerIdSchema.optional(),
  response_url: ResponseUrlSchema.optional(),
  view: ViewSchema.optional(),
  // Slack sends one action per click; Bolt hands the first to the listener.
  actions: z.array(ActionSchema).length(1),
});
export type BlockActionsPayload = z.infer<typeof BlockActionsSchema>;

/** A submitted modal: only Breakouts' own callbacks reach Bolt (see intake.ts); Slack sends it without a response_url. */
export const ViewSubmissionSchema = z.object({
  type: z.literal('view_submission'),
  ...FROM,
  trigger_id: TriggerIdSchema.optional(),
  view: ViewSchema.extend({ callback_id: z.string().min(1).max(255) }),
});
export type ViewSubmissionPayload = z.infer<typeof ViewSubmissionSchema>;

export const OptionsRequestSchema = z.object({
  type: z.literal('block_suggestion'),
  ...FROM,
  action_id: z.string().min(1).max(255),
  block_id: z.string().max(255).optional(),
  value: z.string().max(200).default(''),
  view: ViewSchema.optional(),
});

/** The Events API events Breakouts listens to (only with OAuth: the installation's life). */
export const INSTALLATION_EVENTS = ['app_uninstalled', 'tokens_revoked'] as const;

const Authorization = z.object({
  enterprise_id: SlackIdSchema.nullable().optional(),
  team_id: SlackIdSchema.nullable().optional(),
  user_id: SlackIdSchema.optional(),
  is_bot: z.boolean().optional(),
  is_enterprise_install: z.boolean().optional(),
});

/** An Events API callback about an installation: Bolt reads its workspace from here (or from authorizations). */
export const InstallationEventSchema = z.object({
  type: z.literal('event_callback'),
  team_id: SlackIdSchema.optional(),
  enterprise_id: SlackIdSchema.optional(),
  api_app_id: z.string().max(64).optional(),
  event_id: z.string().regex(/^[A-Za-z0-9]{1,64}$/).optional(),
  event_time: z.number().optional(),
  authorizations: z.array(Authorization).max(10).optional(),
  is_ext_shared_channel: z.boolean().optional(),
  event: z.object({
    type: z.enum(INSTALLATION_EVENTS),
    tokens: z.object({ oauth: z.array(SlackIdSchema).max(10_000).optional(), bot: z.array(SlackIdSchema).max(10_000).optional() }).optional(),
  }),
});
export type InstallationEvent = z.infer<typeof InstallationEventSchema>;

export function eventIdentity(e: InstallationEvent): string | undefined {
  return e.event_id ? requestIdentity(e.team_id ?? e.enterprise_id, undefined, `event:${e.event_id}`) : undefined;
}

/** What the Move modal remembers in private_metadata. */
export const ModalMetadataSchema = z.object({ c: z.string().min(1).max(64).optional(), r: z.number().int().min(0).max(1_000_000) });

export function parseModalMetadata(raw: string | undefined): z.infer<typeof ModalMetadataSchema> {
  try {
    const parsed = ModalMetadataSchema.safeParse(JSON.parse(raw ?? '{}'));
    return parsed.success ? parsed.data : { r: 0 };
  } catch {
    return { r: 0 };
  }
}

/**
 * The identity of a request, the same on every delivery of it: Slack's trigger id within the
 * team (unique per slash command or click). A retry carries the same one, so the engine and the
 * receiver can tell "again" from "new". Undefined when Slack sent nothing that identifies it.
 */
export function requestIdentity(team: string | undefined, trigger: string | undefined, fallback?: string): string | undefined {
  const part = trigger ?? fallback;
  if (part === undefined) return undefined;
  const id = `slack:${team ?? '-'}:${part}`;
  // The engine keeps ids short; a long one is replaced by its digest, which is just as stable.
  return id.length <= LIMITS.requestIdLength ? id : `slack:#${createHash('sha256').update(id).digest('hex').slice(0, 48)}`;
}

export function slashIdentity(s: SlashPayload): string | undefined {
  return requestIdentity(s.team_id, s.trigger_id);
}

export function actionIdentity(p: BlockActionsPayload): string | undefined {
  const action = p.actions[0];
  // Clicks always carry a trigger id in practice; the action's timestamp per person is the next best.
  const fallback = action?.action_ts ? `${p.user.id}:${action.action_ts}:${action.action_id}` : undefined;
  return requestIdentity(p.team?.id ?? p.user.team_id, p.trigger_id, fallback);
}

export function viewIdentity(p: ViewSubmissionPayload): string | undefined {
  // A submission carries a fresh trigger id; a retried delivery of it, the same one.
  return requestIdentity(p.team?.id ?? p.user.team_id, p.trigger_id, p.view.hash ? `view:${p.view.id}:${p.view.hash}` : undefined);
}
