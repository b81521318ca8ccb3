// Derives the Discord application commands from the engine's command table: /breakouts (every
// subcommand, gated to Move Members by default) and /breakouts-me (the attendee commands, open
// to all). manifests/discord-commands.json is this output; a test keeps the two in sync.
import { ChannelType, PermissionFlagsBits } from 'discord.js';
import type { ArgSpec } from '../../src/commands/define.ts';
import { TYPED_COMMANDS, type Command } from '../../src/commands/registry.ts';
import { DISCORD_LIMITS } from './limits.ts';
import { fit } from '../../src/domain/text.ts';

export const FACILITATOR_COMMAND = 'breakouts';
export const ATTENDEE_COMMAND = 'breakouts-me';
/** Subcommands of the open command: the commands a person uses for themselves. */
export const ATTENDEE_SUBCOMMANDS: readonly string[] = TYPED_COMMANDS.filter((c) => c.forAttendees).map((c) => c.name);
/** The optional option that names the meeting's voice channel, on every subcommand. */
export const CHANNEL_OPTION = 'channel';

const OPTION = { subcommand: 1, string: 3, integer: 4, user: 6, channel: 7 } as const;

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

function subcommand(spec: Command, attendee: boolean): CommandOptionJson {
  // On the open command people act for themselves: no "user" option to act for someone else.
  const args = attendee ? spec.args.filter((a) => a.kind !== 'user') : spec.args;
  const options = args.map((arg) => optionFor(spec.name, arg));
  // Discord wants required options first.
  const ordered = [...options.filter((o) => o.required), ...options.filter((o) => !o.required), channelOption];
  return { type: OPTION.subcommand, name: spec.name, description: fit(spec.summary, DISCORD_LIMITS.commandDescription), options: ordered };
}

export function buildDiscordCommands(): CommandJson[] {
  const attendeeSpecs = TYPED_COMMANDS.filter((c) => c.forAttendees);
  return [
    {
      name: FACILITATOR_COMMAND,
      type: 1,
      description: 'Breakout rooms for this voice channel: distribute, move, apply, start, end',
      default_member_permissions: PermissionFlagsBits.MoveMembers.toString(),
      contexts: [0],
      integration_types: [0],
      options: TYPED_COMMANDS.map((c) => subcommand(c, false)),
    },
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
