import type { Settings } from '../config/types.js';
import { createGrafanaPort, INSECURE_WARNING, type GrafanaPortShell } from '../grafana/create-grafana-port.js';
import type { GrafanaPort } from '../grafana/port.js';
import { escapeText } from '../report/escape-untrusted.js';
import type { CliIo } from './cli-io.js';
import { credentialVariables } from '../config/environment-name.js';
import { describeMissingUrl } from '../config/describe-missing-url.js';
import { ConfigError } from '../errors.js';
import { NO_URL } from '../config/require-url.js';
import { joinAnd } from '../report/join-and.js';

/**
 * Why a run sends no credentials. A variable set to nothing (or blanks) counts as unset, and is named: in CI, a secret
 * the job cannot read (a pull request from a fork) or one never defined arrives as an empty string.
 */
function noCredentials(environment: string | undefined, env: Readonly<Record<string, string | undefined>>): string {
  const own = environment === undefined ? undefined : credentialVariables(environment);

  const empty = [own?.token, own?.user, own?.password, 'GRAFANA_TOKEN', 'GRAFANA_USER', 'GRAFANA_PASSWORD'].filter((name) => name !== undefined && env[name] !== undefined && env[name]!.trim() === '');
  const emptyNote = empty.length === 0 ? '' : `; ${joinAnd(empty as string[])} ${empty.length === 1 ? 'is' : 'are'} set but empty: a CI secret the job cannot read, or one not defined, arrives as ""`;
  // The environment's own variables first, as resolveAuth reads them (and the 401 error names them).
  const names = own === undefined ? 'GRAFANA_TOKEN, or GRAFANA_USER and GRAFANA_PASSWORD' : `${own.token} or GRAFANA_TOKEN, or ${own.user} and ${own.password} or GRAFANA_USER and GRAFANA_PASSWORD`;
  return `no credentials set (${names}${emptyNote})`;
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
  if (!settings.url) return Promise.reject(new ConfigError([NO_URL]));
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
  if (settings.auth.kind === 'none') io.stderr.write(`note: ${noCredentials(settings.environment, io.env)}: using anonymous access\n`);
}
