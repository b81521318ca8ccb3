// Every command, once: the list the engine runs and everything else derives from (the slash
// parser, help, the Slack manifest, the Discord command JSON, the board's action ids). To add a
// command, define it beside its subject and list it here.
import type { CommandDefinition } from './define.ts';
import { helpText as helpFor } from './help.ts';
import { helpCommand, status } from './information.ts';
import { broadcast, visit } from './broadcast.ts';
import { ask, claim, helpCopy, withdraw } from './help-queue.ts';
import { addRoom, distribute, move, rename, rooms, shuffle } from './layout.ts';
import { audio, confirmPhone, facilitator, importPeople, join, leave, voice } from './roster.ts';
import { apply, end, remember, resource, start, step, tick } from './runs.ts';
import { timer } from './timer.ts';
import { mode, pick } from './choose.ts';
import { apart, constraints, roomCap, together } from './constraints.ts';
import { importLayout } from './import-layout.ts';
import { exportRounds, rounds as roundsList } from './rounds.ts';
import { dialin, phoneRooms, title } from './settings.ts';

const help = helpCommand(() => TYPED_COMMANDS);

/** In the order help, the manifest and Discord list them. */
export const COMMANDS = [
  distribute,
  shuffle,
  rooms,
  rename,
  move,
  audio,
  join,
  leave,
  facilitator,
  phoneRooms,
  dialin,
  title,
  importPeople,
  apply,
  start,
  end,
  timer,
  broadcast,
  visit,
  ask,
  withdraw,
  claim,
  together,
  apart,
  constraints,
  roomCap,
  mode,
  pick,
  roundsList,
  importLayout,
  exportRounds,
  status,
  help,
  // Never typed: buttons in DMs and on the board, platform events, the runner's bookkeeping.
  addRoom,
  confirmPhone,
  voice,
  step,
  resource,
  remember,
  tick,
  helpCopy,
] as const;

export type Command = (typeof COMMANDS)[number];
export type CommandName = Command['name'];
/** The parsed input a command's handler gets. */
export type CommandInput<N extends CommandName> = Parameters<Extract<Command, { name: N }>['handle']>[0]['input'];

/** The commands people type after /breakouts. */
export const TYPED_COMMANDS: readonly Command[] = COMMANDS.filter((c) => c.typed);

const BY_NAME: ReadonlyMap<string, Command> = new Map(COMMANDS.map((c) => [c.name, c]));

/** The command with this name (typed or not); undefined for anything else, "constructor" included. */
export function commandNamed(name: string): Command | undefined {
  return BY_NAME.get(name);
}

/** A typed command by name, as people write it (any case). */
export function typedCommand(name: string): Command | undefined {
  const found = BY_NAME.get(name.toLowerCase());
  return found?.typed ? found : undefined;
}

/** Help about the typed commands (all, or one in detail). */
export function helpText(topic?: string, prefix = '/breakouts'): string {
  return helpFor(TYPED_COMMANDS, topic, prefix);
}

export type { CommandDefinition };
