import { connect, createServer, type Socket } from 'node:net';
import { onTestFinished } from 'vitest';

/**
 * A local port that refuses connections (ECONNREFUSED) for the whole test, and that no other
 * process can take meanwhile. A port freed by closing a server is not that: on a shared machine
 * anything may listen on it before the test connects, and the test then talks to a stranger.
 *
 * The port is the local end of a connection this helper keeps open to a throwaway server of its
 * own; nothing listens on it, so a connection to it is answered with a reset: refused. The local
 * end is bound explicitly (bind() before connect(), as `localAddress` makes Node do), not picked by
 * connect(): Linux lends a port connect() picked to other outgoing connections to other addresses,
 * and one from 127.0.0.1:P to 127.0.0.1:P then connects to itself (TCP simultaneous open), so the
 * client under test reads its own request back as a non-HTTP answer. An explicitly bound port is
 * never lent that way, and a listen(0) elsewhere is never given it. Released when the test ends.
 */
export async function refusingPort(): Promise<number> {
  const accepted: Socket[] = [];
  const server = createServer((socket) => void accepted.push(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the throwaway server has no TCP address');
  const holder = connect({ port: address.port, host: '127.0.0.1', localAddress: '127.0.0.1' });
  await new Promise<void>((resolve, reject) => holder.once('connect', resolve).once('error', reject));
  onTestFinished(async () => {
    holder.destroy();
    for (const socket of accepted) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return holder.localPort!;
}
