// The action-id codec: (verb, meeting, board version, targets) ⇄ a short string that fits the
// tightest platform budget (Discord custom_id, 100 chars). Decoding is a zod parse, so a
// tampered id is a clear refusal, never a crash.
import { z } from 'zod';
import { AUDIO_KINDS } from '../domain/meeting.ts';

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

/** An engine command a board action stands for. */
export interface ActionCommand {
  readonly command: 'distribute' | 'shuffle' | 'apply' | 'start' | 'end' | 'join' | 'add-room' | 'audio' | 'move' | 'confirm-phone';
  readonly input: Record<string, unknown>;
}

/**
 * The engine command behind a decoded action, for every adapter alike. `chosen` is what the
 * person picked in a select (a room for move / move-pick); a room already in the id (a move's
 * second argument) wins over it, so a select's id must carry only the person. Undefined means
 * the action is the adapter's own UI (open the move dialog, pick an audio, another page) or
 * needs a choice first.
 */
export function commandForAction(ref: ActionRef, chosen?: string): ActionCommand | undefined {
  const [first, second] = ref.args;
  switch (ref.verb) {
    case 'shuffle':
      // Every surface asks the board action's confirm question before it sends Shuffle.
      return { command: 'shuffle', input: { confirm: true } };
    case 'distribute':
    case 'apply':
    case 'start':
    case 'end':
    case 'join':
    case 'add-room':
      return { command: ref.verb, input: {} };
    case 'audio':
      return first === undefined ? undefined : { command: 'audio', input: { audio: first } };
    case 'move':
    case 'move-pick': {
      const to = second ?? chosen;
      return first === undefined || to === undefined ? undefined : { command: 'move', input: { user: { id: first }, to } };
    }
    case 'confirm-phone':
      return first === undefined ? undefined : { command: 'confirm-phone', input: { promptId: first } };
    case 'move-open':
    case 'page':
    case 'refresh':
      return undefined;
  }
}
