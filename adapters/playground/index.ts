// The local playground (issue 5): Breakouts in the browser with no Slack or Discord app. A third
// adapter on the same engine: one meeting channel, simulated attendees and inboxes, live updates.
import type { AddressInfo } from 'node:net';
import type { AdapterDeps, RunningAdapter } from '../../src/app.ts';
import { createPlaygroundServer } from './http.ts';
import { createSession, type Session } from './session.ts';

export { PLAYGROUND_PLACE } from './session.ts';

export interface PlaygroundOptions {
  readonly port: number;
  /** Interface to listen on; default 127.0.0.1 (the playground is for this machine). */
  readonly host?: string;
}

export interface Playground extends RunningAdapter {
  /** Where to open it, e.g. http://localhost:3000. */
  readonly url: string;
  readonly port: number;
  readonly session: Session;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

export async function createPlayground(deps: AdapterDeps, options: PlaygroundOptions): Promise<Playground> {
  const host = options.host ?? '127.0.0.1';
  let notify = (): void => {};
  const session = createSession(deps, () => notify());
  const http = createPlaygroundServer(session, { logger: deps.logger, loopbackOnly: LOOPBACK.has(host) });
  notify = http.changed;

  try {
    await new Promise<void>((resolve, reject) => {
      const failed = (error: NodeJS.ErrnoException): void =>
        reject(error.code === 'EADDRINUSE' ? new Error(`Port ${options.port} is already in use: stop the program using it, or set PORT to another port.`) : error);
      http.server.once('error', failed);
      http.server.listen(options.port, host, () => {
        http.server.off('error', failed);
        resolve();
      });
    });
  } catch (error) {
    await http.close(); // its heartbeat timer too
    throw error;
  }
  const port = (http.server.address() as AddressInfo).port;
  const shown = LOOPBACK.has(host) || host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  const url = `http://${shown}:${port}`;
  await session.resume();
  deps.logger.debug('playground listening', { url });

  return {
    name: 'playground',
    description: `Playground: ${url}`,
    url,
    port,
    session,
    async stop() {
      await http.close();
      await session.settle();
    },
  };
}

export async function startPlayground(deps: AdapterDeps, options: PlaygroundOptions): Promise<RunningAdapter> {
  return createPlayground(deps, options);
}
