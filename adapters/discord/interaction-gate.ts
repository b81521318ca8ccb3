// The first reader of every INTERACTION_CREATE. discord.js builds its Interaction inside the
// gateway handler, where a throw (permissions that are not a number, options that are not a
// list …) escapes as an unhandled rejection and the person waits for an answer that never comes.
// The gate wraps that one step: what discord.js cannot build, or drops unseen, is answered here.
import { Events, InteractionResponseType, InteractionType, MessageFlags, Routes, type Client } from 'discord.js';
import { z } from 'zod';
import type { Logger } from '../../src/runtime/logger.ts';
import { ATTENDEE_COMMAND } from './command-json.ts';

/**
 * The answer to a request Breakouts could not read: bad input, so not the apology for our bugs.
 * It names the open command's help, the one every member can see.
 */
export const NOT_UNDERSTOOD = `That request was not understood; nothing was changed. Try again with the board’s buttons, or see /${ATTENDEE_COMMAND} help.`;

/**
 * What answering needs: the id and token go into the callback URL, so they must not be able to
 * change its route. Anything else about the payload is discord.js's to read.
 */
const AnswerableSchema = z.object({
  id: z.string().regex(/^[0-9]{1,32}$/),
  token: z
    .string()
    .regex(/^[^/\\?#%\s]{1,1000}$/)
    .refine((token) => token !== '.' && token !== '..'),
  type: z.unknown(),
  application_id: z.unknown(),
});
type Answerable = z.infer<typeof AnswerableSchema>;

const SnowflakeSchema = z.string().regex(/^[0-9]{1,32}$/);
const PermissionsSchema = z.string().regex(/^[0-9]{1,40}$/);
/**
 * Who is asking and what they may do: Breakouts decides on these, and discord.js reads them
 * leniently ("0x10" or a flag name pass as permissions), so they are checked first. In a server
 * Discord always sends the member with their permissions; in a DM, the user.
 */
const AskerSchema = z.union([
  z.object({
    guild_id: SnowflakeSchema,
    // discord.js reads the roles only later (a permission check), where a non-list would throw.
    member: z.object({ user: z.object({ id: SnowflakeSchema }).loose(), roles: z.array(SnowflakeSchema), permissions: PermissionsSchema }).loose(),
    app_permissions: PermissionsSchema.optional(),
  }),
  z.object({ guild_id: z.null().optional(), user: z.object({ id: SnowflakeSchema }).loose(), app_permissions: PermissionsSchema.optional() }),
]);

/** discord.js's InteractionCreate action: the one step that turns a payload into an Interaction. */
interface InteractionAction {
  handle: (data: unknown) => unknown;
}

function isInteractionAction(value: unknown): value is InteractionAction {
  return typeof value === 'object' && value !== null && 'handle' in value && typeof value.handle === 'function';
}

function interactionAction(client: Client): InteractionAction | undefined {
  // `actions` is private in discord.js's types (element access is TypeScript's sanctioned way in),
  // so its shape is checked here rather than assumed.
  const actions: unknown = client['actions'];
  if (typeof actions !== 'object' || actions === null || !('InteractionCreate' in actions)) return undefined;
  const action = actions.InteractionCreate;
  return isInteractionAction(action) ? action : undefined;
}

/** The answer Discord accepts for each kind: a Pong, no autocomplete choices, or the sentence. */
function refusalBody(type: unknown): object {
  if (type === InteractionType.Ping) return { type: InteractionResponseType.Pong };
  if (type === InteractionType.ApplicationCommandAutocomplete) return { type: InteractionResponseType.ApplicationCommandAutocompleteResult, data: { choices: [] } };
  return { type: InteractionResponseType.ChannelMessageWithSource, data: { content: NOT_UNDERSTOOD, flags: MessageFlags.Ephemeral } };
}

/**
 * Put the gate in front of discord.js's interaction builder. An interaction without a usable
 * id or token cannot be answered and is ignored (logged); one for another application, one
 * without a proper asker, one discord.js throws on, and one it drops without emitting (an
 * unknown type) get the sentence.
 * Returns false when discord.js's internals have moved and the gate could not be installed.
 */
export function installInteractionGate(client: Client, { applicationId, logger }: { applicationId: string; logger: Logger }): boolean {
  const action = interactionAction(client);
  if (!action) {
    logger.error('discord.js has no InteractionCreate action to guard; malformed interactions will not be answered', {});
    return false;
  }
  const build = action.handle.bind(action);
  // Emitting is synchronous, so a count taken around `build` tells whether it emitted.
  let emitted = 0;
  client.on(Events.InteractionCreate, () => void (emitted += 1));

  function refuse(ref: Answerable, reason: string, detail: Record<string, unknown> = {}): void {
    logger.warn('answered an interaction Breakouts could not read', { interactionId: ref.id, type: ref.type, reason, ...detail });
    client.rest
      .post(Routes.interactionCallback(ref.id, ref.token), { body: refusalBody(ref.type), auth: false })
      .catch((again: unknown) => logger.warn('could not answer an unreadable interaction', { interactionId: ref.id, error: again }));
  }

  action.handle = (data: unknown) => {
    const ref = AnswerableSchema.safeParse(data);
    if (!ref.success) {
      // Only the paths: the values may hold the token.
      logger.warn('ignored an interaction with no usable id or token', { problems: ref.error.issues.map((i) => i.path.join('.') || '(payload)') });
      return;
    }
    const ours = client.application?.id ?? applicationId;
    if (ref.data.application_id !== ours) return refuse(ref.data, 'it is addressed to another application');
    const asker = AskerSchema.safeParse(data);
    if (!asker.success) return refuse(ref.data, 'no member or user with valid permissions');
    const before = emitted;
    try {
      build(data);
    } catch (error) {
      // Thrown after emitting means a listener threw: the handler has it and will answer.
      if (emitted !== before) return logger.error('an interaction listener threw', { interactionId: ref.data.id, error });
      return refuse(ref.data, 'discord.js could not build it', { error });
    }
    if (emitted === before) refuse(ref.data, 'discord.js does not handle this kind of interaction');
  };
  return true;
}
