// The meeting and everything in it, as zod schemas: the single definition of what a stored
// meeting looks like, used to parse data from disk and to type the engine.
import { z } from 'zod';

export const AUDIO_KINDS = ['phone', 'voip', 'listening'] as const;
export const AudioSchema = z.enum(AUDIO_KINDS);
export type Audio = z.infer<typeof AudioSchema>;

export const PLATFORMS = ['slack', 'discord', 'playground'] as const;
export const PlatformSchema = z.enum(PLATFORMS);
export type Platform = z.infer<typeof PlatformSchema>;

export const STATUSES = ['draft', 'applied', 'started', 'ended'] as const;
export const StatusSchema = z.enum(STATUSES);
export type Status = z.infer<typeof StatusSchema>;

export const ROLES = ['attendee', 'facilitator'] as const;
export const RoleSchema = z.enum(ROLES);
export type Role = z.infer<typeof RoleSchema>;

/** Limits of the product itself (not of a platform). */
export const LIMITS = {
  minRooms: 1,
  maxRooms: 50,
  defaultPhoneRoomLimit: 7,
  roomNameLength: 60,
  titleLength: 100,
  displayNameLength: 80,
  maxAttendees: 100_000,
  /** How many recent request ids a meeting remembers to recognise retried deliveries. */
  rememberedRequests: 100,
  requestIdLength: 120,
  /** Finished steps of a run recorded in one command (the runner's batches are far smaller). */
  stepsPerRecord: 256,
} as const;

const Id = z.string().min(1).max(64);
/**
 * A person's platform id (Slack U…, Discord snowflake, playground sim-…). Short and plain, so
 * every button that names a person fits the action-id budget (src/action-id.ts).
 */
export const PersonIdSchema = z.string().regex(/^[A-Za-z0-9_.-]{1,32}$/, 'a person id is 1–32 letters, digits, _ . -');

/** A meeting's short id: lowercase letters and digits, carried in every action id. */
export const MeetingIdSchema = z.string().regex(/^[a-z0-9]{4,12}$/, 'a meeting id is 4–12 lowercase letters and digits');

export const AttendeeSchema = z.object({
  id: PersonIdSchema,
  name: z.string().min(1).max(LIMITS.displayNameLength),
  audio: AudioSchema,
  role: RoleSchema,
  /** Breakout room number, or null for the main room. */
  room: z.number().int().min(1).max(LIMITS.maxRooms).nullable(),
  /** Why Smart Distribute left this attendee in the main room, if it did. */
  waiting: z.string().max(300).optional(),
  /** Meeting version at which this attendee's room last changed (stale-click checks). */
  placedAt: z.number().int().min(0),
});
export type Attendee = z.infer<typeof AttendeeSchema>;

export const RoomSchema = z.object({
  number: z.number().int().min(1).max(LIMITS.maxRooms),
  name: z.string().min(1).max(LIMITS.roomNameLength),
  /** The platform resource that is this room (Slack channel id, Discord voice channel id). */
  resourceId: z.string().min(1).max(64).optional(),
});
export type Room = z.infer<typeof RoomSchema>;

export const DialInSchema = z.object({
  number: z.string().min(3).max(40),
  /** Access code per room number ("3" → "123456#"). */
  codes: z.record(z.string(), z.string().min(1).max(40)),
});
export type DialIn = z.infer<typeof DialInSchema>;

export const SettingsSchema = z.object({
  phoneRoomLimit: z.number().int().min(1).max(LIMITS.maxRooms),
  dialIn: DialInSchema.optional(),
});
export type Settings = z.infer<typeof SettingsSchema>;

export const PlaceSchema = z.object({
  platform: PlatformSchema,
  /** Slack team id, Discord guild id, playground id. */
  workspaceId: Id,
  /** The channel the meeting lives in (its board is posted there). */
  channelId: Id,
  /** The main room: Slack channel, Discord voice channel. */
  mainRoomId: Id,
});
export type Place = z.infer<typeof PlaceSchema>;

/** A conflict prompt that was sent and still stands (see conflicts.ts). */
export const PromptSchema = z.object({
  id: z.string().min(1).max(16),
  room: z.number().int().min(1).max(LIMITS.maxRooms),
});
export type Prompt = z.infer<typeof PromptSchema>;

export const STEP_KINDS = ['prepare', 'open', 'welcome', 'notify', 'close'] as const;
export const StepKindSchema = z.enum(STEP_KINDS);
export type StepKind = z.infer<typeof StepKindSchema>;

/**
 * Why a person gets a room notice: their dial-in at start, not brought in, moved while open (to a
 * room or back to the main room), switched to phone inside an open room, breakouts ended.
 */
export const NOTIFY_REASONS = ['phone-dial-in', 'not-reached', 'moved', 'switched', 'ended'] as const;
export type NotifyReason = (typeof NOTIFY_REASONS)[number];

export const StepSchema = z.object({
  key: z.string().min(1).max(80),
  kind: StepKindSchema,
  room: z.number().int().min(1).max(LIMITS.maxRooms).optional(),
  /** For notify steps: who, and why they need a direct message. */
  to: PersonIdSchema.optional(),
  reason: z.enum(NOTIFY_REASONS).optional(),
  state: z.enum(['pending', 'done', 'failed']),
  /** A short sentence when the step failed or reached only part of its people. */
  note: z.string().max(300).optional(),
});
export type Step = z.infer<typeof StepSchema>;

export const RUN_KINDS = ['apply', 'start', 'end'] as const;
export const RunSchema = z.object({
  id: z.string().min(1).max(16),
  kind: z.enum(RUN_KINDS),
  steps: z.array(StepSchema),
  finished: z.boolean(),
});
export type Run = z.infer<typeof RunSchema>;
export type RunKind = Run['kind'];

export const MeetingSchema = z.object({
  /** Short, unique, stable: carried in every action id. */
  id: MeetingIdSchema,
  key: z.string().min(1).max(200),
  place: PlaceSchema,
  title: z.string().min(1).max(LIMITS.titleLength),
  status: StatusSchema,
  version: z.number().int().min(0),
  /**
   * The version at which the layout (room count, who is in which room, statuses) last changed.
   * A board button is stale only when the layout changed after the board was drawn, so people
   * joining or setting their audio do not make the facilitator's buttons stale.
   */
  layoutVersion: z.number().int().min(0).default(0),
  settings: SettingsSchema,
  rooms: z.array(RoomSchema).max(LIMITS.maxRooms),
  attendees: z.array(AttendeeSchema).max(LIMITS.maxAttendees),
  /** attendee id → the conflict prompt they were sent and that still applies. */
  prompts: z.record(z.string(), PromptSchema),
  /** Platform resources that belong to the meeting as a whole (a Discord category, the board message). */
  resources: z.record(z.string(), z.string().max(64)),
  run: RunSchema.optional(),
  /**
   * Ids of the latest requests that changed this meeting (oldest first, at most
   * LIMITS.rememberedRequests): a platform's retry of one of them is recognised and changes nothing.
   */
  handled: z.array(z.string().min(1).max(LIMITS.requestIdLength)).max(200).optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Meeting = z.infer<typeof MeetingSchema>;

export function meetingKey(place: Pick<Place, 'platform' | 'workspaceId' | 'channelId'>): string {
  return `${place.platform}:${place.workspaceId}:${place.channelId}`;
}

/** The workspace (Slack team, Discord server) of a meeting key. */
export function workspaceOfKey(key: string): string {
  return key.split(':')[1] ?? '';
}

/**
 * The other names a store finds a meeting by, besides its key: its short id (in every action id),
 * and the platform resources that belong to it (a room's channel, the board's channel), so that
 * an event about one of them finds its meeting without reading every meeting.
 */
export const alias = {
  id: (id: string): string => `id:${id}`,
  room: (place: Pick<Place, 'platform' | 'workspaceId'>, resourceId: string): string => `room:${place.platform}:${place.workspaceId}:${resourceId}`,
  board: (place: Pick<Place, 'platform' | 'workspaceId'>, channelId: string): string => `board:${place.platform}:${place.workspaceId}:${channelId}`,
} as const;

export function meetingAliases(meeting: Meeting): string[] {
  const names = [alias.id(meeting.id)];
  for (const room of meeting.rooms) if (room.resourceId) names.push(alias.room(meeting.place, room.resourceId));
  const board = meeting.resources['boardChannel'];
  if (board) names.push(alias.board(meeting.place, board));
  return names;
}

/** A meeting with nobody in it yet, no rooms and default settings: what every new meeting starts from. */
export function emptyMeeting(place: Place, id: string, now: Date, title = 'Breakouts'): Meeting {
  const stamp = now.toISOString();
  return {
    id,
    key: meetingKey(place),
    place,
    title,
    status: 'draft',
    version: 0,
    layoutVersion: 0,
    settings: { phoneRoomLimit: LIMITS.defaultPhoneRoomLimit },
    rooms: [],
    attendees: [],
    prompts: {},
    resources: {},
    createdAt: stamp,
    updatedAt: stamp,
  };
}

export function defaultRoomName(n: number): string {
  return `Breakout ${n}`;
}

export const AUDIO_ICONS: Readonly<Record<Audio, string>> = { phone: '📞', voip: '💻', listening: '🎧' };
export const AUDIO_LABELS: Readonly<Record<Audio, string>> = {
  phone: 'Phone',
  voip: 'VOIP (computer audio)',
  listening: 'Just listening',
};

/** Rooms open to phone attendees: 1..K with K = min(phoneRoomLimit, rooms). */
export function phoneRoomCount(meeting: Pick<Meeting, 'settings' | 'rooms'>): number {
  return Math.min(meeting.settings.phoneRoomLimit, meeting.rooms.length);
}
