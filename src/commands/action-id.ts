// The action-id codec: (verb, meeting, board version, targets) ⇄ a short string that fits the
// tightest platform budget (Discord custom_id, 100 chars). The verbs are the buttons the command
// definitions declare plus a few that only drive an adapter's own screens; decoding is a zod
// parse, so a tampered id is a clear refusal, never a crash.
import { z } from 'zod';
import { MeetingIdSchema, PersonIdSchema } from '../domain/meeting.ts';
import type { ButtonBinding } from './define.ts';
import { COMMANDS, type Command, type CommandName } from './registry.ts';

export const ACTION_ID_BUDGET = 100;
const PREFIX = 'bk1';

/** Verbs that stand for no command: they open or page an adapter's own screens. */
const SCREEN_VERBS = {
  /** Open the move dialog (modal / selects). */
  'move-open': 'mo',
  /** Show another page of a large board (arg1 page number). */
  page: 'p',
  refresh: 'r',
  /** Open the room picker of choose mode: the rooms the person may choose (choosableRooms). */
  'pick-open': 'po',
} as const;

type CommandVerb = Command['buttons'][number]['verb'];
export type Verb = CommandVerb | keyof typeof SCREEN_VERBS;

const BINDINGS: ReadonlyMap<string, { readonly command: CommandName; readonly binding: ButtonBinding }> = new Map(
  COMMANDS.flatMap((c) => c.buttons.map((binding: ButtonBinding) => [binding.verb, { command: c.name, binding }] as const)),
);

/** Verb → its short code on the wire. */
export const VERBS: Readonly<Record<Verb, string>> = Object.fromEntries([
  ...[...BINDINGS.values()].map(({ binding }) => [binding.verb, binding.code] as const),
  ...Object.entries(SCREEN_VERBS),
]) as Readonly<Record<Verb, string>>;

const VERB_NAMES = Object.keys(VERBS) as [Verb, ...Verb[]];
const CODE_TO_VERB = new Map<string, Verb>(VERB_NAMES.map((verb) => [VERBS[verb], verb]));


export const ActionRefSchema = z.object({
  verb: z.enum(VERB_NAMES),
  meetingId: MeetingIdSchema,
  version: z.number().int().min(0).max(2_000_000_000),
  // Targets are person ids, rooms, prompt ids and page numbers: all fit a person id's pattern.
  args: z.array(PersonIdSchema).max(2),
});
export type ActionRef = z.infer<typeof ActionRefSchema>;

export function encodeAction(ref: ActionRef): string {
  const checked = ActionRefSchema.parse(ref);
  const parts = [PREFIX, VERBS[checked.verb], checked.meetingId, checked.version.toString(36), ...checked.args];
  const id = parts.join(':');
  if (id.length > ACTION_ID_BUDGET) throw new RangeError(`action id over ${ACTION_ID_BUDGET} chars: ${id.length}`);
  return id;
}

export type Decoded = { readonly ok: true; readonly ref: ActionRef } | { readonly ok: false; readonly message: string };

const NOT_OURS = 'That button is not one Breakouts made (or it was changed). Use the board’s own buttons, or type /breakouts status.';

export function decodeAction(raw: unknown): Decoded {
  if (typeof raw !== 'string' || raw.length > ACTION_ID_BUDGET) return { ok: false, message: NOT_OURS };
  const [prefix, code, meetingId, version, ...args] = raw.split(':');
  if (prefix !== PREFIX || code === undefined) return { ok: false, message: NOT_OURS };
  const verb = CODE_TO_VERB.get(code);
  const versionNumber = version !== undefined && /^[0-9a-z]{1,7}$/.test(version) ? parseInt(version, 36) : NaN;
  const parsed = ActionRefSchema.safeParse({ verb, meetingId, version: versionNumber, args });
  if (!parsed.success) return { ok: false, message: NOT_OURS };
  const accepts = BINDINGS.get(parsed.data.verb)?.binding.accepts;
  if (accepts && !accepts(parsed.data.args)) return { ok: false, message: NOT_OURS };
  return { ok: true, ref: parsed.data };
}

/** The engine command a board action stands for. */
export interface ActionCommand {
  readonly command: CommandName;
  readonly input: Record<string, unknown>;
}

/**
 * The engine command behind a decoded action, for every adapter alike. `chosen` is what the
 * person picked in a select (a room for a move). Undefined means the action is the adapter's own
 * screen (open the move dialog, pick an audio, another page) or needs a choice first.
 */
export function commandForAction(ref: ActionRef, chosen?: string): ActionCommand | undefined {
  const bound = BINDINGS.get(ref.verb);
  const input = bound?.binding.input(ref.args, chosen);
  return bound && input ? { command: bound.command, input } : undefined;
}
