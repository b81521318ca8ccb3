// Configuration: every environment variable, parsed once at start with zod. A bad value stops
// the start with a message that names the variable and says how to fix it.
import { z } from 'zod';

const optionalText = z
  .string()
  .trim()
  .transform((s) => (s === '' ? undefined : s))
  .optional();

const url = (name: string) =>
  optionalText.refine((s) => s === undefined || /^https?:\/\/[^\s]+$/.test(s), `${name} must be an http(s) URL, e.g. https://slack.com/api/`);

const prefixed = (name: string, prefix: string, what: string) =>
  optionalText.refine((s) => s === undefined || s.startsWith(prefix), `${name} must be ${what} (it starts with “${prefix}”)`);

/** A port is plain decimal digits (Number() would also take "0x50" or "1e3"). */
const port = (name: string) =>
  z
    .string()
    .trim()
    .regex(/^[0-9]{1,5}$/, `${name} must be a port number (0–65535)`)
    .transform(Number)
    .pipe(z.number().max(65535, `${name} must be a port number (0–65535)`));

export const EnvSchema = z.object({
  PORT: port('PORT').default(3000),
  HOST: optionalText,
  BREAKOUTS_DB: z.string().trim().min(1).default('data'),
  DATABASE_URL: optionalText.refine((s) => s === undefined || /^postgres(ql)?:\/\/[^\s]+$/.test(s), 'DATABASE_URL must be a PostgreSQL URL: postgres://user:password@host:5432/database'),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error'], { error: 'LOG_LEVEL must be debug, info, warn or error' }).default('info'),
  BREAKOUTS_PLAYGROUND: z
    .enum(['', '0', '1', 'true', 'false'], { error: 'BREAKOUTS_PLAYGROUND must be 1 or 0' })
    .default('')
    .transform((v) => v === '1' || v === 'true'),
  PLAYGROUND_PORT: port('PLAYGROUND_PORT').optional(),

  SLACK_BOT_TOKEN: prefixed('SLACK_BOT_TOKEN', 'xoxb-', 'a bot token'),
  SLACK_SIGNING_SECRET: optionalText.refine((s) => s === undefined || /^[0-9a-f]{16,}$/i.test(s), 'SLACK_SIGNING_SECRET must be the hex signing secret from Basic Information'),
  SLACK_APP_TOKEN: prefixed('SLACK_APP_TOKEN', 'xapp-', 'an app-level token with connections:write'),
  SLACK_API_URL: url('SLACK_API_URL'),
  SLACK_CLIENT_ID: optionalText.refine((s) => s === undefined || /^[0-9]+\.[0-9]+$/.test(s), 'SLACK_CLIENT_ID must be the Client ID from Basic Information → App Credentials (digits, a dot, digits)'),
  SLACK_CLIENT_SECRET: optionalText.refine((s) => s === undefined || /^[0-9a-f]{16,}$/i.test(s), 'SLACK_CLIENT_SECRET must be the hex Client Secret from Basic Information → App Credentials'),
  SLACK_STATE_SECRET: optionalText.refine((s) => s === undefined || s.length >= 16, 'SLACK_STATE_SECRET must be a random string of at least 16 characters (e.g. openssl rand -hex 24)'),
  SLACK_REDIRECT_URI: optionalText.refine((s) => s === undefined || /^https?:\/\/[^\s]+\/slack\/oauth_redirect$/.test(s), 'SLACK_REDIRECT_URI must be the public URL of /slack/oauth_redirect, e.g. https://breakouts.example.com/slack/oauth_redirect'),
  BREAKOUTS_SECRET_KEY: optionalText.refine((s) => s === undefined || s.length >= 32, 'BREAKOUTS_SECRET_KEY must be at least 32 characters (e.g. openssl rand -base64 48); it encrypts the Slack tokens stored for each workspace'),

  DISCORD_TOKEN: optionalText.refine((s) => s === undefined || /^[A-Za-z0-9_.-]{20,}$/.test(s), 'DISCORD_TOKEN must be the bot token from the Developer Portal (Bot → Reset Token)'),
  DISCORD_APPLICATION_ID: optionalText.refine((s) => s === undefined || /^[0-9]{15,22}$/.test(s), 'DISCORD_APPLICATION_ID must be the numeric Application ID'),
  DISCORD_GUILD_ID: optionalText.refine((s) => s === undefined || /^[0-9]{15,22}$/.test(s), 'DISCORD_GUILD_ID must be a numeric server id'),
  DISCORD_API_URL: url('DISCORD_API_URL'),
  DISCORD_SHARDS: optionalText.refine((s) => s === undefined || s === 'auto' || /^[1-9][0-9]{0,3}$/.test(s), 'DISCORD_SHARDS must be auto or the number of gateway shards (1–9999)'),
  DISCORD_SHARD_IDS: optionalText.refine((s) => s === undefined || /^[0-9]{1,4}(-[0-9]{1,4})?(,[0-9]{1,4}(-[0-9]{1,4})?)*$/.test(s.replace(/\s+/g, '')), 'DISCORD_SHARD_IDS must list shard ids and ranges, e.g. 0,1 or 0-3'),

  METRICS_TOKEN: optionalText.refine((s) => s === undefined || s.length >= 16, 'METRICS_TOKEN must be at least 16 characters (GET /metrics then needs Authorization: Bearer <token>)'),
  BREAKOUTS_DRAIN_SECONDS: z
    .string()
    .trim()
    .regex(/^[0-9]{1,4}$/, 'BREAKOUTS_DRAIN_SECONDS must be a whole number of seconds (0–9999)')
    .transform(Number)
    .default(25),
});
export type Env = z.infer<typeof EnvSchema>;

export interface SlackConfig {
  /** One workspace: its bot token. Absent with OAuth, where each workspace's token is its installation's. */
  readonly botToken?: string;
  /** HTTP mode: verify requests with this. */
  readonly signingSecret?: string;
  /** Socket Mode when set. */
  readonly appToken?: string;
  readonly apiUrl?: string;
  /** Many workspaces: the OAuth install flow (HTTP mode only). */
  readonly oauth?: SlackOAuthConfig;
}

export interface SlackOAuthConfig {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly stateSecret: string;
  /** The public URL of /slack/oauth_redirect (else the one set in the app's settings). */
  readonly redirectUri?: string;
  /** Encrypts the stored installations (their tokens) at rest. */
  readonly secretKey: string;
}

export interface DiscordConfig {
  readonly token: string;
  readonly applicationId: string;
  readonly guildId?: string;
  readonly apiUrl?: string;
  /** Gateway shards: their total ('auto': as many as Discord recommends), and the ids this process runs (all when absent). */
  readonly shards?: { readonly count: number | 'auto'; readonly ids?: readonly number[] };
}

export interface Config {
  readonly port: number;
  readonly host?: string;
  /** The data folder of the embedded file store (BREAKOUTS_DB). */
  readonly dbPath: string;
  /** PostgreSQL instead of the data folder, for any number of processes. */
  readonly databaseUrl?: string;
  readonly logLevel: Env['LOG_LEVEL'];
  readonly slack?: SlackConfig;
  readonly discord?: DiscordConfig;
  readonly playground: boolean;
  readonly playgroundPort: number;
  /** GET /metrics needs `Authorization: Bearer <metricsToken>` when set. */
  readonly metricsToken?: string;
  /** On SIGTERM, how long in-flight work may take to finish before the process exits anyway. */
  readonly drainSeconds: number;
}

/** "0,2-4" → [0, 2, 3, 4]; undefined when a range runs backwards. */
function shardIds(list: string): number[] | undefined {
  const ids = new Set<number>();
  for (const part of list.replace(/\s+/g, '').split(',')) {
    const [from, to = from] = part.split('-').map(Number) as [number, number?];
    if (to < from) return undefined;
    for (let id = from; id <= to; id++) ids.add(id);
  }
  return [...ids].sort((a, b) => a - b);
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Parse the environment; throws ConfigError listing every problem at once. */
export function loadConfig(env: NodeJS.ProcessEnv | Record<string, string | undefined>): Config {
  // Empty values count as unset (.env.example lists every variable, most of them blank).
  const given = Object.fromEntries(Object.keys(EnvSchema.shape).map((name) => [name, env[name]?.trim() ? env[name] : undefined]));
  const parsed = EnvSchema.safeParse(given);
  // Malformed values and missing companions are reported together, so one fix round is enough.
  const problems = parsed.success ? [] : parsed.error.issues.map((i) => `  ${String(i.path[0] ?? '')}: ${i.message}`);
  const has = (name: keyof Env): boolean => (env[name] ?? '').trim() !== '';
  const oauth = has('SLACK_CLIENT_ID') || has('SLACK_CLIENT_SECRET') || has('SLACK_STATE_SECRET');
  if (oauth) {
    // Many workspaces: Slack's install flow, over HTTP (apps in Socket Mode cannot be distributed).
    for (const [name, where] of [
      ['SLACK_CLIENT_ID', 'Basic Information → App Credentials → Client ID'],
      ['SLACK_CLIENT_SECRET', 'Basic Information → App Credentials → Client Secret'],
      ['SLACK_STATE_SECRET', 'any random string of 16+ characters, e.g. openssl rand -hex 24'],
      ['SLACK_SIGNING_SECRET', 'Basic Information → App Credentials → Signing Secret; the install flow needs HTTP mode'],
      ['BREAKOUTS_SECRET_KEY', 'a random key of 32+ characters, e.g. openssl rand -base64 48; it encrypts the stored Slack tokens'],
    ] as const) {
      if (!has(name)) problems.push(`  ${name}: missing with the Slack OAuth settings (${where})`);
    }
    if (has('SLACK_BOT_TOKEN')) problems.push('  SLACK_BOT_TOKEN: set either SLACK_BOT_TOKEN (one workspace) or SLACK_CLIENT_ID/SECRET/STATE_SECRET (any number of workspaces, installed through /slack/install), not both');
    if (has('SLACK_APP_TOKEN')) problems.push('  SLACK_APP_TOKEN: the install flow runs in HTTP mode; remove SLACK_APP_TOKEN (Socket Mode apps cannot be installed into other workspaces)');
  } else if (has('SLACK_BOT_TOKEN') || has('SLACK_SIGNING_SECRET') || has('SLACK_APP_TOKEN')) {
    if (!has('SLACK_BOT_TOKEN')) problems.push('  SLACK_BOT_TOKEN: missing (OAuth & Permissions → Bot User OAuth Token, starts with xoxb-; or set SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET to install into many workspaces)');
    if (!has('SLACK_APP_TOKEN') && !has('SLACK_SIGNING_SECRET')) {
      problems.push('  SLACK_APP_TOKEN or SLACK_SIGNING_SECRET: set SLACK_APP_TOKEN for Socket Mode, or SLACK_SIGNING_SECRET for HTTP mode');
    }
  }
  if (has('DISCORD_SHARD_IDS')) {
    const count = (env['DISCORD_SHARDS'] ?? '').trim();
    const ids = /^[0-9]+$/.test(count) ? shardIds(env['DISCORD_SHARD_IDS'] ?? '') : undefined;
    if (!/^[0-9]+$/.test(count)) problems.push('  DISCORD_SHARD_IDS: needs DISCORD_SHARDS set to the total number of shards (not auto), so that every process agrees on it');
    else if (!ids || ids.some((id) => id >= Number(count))) problems.push(`  DISCORD_SHARD_IDS: every shard id must be below DISCORD_SHARDS (${count}), ranges written low-high, e.g. 0-1`);
  }
  if (has('DISCORD_TOKEN') || has('DISCORD_APPLICATION_ID')) {
    if (!has('DISCORD_TOKEN')) problems.push('  DISCORD_TOKEN: missing (Developer Portal → Bot → Reset Token)');
    if (!has('DISCORD_APPLICATION_ID')) problems.push('  DISCORD_APPLICATION_ID: missing (Developer Portal → General Information → Application ID)');
  }
  if (!parsed.success || problems.length > 0) {
    throw new ConfigError(`Configuration problem (fix it in .env or the environment; see .env.example):\n${problems.join('\n')}`);
  }
  const e = parsed.data;

  const slackOAuth: SlackOAuthConfig | undefined =
    e.SLACK_CLIENT_ID && e.SLACK_CLIENT_SECRET && e.SLACK_STATE_SECRET && e.BREAKOUTS_SECRET_KEY
      ? {
          clientId: e.SLACK_CLIENT_ID,
          clientSecret: e.SLACK_CLIENT_SECRET,
          stateSecret: e.SLACK_STATE_SECRET,
          secretKey: e.BREAKOUTS_SECRET_KEY,
          ...(e.SLACK_REDIRECT_URI ? { redirectUri: e.SLACK_REDIRECT_URI } : {}),
        }
      : undefined;
  const slack: SlackConfig | undefined =
    (e.SLACK_BOT_TOKEN && (e.SLACK_APP_TOKEN || e.SLACK_SIGNING_SECRET)) || (slackOAuth && e.SLACK_SIGNING_SECRET)
      ? {
          ...(e.SLACK_BOT_TOKEN ? { botToken: e.SLACK_BOT_TOKEN } : {}),
          ...(e.SLACK_SIGNING_SECRET ? { signingSecret: e.SLACK_SIGNING_SECRET } : {}),
          ...(e.SLACK_APP_TOKEN ? { appToken: e.SLACK_APP_TOKEN } : {}),
          ...(e.SLACK_API_URL ? { apiUrl: e.SLACK_API_URL } : {}),
          ...(slackOAuth ? { oauth: slackOAuth } : {}),
        }
      : undefined;
  const shardCount = e.DISCORD_SHARDS === undefined ? undefined : e.DISCORD_SHARDS === 'auto' ? ('auto' as const) : Number(e.DISCORD_SHARDS);
  const shardList = e.DISCORD_SHARD_IDS ? shardIds(e.DISCORD_SHARD_IDS) : undefined;
  const discord: DiscordConfig | undefined =
    e.DISCORD_TOKEN && e.DISCORD_APPLICATION_ID
      ? {
          token: e.DISCORD_TOKEN,
          applicationId: e.DISCORD_APPLICATION_ID,
          ...(e.DISCORD_GUILD_ID ? { guildId: e.DISCORD_GUILD_ID } : {}),
          ...(e.DISCORD_API_URL ? { apiUrl: e.DISCORD_API_URL } : {}),
          ...(shardCount !== undefined ? { shards: { count: shardCount, ...(shardList ? { ids: shardList } : {}) } } : {}),
        }
      : undefined;
  const playground = e.BREAKOUTS_PLAYGROUND || (!slack && !discord);
  // Slack's HTTP mode owns PORT; a playground forced on beside it moves to the next port.
  const slackUsesPort = slack !== undefined && slack.appToken === undefined;
  const playgroundPort = e.PLAYGROUND_PORT ?? (slackUsesPort ? e.PORT + 1 : e.PORT);
  return {
    port: e.PORT,
    ...(e.HOST ? { host: e.HOST } : {}),
    dbPath: e.BREAKOUTS_DB,
    ...(e.DATABASE_URL ? { databaseUrl: e.DATABASE_URL } : {}),
    logLevel: e.LOG_LEVEL,
    ...(slack ? { slack } : {}),
    ...(discord ? { discord } : {}),
    playground,
    playgroundPort,
    ...(e.METRICS_TOKEN ? { metricsToken: e.METRICS_TOKEN } : {}),
    drainSeconds: e.BREAKOUTS_DRAIN_SECONDS,
  };
}
