// Discord's refusals in true words: the API errors Breakouts understands, what the bot needs on a
// meeting's voice channel (told up front, all at once), and what posting the board needs.
import { DiscordAPIError, HTTPError, PermissionFlagsBits, type PermissionsBitField } from 'discord.js';
import { DISCORD_ERRORS } from './limits.ts';

/**
 * What apply and start need on the meeting's voice channel, with the words a server admin sees
 * in the role editor; `end` marks what End needs (it only moves people back). (The board's own
 * needs are told when posting it fails.)
 */
export const REQUIRED_PERMISSIONS = [
  { flag: PermissionFlagsBits.ManageChannels, name: 'Manage Channels', why: 'to create the breakout voice channels', end: false },
  { flag: PermissionFlagsBits.MoveMembers, name: 'Move Members', why: 'to move people into their rooms and back', end: true },
  { flag: PermissionFlagsBits.Connect, name: 'Connect', why: 'Discord requires it on a channel to move people into it', end: true },
  { flag: PermissionFlagsBits.ViewChannel, name: 'View Channels', why: 'to see the voice channels', end: true },
] as const;

/** The commands whose runs need the bot's channel permissions, checked before they start. */
export const RUN_COMMANDS = ['apply', 'start', 'end'] as const;
export type RunCommand = (typeof RUN_COMMANDS)[number];
export const isRunCommand = (name: string): name is RunCommand => (RUN_COMMANDS as readonly string[]).includes(name);

export const BOARD_PERMISSIONS_MISSING =
  'Breakouts cannot post or edit the room board in this channel. Grant it **View Channels**, **Send Messages** and **Embed Links** here (channel settings → Permissions), or use the command in another text channel.';

export function isApiError(error: unknown, code: number): boolean {
  return error instanceof DiscordAPIError && error.code === code;
}

/** Discord refused for lack of access (50001) or permissions (50013). */
export function isMissingAccess(error: unknown): boolean {
  return isApiError(error, DISCORD_ERRORS.missingAccess) || isApiError(error, DISCORD_ERRORS.missingPermissions);
}

/** A 4xx answer about one person or thing (not in voice, left the server): expected, not a crash. */
export function isRefusal(error: unknown): error is DiscordAPIError {
  return error instanceof DiscordAPIError && error.status >= 400 && error.status < 500 && error.status !== 429;
}

/** One sentence naming every missing permission at once, or undefined when none is missing. */
export function missingPermissions(perms: Readonly<PermissionsBitField> | null | undefined, command: RunCommand): string | undefined {
  if (!perms) return undefined;
  // Ending must never be blocked by what only preparing rooms needs: it brings people back.
  const missing = REQUIRED_PERMISSIONS.filter((p) => (command !== 'end' || p.end) && !perms.has(p.flag));
  if (missing.length === 0) return undefined;
  return [
    `Breakouts is missing ${missing.length === 1 ? 'a permission' : `${missing.length} permissions`} here:`,
    ...missing.map((p) => `• **${p.name}** — ${p.why}`),
    'Grant them to the Breakouts role (Server Settings → Roles) or on the meeting’s voice channel and its category, then try again.',
  ].join('\n');
}

/**
 * The cause of a failed Discord call, for the shared delivery's "could not be done, because …";
 * undefined for anything that is not Discord's answer (a bug of ours is told as unexpected).
 */
export function describeDiscordError(error: unknown): string | undefined {
  if (isMissingAccess(error)) return 'Discord refused: Breakouts is missing a permission there. Check the Breakouts role (Server Settings → Roles) and the channel’s permissions, then try again.';
  if (error instanceof DiscordAPIError) return `Discord refused it (${error.message}).`;
  if (error instanceof HTTPError) return `Discord answered with an error (HTTP ${error.status}); try again in a moment.`;
  return undefined;
}
