import { requireUrl } from '../config/require-url.js';
import type { Settings } from '../config/types.js';
import { createGrafanaClient } from './create-grafana-client.js';
import type { GrafanaApi } from './types.js';

/**
 * The Grafana client from resolved settings, for the CLI and the Action alike. `warn` gets the
 * --insecure warning, and (with --verbose) one line per retry; `info` (with --verbose) how
 * requests reach Grafana: directly or through which proxy.
 */
export function createClientFromSettings(
  settings: Settings,
  options: { warn: (line: string) => void; info: (line: string) => void; userAgent?: string },
): GrafanaApi {
  const url = requireUrl(settings);
  if (settings.insecure) options.warn('--insecure: TLS certificates of Grafana are not verified');
  return createGrafanaClient({
    url,
    auth: settings.auth,
    orgId: settings.orgId,
    timeoutMs: settings.timeoutMs,
    concurrency: settings.concurrency,
    caCert: settings.caCert,
    insecure: settings.insecure,
    userAgent: options.userAgent,
    onRoute: settings.verbose ? options.info : undefined,
    onRetry: settings.verbose
      ? (event) => options.warn(`retry ${event.attempt}: ${event.method} ${event.path} (${event.reason}) in ${event.delayMs} ms`)
      : undefined,
  });
}
