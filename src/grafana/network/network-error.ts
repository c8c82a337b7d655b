import { UnreachableError } from '../../errors.js';

/**
 * No answer from Grafana because the network path refused: a proxy, or a TLS certificate. Its
 * message is the one line that says what to do, without the request that happened to meet it
 * first. It is an UnreachableError (status 0, no response) that explains itself, so every caller
 * that handles an unreachable Grafana handles it too, and no hint is added to it.
 */
export class NetworkError extends UnreachableError {
  constructor(method: string, path: string, line: string, attempts: number) {
    super(method, path, line, attempts, true);
    this.message = line;
  }
}
