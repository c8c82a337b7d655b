import type { Server } from 'node:http';
import { onTestFinished } from 'vitest';

/** Listens on a free port of 127.0.0.1 until the test ends (its connections cut then): its `http://` URL. `what` names it in the error. */
export async function listenForTest(server: Server, what: string): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  onTestFinished(() => {
    server.closeAllConnections();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error(`${what} has no TCP address`);
  return `http://127.0.0.1:${address.port}`;
}
