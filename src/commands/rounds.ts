// Rounds that remember: every Start opens a round (who is in which room, from when), every move
// while rooms are open ends one stint and starts another, End closes the round. What earlier rounds
// mean for the next layout (who has met whom, the last round's groups), and the `rounds` and
// `export` commands.
import { z } from 'zod';
import { roundsCsv } from '../domain/digest.ts';
import { formatDuration } from '../domain/duration.ts';
import { clockTime } from '../domain/facilitation.ts';
import { distributeAll, type Person } from '../domain/distribute.ts';
import { LIMITS, type Meeting, type Round, type Stint } from '../domain/meeting.ts';
import { createPairHistory, placementRepeats, type PairHistory, type PastRound } from '../domain/pair-history.ts';
import { createSeededRandom } from '../domain/random.ts';
import { plural } from '../domain/text.ts';
import { defineCommand, unchanged, withFile } from './define.ts';

/** The round under way (opened by Start, not ended yet). */
export function currentRound(meeting: Pick<Meeting, 'rounds'>): Round | undefined {
  const last = meeting.rounds?.at(-1);
  return last && last.endedAt === undefined ? last : undefined;
}

/** The latest round that ended. */
export function lastEndedRound(meeting: Pick<Meeting, 'rounds'>): Round | undefined {
  return [...(meeting.rounds ?? [])].reverse().find((r) => r.endedAt !== undefined);
}

/** Start opens a round: one stint per person in a room, from now. The oldest rounds are dropped past the limit. */
export function openRound(meeting: Meeting, now: Date): Round {
  const at = now.toISOString();
  const roomNames: Record<string, string> = {};
  for (const room of meeting.rooms) roomNames[String(room.number)] = room.name;
  const stints: Stint[] = meeting.attendees.filter((a) => a.room !== null).map((a) => ({ id: a.id, name: a.name, audio: a.audio, room: a.room!, joined: at }));
  const number = (meeting.rounds?.at(-1)?.number ?? 0) + 1;
  const round: Round = { number, startedAt: at, roomNames, stints };
  // A round left open (an end that never came) is closed where it stood.
  const earlier = (meeting.rounds ?? []).map((r) => (r.endedAt === undefined ? closedAt(r, at) : r));
  meeting.rounds = [...earlier, round].slice(-LIMITS.roundsKept);
  return round;
}

function closedAt(round: Round, at: string): Round {
  return { ...round, endedAt: at, stints: round.stints.map((s) => (s.left === undefined ? { ...s, left: at } : s)) };
}

/** End closes the round under way: its end time, and every stint still open ends now. */
export function closeRound(meeting: Meeting, now: Date): Round | undefined {
  const open = currentRound(meeting);
  if (!open || !meeting.rounds) return undefined;
  const closed = closedAt(open, now.toISOString());
  meeting.rounds = [...meeting.rounds.slice(0, -1), closed];
  return closed;
}

/** Each round's breakout rooms (who was in each, at any time during the round). */
export function pastRounds(meeting: Pick<Meeting, 'rounds'>): PastRound[] {
  return (meeting.rounds ?? []).map((round) => {
    const byRoom = new Map<number, Set<string>>();
    for (const s of round.stints) {
      let ids = byRoom.get(s.room);
      if (!ids) byRoom.set(s.room, (ids = new Set()));
      ids.add(s.id);
    }
    return [...byRoom.entries()].map(([room, ids]) => ({ room, ids: [...ids] }));
  });
}

/** Who has met whom over every round of the meeting. */
export function roundHistory(meeting: Pick<Meeting, 'rounds'>): PairHistory {
  return createPairHistory(pastRounds(meeting));
}

/** Where each person was at the end of a round (their last stint's room). */
export function roomsAtEnd(round: Round): Map<string, number> {
  const rooms = new Map<string, number>();
  for (const s of round.stints) rooms.set(s.id, s.room);
  return rooms;
}

/** Shuffles a repeat figure is the mean of: enough to be steady, few enough to cost nothing. */
const SHUFFLES = 5;

/**
 * How many pairs a random shuffle would put together again: the mean over a few shuffles seeded by
 * the meeting and its round count, so the figure is the same every time it is asked for.
 */
export function shuffleRepeats(meeting: Pick<Meeting, 'id' | 'rounds' | 'settings'>, people: readonly Person[], rooms: number, history: PairHistory): number {
  if (people.length < 2 || rooms < 1 || history.pairs === 0) return 0;
  const ids = people.map((p) => p.id);
  let total = 0;
  for (let i = 0; i < SHUFFLES; i++) {
    const random = createSeededRandom(`${meeting.id}:${meeting.rounds?.length ?? 0}:${i}`);
    const placement = distributeAll(people, { rooms, phoneRoomLimit: meeting.settings.phoneRoomLimit, random });
    total += placementRepeats(ids, placement.roomOf, history);
  }
  return Math.round((total / SHUFFLES) * 10) / 10;
}

/** "3 pairs meet again (a random shuffle: 41)". */
export function repeatsLine(repeats: NonNullable<Meeting['repeats']>): string {
  const again = repeats.now === 1 ? '1 pair meets again' : `${repeats.now} pairs meet again`;
  const random = `a random shuffle: ${repeats.random}`;
  if (repeats.strategy === 'same') return `Same groups as last round: ${again} (${random})`;
  return `${again} (${random})`;
}

export const rounds = defineCommand({
  name: 'rounds',
  input: z.object({}),
  summary: 'List the rounds so far: when, how long, how many rooms and people',
  permission: 'anyone',
  forAttendees: true,
  personal: true,
  handle({ meeting, now }) {
    const list = meeting.rounds ?? [];
    if (list.length === 0) return unchanged('No rounds yet: every Start records one (who was in which room, and for how long).');
    const lines = list.map((r) => {
      const end = r.endedAt ?? now.toISOString();
      const seconds = (Date.parse(end) - Date.parse(r.startedAt)) / 1000;
      const rooms = new Set(r.stints.map((s) => s.room)).size;
      const people = new Set(r.stints.map((s) => s.id)).size;
      const length = r.endedAt === undefined ? `running for ${formatDuration(seconds)}` : formatDuration(seconds);
      return `Round ${r.number} · ${r.startedAt.slice(0, 10)} ${clockTime(r.startedAt)} · ${length} · ${plural(rooms, 'room')} · ${plural(people, 'person', 'people')}`;
    });
    return unchanged([`Rounds of ${meeting.title} (${list.length}):`, ...lines].join('\n'));
  },
});

export const exportRounds = defineCommand({
  name: 'export',
  input: z.object({}),
  summary: 'Get a CSV of every round: round, room, id, name, audio, joined, left',
  permission: 'facilitator',
  does: 'export the rounds',
  handle({ meeting }) {
    const list = meeting.rounds ?? [];
    if (list.length === 0) return unchanged('No rounds to export yet: every Start records one.');
    const rows = list.reduce((n, r) => n + r.stints.length, 0);
    return withFile(`Every round of ${meeting.title} as CSV: ${plural(list.length, 'round')}, ${plural(rows, 'row')} (one per person and room).`, {
      name: 'breakouts-rounds.csv',
      mime: 'text/csv',
      content: roundsCsv(meeting),
    });
  },
});
