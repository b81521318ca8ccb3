// The shared Discord REST proxy (@discordjs/proxy): shard processes point DISCORD_API_URL here and
// so spend one set of rate limits. Run: `npx tsx adapters/discord/rest-proxy.ts` with PORT,
// DISCORD_TOKEN and, optionally, DISCORD_API_URL (where it sends calls: Discord by default).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { proxyRequests } from '@discordjs/proxy';
// Not discord.js's re-export: that is @discordjs/rest's CommonJS build, whose error classes are not
// the ones @discordjs/proxy (ES module) checks with instanceof, and an unrecognised error would
// leave the proxy answering 200 with no body.
import { REST } from '@discordjs/rest';
import { EnvSchema } from '../../src/runtime/config.ts';
import { createLogger, type Logger } from '../../src/runtime/logger.ts';

export interface RestProxyOptions {
  /** The one bot this proxy serves: calls with another bot's token are refused. */
  readonly token: string;
  /** Discord's REST base (tests: a loopback fake). */
  readonly api?: string;
  readonly logger: Logger;
}

/**
 * An HTTP server that forwards every call to Discord through one @discordjs/rest queue. A call
 * that would have to wait for a rate limit is answered 429 with Retry-After at once (the shard
 * process waits it out and retries, within its own request timeout); so every process sees the
 * limits the others spent. Interaction callbacks and webhooks carry no Authorization header
 * (their token is in the path); any other call must carry this bot's token, so one proxy never
 * mixes two bots' limits.
 */
export function createRestProxy({ token, api, logger }: RestProxyOptions): Server {
  const rest = new REST({ ...(api ? { api } : {}), rejectOnRateLimit: () => true, retries: 0 });
  const forward = proxyRequests(rest);
  const ours = `Bot ${token}`;
  return createServer((req, res) => {
    const auth = req.headers.authorization;
    if (auth !== undefined && auth !== ours) {
      res.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ message: 'This proxy serves one bot: use the DISCORD_TOKEN it was started with.', code: 0 }));
      return;
    }
    Promise.resolve(forward(req, res)).catch((error: unknown) => {
      logger.error('Discord REST proxy call failed', { method: req.method, error });
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'application/json' });
      res.end();
    });
  });
}

async function main(): Promise<void> {
  const env = EnvSchema.pick({ PORT: true, HOST: true, DISCORD_TOKEN: true, DISCORD_API_URL: true, LOG_LEVEL: true }).safeParse({
    PORT: process.env['PORT'] || undefined,
    HOST: process.env['HOST'],
    DISCORD_TOKEN: process.env['DISCORD_TOKEN'],
    DISCORD_API_URL: process.env['DISCORD_API_URL'],
    LOG_LEVEL: process.env['LOG_LEVEL'] || undefined,
  });
  if (!env.success) throw new Error(env.error.issues.map((i) => `${String(i.path[0] ?? '')}: ${i.message}`).join('; '));
  const { PORT, HOST, DISCORD_TOKEN, DISCORD_API_URL, LOG_LEVEL } = env.data;
  if (!DISCORD_TOKEN) throw new Error('DISCORD_TOKEN: missing (the bot token of the shard processes; Developer Portal → Bot → Reset Token)');
  const logger = createLogger({ level: LOG_LEVEL });
  const server = createRestProxy({ token: DISCORD_TOKEN, ...(DISCORD_API_URL ? { api: DISCORD_API_URL } : {}), logger });
  await new Promise<void>((resolve) => server.listen(PORT, HOST, resolve));
  logger.info('Discord REST proxy listening', { port: (server.address() as AddressInfo).port, upstream: DISCORD_API_URL ?? 'https://discord.com/api' });
  const stop = (signal: string): void => {
    logger.info('Discord REST proxy stopping', { signal });
    server.close(() => process.exit(0));
    server.closeIdleConnections();
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    process.stderr.write(`Discord REST proxy failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
