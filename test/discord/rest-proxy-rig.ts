// The shared Discord REST proxy (adapters/discord/rest-proxy.ts) on 127.0.0.1 in front of the fake,
// for the tests that put one or more bots behind it.
import type { AddressInfo } from 'node:net';
import { createRestProxy } from '../../adapters/discord/rest-proxy.ts';
import { createLogger } from '../../src/runtime/logger.ts';
import type { FakeDiscord } from './fakes/fake-discord.ts';
import { TOKEN } from './fakes/harness.ts';

export interface RunningRestProxy {
  /** The API base URL to give a bot (DISCORD_API_URL) or a discord.js REST client. */
  readonly url: string;
  close(): Promise<void>;
}

/** Starts the proxy for the fake's bot token, on a free port, with its log silenced. */
export async function startRestProxy(fake: FakeDiscord): Promise<RunningRestProxy> {
  const server = createRestProxy({ token: TOKEN, api: fake.apiUrl, logger: createLogger({ write: () => undefined }) });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`,
    async close() {
      // Keep-alive sockets of the clients would hold close() open.
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
