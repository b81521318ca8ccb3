// A TCP proxy on 127.0.0.1 in front of a PostgreSQL server that tests can cut: the database going
// away while Breakouts runs, or a connection lost after a query reached the server.
import { connect, createServer, type Server, type Socket } from 'node:net';

export interface CuttableProxy {
  /** A URL like `url` that goes through the proxy. */
  readonly url: string;
  /** Close every connection and refuse new ones (the database went away). */
  cut(): void;
  /** Let connections through again (the database is back). */
  restore(): void;
  /**
   * Once: pass the next query of exactly this text on to the server, then close that connection
   * before any answer comes back (the server acts on it; the client never learns whether it did).
   */
  cutAfterNext(query: string): void;
  close(): Promise<void>;
}

/** A TCP proxy on 127.0.0.1 in front of the server that `url` names. */
export async function createCuttableProxy(url: string): Promise<CuttableProxy> {
  const target = new URL(url);
  const sockets = new Set<Socket>();
  let open = true;
  let armed: Buffer | undefined;
  const track = (socket: Socket): void => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    // A cut connection errors on both sides; that is the point, not a failure of the test.
    socket.on('error', () => undefined);
  };
  const server: Server = createServer((client) => {
    track(client);
    if (!open) {
      client.destroy();
      return;
    }
    const upstream = connect(Number(target.port || 5432), target.hostname);
    track(upstream);
    client.on('data', (chunk: Buffer) => {
      if (armed && chunk.includes(armed)) {
        armed = undefined;
        // The query reaches the server, then the server's end closes after it; the client hears nothing back.
        upstream.end(chunk);
        client.destroy();
        return;
      }
      upstream.write(chunk);
    });
    upstream.pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (typeof address !== 'object' || address === null) throw new Error('the proxy has no port');
  const through = new URL(url);
  through.hostname = '127.0.0.1';
  through.port = String(address.port);
  return {
    url: through.toString(),
    cut() {
      open = false;
      for (const socket of sockets) socket.destroy();
    },
    restore() {
      open = true;
    },
    cutAfterNext(query) {
      // A simple-protocol query message: 'Q', its length, the text, a zero byte.
      armed = Buffer.from(`${query}\0`);
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
