import { requireUrl } from '../config/require-url.js';
import type { Settings } from '../config/types.js';
import { createGrafanaClient } from '../grafana/create-grafana-client.js';
import type { GrafanaApi } from '../grafana/types.js';

/** The Grafana client for a command, from resolved settings; warns on stderr about --insecure. */
export function createClientFromSettings(settings: Settings): GrafanaApi {
  const url = requireUrl(settings);
  if (settings.insecure) process.stderr.write('warning: --insecure: TLS certificates of Grafana are not verified\n');
  return createGrafanaClient({
    url,
    auth: settings.auth,
    orgId: settings.orgId,
    timeoutMs: settings.timeoutMs,
    concurrency: settings.concurrency,
    caCert: settings.caCert,
    insecure: settings.insecure,
    onRetry: settings.verbose
      ? (event) => process.stderr.write(`retry ${event.attempt}: ${event.method} ${event.path} (${event.reason}) in ${event.delayMs} ms\n`)
      : undefined,
  });
}
