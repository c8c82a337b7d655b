import type { buildConnector } from 'undici';

/** The errors a connector gave instead of a connection (connectFailed). */
const failedConnects = new WeakSet<object>();

/**
 * `connect`, remembering every error it gives instead of a socket. undici writes a request only on a connection its
 * connector handed over (core/connect.js calls back with an error only before `connect`/`secureConnect`), and a failed
 * connect fails only the requests queued for that connection, none of them written (dispatcher/client.js
 * handleConnectError): such an error means not a byte of the request left. DNS failures, a refused connection, the
 * connect timeout, a TLS handshake or certificate refused, a proxy that could not be reached or refused the tunnel.
 */
export function rememberingConnectFailures(connect: buildConnector.connector): buildConnector.connector {
  return (options, callback) => {
    try {
      connect(options, (...args) => {
        if (args[0] !== null) failedConnects.add(args[0]);
        callback(...args);
      });
    } catch (error) {
      if (typeof error === 'object' && error !== null) failedConnects.add(error);
      throw error;
    }
  };
}

/** Whether a request failed with a connector's error (rememberingConnectFailures): it was never sent. */
export function connectFailed(error: unknown): boolean {
  return typeof error === 'object' && error !== null && failedConnects.has(error);
}
