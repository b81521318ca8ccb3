// Offline planning: a roster in, Smart Distribute's layout out, as the same board model the
// bots show, plus the stable JSON/CSV shapes of the `breakouts plan` interface.
import { defaultRoomName, emptyMeeting, LIMITS, type Audio, type Meeting } from '../../src/domain/meeting.ts';
import { distributeAll } from '../../src/domain/distribute.ts';
import { buildBoard, type Board } from '../../src/board/board.ts';
import type { Random } from '../../src/ports.ts';

export interface PlanOptions {
  readonly rooms: number;
  readonly phoneRoomLimit: number;
  readonly random: Random;
}

export interface PlanPerson {
  readonly id: string;
  readonly name: string;
  readonly audio: Audio;
}

/** The JSON interface of `breakouts plan --format json` (docs/product-rules.md, keep stable). */
export interface PlanJson {
  readonly rooms: readonly { number: number; name: string; attendees: readonly string[]; conflict: boolean }[];
  readonly unassigned: readonly { id: string; reason: string }[];
  readonly warnings: readonly string[];
}

export function planMeeting(people: readonly PlanPerson[], options: PlanOptions): { meeting: Meeting; board: Board } {
  const placement = distributeAll(people, options);
  const reasons = new Map(placement.unplaced.map((u) => [u.id, u.reason]));
  const meeting: Meeting = {
    ...emptyMeeting({ platform: 'playground', workspaceId: 'plan', channelId: 'plan', mainRoomId: 'plan' }, 'plan0', new Date(0), 'Plan'),
    settings: { phoneRoomLimit: Math.min(options.phoneRoomLimit, LIMITS.maxRooms) },
    rooms: Array.from({ length: options.rooms }, (_, i) => ({ number: i + 1, name: defaultRoomName(i + 1) })),
    attendees: people.map((p, i) => {
      const room = placement.roomOf[i]!;
      const waiting = reasons.get(p.id);
      return { id: p.id, name: p.name, audio: p.audio, role: 'attendee' as const, room: room === 0 ? null : room, placedAt: 0, ...(waiting ? { waiting } : {}) };
    }),
  };
  return { meeting, board: buildBoard(meeting) };
}

export function planJson(board: Board): PlanJson {
  const roomWarnings = board.rooms.flatMap((r) => r.warnings.map((w) => `${r.name}: ${w}`));
  return {
    rooms: board.rooms.map((r) => ({ number: r.number, name: r.name, attendees: r.attendees.map((a) => a.id), conflict: r.conflict !== undefined })),
    unassigned: board.main.filter((a) => a.role !== 'facilitator').map((a) => ({ id: a.id, reason: a.waiting ?? 'Not placed.' })),
    warnings: roomWarnings,
  };
}
