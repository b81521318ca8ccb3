// What the bot asks for when a server admin invites it: the OAuth2 URL (scopes bot and
// applications.commands) and every permission in it, each with why, in the words of the role editor.
// README's invite URL and permission table say the same; `npm run register-commands` prints the URL.
import { PermissionFlagsBits } from 'discord.js';

export interface InvitePermission {
  readonly flag: bigint;
  readonly name: string;
  readonly why: string;
  /** Breakouts works without it (something is only shown less well). */
  readonly optional: boolean;
}

export const INVITE_PERMISSIONS: readonly InvitePermission[] = [
  { flag: PermissionFlagsBits.ViewChannel, name: 'View Channels', why: 'see the voice channels and the board’s text channel', optional: false },
  {
    flag: PermissionFlagsBits.SendMessages,
    name: 'Send Messages',
    why: 'post the board, and post in each room’s voice channel chat (welcome with Ask for help, timer warnings, broadcasts, who is coming)',
    optional: false,
  },
  { flag: PermissionFlagsBits.EmbedLinks, name: 'Embed Links', why: 'the board is embeds, edited in place', optional: false },
  { flag: PermissionFlagsBits.ManageChannels, name: 'Manage Channels', why: 'create the category and one voice channel per room at Apply', optional: false },
  { flag: PermissionFlagsBits.MoveMembers, name: 'Move Members', why: 'move people into their rooms at Start and back at End; move a facilitator who visits a room or takes a help request', optional: false },
  { flag: PermissionFlagsBits.Connect, name: 'Connect', why: 'Discord requires it on a voice channel to move people into it', optional: false },
  {
    flag: PermissionFlagsBits.SetVoiceChannelStatus,
    name: 'Set Voice Channel Status',
    why: 'show each room’s state under its voice channel (“⏱ ends 10:45 UTC · 4 people · 🙋 help asked”); without it the rooms simply show no status',
    optional: true,
  },
];

/** The permissions integer of the invite URL. */
export function invitePermissions(): bigint {
  return INVITE_PERMISSIONS.reduce((all, p) => all | p.flag, 0n);
}

export function inviteUrl(applicationId: string): string {
  const query = new URLSearchParams({ client_id: applicationId, scope: 'bot applications.commands', permissions: invitePermissions().toString() });
  return `https://discord.com/oauth2/authorize?${query.toString()}`;
}
