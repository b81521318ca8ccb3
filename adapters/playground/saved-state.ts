// The playground's own small state file beside the engine's data file: the simulated inboxes and
// the activity feed of the current meeting, so a restart keeps them (and a pending conflict prompt
// can still be answered). Written atomically, validated on load; a damaged file is set aside.
import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { dataLocation } from '../../src/store/file-store.ts';
import { z } from 'zod';
import { LIMITS, NOTIFY_REASONS, RUN_KINDS } from '../../src/domain/meeting.ts';
import { ROOM_MESSAGE_KINDS } from '../../src/domain/outcome.ts';
import type { Logger } from '../../src/runtime/logger.ts';
import { PLAYGROUND_LIMITS } from './limits.ts';

const Id = z.number().int().positive();
const Text = z.string().max(PLAYGROUND_LIMITS.savedTextChars);

/** A direct message as the simulated inbox keeps it: what the inbox shows and its button needs. */
export const StoredMessageSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('conflict-prompt'),
    meetingId: z.string().min(1),
    /** Carried in the button's action id: the engine answers the prompt by it. */
    promptId: z.string().min(1),
    room: z.number().int().positive(),
    roomName: Text,
    text: Text,
    confirmLabel: Text,
  }),
  z.object({
    kind: z.literal('room-notice'),
    meetingId: z.string().min(1),
    reason: z.enum(NOTIFY_REASONS),
    /** null: about the main room (moved back while rooms are open). */
    room: z.number().int().positive().nullable(),
    roomName: Text,
    text: Text,
  }),
  z.object({
    /** A timer warning or a broadcast sent to a phone caller (they cannot read the room's chat). */
    kind: z.literal('announcement'),
    meetingId: z.string().min(1),
    room: z.number().int().positive().nullable(),
    roomName: Text,
    text: Text,
  }),
  z.object({
    /** A facilitator's copy of a help request, with its "I'll go" button until someone took it. */
    kind: z.literal('help-request'),
    meetingId: z.string().min(1),
    /** Carried in the button's action id: the engine claims the request by it. */
    requestId: z.string().min(1),
    room: z.number().int().positive(),
    roomName: Text,
    text: Text,
    claimLabel: Text,
    /** The copy was updated to what became of the request (taken, withdrawn): no button any more. */
    settled: z.boolean().optional(),
  }),
]);
export type StoredMessage = z.infer<typeof StoredMessageSchema>;

export const InboxMessageSchema = z.object({
  /** Sent back by the page with the button pressed on it, to show the answer in place. */
  id: Id,
  at: z.string(),
  meetingId: z.string().min(1),
  /** The board version when it was sent (carried in its button's action id). */
  version: z.number().int().nonnegative(),
  message: StoredMessageSchema,
  /** What pressing its button answered, once pressed. */
  answer: z.object({ ok: z.boolean(), text: Text }).optional(),
});
export type InboxMessage = z.infer<typeof InboxMessageSchema>;

export const FEED_KINDS = ['prepare', 'open', 'welcome', 'close', 'dm', 'live-move', 'note', 'room-post', 'visit', 'dm-update', 'main-post', 'room-cap'] as const;
export type FeedKind = (typeof FEED_KINDS)[number];

export const FeedEntrySchema = z.object({
  id: Id,
  at: z.string(),
  kind: z.enum(FEED_KINDS),
  /** The run (apply, start, end) this belongs to; absent for live moves and conflict prompts. */
  run: z.enum(RUN_KINDS).optional(),
  room: z.number().int().positive().optional(),
  text: Text,
});
export type FeedEntry = z.infer<typeof FeedEntrySchema>;

/** What a room's chat shows: its welcome message, and what the engine posted there (timer notices, broadcasts, help). */
export const CHAT_KINDS = ['welcome', ...ROOM_MESSAGE_KINDS] as const;
export type ChatKind = (typeof CHAT_KINDS)[number];

export const ChatEntrySchema = z.object({ id: Id, at: z.string(), kind: z.enum(CHAT_KINDS), text: Text });
export type ChatEntry = z.infer<typeof ChatEntrySchema>;

/** One simulated room: its status line (Discord's voice channel status, Slack's topic) and its chat. */
export const RoomStateSchema = z.object({
  room: z.number().int().min(1).max(LIMITS.maxRooms),
  /** '' when cleared. */
  status: Text,
  chat: z.array(ChatEntrySchema).max(PLAYGROUND_LIMITS.roomChatMessages),
  /** The room's size limit as the platform keeps it (Discord: the voice channel's user limit); absent: none. */
  cap: z.number().int().min(1).max(LIMITS.maxAttendees).optional(),
});
export type RoomState = z.infer<typeof RoomStateSchema>;

/** A post in the meeting's main channel (the end-of-round digest), as everyone in the channel reads it. */
export const MainEntrySchema = z.object({ id: Id, at: z.string(), kind: z.literal('digest'), text: z.string().max(PLAYGROUND_LIMITS.mainTextChars) });
export type MainEntry = z.infer<typeof MainEntrySchema>;

export const SavedStateSchema = z.object({
  format: z.literal('breakouts-playground'),
  version: z.literal(1),
  /** Inboxes belong to one meeting: a new meeting starts with none. */
  meetingId: z.string().min(1),
  /** Message and feed ids go on from here, so a page's "answer message 12" stays unambiguous. */
  nextId: Id,
  /** Least recently messaged first (the order "others with messages" is built from). */
  inboxes: z.array(z.object({ person: z.string().min(1), messages: z.array(InboxMessageSchema).max(PLAYGROUND_LIMITS.inboxMessages) })),
  feed: z.array(FeedEntrySchema).max(PLAYGROUND_LIMITS.feedEntries),
  /** The rooms' chats and status lines (absent in files written before rooms had them). */
  rooms: z.array(RoomStateSchema).max(LIMITS.maxRooms).optional(),
  /** What was posted in the main channel (absent in files written before it had posts). */
  main: z.array(MainEntrySchema).max(PLAYGROUND_LIMITS.mainMessages).optional(),
});
export type SavedState = z.infer<typeof SavedStateSchema>;

/** data/breakouts.json → data/breakouts.playground.json: the meeting's file and this one go together. */
export function savedStatePath(dbSetting: string): string {
  return join(dataLocation(dbSetting).folder, 'playground.json');
}

/**
 * The saved state, or undefined when there is none. A file that is not valid is renamed aside
 * (never deleted) with a warning, and the playground starts with empty inboxes: the meeting
 * itself lives in the engine's file and is not touched.
 */
export async function loadSavedState(path: string, logger: Logger, now: () => Date): Promise<SavedState | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    logger.warn(`The playground could not read its saved inboxes (${(error as NodeJS.ErrnoException).code ?? 'error'}); it starts with empty inboxes. The meeting is not affected. File: ${path}`);
    return undefined;
  }
  let problem: string;
  try {
    const parsed = SavedStateSchema.safeParse(JSON.parse(text));
    if (parsed.success) return parsed.data;
    const issue = parsed.error.issues[0];
    problem = issue ? `${issue.path.join('.') || 'file'}: ${issue.message}` : 'not a playground state file';
  } catch (error) {
    problem = `not valid JSON: ${(error as Error).message}`;
  }
  const aside = `${path}.damaged-${now().toISOString().replace(/[:.]/g, '-')}`;
  try {
    await rename(path, aside);
    logger.warn(`The playground's saved inboxes and activity are damaged (${problem}). They were moved aside to ${aside}; the playground starts with empty inboxes. The meeting is not affected.`);
  } catch (error) {
    logger.warn(`The playground's saved inboxes and activity are damaged (${problem}) and could not be moved aside (${(error as NodeJS.ErrnoException).code ?? 'error'}); the playground starts with empty inboxes and will overwrite ${path}. The meeting is not affected.`);
  }
  return undefined;
}

export interface StateWriter {
  /** Save soon (changes within PLAYGROUND_LIMITS.saveDelayMs are written once). */
  save(): void;
  /** Write what is pending now and wait for it (shutdown, tests). */
  flush(): Promise<void>;
}

/**
 * Writes `snapshot()` to `path` as a temp file then a rename, so a crash mid-write leaves the
 * previous file whole. One write at a time; a failure is logged, never thrown into the page.
 */
export function createStateWriter(path: string, snapshot: () => SavedState | undefined, logger: Logger): StateWriter {
  let timer: NodeJS.Timeout | undefined;
  let dirty = false;
  let writing: Promise<void> = Promise.resolve();

  async function write(): Promise<void> {
    if (!dirty) return;
    dirty = false;
    const state = snapshot();
    try {
      if (!state) {
        await rm(path, { force: true });
        return;
      }
      await mkdir(dirname(path), { recursive: true });
      const temp = `${path}.${randomUUID()}.tmp`;
      try {
        await writeFile(temp, JSON.stringify(state));
        await rename(temp, path);
      } finally {
        await rm(temp, { force: true });
      }
    } catch (error) {
      logger.error('the playground could not save its inboxes and activity', { path, error });
    }
  }

  function start(): Promise<void> {
    writing = writing.then(write);
    return writing;
  }

  return {
    save() {
      dirty = true;
      if (timer) return;
      timer = setTimeout(() => {
        timer = undefined;
        void start();
      }, PLAYGROUND_LIMITS.saveDelayMs);
      timer.unref();
    },
    async flush() {
      if (timer) clearTimeout(timer);
      timer = undefined;
      await start();
    },
  };
}
