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

  DISCORD_TOKEN: optionalText.refine((s) => s === undefined || /^[A-Za-z0-9_.-]{20,}$/.test(s), 'DISCORD_TOKEN must be the bot token from the Developer Portal (Bot → Reset Token)'),
  DISCORD_APPLICATION_ID: optionalText.refine((s) => s === undefined || /^[0-9]{15,22}$/.test(s), 'DISCORD_APPLICATION_ID must be the numeric Application ID'),
  DISCORD_GUILD_ID: optionalText.refine((s) => s === undefined || /^[0-9]{15,22}$/.test(s), 'DISCORD_GUILD_ID must be a numeric server id'),
  DISCORD_API_URL: url('DISCORD_API_URL'),
});
export type Env = z.infer<typeof EnvSchema>;

export interface SlackConfig {
  readonly botToken: string;
  /** HTTP mode: verify requests with this. */
  readonly signingSecret?: string;
  /** Socket Mode when set. */
  readonly appToken?: string;
  readonly apiUrl?: string;
}

export interface DiscordConfig {
  readonly token: string;
  readonly applicationId: string;
  readonly guildId?: string;
  readonly apiUrl?: string;
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
  if (has('SLACK_BOT_TOKEN') || has('SLACK_SIGNING_SECRET') || has('SLACK_APP_TOKEN')) {
    if (!has('SLACK_BOT_TOKEN')) problems.push('  SLACK_BOT_TOKEN: missing (OAuth & Permissions → Bot User OAuth Token, starts with xoxb-)');
    if (!has('SLACK_APP_TOKEN') && !has('SLACK_SIGNING_SECRET')) {
      problems.push('  SLACK_APP_TOKEN or SLACK_SIGNING_SECRET: set SLACK_APP_TOKEN for Socket Mode, or SLACK_SIGNING_SECRET for HTTP mode');
    }
  }
  if (has('DISCORD_TOKEN') || has('DISCORD_APPLICATION_ID')) {
    if (!has('DISCORD_TOKEN')) problems.push('  DISCORD_TOKEN: missing (Developer Portal → Bot → Reset Token)');
    if (!has('DISCORD_APPLICATION_ID')) problems.push('  DISCORD_APPLICATION_ID: missing (Developer Portal → General Information → Application ID)');
  }
  if (!parsed.success || problems.length > 0) {
    throw new ConfigError(`Configuration problem (fix it in .env or the environment; see .env.example):\n${problems.join('\n')}`);
  }
  const e = parsed.data;

  const slack: SlackConfig | undefined =
    e.SLACK_BOT_TOKEN && (e.SLACK_APP_TOKEN || e.SLACK_SIGNING_SECRET)
      ? {
          botToken: e.SLACK_BOT_TOKEN,
          ...(e.SLACK_SIGNING_SECRET ? { signingSecret: e.SLACK_SIGNING_SECRET } : {}),
          ...(e.SLACK_APP_TOKEN ? { appToken: e.SLACK_APP_TOKEN } : {}),
          ...(e.SLACK_API_URL ? { apiUrl: e.SLACK_API_URL } : {}),
        }
      : undefined;
  const discord: DiscordConfig | undefined =
    e.DISCORD_TOKEN && e.DISCORD_APPLICATION_ID
      ? {
          token: e.DISCORD_TOKEN,
          applicationId: e.DISCORD_APPLICATION_ID,
          ...(e.DISCORD_GUILD_ID ? { guildId: e.DISCORD_GUILD_ID } : {}),
          ...(e.DISCORD_API_URL ? { apiUrl: e.DISCORD_API_URL } : {}),
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
  };
}
