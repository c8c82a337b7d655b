import { requireUrl } from '../config/require-url.js';
import type { Settings } from '../config/types.js';
import { createLegacyPort } from './legacy/create-legacy-port.js';
import type { GrafanaPort } from './port.js';

export interface GrafanaPortShell {
  /** The --insecure warning (once), and with --verbose one line per retry. */
  warn: (line: string) => void;
  /** With --verbose: how requests reach Grafana (directly, or through which proxy). */
  info: (line: string) => void;
  /** Where HTTPS_PROXY, HTTP_PROXY, NO_PROXY and NODE_EXTRA_CA_CERTS are read; default process.env. */
  env?: Record<string, string | undefined>;
  userAgent?: string;
}

/** Grafana from resolved settings, for the CLI and the Action alike. */
export function createGrafanaPort(settings: Settings, shell: GrafanaPortShell): GrafanaPort {
  const url = requireUrl(settings);
  if (settings.insecure) shell.warn('--insecure: TLS certificates of Grafana are not verified');
  return createLegacyPort({
    url,
    auth: settings.auth,
    orgId: settings.orgId,
    timeoutMs: settings.timeoutMs,
    concurrency: settings.concurrency,
    caCert: settings.caCert,
    insecure: settings.insecure,
    userAgent: shell.userAgent,
    env: shell.env,
    onRoute: settings.verbose ? shell.info : undefined,
    onRetry: settings.verbose
      ? (event) => shell.warn(`retry ${event.attempt}: ${event.method} ${event.path} (${event.reason}) in ${event.delayMs} ms`)
      : undefined,
  });
}
