import type { HttpClientOptions } from '../../src/grafana/http/request.js';
import type { SandboxHandle } from '../../src/sandbox/types.js';

/**
 * How the port contract's tests reach the sandbox, whatever implementation of the port they open:
 * admin basic auth unless a bearer token is given, a 5 s timeout, no retries (a failure shows at once).
 */
export function portClientOptions(
  sandbox: Pick<SandboxHandle, 'url'>,
  options: { token?: string; orgId?: number; concurrency?: number; url?: string } = {},
): HttpClientOptions {
  return {
    url: options.url ?? sandbox.url,
    auth: options.token ? { kind: 'token', token: options.token } : { kind: 'basic', user: 'admin', password: 'admin' },
    orgId: options.orgId,
    timeoutMs: 5_000,
    concurrency: options.concurrency ?? 4,
    retry: { maxAttempts: 1 },
  };
}
