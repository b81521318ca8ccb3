// The one command table: every /breakouts subcommand with its arguments, zod input, permission
// and help text. Slash-text parsing, help, the Slack manifest and the Discord command JSON all
// derive from it, so they cannot drift apart.
import { z } from 'zod';
import { AUDIO_KINDS, AudioSchema, LIMITS, PersonIdSchema } from '../domain/meeting.ts';
import { cleanDisplayText } from '../domain/text.ts';

/**
 * A display name as it arrives from a platform or a person: hidden characters and line breaks go
 * (src/text.ts), then it must still say something.
 */
export const DisplayNameSchema = z
  .string()
  .transform(cleanDisplayText)
  .pipe(z.string().min(1, { error: 'is empty (or only invisible characters)' }).max(LIMITS.displayNameLength, { error: `must be at most ${LIMITS.displayNameLength} characters` }));

/** A person named in a command: by platform id, or by display name (Slack "@name"). */
export const UserRefSchema = z.union(
  [
    z.object({ id: PersonIdSchema, name: DisplayNameSchema.optional() }).strict(),
    z.object({ name: DisplayNameSchema }).strict(),
  ],
  { error: 'must be a person: mention them with @' },
);
export type UserRef = z.infer<typeof UserRefSchema>;

/** "Just Listening", "VOIP", "listen-only" … → the canonical audio kind. */
export function normaliseAudio(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const v = value.trim().toLowerCase().replace(/[\s_-]+/g, ' ');
  const aliases: Record<string, string> = {
    phone: 'phone',
    telephone: 'phone',
    'dial in': 'phone',
    voip: 'voip',
    computer: 'voip',
    'computer audio': 'voip',
    listening: 'listening',
    listen: 'listening',
    'just listening': 'listening',
    'listen only': 'listening',
  };
  return aliases[v] ?? value;
}
export const AudioInputSchema = z.preprocess(
  normaliseAudio,
  z.enum(AUDIO_KINDS, { error: `must be ${AUDIO_KINDS.slice(0, -1).join(', ')} or ${AUDIO_KINDS.at(-1)} (“Just Listening” and “VOIP” work too)` }),
);

/** Someone the platform told us about (channel member, voice participant). */
export const PersonInputSchema = z.object({
  id: PersonIdSchema,
  /** As the platform gave it; cleaned when stored (clampName), so one odd profile never fails a whole import. */
  name: z.string().min(1).max(LIMITS.displayNameLength * 4),
  audio: AudioSchema.optional(),
});
export type PersonInput = z.infer<typeof PersonInputSchema>;

/**
 * Typed counts and room numbers are plain decimal digits: "0x10", "1e1", "0b11", " 2.0" stay text
 * and are refused (Number() would read them as 16, 10, 3 and 2). Discord's integer options arrive
 * as numbers and must be whole.
 */
const digitsToNumber = (value: unknown): unknown => (typeof value === 'string' && /^\s*[0-9]{1,6}\s*$/.test(value) ? Number(value) : value);
const wholeNumber = (message: string) =>
  z.preprocess(
    digitsToNumber,
    z
      .number({ error: message })
      .int({ error: message })
      .min(1, { error: message })
      .max(LIMITS.maxRooms, { error: message }),
  );
const RoomCount = wholeNumber(`must be a whole number from ${LIMITS.minRooms} to ${LIMITS.maxRooms}`);
const RoomNumber = wholeNumber(`must be a room number from 1 to ${LIMITS.maxRooms}`);
/** A room number, or the main room ("main", or 0 from Discord's integer option). */
export const RoomTargetSchema = z.union(
  [
    z
      .string()
      .trim()
      .toLowerCase()
      .refine((s) => s === 'main' || s === '0')
      .transform(() => 'main' as const),
    z.literal(0).transform(() => 'main' as const),
    RoomNumber,
  ],
  { error: `must be a room number from 1 to ${LIMITS.maxRooms}, or main` },
);
export type RoomTarget = 'main' | number;

/**
 * The go-ahead for a change that moves people while rooms are open: the word "confirm" typed after
 * the command, or a board button whose own confirm question was answered.
 */
const ConfirmSchema = z
  .union([z.literal('confirm'), z.literal(true)], { error: 'must be the word confirm' })
  .optional()
  .transform((v) => v !== undefined);

export type ArgKind = 'integer' | 'user' | 'audio' | 'room' | 'text' | 'choice' | 'rest';
export interface ArgSpec {
  readonly name: string;
  readonly kind: ArgKind;
  readonly description: string;
  readonly required: boolean;
  readonly min?: number;
  readonly max?: number;
  readonly choices?: readonly string[];
  /** In slash text, a several-word value that ends at this keyword (the next argument follows it). */
  readonly until?: string;
  /** How usage() shows the argument, when its name alone would not say enough. */
  readonly label?: string;
}

export type Permission = 'anyone' | 'facilitator' | 'self-or-facilitator';

const DIAL_IN_NUMBER =
  'must be a whole phone number (at least 6 digits; digits, spaces, + ( ) - . /) or off. A number with spaces goes in "quotes", or takes its access codes after the word codes: /breakouts dialin +44 20 7946 0958 codes 111# 222#';

export const COMMAND_SCHEMAS = {
  distribute: z.object({ rooms: RoomCount.optional(), confirm: ConfirmSchema }),
  shuffle: z.object({ confirm: ConfirmSchema }),
  rooms: z.object({ count: RoomCount, confirm: ConfirmSchema }),
  rename: z.object({
    room: RoomNumber,
    title: z
      .string({ error: 'is missing' })
      .transform(cleanDisplayText)
      .pipe(z.string().min(1, { error: 'is missing' }).max(LIMITS.roomNameLength, { error: `must be at most ${LIMITS.roomNameLength} characters` })),
  }),
  move: z.object({ user: UserRefSchema, to: RoomTargetSchema }),
  audio: z.object({ audio: AudioInputSchema, user: UserRefSchema.optional() }),
  join: z.object({ audio: AudioInputSchema.optional() }),
  leave: z.object({ user: UserRefSchema.optional() }),
  facilitator: z.object({ action: z.enum(['add', 'remove'], { error: 'must be add or remove' }), user: UserRefSchema }),
  'phone-rooms': z.object({ limit: RoomCount, confirm: ConfirmSchema }),
  dialin: z.object({
    number: z
      .string()
      .trim()
      .regex(/^(off|\+?[0-9][0-9 ()./-]{2,38})$/i, DIAL_IN_NUMBER)
      .refine((n) => n.toLowerCase() === 'off' || (n.match(/[0-9]/g) ?? []).length >= 6, { error: DIAL_IN_NUMBER }),
    codes: z
      .string()
      .trim()
      .max(2000)
      .optional()
      .transform((s) => (s ? s.split(/[\s,]+/).filter(Boolean) : [])),
  }),
  import: z.object({ people: z.array(PersonInputSchema).max(LIMITS.maxAttendees).default([]) }),
  apply: z.object({}),
  start: z.object({}),
  end: z.object({}),
  status: z.object({}),
  help: z.object({ topic: z.string().trim().max(40).optional() }),
} as const;

export type CommandName = keyof typeof COMMAND_SCHEMAS;
export type CommandInput<N extends CommandName> = z.output<(typeof COMMAND_SCHEMAS)[N]>;

export interface CommandSpec {
  readonly name: CommandName;
  readonly summary: string;
  readonly args: readonly ArgSpec[];
  readonly permission: Permission;
  /** Creates the meeting when it does not exist yet (its author becomes a facilitator). */
  readonly creates: boolean;
}

const user = (description: string, required: boolean): ArgSpec => ({ name: 'user', kind: 'user', description, required });
const confirmArg: ArgSpec = {
  name: 'confirm',
  kind: 'choice',
  description: 'While rooms are open: go ahead and move the people this affects',
  required: false,
  choices: ['confirm'],
};
const audioArg: ArgSpec = {
  name: 'audio',
  kind: 'audio',
  description: 'How the person hears the meeting',
  required: true,
  choices: AUDIO_KINDS,
};

export const COMMANDS: readonly CommandSpec[] = [
  {
    name: 'distribute',
    summary: 'Split attendees evenly into rooms, keeping audio compatible; keeps a layout, places late joiners',
    args: [{ name: 'rooms', kind: 'integer', description: 'How many rooms (1–50)', required: false, min: 1, max: 50 }, confirmArg],
    permission: 'facilitator',
    creates: true,
  },
  { name: 'shuffle', summary: 'Re-split everyone from scratch', args: [confirmArg], permission: 'facilitator', creates: true },
  {
    name: 'rooms',
    summary: 'Set the number of rooms (1–50)',
    args: [{ name: 'count', kind: 'integer', description: 'How many rooms (1–50)', required: true, min: 1, max: 50 }, confirmArg],
    permission: 'facilitator',
    creates: true,
  },
  {
    name: 'rename',
    summary: 'Rename a room',
    args: [
      { name: 'room', kind: 'integer', description: 'Room number', required: true, min: 1, max: 50 },
      { name: 'title', kind: 'rest', description: 'New name', required: true },
    ],
    permission: 'facilitator',
    creates: false,
  },
  {
    name: 'move',
    summary: 'Move someone to a room, or back to the main room',
    args: [
      user('Who to move', true),
      { name: 'to', kind: 'room', description: 'Room number, or main (0 = main room)', required: true, min: 0, max: 50 },
    ],
    permission: 'facilitator',
    creates: false,
  },
  {
    name: 'audio',
    summary: 'Set your audio connection (facilitators: someone else’s)',
    args: [audioArg, user('Whose audio (facilitators only)', false)],
    permission: 'self-or-facilitator',
    creates: true,
  },
  {
    name: 'join',
    summary: 'Join the meeting’s roster',
    args: [{ ...audioArg, required: false }],
    permission: 'anyone',
    creates: true,
  },
  {
    name: 'leave',
    summary: 'Leave the roster (facilitators: remove someone)',
    args: [user('Who leaves (facilitators only)', false)],
    permission: 'self-or-facilitator',
    creates: false,
  },
  {
    name: 'facilitator',
    summary: 'Add or remove a facilitator',
    args: [
      { name: 'action', kind: 'choice', description: 'add or remove', required: true, choices: ['add', 'remove'] },
      user('Who', true),
    ],
    permission: 'facilitator',
    creates: true,
  },
  {
    name: 'phone-rooms',
    summary: 'Set how many rooms (from room 1) phone attendees may use (default 7)',
    args: [{ name: 'limit', kind: 'integer', description: 'Rooms 1..limit take phone attendees', required: true, min: 1, max: 50 }, confirmArg],
    permission: 'facilitator',
    creates: true,
  },
  {
    name: 'dialin',
    summary: 'Set the phone bridge number and per-room access codes ("off" clears them)',
    args: [
      { name: 'number', kind: 'text', description: 'Dial-in number, or off', required: true, until: 'codes', label: 'number|off' },
      { name: 'codes', kind: 'rest', description: 'Access codes for rooms 1, 2, 3 … separated by spaces', required: false, label: 'codes <code…>' },
    ],
    permission: 'facilitator',
    creates: true,
  },
  { name: 'import', summary: 'Add the channel’s members to the roster', args: [], permission: 'facilitator', creates: true },
  { name: 'apply', summary: 'Save the layout and prepare the rooms, without opening them', args: [], permission: 'facilitator', creates: false },
  { name: 'start', summary: 'Apply and start: open the rooms and send everyone to theirs', args: [], permission: 'facilitator', creates: false },
  { name: 'end', summary: 'End breakouts: everyone back to the main room', args: [], permission: 'facilitator', creates: false },
  { name: 'status', summary: 'Show the rooms and who is where', args: [], permission: 'anyone', creates: false },
  {
    name: 'help',
    summary: 'Explain the commands',
    args: [{ name: 'topic', kind: 'text', description: 'A command to explain', required: false }],
    permission: 'anyone',
    creates: false,
  },
];

export const COMMANDS_BY_NAME: ReadonlyMap<string, CommandSpec> = new Map(COMMANDS.map((c) => [c.name, c]));

export function usage(spec: CommandSpec, prefix = '/breakouts'): string {
  const args = spec.args.map((a) => {
    const label = a.label ?? (a.kind === 'choice' || a.kind === 'audio' ? (a.choices ?? []).join('|') : a.kind === 'room' ? `<room|main>` : a.name);
    return a.required ? `<${label.replace(/^<|>$/g, '')}>` : `[${label.replace(/^<|>$/g, '')}]`;
  });
  return [prefix, spec.name, ...args].join(' ');
}

export function helpText(topic?: string, prefix = '/breakouts'): string {
  const spec = topic ? COMMANDS_BY_NAME.get(topic.toLowerCase()) : undefined;
  if (spec) {
    const lines = [`${usage(spec, prefix)} — ${spec.summary}.`];
    for (const a of spec.args) lines.push(`  ${a.name}: ${a.description}${a.required ? '' : ' (optional)'}`);
    if (spec.permission === 'facilitator') lines.push('  Facilitators only.');
    return lines.join('\n');
  }
  const lines = [
    ...(topic ? [`There is no command “${topic}”; here are all of them.`, ''] : []),
    'Breakouts splits a meeting into breakout rooms and keeps audio compatible: phone attendees only in rooms 1–7 (phone-rooms), never with VOIP or listening attendees.',
    '',
    ...COMMANDS.map((c) => `• ${usage(c, prefix)} — ${c.summary}${c.permission === 'facilitator' ? ' (facilitators)' : ''}`),
    '',
    `Users: ${prefix === '/breakouts' ? '@mention them' : 'pick them'}. Audio: 📞 phone, 💻 voip, 🎧 listening ("Just Listening" works too).`,
    `More on one command: ${prefix} help <command>.`,
  ];
  return lines.join('\n');
}
