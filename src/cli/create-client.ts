import type { Settings } from '../config/types.js';
import { createGrafanaPort } from '../grafana/create-grafana-port.js';
import type { GrafanaPort } from '../grafana/port.js';
import type { RetryEvent } from '../grafana/http/retry-policy.js';
import { escapeText } from '../report/escape-untrusted.js';
import type { CliIo } from './cli-io.js';
import { credentialVariables } from '../config/environment-name.js';

function noCredentials(environment: string | undefined): string {
  const scoped = environment === undefined ? '' : `${credentialVariables(environment).token} or `;
  return `no credentials set (${scoped}GRAFANA_TOKEN, or GRAFANA_USER and GRAFANA_PASSWORD)`;
}

/**
 * The CLI's Grafana: warnings and --verbose notes go to stderr, escaped; proxy variables come from
 * the run's environment; `signal` (the command's Ctrl-C) ends the requests in flight.
 */
export function createCliGrafana(settings: Settings, io: CliIo, signal?: AbortSignal, onRetry?: (event: RetryEvent) => void): Promise<GrafanaPort> {
  noteAnonymousAccess(settings, io);
  return createGrafanaPort(settings, {
    warn: (line) => io.stderr.write(`${escapeText(`warning: ${line}`)}\n`),
    info: (line) => io.stderr.write(`${escapeText(line)}\n`),
    env: io.env,
    signal,
    onRetry,
  });
}

/** Grafana may allow anonymous reads ([auth.anonymous]): a run without credentials says so first, naming the environment's own variable. */
export function noteAnonymousAccess(settings: Pick<Settings, 'auth' | 'environment'>, io: CliIo): void {
  if (settings.auth.kind === 'none') io.stderr.write(`note: ${noCredentials(settings.environment)}: using anonymous access\n`);
}
