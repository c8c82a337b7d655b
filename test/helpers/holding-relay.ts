import { connect, createServer, type Socket } from 'node:net';
import { onTestFinished } from 'vitest';

export interface HoldingRelay {
  /** `https://127.0.0.1:<port>` (the scheme of the target): the URL to give a client instead of the target's. */
  readonly url: string;
  /** From now on every connection open is cut, and every new one is accepted and held: not a byte is passed on. */
  hold(): void;
  /** Resolves once a connection is being held (at once if one is). */
  connectionHeld(): Promise<void>;
  /** Passes the held connections on to the target (and every later one), as if they had just been made. */
  release(): void;
}

/**
 * A TCP relay in front of `target` (a sandbox's URL), passing each connection through as it is, until `hold()`. To a
 * client on https://, a held connection is one whose TLS handshake does not finish: a connection still being made, as
 * over a slow network or to an overloaded load balancer. Not Grafana behaviour. Closed when the test ends.
 */
export async function startHoldingRelay(target: string): Promise<HoldingRelay> {
  const { protocol, hostname, port } = new URL(target);
  let holding = false;
  const passing = new Set<Socket>();
  const held: Socket[] = [];
  let waiting: (() => void)[] = [];
  const pass = (client: Socket) => {
    const upstream = connect(Number(port), hostname);
    passing.add(client);
    client.once('close', () => {
      passing.delete(client);
      upstream.destroy();
    });
    upstream.on('error', () => client.destroy());
    client.pipe(upstream).pipe(client);
  };
  const server = createServer((client) => {
    client.on('error', () => client.destroy());
    if (!holding) return pass(client);
    held.push(client);
    for (const resolve of waiting) resolve();
    waiting = [];
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  onTestFinished(() => {
    for (const socket of [...passing, ...held]) socket.destroy();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the relay has no TCP address');
  return {
    url: `${protocol}//127.0.0.1:${address.port}`,
    hold() {
      holding = true;
      for (const socket of passing) socket.destroy();
    },
    connectionHeld: () => (held.length > 0 ? Promise.resolve() : new Promise<void>((resolve) => waiting.push(resolve))),
    release() {
      holding = false;
      for (const socket of held.splice(0)) pass(socket);
    },
  };
}
