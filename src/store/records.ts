// What a stored meeting record looks like on disk (or in a database row): the meeting and the
// effects still to deliver, validated with zod when read back, so a damaged record is reported
// for that meeting alone and a tampered effect is never delivered.
import { z } from 'zod';
import { LIMITS, MeetingSchema, NOTIFY_REASONS, PersonIdSchema } from '../domain/meeting.ts';
import { ROOM_MESSAGE_KINDS, type Effect } from '../domain/outcome.ts';

const Text = z.string().max(10_000);
const DialInDetailsSchema = z.object({ number: z.string().max(40), code: z.string().max(40).optional() });
const RoomNumber = z.number().int().min(1).max(LIMITS.maxRooms);

const DirectMessageSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('conflict-prompt'),
    meetingId: z.string().max(12),
    promptId: z.string().max(16),
    room: RoomNumber,
    roomName: Text,
    phoneAttendees: z.array(Text).max(LIMITS.maxAttendees),
    dialIn: DialInDetailsSchema.optional(),
    text: Text,
    confirmLabel: Text,
  }),
  z.object({
    kind: z.literal('room-notice'),
    meetingId: z.string().max(12),
    reason: z.enum(NOTIFY_REASONS),
    room: RoomNumber.nullable(),
    roomName: Text,
    members: z.array(Text).max(LIMITS.maxAttendees),
    dialIn: DialInDetailsSchema.optional(),
    text: Text,
  }),
  z.object({ kind: z.literal('announcement'), meetingId: z.string().max(12), room: RoomNumber.nullable(), roomName: Text, text: Text }),
  z.object({
    kind: z.literal('help-request'),
    meetingId: z.string().max(12),
    requestId: z.string().max(16),
    room: RoomNumber,
    roomName: Text,
    askers: z.array(Text).max(200),
    note: Text.optional(),
    text: Text,
    claimLabel: Text,
  }),
]);

const RoomMessageSchema = z.object({ kind: z.enum(ROOM_MESSAGE_KINDS), meetingId: z.string().max(12), room: RoomNumber, roomName: Text, text: Text });

export const EffectSchema: z.ZodType<Effect> = z.discriminatedUnion('type', [
  z.object({ type: z.literal('board') }),
  z.object({ type: z.literal('dm'), to: PersonIdSchema, message: DirectMessageSchema }),
  z.object({ type: z.literal('run'), runId: z.string().min(1).max(16) }),
  z.object({ type: z.literal('live-move'), attendeeId: PersonIdSchema, from: RoomNumber.nullable(), to: RoomNumber.nullable() }),
  z.object({ type: z.literal('room-post'), room: RoomNumber, message: RoomMessageSchema }),
  z.object({ type: z.literal('room-status'), room: RoomNumber }),
  z.object({ type: z.literal('visit'), person: PersonIdSchema, room: RoomNumber.nullable() }),
  z.object({ type: z.literal('help-update'), requestId: z.string().min(1).max(16) }),
  z.object({ type: z.literal('tick'), due: z.string().min(1).max(40) }),
  z.object({ type: z.literal('digest'), round: z.number().int().min(1) }),
  z.object({ type: z.literal('room-cap'), room: RoomNumber }),
]);

export const StoredEntrySchema = z.object({
  id: z.string().min(1).max(200),
  meetingKey: z.string().min(1).max(200),
  meetingId: z.string().min(1).max(12),
  effect: EffectSchema,
  createdAt: z.string(),
  attempts: z.number().int().min(0),
  rev: z.number().int().min(0).default(0),
  notBefore: z.string().optional(),
});

/** 3: a meeting file may name its journal (the file store's changes since the file was written); 2 had none. */
export const RECORD_VERSION = 3;

export const StoredRecordSchema = z.object({
  schemaVersion: z.union([z.literal(2), z.literal(RECORD_VERSION)]),
  meeting: MeetingSchema,
  outbox: z.array(StoredEntrySchema).default([]),
});
