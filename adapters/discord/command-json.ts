// Derives the Discord application commands from the engine's command table: /breakouts (the
// facilitator subcommands, gated to Move Members by default), /breakouts-plan (the planning
// commands of rounds, gated the same way: Discord allows 25 subcommands per command) and
// /breakouts-me (the attendee commands, open to all). manifests/discord-commands.json is this
// output; a test keeps the two in sync.
import { ChannelType, PermissionFlagsBits } from 'discord.js';
import type { ArgSpec } from '../../src/commands/define.ts';
import { TYPED_COMMANDS, type Command } from '../../src/commands/registry.ts';
import { DISCORD_LIMITS } from './limits.ts';
import { fit } from '../../src/domain/text.ts';

export const FACILITATOR_COMMAND = 'breakouts';
export const ATTENDEE_COMMAND = 'breakouts-me';
/** The second facilitator command: Discord allows 25 subcommands per command, and /breakouts has that many. */
export const PLAN_COMMAND = 'breakouts-plan';
/**
 * Planning what rounds look like (who goes together or apart, room sizes, how people are
 * placed, earlier rounds in and out): on /breakouts-plan. Every other command is on /breakouts.
 */
export const PLAN_NAMES: readonly string[] = ['together', 'apart', 'constraints', 'room-cap', 'mode', 'rounds', 'import-layout', 'export'];
/** Subcommands of the open command: the commands a person uses for themselves. */
export const ATTENDEE_SUBCOMMANDS: readonly string[] = TYPED_COMMANDS.filter((c) => c.forAttendees).map((c) => c.name);
/** The optional option that names the meeting's voice channel, on every subcommand. */
export const CHANNEL_OPTION = 'channel';
/** The attachment option of import-layout: the CSV file. */
export const FILE_OPTION = 'file';

/** Which facilitator command carries a subcommand. */
export function facilitatorCommandOf(name: string): typeof FACILITATOR_COMMAND | typeof PLAN_COMMAND {
  return PLAN_NAMES.includes(name) ? PLAN_COMMAND : FACILITATOR_COMMAND;
}

/** The subcommands each of the three commands carries (attendee commands are on /breakouts-me too). */
export const SUBCOMMANDS: Readonly<Record<string, readonly string[]>> = {
  [FACILITATOR_COMMAND]: TYPED_COMMANDS.filter((c) => facilitatorCommandOf(c.name) === FACILITATOR_COMMAND).map((c) => c.name),
  [PLAN_COMMAND]: TYPED_COMMANDS.filter((c) => facilitatorCommandOf(c.name) === PLAN_COMMAND).map((c) => c.name),
  [ATTENDEE_COMMAND]: ATTENDEE_SUBCOMMANDS,
};

const OPTION = { subcommand: 1, string: 3, integer: 4, user: 6, channel: 7, attachment: 11 } as const;

/**
 * Room arguments Discord offers as text rather than a number, where the word is the natural
 * answer: `visit main` (a number option would make it "0").
 */
const ROOM_AS_TEXT: ReadonlyMap<string, readonly string[]> = new Map([['visit', ['room']]]);

/** How Discord carries one argument of a command: the option type the slash parser reads back. */
export function optionKind(command: string, arg: ArgSpec): 'user' | 'integer' | 'string' {
  switch (arg.kind) {
    case 'user':
      return 'user';
    case 'integer':
      return 'integer';
    case 'room':
      return ROOM_AS_TEXT.get(command)?.includes(arg.name) ? 'string' : 'integer';
    case 'audio':
    case 'choice':
    case 'text':
    case 'rest':
      return 'string';
  }
}

export interface CommandOptionJson {
  readonly type: number;
  readonly name: string;
  readonly description: string;
  readonly required?: boolean;
  readonly min_value?: number;
  readonly max_value?: number;
  readonly choices?: readonly { readonly name: string; readonly value: string }[];
  readonly channel_types?: readonly number[];
  readonly options?: readonly CommandOptionJson[];
}

export interface CommandJson {
  readonly name: string;
  readonly type: 1;
  readonly description: string;
  /** Bitfield string, or null for everyone. Server admins can change it under Integrations. */
  readonly default_member_permissions: string | null;
  /** 0 = guild only: a meeting belongs to a server's voice channel. */
  readonly contexts: readonly number[];
  readonly integration_types: readonly number[];
  readonly options: readonly CommandOptionJson[];
}

const AUDIO_CHOICE_NAMES: Readonly<Record<string, string>> = {
  phone: 'phone (dialled in by telephone)',
  voip: 'voip (computer or app audio)',
  listening: 'listening (listen only)',
};

function optionFor(command: string, arg: ArgSpec): CommandOptionJson {
  const base = { name: arg.name, description: fit(arg.description, DISCORD_LIMITS.commandDescription), required: arg.required };
  if (optionKind(command, arg) === 'string' && arg.kind === 'room') return { type: OPTION.string, ...base };
  switch (arg.kind) {
    case 'user':
      return { type: OPTION.user, ...base };
    case 'integer':
      return { type: OPTION.integer, ...base, ...(arg.min !== undefined ? { min_value: arg.min } : {}), ...(arg.max !== undefined ? { max_value: arg.max } : {}) };
    case 'room':
      return { type: OPTION.integer, ...base, description: 'Room number (0 = the main room)', min_value: 0, max_value: arg.max ?? 50 };
    case 'audio':
    case 'choice':
      return {
        type: OPTION.string,
        ...base,
        choices: (arg.choices ?? []).slice(0, DISCORD_LIMITS.optionChoices).map((value) => ({ name: AUDIO_CHOICE_NAMES[value] ?? value, value })),
      };
    case 'text':
    case 'rest':
      return { type: OPTION.string, ...base };
  }
}

const channelOption: CommandOptionJson = {
  type: OPTION.channel,
  name: CHANNEL_OPTION,
  description: 'The meeting’s voice channel (default: the one you are in)',
  required: false,
  channel_types: [ChannelType.GuildVoice, ChannelType.GuildStageVoice],
};

/**
 * Options a command has on Discord beyond its typed arguments: import-layout takes the CSV as an
 * attachment (a slash command's text option cannot hold line breaks).
 */
const EXTRA_OPTIONS: ReadonlyMap<string, readonly CommandOptionJson[]> = new Map([
  ['import-layout', [{ type: OPTION.attachment, name: FILE_OPTION, description: 'The layout CSV: a column id, email or name, then room (and audio if you like)', required: false }]],
]);

function subcommand(spec: Command, attendee: boolean): CommandOptionJson {
  // On the open command people act for themselves: no "user" option to act for someone else.
  const args = attendee ? spec.args.filter((a) => a.kind !== 'user') : spec.args;
  const options = [...args.map((arg) => optionFor(spec.name, arg)), ...(EXTRA_OPTIONS.get(spec.name) ?? [])];
  // Discord wants required options first.
  const ordered = [...options.filter((o) => o.required), ...options.filter((o) => !o.required), channelOption];
  return { type: OPTION.subcommand, name: spec.name, description: fit(spec.summary, DISCORD_LIMITS.commandDescription), options: ordered };
}

export function buildDiscordCommands(): CommandJson[] {
  const attendeeSpecs = TYPED_COMMANDS.filter((c) => c.forAttendees);
  const on = (command: string) => TYPED_COMMANDS.filter((c) => facilitatorCommandOf(c.name) === command).map((c) => subcommand(c, false));
  const plan = on(PLAN_COMMAND);
  return [
    {
      name: FACILITATOR_COMMAND,
      type: 1,
      description: 'Breakout rooms for this voice channel: distribute, move, apply, start, end',
      default_member_permissions: PermissionFlagsBits.MoveMembers.toString(),
      contexts: [0],
      integration_types: [0],
      options: on(FACILITATOR_COMMAND),
    },
    // Only when there are planning commands: an empty /breakouts-plan would do nothing.
    ...(plan.length > 0
      ? [
          {
            name: PLAN_COMMAND,
            type: 1,
            description: 'Plan the rounds: together, apart, room cap, choose mode, earlier rounds, layout import and export',
            default_member_permissions: PermissionFlagsBits.MoveMembers.toString(),
            contexts: [0],
            integration_types: [0],
            options: plan,
          } as const,
        ]
      : []),
    {
      name: ATTENDEE_COMMAND,
      type: 1,
      description: 'Breakouts for attendees: join, leave, set your audio, see the rooms',
      default_member_permissions: null,
      contexts: [0],
      integration_types: [0],
      options: attendeeSpecs.map((c) => subcommand(c, true)),
    },
  ];
}

export function discordCommandsJsonText(): string {
  return `${JSON.stringify(buildDiscordCommands(), null, 2)}\n`;
}
