// A working RoomPlatform fake for runner tests: records every call in order, hands out resource
// ids, and can be told to refuse (StepFailure) or crash (plain Error) at a given call.
import type { Attendee, Meeting, Room } from '../../src/domain/meeting.ts';
import type { DirectMessage, RoomMessage } from '../../src/domain/outcome.ts';
import { StepFailure, type HelpCopy, type RoomPlatform } from '../../src/delivery/room-platform.ts';
import type { Logger } from '../../src/runtime/logger.ts';

export interface RecordingPlatform extends RoomPlatform {
  /** "prepare:1", "open:2", "welcome:2", "dm:p0", "board", "live:v0:1>2", "close:1", "post:3:timer-warning", "status:3", "visit:f1:3", "copy:f1". */
  readonly calls: string[];
  readonly dms: { to: string; message: DirectMessage }[];
  /** Messages posted in rooms' chats, in order. */
  readonly posts: { room: number; message: RoomMessage }[];
  /** Status lines shown on rooms, in order ('' clears one). */
  readonly statuses: { room: number; line: string }[];
  /** Posts in the main channel (end-of-round digests), in order. */
  readonly mainPosts: string[];
  /** Throw at the first call whose label matches: 'refuse' → StepFailure, 'crash' → Error. */
  failAt(label: string, how: 'refuse' | 'crash'): void;
  /** openRoom answers that these people could not be brought in. */
  unreachable: Set<string>;
}

export function createRecordingPlatform(): RecordingPlatform {
  const calls: string[] = [];
  const dms: { to: string; message: DirectMessage }[] = [];
  const mainPosts: string[] = [];
  const posts: { room: number; message: RoomMessage }[] = [];
  const statuses: { room: number; line: string }[] = [];
  const failures = new Map<string, 'refuse' | 'crash'>();
  const unreachable = new Set<string>();

  function hit(label: string): void {
    calls.push(label);
    const how = failures.get(label);
    if (!how) return;
    failures.delete(label);
    if (how === 'refuse') throw new StepFailure(`${label} was refused by the platform`);
    throw new Error(`${label} crashed`);
  }

  return {
    calls,
    dms,
    mainPosts,
    posts,
    statuses,
    unreachable,
    failAt(label, how) {
      failures.set(label, how);
    },
    async prepareRoom(_meeting: Meeting, room: Room) {
      hit(`prepare:${room.number}`);
      return { resourceId: `R${room.number}` };
    },
    async openRoom(_meeting: Meeting, room: Room, members: readonly Attendee[]) {
      hit(`open:${room.number}`);
      return { unreachable: members.filter((m) => unreachable.has(m.id)).map((m) => m.id) };
    },
    async welcomeRoom(_meeting: Meeting, room: Room) {
      hit(`welcome:${room.number}`);
    },
    async closeRoom(_meeting: Meeting, room: Room) {
      hit(`close:${room.number}`);
    },
    async sendDirect(_meeting: Meeting, to: string, message: DirectMessage) {
      hit(`dm:${to}`);
      dms.push({ to, message });
    },
    async updateBoard() {
      calls.push('board');
    },
    async moveLive(_meeting: Meeting, attendee: Attendee, from: Room | null, to: Room | null) {
      hit(`live:${attendee.id}:${from?.number ?? 'main'}>${to?.number ?? 'main'}`);
    },
    async postToRoom(_meeting: Meeting, room: Room, message: RoomMessage) {
      hit(`post:${room.number}:${message.kind}`);
      posts.push({ room: room.number, message });
    },
    async setRoomStatus(_meeting: Meeting, room: Room, line: string) {
      hit(`status:${room.number}`);
      statuses.push({ room: room.number, line });
    },
    async visit(_meeting: Meeting, person: string, room: Room | null) {
      hit(`visit:${person}:${room?.number ?? 'main'}`);
    },
    async updateHelpCopy(_meeting: Meeting, copy: HelpCopy) {
      hit(`copy:${copy.to}`);
    },
    async postToMain(_meeting: Meeting, text: string) {
      hit('main');
      mainPosts.push(text);
    },
    async setRoomCap(_meeting: Meeting, room: Room, cap: number | null) {
      hit(`cap:${room.number}:${cap ?? 'none'}`);
    },
  };
}

export interface RecordingLogger extends Logger {
  readonly lines: { level: string; message: string; context?: Record<string, unknown> }[];
}

export function createRecordingLogger(): RecordingLogger {
  const lines: RecordingLogger['lines'] = [];
  const at =
    (level: string) =>
    (message: string, context?: Record<string, unknown>): void => {
      lines.push(context ? { level, message, context } : { level, message });
    };
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
