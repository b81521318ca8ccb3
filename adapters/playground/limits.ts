// The playground's limits in one table: what the page keeps and shows, and what a request may
// carry. Display text is cut to fit; ids and counts never are.
import { LIMITS } from '../../src/domain/meeting.ts';
import { LAYOUT_CSV_MAX_CHARS } from '../../src/domain/layout-csv.ts';

export const PLAYGROUND_LIMITS = {
  /** Activity entries kept (oldest dropped first). */
  feedEntries: 300,
  /** Direct messages kept per simulated inbox. */
  inboxMessages: 50,
  /** Direct messages kept over all inboxes (the least recently messaged inboxes lose their oldest first). */
  savedMessages: 5000,
  /** Characters of one kept text (a DM, an activity line); longer ones are cut. */
  savedTextChars: 4000,
  /** Inbox and activity changes within this many ms are saved in one write. */
  saveDelayMs: 100,
  /** Messages kept in each room's chat (oldest dropped first). */
  roomChatMessages: 30,
  /** Posts kept in the main channel (end-of-round digests; oldest dropped first). */
  mainMessages: 20,
  /** Characters of one main-channel post (a digest of 50 rooms); longer ones are cut. */
  mainTextChars: 20_000,
  /** Names spelled out in one activity line before "and N more". */
  namesPerLine: 8,
  /** Characters of a DM shown in the activity line (the inbox has the whole text). */
  feedTextChars: 160,
  /** People the side panel adds at once. */
  addAtOnce: 1000,
  /** Request body size. */
  bodyBytes: 1_000_000,
  /** Command text length. */
  commandChars: 2000,
  /** Changes within this many ms reach the pages as one update. */
  coalesceMs: 25,
  /** A comment line keeps idle event streams open through proxies. */
  heartbeatMs: 15_000,
  /** The runner updates the board at most this often during a run. */
  boardIntervalMs: 100,
  /** What the page shows at once (sent to it with every view, so this table is the only one). */
  page: {
    /** Meetings larger than this start with their rooms collapsed. */
    collapseAbove: 150,
    /** Main-room names shown before "Show more". */
    mainRoomNames: 100,
    searchResults: 50,
    feedEntries: 120,
    /** People offered as "others with messages". */
    inboxPeople: 12,
    /** Newest main-channel posts shown (digests). */
    mainPosts: 3,
    /** Past rounds listed in the rounds panel (newest first). */
    rounds: 10,
    /** The largest layout CSV the import box sends (the engine's limit; a request carries at most `bodyBytes`). */
    layoutChars: LAYOUT_CSV_MAX_CHARS,
    /** Newest messages of a room's chat shown on its card. */
    roomChat: 6,
    /** The broadcast box counts towards this (the engine's limit; it refuses longer ones in words). */
    broadcastChars: LIMITS.broadcastLength,
  },
} as const;

