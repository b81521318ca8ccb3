// The facilitators' rounds panel, and the facts it and the room picker need beyond the board (past
// rounds, groups, layout rows still waiting), which only the meeting itself has.
import type { Board } from '../../src/board/board.ts';
import type { Meeting } from '../../src/domain/meeting.ts';
import { personName } from '../../src/domain/facilitation.ts';
import { PLAYGROUND_LIMITS } from './limits.ts';
import type { ConstraintView, MeetingFacts, RoundsView } from './view-types.ts';

/** The facts of a meeting the rounds panel and the room picker show; `choosable` is the engine's answer for the viewer. */
export function meetingFacts(meeting: Meeting, choosable?: readonly number[]): MeetingFacts {
  const rounds = meeting.rounds ?? [];
  const groups = meeting.constraints ?? { together: [], apart: [] };
  return {
    ...(choosable ? { choosable } : {}),
    rounds: rounds
      .slice(-PLAYGROUND_LIMITS.page.rounds)
      .reverse()
      .map((r) => ({
        number: r.number,
        startedAt: r.startedAt,
        ...(r.endedAt ? { endedAt: r.endedAt } : {}),
        people: new Set(r.stints.map((st) => st.id)).size,
        rooms: new Set(r.stints.map((st) => st.room)).size,
      })),
    roundCount: rounds.length,
    constraints: [
      ...groups.together.map((ids): ConstraintView => ({ kind: 'together', names: ids.map((id) => personName(meeting, id)) })),
      ...groups.apart.map((ids): ConstraintView => ({ kind: 'apart', names: ids.map((id) => personName(meeting, id)) })),
    ],
    waitingRows: meeting.layoutPlan?.length ?? 0,
  };
}

/** The facilitators' rounds panel: distribute again, room cap, who places people, groups, past rounds, export. */
export function roundsPanel(board: Board, facts: MeetingFacts): RoundsView {
  const hasRounds = facts.roundCount > 0;
  return {
    distribute: [
      { label: 'Same groups', words: 'same', style: 'default' },
      { label: 'Meet someone new', words: 'new', style: hasRounds ? 'primary' : 'default' },
      { label: 'Distribute', words: '', style: hasRounds ? 'default' : 'primary' },
    ],
    mode: [
      { label: 'Facilitators assign', command: 'mode assign', style: 'default', pressed: board.mode !== 'choose' },
      { label: 'Attendees choose', command: 'mode choose', style: 'default', pressed: board.mode === 'choose' },
    ],
    ...(board.roomCap !== undefined ? { roomCap: board.roomCap } : {}),
    rounds: facts.rounds,
    roundCount: facts.roundCount,
    constraints: facts.constraints,
    waitingRows: facts.waitingRows,
    export: { label: 'Export CSV', command: 'export', style: 'default' },
  };
}
