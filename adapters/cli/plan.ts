// Offline planning: a roster in, Smart Distribute's layout out (or, with a history or constraints,
// the round optimiser's), as the same board model the bots show, plus the stable JSON/CSV shapes
// of the `breakouts plan` interface.
import { defaultRoomName, emptyMeeting, LIMITS, type Audio, type Meeting } from '../../src/domain/meeting.ts';
import type { PairHistory } from '../../src/domain/pair-history.ts';
import { planRound, type RoundPlan } from '../../src/domain/plan-round.ts';
import { buildBoard, type Board } from '../../src/board/board.ts';
import type { Random } from '../../src/ports.ts';

export interface PlanOptions {
  /** How many rooms; with `size`, the most rooms to use. */
  readonly rooms?: number;
  readonly phoneRoomLimit: number;
  readonly random: Random;
  readonly history?: PairHistory;
  readonly avoidRepeats?: boolean;
  /** Rooms of about this many people. */
  readonly size?: number;
}

export interface PlanPerson {
  readonly id: string;
  readonly name: string;
  readonly audio: Audio;
  readonly group?: string;
  readonly apart?: readonly string[];
  readonly room?: number;
}

/** The JSON interface of `breakouts plan --format json` (docs/product-rules.md, keep stable). */
export interface PlanJson {
  readonly rooms: readonly { number: number; name: string; attendees: readonly string[]; conflict: boolean }[];
  readonly unassigned: readonly { id: string; reason: string }[];
  /** Pairs sharing a room who shared one in a round of the history (each pair once). */
  readonly repeats: number;
  /** Room warnings, then each constraint the layout does not meet, with its reason. */
  readonly warnings: readonly string[];
}

export function planMeeting(people: readonly PlanPerson[], options: PlanOptions): { meeting: Meeting; board: Board; round: RoundPlan } {
  const names = new Map(people.map((p) => [p.id, p.name]));
  const placement = planRound(people, { ...options, nameOf: (id) => names.get(id) ?? id });
  const reasons = new Map(placement.unplaced.map((u) => [u.id, u.reason]));
  const meeting: Meeting = {
    ...emptyMeeting({ platform: 'playground', workspaceId: 'plan', channelId: 'plan', mainRoomId: 'plan' }, 'plan0', new Date(0), 'Plan'),
    settings: { phoneRoomLimit: Math.min(options.phoneRoomLimit, LIMITS.maxRooms) },
    rooms: Array.from({ length: placement.rooms }, (_, i) => ({ number: i + 1, name: defaultRoomName(i + 1) })),
    attendees: people.map((p, i) => {
      const room = placement.roomOf[i]!;
      const waiting = reasons.get(p.id);
      return { id: p.id, name: p.name, audio: p.audio, role: 'attendee' as const, room: room === 0 ? null : room, placedAt: 0, ...(waiting ? { waiting } : {}) };
    }),
  };
  return { meeting, board: buildBoard(meeting), round: placement };
}

export function planJson(board: Board, round?: Pick<RoundPlan, 'repeats' | 'warnings'>): PlanJson {
  const roomWarnings = board.rooms.flatMap((r) => r.warnings.map((w) => `${r.name}: ${w}`));
  return {
    rooms: board.rooms.map((r) => ({ number: r.number, name: r.name, attendees: r.attendees.map((a) => a.id), conflict: r.conflict !== undefined })),
    unassigned: board.main.filter((a) => a.role !== 'facilitator').map((a) => ({ id: a.id, reason: a.waiting ?? 'Not placed.' })),
    repeats: round?.repeats ?? 0,
    warnings: [...roomWarnings, ...(round?.warnings ?? []).map((w) => w.text)],
  };
}
