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
  /** Timers: the longest run a timer can be set for, and the grace between "time is up" and the end. */
  maxTimerSeconds: 24 * 60 * 60,
  defaultTimerGraceSeconds: 60,
  maxTimerGraceSeconds: 10 * 60,
  /** A broadcast is read in a room's chat: a few sentences, never a wall of text. */
  broadcastLength: 1500,
  helpNoteLength: 300,
  /** Help requests kept once answered or withdrawn (the newest; open ones are always kept). */
  helpRequestsKept: 50,
  /** An unclaimed help request pings every facilitator again after this long, at most helpPings times in all. */
  helpRepingSeconds: 120,
  helpPings: 5,
  /** Rounds remembered per meeting (the oldest are dropped first). */
  roundsKept: 50,
  /** People in one together or apart constraint, and constraints per meeting. */
  constraintSize: 50,
  constraints: 200,
  /** Rows of an imported layout (CSV). */
  layoutRows: 5_000,
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
  /** Seconds between "time is up" (each room told "closing in …") and the automatic end. */
  timerGraceSeconds: z.number().int().min(0).max(LIMITS.maxTimerGraceSeconds).optional(),
  /** A timer set before the start (`timer 15m`): the next Start runs it. */
  plannedTimerSeconds: z.number().int().min(1).max(LIMITS.maxTimerSeconds).optional(),
  /** No room above this many people (`room-cap`); Discord rooms get it as their user limit. */
  roomCap: z.number().int().min(1).max(LIMITS.maxAttendees).optional(),
  /** Who places people: facilitators (assign, the default) or attendees themselves from the board (choose). */
  mode: z.enum(['assign', 'choose']).optional(),
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

/** Timer notices, in the order they fall due: 5 minutes left, 1 minute left, time is up. */
export const TIMER_NOTICES = ['5m', '1m', 'zero'] as const;
export type TimerNotice = (typeof TIMER_NOTICES)[number];

/** The running breakouts' timer: deadlines live in the store, so a restart keeps them. */
export const TimerSchema = z.object({
  startedAt: z.string(),
  /** When time is up (each open room is told it closes after the grace). */
  endsAt: z.string(),
  /** The run's whole length as set (extends and shortens included): the 5-minute warning needs more than 10 minutes. */
  totalSeconds: z.number().int().min(1).max(LIMITS.maxTimerSeconds * 2),
  /** Notices already given for this deadline (a changed deadline re-arms those still ahead). */
  sent: z.array(z.enum(TIMER_NOTICES)),
  /** Set once time is up: the automatic end happens then. */
  closesAt: z.string().optional(),
});
export type Timer = z.infer<typeof TimerSchema>;

/** A help request from a room (several askers from one room join one request). */
export const HelpRequestSchema = z.object({
  id: z.string().min(1).max(16),
  room: z.number().int().min(1).max(LIMITS.maxRooms),
  askers: z.array(PersonIdSchema).min(1).max(200),
  note: z.string().max(LIMITS.helpNoteLength).optional(),
  at: z.string(),
  state: z.enum(['open', 'claimed', 'withdrawn', 'closed']),
  claimedBy: PersonIdSchema.optional(),
  claimedAt: z.string().optional(),
  /** How many times every facilitator was pinged (the first one included). */
  pings: z.number().int().min(0).max(100),
  /** The copies sent to facilitators, by the platform reference of each DM, so all can be updated. */
  copies: z.array(z.object({ to: PersonIdSchema, ref: z.string().min(1).max(120) })).max(2000),
});
export type HelpRequest = z.infer<typeof HelpRequestSchema>;

/** One person's time in one room during a round (a move while open ends one stint and starts another). */
export const StintSchema = z.object({
  id: PersonIdSchema,
  name: z.string().min(1).max(LIMITS.displayNameLength),
  audio: AudioSchema,
  room: z.number().int().min(1).max(LIMITS.maxRooms),
  joined: z.string(),
  left: z.string().optional(),
});
export type Stint = z.infer<typeof StintSchema>;

/** A round: one Start to its End, with who was in which room and when. */
export const RoundSchema = z.object({
  number: z.number().int().min(1),
  startedAt: z.string(),
  endedAt: z.string().optional(),
  /** Room names as they were (room number → name). */
  roomNames: z.record(z.string(), z.string().max(LIMITS.roomNameLength)),
  stints: z.array(StintSchema).max(LIMITS.maxAttendees * 4),
});
export type Round = z.infer<typeof RoundSchema>;

const ConstraintGroup = z.array(PersonIdSchema).min(2).max(LIMITS.constraintSize);

/** A row of an imported layout not matched to anyone yet: it places them the moment they join. */
export const LayoutRowSchema = z.object({
  match: z.enum(['id', 'email', 'name']),
  value: z.string().min(1).max(200),
  room: z.number().int().min(1).max(LIMITS.maxRooms),
  audio: AudioSchema.optional(),
});
export type LayoutRow = z.infer<typeof LayoutRowSchema>;

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
  /** The timer of the breakouts under way, when one was asked for. */
  timer: TimerSchema.optional(),
  /** How the last timed run ended: on time, or late (Breakouts was not running at the deadline). */
  timerEnded: z.object({ at: z.string(), lateSeconds: z.number().int().min(0) }).optional(),
  /** The last broadcast (shown on the board). */
  broadcast: z.object({ text: z.string().min(1).max(LIMITS.broadcastLength), at: z.string(), room: z.number().int().min(1).max(LIMITS.maxRooms).optional() }).optional(),
  /** Help requests: open ones oldest first, then the latest answered ones. */
  help: z.array(HelpRequestSchema).max(500).optional(),
  /** Facilitators visiting a room (person id → room number): the layout and counts do not change. */
  visits: z.record(z.string(), z.number().int().min(1).max(LIMITS.maxRooms)).optional(),
  /** Past and current rounds, oldest first (at most LIMITS.roundsKept). */
  rounds: z.array(RoundSchema).max(LIMITS.roundsKept).optional(),
  /** Groups kept in one room when audio allows (together), and groups never in one room (apart). */
  constraints: z.object({ together: z.array(ConstraintGroup).max(LIMITS.constraints), apart: z.array(ConstraintGroup).max(LIMITS.constraints) }).optional(),
  /** Pre-assignments of an imported layout still waiting for their person to join. */
  layoutPlan: z.array(LayoutRowSchema).max(LIMITS.layoutRows).optional(),
  /** What the last distribute said about repeats: pairs meeting again now, and what a random shuffle would have given. */
  repeats: z.object({ now: z.number().int().min(0), random: z.number().min(0), strategy: z.enum(['same', 'new', 'plain']) }).optional(),
  /**
   * What the last distribute or shuffle could not honour (together, apart, a pre-assigned room), each
   * with its reason: the board shows a note while it still stands, so nothing is broken silently.
   */
  unmet: z.array(z.object({ kind: z.enum(['together', 'apart', 'room']), ids: z.array(PersonIdSchema).max(LIMITS.constraintSize), room: z.number().int().min(1).max(LIMITS.maxRooms).optional(), text: z.string().max(1000) })).max(LIMITS.constraints * 2).optional(),
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
