import { GrafanaHttpError } from '../../errors.js';

/**
 * No answer from Grafana because the network path refused: a proxy, or a TLS certificate. Its
 * message is the one line that says what to do, without the request that happened to meet it
 * first. It stays a GrafanaHttpError with status 0 (no response), so every caller that handles
 * an unreachable Grafana handles it too; `name` is inherited for the same reason.
 */
export class NetworkError extends GrafanaHttpError {
  constructor(method: string, path: string, line: string, attempts: number) {
    super(method, path, 0, line, undefined, attempts);
    this.message = line;
  }
}
