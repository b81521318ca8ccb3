// The inputs commands share, as zod schemas: people named in a command, audio connections, room
// counts and numbers (plain decimal digits only), the main room, and the typed go-ahead "confirm".
import { z } from 'zod';
import { normaliseAudio } from '../domain/audio.ts';

export { normaliseAudio };
import { AUDIO_KINDS, AudioSchema, LIMITS, PersonIdSchema } from '../domain/meeting.ts';
import { cleanDisplayText } from '../domain/text.ts';

/**
 * A display name as it arrives from a platform or a person: hidden characters and line breaks go
 * (domain/text.ts), then it must still say something.
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
export const RoomCount = wholeNumber(`must be a whole number from ${LIMITS.minRooms} to ${LIMITS.maxRooms}`);
export const RoomNumber = wholeNumber(`must be a room number from 1 to ${LIMITS.maxRooms}`);
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
export const ConfirmSchema = z
  .union([z.literal('confirm'), z.literal(true)], { error: 'must be the word confirm' })
  .optional()
  .transform((v) => v !== undefined);

/** A room count in an argument's description and help: "1–50". */
export const ROOM_RANGE = `${LIMITS.minRooms}–${LIMITS.maxRooms}`;
