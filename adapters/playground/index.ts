// The local playground: Breakouts in the browser with no Slack or Discord app. A third
// adapter on the same engine: one meeting channel, simulated attendees and inboxes, live updates.
import type { AddressInfo } from 'node:net';
import type { AdapterDeps, RunningAdapter } from '../../src/runtime/adapter.ts';
import { createPlaygroundServer, type PlaygroundServer } from './http.ts';
import { createSession, type Session } from './session.ts';
import { createStateWriter, loadSavedState, savedStatePath, type StateWriter } from './saved-state.ts';

export { PLAYGROUND_PLACE } from './session.ts';

export interface PlaygroundOptions {
  readonly port: number;
  /** Interface to listen on; default 127.0.0.1 (the playground is for this machine). */
  readonly host?: string;
  /** Where inboxes and the activity feed are kept across restarts; without it, in memory only. */
  readonly statePath?: string;
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
  // The session reports changes to the server's event stream, which needs the session first.
  let http: PlaygroundServer | undefined;
  let writer: StateWriter | undefined;
  const saved = options.statePath ? await loadSavedState(options.statePath, deps.logger, () => deps.clock.now()) : undefined;
  const session = createSession(deps, {
    onChange(change) {
      http?.changed();
      if (change !== 'board') writer?.save();
    },
    onEffectsDone: () => http?.flush(),
    ...(saved ? { saved } : {}),
  });
  if (options.statePath) writer = createStateWriter(options.statePath, () => session.platform.snapshot(), deps.logger);
  const server = createPlaygroundServer(session, { logger: deps.logger, loopbackOnly: LOOPBACK.has(host), ops: deps.ops });
  http = server;

  try {
    await new Promise<void>((resolve, reject) => {
      const failed = (error: NodeJS.ErrnoException): void =>
        reject(error.code === 'EADDRINUSE' ? new Error(`Port ${options.port} is already in use: stop the program using it, or set PORT to another port.`) : error);
      server.server.once('error', failed);
      server.server.listen(options.port, host, () => {
        server.server.off('error', failed);
        resolve();
      });
    });
  } catch (error) {
    await server.close(); // its heartbeat timer too
    throw error;
  }
  const port = (server.server.address() as AddressInfo).port;
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
    // On PORT unless PLAYGROUND_PORT moved it: then main.ts serves /healthz and /metrics on PORT itself.
    servesPort: options.port === deps.config.port,
    health: () => ({ ok: true }),
    async stop() {
      await server.close();
      await session.settle();
      await session.stop();
      await writer?.flush();
    },
  };
}

/** `npm start`: inboxes and the activity feed are kept beside the meeting's data file (BREAKOUTS_DB). */
export async function startPlayground(deps: AdapterDeps, options: PlaygroundOptions): Promise<RunningAdapter> {
  return createPlayground(deps, { statePath: savedStatePath(deps.config.dbPath), ...options });
}
