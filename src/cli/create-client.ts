import type { Settings } from '../config/types.js';
import { createGrafanaPort, INSECURE_WARNING, type GrafanaPortShell } from '../grafana/create-grafana-port.js';
import type { GrafanaPort } from '../grafana/port.js';
import { escapeText } from '../report/escape-untrusted.js';
import type { CliIo } from './cli-io.js';
import { credentialVariables } from '../config/environment-name.js';
import { describeMissingUrl } from '../config/describe-missing-url.js';
import { ConfigError } from '../errors.js';

function noCredentials(environment: string | undefined): string {
  const scoped = environment === undefined ? '' : `${credentialVariables(environment).token} or `;
  return `no credentials set (${scoped}GRAFANA_TOKEN, or GRAFANA_USER and GRAFANA_PASSWORD)`;
}

/**
 * The CLI's Grafana: warnings and --verbose notes go to stderr, escaped; proxy variables come from
 * the run's environment; `signal` (the command's Ctrl-C) ends the requests in flight; `onRetry`, `orgIdFrom` and `credentialsFallbackFor`: GrafanaPortShell's.
 */
export function createCliGrafana(
  settings: Settings,
  io: CliIo,
  options: Pick<GrafanaPortShell, 'signal' | 'onRetry' | 'orgIdFrom' | 'credentialsFallbackFor' | 'keepListPages'> = {},
): Promise<GrafanaPort> {
  // Said before the credentials note: with no Grafana to send them to, which ones would be sent is beside the point.
  if (!settings.url && settings.environment !== undefined) return Promise.reject(new ConfigError([describeMissingUrl(settings.environment, settings.environmentPlace, settings.configFile)]));
  noteAnonymousAccess(settings, io);
  return createGrafanaPort(settings, {
    warn: (line) => warn(io, line),
    info: (line) => io.stderr.write(`${escapeText(line)}\n`),
    env: io.env,
    ...options,
  });
}

/**
 * What a port says once made, said again for an environment that shares one an earlier environment made
 * (createEnvironmentPorts): no credentials, and `--insecure` (the port's identity holds it, so the sharer is insecure too).
 */
export function noteSharedPort(settings: Pick<Settings, 'auth' | 'environment' | 'insecure'>, io: CliIo): void {
  noteAnonymousAccess(settings, io);
  if (settings.insecure) warn(io, INSECURE_WARNING);
}

function warn(io: CliIo, line: string): void {
  io.stderr.write(`${escapeText(`warning: ${line}`)}\n`);
}

/** Grafana may allow anonymous reads ([auth.anonymous]): a run without credentials says so first, naming the environment's own variable. */
function noteAnonymousAccess(settings: Pick<Settings, 'auth' | 'environment'>, io: CliIo): void {
  if (settings.auth.kind === 'none') io.stderr.write(`note: ${noCredentials(settings.environment)}: using anonymous access\n`);
}
