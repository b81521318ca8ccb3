// Information commands: the board as text, and help. They read the meeting and change nothing.
import { z } from 'zod';
import { buildBoard, renderBoardText } from '../board/board.ts';
import { defineCommand, unchanged, type CommandDefinition } from './define.ts';
import { helpText } from './help.ts';

export const status = defineCommand({
  name: 'status',
  input: z.object({}),
  summary: 'Show the rooms and who is where',
  permission: 'anyone',
  forAttendees: true,
  personal: true,
  handle: ({ meeting, actor }) => unchanged(renderBoardText(buildBoard(meeting, actor))),
});

/** Help about the commands `list` gives (the registry's typed commands, handed in so nothing imports in a circle). */
export function helpCommand(list: () => readonly Pick<CommandDefinition, 'name' | 'args' | 'summary' | 'permission'>[]) {
  return defineCommand({
    name: 'help',
    input: z.object({ topic: z.string().trim().max(40).optional() }),
    args: [{ name: 'topic', kind: 'text', description: 'A command to explain', required: false }],
    summary: 'Explain the commands',
    permission: 'anyone',
    forAttendees: true,
    personal: true,
    withoutMeeting: (input) => helpText(list(), input.topic),
    handle: ({ input }) => unchanged(helpText(list(), input.topic)),
  });
}
