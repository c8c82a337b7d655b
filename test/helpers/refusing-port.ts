import { connect, createServer, type Socket } from 'node:net';
import { onTestFinished } from 'vitest';

/**
 * A local port that refuses connections (ECONNREFUSED) for the whole test, and that no other
 * process can take meanwhile. A port freed by closing a server is not that: on a shared machine
 * anything may listen on it before the test connects, and the test then talks to a stranger.
 *
 * The port is the local end of a connection this helper keeps open to a throwaway server of its
 * own. The kernel picked it for connect() without SO_REUSEADDR, so a bind() to it fails with
 * EADDRINUSE, even one that sets SO_REUSEADDR (as Node's listen does); and since nothing listens
 * on it, a connection to it is answered with a reset: refused. Released when the test ends.
 */
export async function refusingPort(): Promise<number> {
  const accepted: Socket[] = [];
  const server = createServer((socket) => void accepted.push(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the throwaway server has no TCP address');
  const holder = connect(address.port, '127.0.0.1');
  await new Promise<void>((resolve, reject) => holder.once('connect', resolve).once('error', reject));
  onTestFinished(async () => {
    holder.destroy();
    for (const socket of accepted) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return holder.localPort!;
}
