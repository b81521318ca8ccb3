// The commands that never come from slash text: the DM button, platform events and the
// runner's bookkeeping. Their zod inputs, next to the table of typed commands in commands.ts.
import { z } from 'zod';
import { PersonIdSchema, LIMITS } from '../domain/meeting.ts';
import { PersonInputSchema, type CommandName, type Permission } from './table.ts';

/** Commands that do not come from slash text: buttons in DMs, platform events, the runner. */
export const INTERNAL_SCHEMAS = {
  'confirm-phone': z.object({ promptId: z.string().min(1).max(16) }),
  voice: z.object({ person: PersonInputSchema, present: z.boolean() }),
  step: z.object({
    runId: z.string().min(1).max(16),
    key: z.string().min(1).max(80),
    resourceId: z.string().min(1).max(64).optional(),
    resources: z.record(z.string(), z.string().max(64)).optional(),
    unreachable: z.array(PersonIdSchema).optional(),
    failed: z.string().max(300).optional(),
  }),
  resource: z.object({ room: z.number().int().min(1).max(LIMITS.maxRooms), resourceId: z.string().min(1).max(64) }),
  /** The board's "Add a room" button: one more room than there is now, decided inside the update. */
  'add-room': z.object({}),
  /** Adapters remember platform things that belong to the meeting (the board message, a category). */
  remember: z.object({ resources: z.record(z.string().min(1).max(40), z.string().max(64)) }),
} as const;
export type InternalName = keyof typeof INTERNAL_SCHEMAS;
export type InternalInput<N extends InternalName> = z.output<(typeof INTERNAL_SCHEMAS)[N]>;

export type AnyCommandName = CommandName | InternalName;

/** Who may run each internal command: like the table's permissions, plus "system" (Breakouts itself). */
export const INTERNAL_PERMISSIONS: Readonly<Record<InternalName, Permission | 'system'>> = {
  'confirm-phone': 'anyone',
  'add-room': 'facilitator',
  voice: 'system',
  step: 'system',
  resource: 'system',
  remember: 'system',
};
