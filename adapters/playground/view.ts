// The playground's one pure renderer: the engine's neutral Board (plus the viewer's inbox, the
// rooms' chats, the main channel's posts, the activity feed, and a few facts of the meeting for the
// rounds panel and the room picker) → the JSON the page draws. Every button carries an encodeAction
// id or the command text it stands for; the page sends them back and decides nothing.
import type { BoardAttendee } from '../../src/board/board.ts';
import { AUDIO_KEY } from '../../src/board/board.ts';
import { PLAYGROUND_LIMITS } from './limits.ts';
import type { PageInput, PageView } from './view-types.ts';
import { boardView } from './view-board.ts';
import { inboxView, youView } from './view-panels.ts';

export type {
  BoardView,
  ButtonView,
  ChatView,
  CommandButtonView,
  ConstraintView,
  FormButtonView,
  HelpView,
  InboxView,
  LiveControls,
  LiveView,
  MeetingFacts,
  MoveTarget,
  PageInput,
  PageView,
  PersonView,
  PickView,
  RoomView,
  RoundLine,
  RoundsView,
  YouView,
} from './view-types.ts';
export { meetingFacts } from './view-rounds.ts';
export { roomLabel } from './view-shared.ts';

export function renderPage(input: PageInput): PageView {
  const { board, viewer } = input;
  const roster: BoardAttendee[] = board ? [...board.rooms.flatMap((r) => r.attendees), ...board.main] : [];
  const rosterNames = new Map(roster.map((a) => [a.id, a.name]));
  const rosterSorted = [...roster].sort((a, b) => (a.role === b.role ? a.name.localeCompare(b.name) : a.role === 'facilitator' ? -1 : 1));
  const guests = input.guests.filter((g) => !rosterNames.has(g.id));
  const people = [
    ...rosterSorted.map((a) => ({ id: a.id, label: `${a.name}${a.role === 'facilitator' ? ' (facilitator)' : ''}` })),
    ...guests.map((g) => ({ id: g.id, label: `${g.name} (not on the roster)` })),
  ];
  if (!people.some((p) => p.id === viewer.id)) people.push({ id: viewer.id, label: `${viewer.name} (not on the roster)` });
  return {
    board: board ? boardView(board, viewer, input.rooms, input.facts) : null,
    you: youView(board, viewer, input.facts?.choosable),
    people,
    inbox: inboxView(input.inbox),
    dmCounts: [...input.inboxCounts].map(([id, count]) => ({ id, name: rosterNames.get(id) ?? id, count })),
    feed: [...input.feed].reverse(),
    main: (input.main ?? []).slice(-PLAYGROUND_LIMITS.page.mainPosts).reverse(),
    audioChoices: AUDIO_KEY.map((k) => ({ audio: k.audio, icon: k.icon, label: k.label })),
    limits: PLAYGROUND_LIMITS.page,
    now: input.now.toISOString(),
  };
}
