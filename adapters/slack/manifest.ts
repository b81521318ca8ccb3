// The Slack app manifest, derived from the command table and the Web API methods the adapter calls
// (each mapped to its scopes). `tsx adapters/slack/manifest.ts --write` writes manifests/slack.yaml;
// `--http https://your.host` prints the HTTP-mode variant, and adding `--oauth` the one for many workspaces.
import { writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { stringify } from 'yaml';
import { usage } from '../../src/commands/help.ts';
import { TYPED_COMMANDS } from '../../src/commands/registry.ts';
import { SLASH_COMMAND } from './listeners/slash-command.ts';
import { INSTALLATION_EVENTS } from './payloads.ts';

/** Every Web API method the adapter calls → the bot scopes it needs (an empty list: no scope needed). */
export const METHOD_SCOPES = {
  'auth.test': [],
  'chat.postMessage': ['chat:write'],
  'chat.update': ['chat:write'],
  'conversations.create': ['groups:write'],
  /** Starting rooms, and a facilitator visiting a room or taking a help request there (rooms are private channels). */
  'conversations.invite': ['groups:write'],
  /**
   * A room's state at a glance in its channel topic ("⏱ ends 14:05 UTC · 4 people · 🙋 help asked"):
   * the granular scope for private channels' topics (rooms are always private, so no channels:write.topic).
   */
  'conversations.setTopic': ['groups:write.topic'],
  /** Finding a room channel we made before (name_taken on a resumed apply). */
  'conversations.list': ['groups:read'],
  /** `import`: the main channel may be public or private. */
  'conversations.members': ['channels:read', 'groups:read'],
  'users.info': ['users:read'],
  /**
   * `import-layout`: rows that name people by e-mail are matched to Slack users (an address is only
   * readable with users:read.email, which Slack grants beside users:read).
   */
  'users.lookupByEmail': ['users:read', 'users:read.email'],
  /**
   * `export`: the rounds CSV goes to the person's direct messages with the app. An upload can only be
   * completed into a conversation id (D…), never a user id, so the DM is opened first.
   */
  'conversations.open': ['im:write'],
  /** `export`: the upload flow (files.uploadV2 asks for an upload URL, sends the file there, then completes it into the DM). */
  'files.getUploadURLExternal': ['files:write'],
  'files.completeUploadExternal': ['files:write'],
  /**
   * `import-layout`: the dialog's file input (a CSV chosen there; Slack only offers the element to apps
   * with files:read) and where its bytes are, read with the bot token.
   */
  'files.info': ['files:read'],
  'views.open': [],
  'views.update': [],
} as const satisfies Record<string, readonly string[]>;

/** The bot scopes: `commands` for /breakouts plus what the methods above need, sorted. */
export function botScopes(): string[] {
  const scopes = new Set<string>(['commands']);
  for (const list of Object.values(METHOD_SCOPES)) for (const s of list) scopes.add(s);
  return [...scopes].sort();
}

export function usageHint(): string {
  return TYPED_COMMANDS.map((c) => usage(c, '').trim()).join(' | ');
}

export interface ManifestOptions {
  /** HTTP mode: the public base of this app's /slack/events endpoint. Socket Mode when absent. */
  readonly httpUrl?: string;
  /**
   * Many workspaces (needs httpUrl): the OAuth redirect URL, and the events that say an
   * installation went (app_uninstalled, tokens_revoked; they need no scope).
   */
  readonly oauth?: boolean;
}

export function slackManifest(options: ManifestOptions = {}): Record<string, unknown> {
  const base = options.httpUrl?.replace(/\/+$/, '');
  const events = base ? `${base}/slack/events` : undefined;
  if (options.oauth && !base) throw new Error('The OAuth manifest needs the public URL (--http https://your.host): Socket Mode apps cannot be installed into other workspaces.');
  const oauth = options.oauth && base ? { redirect: `${base}/slack/oauth_redirect` } : undefined;
  return {
    _metadata: { major_version: 1, minor_version: 1 },
    display_information: {
      name: 'Breakouts',
      description: 'Breakout rooms for meetings: Smart Distribute, a live room board, audio-conflict prompts.',
      long_description:
        'Breakouts splits a meeting into breakout rooms while keeping audio connections compatible: phone attendees only in the phone rooms, never together with computer-audio or listen-only attendees. Type /breakouts distribute in the meeting channel, move people with clicks on the board, then Apply and Start: every room becomes a private channel with a huddle prompt, and anyone caught in an audio conflict gets a direct message. While rooms are open: a timer with warnings in every room, broadcasts to all rooms, an "Ask for help" button whose requests every facilitator sees (the first to press "I’ll go" is added to the room), and each room’s state in its channel topic. Rounds remember: the same groups again or everyone meets someone new, people kept together or apart, rooms of a size or with a cap, a layout imported from CSV (matched by e-mail), attendees choosing their own room, a digest in the channel after each round and a CSV of every round.',
      background_color: '#1d3b5a',
    },
    features: {
      // DMs (conflict prompts, dial-in details) arrive in the app's Messages tab; nobody needs to answer there.
      app_home: { home_tab_enabled: false, messages_tab_enabled: true, messages_tab_read_only_enabled: true },
      bot_user: { display_name: 'Breakouts', always_online: true },
      slash_commands: [
        {
          command: SLASH_COMMAND,
          description: 'Breakout rooms: distribute (same groups or new), move, start (with a timer), broadcast, ask for help, end, export (try /breakouts help)',
          usage_hint: usageHint(),
          should_escape: true,
          ...(events ? { url: events } : {}),
        },
      ],
    },
    oauth_config: { ...(oauth ? { redirect_urls: [oauth.redirect] } : {}), scopes: { bot: botScopes() } },
    settings: {
      ...(oauth && events ? { event_subscriptions: { request_url: events, bot_events: [...INSTALLATION_EVENTS] } } : {}),
      interactivity: { is_enabled: true, ...(events ? { request_url: events, message_menu_options_url: events } : {}) },
      org_deploy_enabled: false,
      socket_mode_enabled: !events,
      token_rotation_enabled: false,
    },
  };
}

export function manifestYaml(options: ManifestOptions = {}): string {
  const header = options.httpUrl
    ? `# Breakouts Slack app manifest, HTTP mode${options.oauth ? ' for many workspaces (OAuth install flow)' : ''}.\n`
    : '# Breakouts Slack app manifest (Socket Mode). Generated by `npx tsx adapters/slack/manifest.ts --write`; do not edit.\n# For HTTP mode: `npx tsx adapters/slack/manifest.ts --http https://your.host` prints the variant with request URLs;\n# add `--oauth` for the one installed into many workspaces (redirect URL and uninstall events).\n';
  return header + stringify(slackManifest(options), { lineWidth: 0 });
}

export const MANIFEST_PATH = fileURLToPath(new URL('../../manifests/slack.yaml', import.meta.url));

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2);
  const http = args.indexOf('--http');
  if (args.includes('--write')) {
    writeFileSync(MANIFEST_PATH, manifestYaml());
    process.stdout.write(`wrote ${MANIFEST_PATH}\n`);
  } else {
    const url = http >= 0 ? args[http + 1] : undefined;
    process.stdout.write(manifestYaml({ ...(url ? { httpUrl: url } : {}), ...(args.includes('--oauth') ? { oauth: true } : {}) }));
  }
}
