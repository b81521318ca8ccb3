// zod schemas for what Slack sends us: slash commands, block actions, select-menu option
// requests. Only the fields Breakouts reads; a payload that does not parse gets a clear answer.
import { z } from 'zod';

const Id = z.string().min(1).max(64);

export const SlashSchema = z.object({
  team_id: Id,
  channel_id: Id,
  user_id: Id,
  user_name: z.string().max(200).default(''),
  text: z.string().max(4000).default(''),
  trigger_id: z.string().max(200).optional(),
});

const SelectedOption = z.object({ value: z.string().max(150) });

export const ActionSchema = z.object({
  action_id: z.string().max(255),
  type: z.string().max(40),
  block_id: z.string().max(255).optional(),
  value: z.string().max(2000).optional(),
  selected_option: SelectedOption.nullable().optional(),
});

/** One input's state inside a view: the selects of the Move modal. */
const StateValue = z.object({ type: z.string().max(40), selected_option: SelectedOption.nullable().optional() });

export const ViewSchema = z.object({
  id: z.string().min(1).max(64),
  hash: z.string().max(200).optional(),
  callback_id: z.string().max(255).optional(),
  private_metadata: z.string().max(3000).optional(),
  state: z.object({ values: z.record(z.string(), z.record(z.string(), StateValue)) }).optional(),
});
export type ViewPayload = z.infer<typeof ViewSchema>;

const User = z.object({ id: Id, name: z.string().max(200).optional(), username: z.string().max(200).optional() });

export const BlockActionsSchema = z.object({
  type: z.literal('block_actions'),
  user: User,
  team: z.object({ id: Id }).nullable().optional(),
  channel: z.object({ id: Id }).optional(),
  container: z.object({ type: z.string().max(40), is_ephemeral: z.boolean().optional() }).optional(),
  trigger_id: z.string().max(200).optional(),
  view: ViewSchema.optional(),
  actions: z.array(ActionSchema).min(1).max(1),
});
export type BlockActionsPayload = z.infer<typeof BlockActionsSchema>;

export const OptionsRequestSchema = z.object({
  type: z.literal('block_suggestion'),
  user: User,
  action_id: z.string().max(255),
  value: z.string().max(200).default(''),
});

/** What the Move modal remembers in private_metadata. */
export const ModalMetadataSchema = z.object({ c: Id.optional(), r: z.number().int().min(0).max(1_000_000) });

export function parseModalMetadata(raw: string | undefined): z.infer<typeof ModalMetadataSchema> {
  try {
    const parsed = ModalMetadataSchema.safeParse(JSON.parse(raw ?? '{}'));
    return parsed.success ? parsed.data : { r: 0 };
  } catch {
    return { r: 0 };
  }
}
