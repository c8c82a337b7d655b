import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { SandboxTls } from './types.js';

/**
 * The sandbox's HTTP server, or HTTPS with the given certificate so a user (and the test suite)
 * can rehearse a Grafana behind TLS from a private CA. Both kinds close the same way.
 */
export function createSandboxServer(
  tls: SandboxTls | undefined,
  listener: (request: IncomingMessage, response: ServerResponse) => void,
): Pick<Server, 'listen' | 'once' | 'off' | 'prependListener' | 'address' | 'close' | 'closeAllConnections'> {
  const options = { keepAliveTimeout: 10_000, noDelay: true };
  return tls ? createHttpsServer({ ...options, cert: tls.cert, key: tls.key }, listener) : createHttpServer(options, listener);
}
