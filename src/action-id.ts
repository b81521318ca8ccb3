// The action-id codec: (verb, meeting, board version, targets) ⇄ a short string that fits the
// tightest platform budget (Discord custom_id, 100 chars). Decoding is a zod parse, so a
// tampered id is a clear refusal, never a crash.
import { z } from 'zod';
import { AUDIO_KINDS } from './domain.ts';

export const ACTION_ID_BUDGET = 100;
const PREFIX = 'bk1';

/** Verb → its short code on the wire. */
export const VERBS = {
  distribute: 'd',
  shuffle: 's',
  apply: 'a',
  start: 'st',
  end: 'e',
  join: 'j',
  /** Open "my audio" choices, or with an audio argument set it. */
  audio: 'au',
  /** Move: arg1 attendee, arg2 room number or "main". */
  move: 'm',
  /** Open the move dialog (modal / selects). */
  'move-open': 'mo',
  /** Pick a room for an attendee chosen in a select (arg1 attendee). */
  'move-pick': 'mp',
  'add-room': 'ar',
  'confirm-phone': 'cp',
  /** Show another page of a large board (arg1 page number). */
  page: 'p',
  refresh: 'r',
} as const;
export type Verb = keyof typeof VERBS;

const CODE_TO_VERB = new Map<string, Verb>(Object.entries(VERBS).map(([verb, code]) => [code, verb as Verb]));

const Token = z.string().regex(/^[A-Za-z0-9_.-]{1,32}$/, 'an id of letters, digits, _ . - (at most 32)');

export const ActionRefSchema = z.object({
  verb: z.enum(Object.keys(VERBS) as [Verb, ...Verb[]]),
  meetingId: z.string().regex(/^[a-z0-9]{4,12}$/),
  version: z.number().int().min(0).max(2_000_000_000),
  args: z.array(Token).max(2),
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
  const ref = parsed.data;
  if (ref.verb === 'audio' && ref.args[0] !== undefined && !(AUDIO_KINDS as readonly string[]).includes(ref.args[0])) {
    return { ok: false, message: NOT_OURS };
  }
  if (ref.verb === 'move' && ref.args[1] !== undefined && !/^(main|[1-9][0-9]?)$/.test(ref.args[1])) return { ok: false, message: NOT_OURS };
  return { ok: true, ref };
}
