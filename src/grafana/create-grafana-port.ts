import { createHash } from 'node:crypto';
import stableStringify from 'json-stable-stringify';
import { requireUrl } from '../config/require-url.js';
import type { ApiMode, Settings } from '../config/types.js';
import { ConfigError } from '../errors.js';
import { createApiNeutralReads, type ApiNeutralReads } from './api-neutral-reads.js';
import { deferPort } from './defer-port.js';
import { createRequester, type GrafanaRequester, type HttpClientOptions } from './http/request.js';
import { testRetryPolicy, type RetryEvent } from './http/retry-policy.js';
import { chooseVersions } from './k8s/choose-versions.js';
import { createK8sPort } from './k8s/create-k8s-port.js';
import { discoverApis } from './k8s/discover-apis.js';
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
  /** The run's Ctrl-C (HttpClientOptions.signal): ends the requests in flight. */
  signal?: AbortSignal;
  /** Told of every retry (a run's count of them), --verbose or not. */
  onRetry?: (event: RetryEvent) => void;
  /** Where the org came from when a refusal is worded, where that is not the settings' (a port environments share: createEnvironmentPorts). */
  orgIdFrom?: () => string | undefined;
  /** Which environment fell back to the generic credentials when a 401 is worded, where that is not the settings' (a port environments share). */
  credentialsFallbackFor?: () => string | undefined;
  /** The plans of several environments read through this port (createEnvironmentPorts): `/apis` keeps their dashboard listings for each other (KeptListPages). */
  keepListPages?: boolean;
}

/** The settings a port is made from: createGrafanaPort reads these alone. */
const PORT_SETTINGS = ['url', 'api', 'auth', 'orgId', 'orgIdFrom', 'timeoutMs', 'concurrency', 'caCert', 'configFile', 'insecure', 'interruptGraceMs', 'verbose'] as const;
export type PortSettings = Pick<Settings, (typeof PORT_SETTINGS)[number]>;

/**
 * Which Grafana these settings reach and how, as a digest (they hold the credentials): equal for settings whose ports
 * would ask the same things and be answered alike (one Grafana URL, trailing slashes aside, one org, one set of
 * credentials, one API, the same connection settings), so those may share one port. Every port setting counts but
 * `orgIdFrom`, which only the refusal of an org says (where the org came from): a shared port names the source of the
 * environment it serves when refused (GrafanaPortShell.orgIdFrom).
 */
export function portIdentityOf(settings: PortSettings): string {
  const compared = PORT_SETTINGS.filter((key) => key !== 'orgIdFrom').map((key) => [key, key === 'url' ? settings.url?.replace(/\/+$/, '') : key === 'auth' ? sentCredentials(settings.auth) : settings[key]]);
  return createHash('sha256').update(stableStringify(Object.fromEntries(compared)) ?? '').digest('hex');
}

/**
 * Who asks which Grafana, as a digest (it holds the credentials): one Grafana URL (trailing slashes aside), one org, one set
 * of credentials as sent. What Grafana answers about those credentials themselves (their permissions) is the same for every
 * port of one such identity, whatever its API or connection settings, which portIdentityOf tells apart.
 */
export function askerIdentityOf(settings: Pick<PortSettings, 'url' | 'auth' | 'orgId'>): string {
  const asker = { url: settings.url?.replace(/\/+$/, ''), orgId: settings.orgId, auth: sentCredentials(settings.auth) };
  return createHash('sha256').update(stableStringify(asker) ?? '').digest('hex');
}

/** The credentials as sent: which environment fell back to the generic variables only words a refusal, so such environments share a port. */
function sentCredentials(auth: PortSettings['auth']): PortSettings['auth'] {
  if (auth.kind === 'none' || auth.fallbackFor === undefined) return auth;
  const { fallbackFor: _wordsOnly, ...sent } = auth;
  return sent;
}

/** What a port made with `insecure` warns; an environment sharing that port (createEnvironmentPorts) is warned too. */
export const INSECURE_WARNING = '--insecure: TLS certificates of Grafana are not verified';

/**
 * Grafana from resolved settings, for the CLI and the Action alike, through the API `settings.api`
 * selects (SPEC §13): `legacy` = `/api` only, never `/apis`; `k8s` = `/apis` only; `auto` = read
 * `GET /apis` once: where dashboard.grafana.app is served, dashboards are read from its LIST pages,
 * v2 dashboards written there and classic ones through `POST /api/dashboards/db`; elsewhere `/api`.
 */
export async function createGrafanaPort(settings: PortSettings, shell: GrafanaPortShell): Promise<GrafanaPort> {
  const url = requireUrl(settings);
  if (settings.insecure) shell.warn(INSECURE_WARNING);
  const options: HttpClientOptions = {
    url,
    auth: settings.auth,
    orgId: settings.orgId,
    orgIdFrom: shell.orgIdFrom ?? (() => settings.orgIdFrom),
    ...(shell.credentialsFallbackFor && { credentialsFallbackFor: shell.credentialsFallbackFor }),
    timeoutMs: settings.timeoutMs,
    concurrency: settings.concurrency,
    caCert: settings.caCert,
    configFile: settings.configFile,
    insecure: settings.insecure,
    userAgent: shell.userAgent,
    env: shell.env,
    signal: shell.signal,
    graceMs: settings.interruptGraceMs,
    retry: testRetryPolicy(shell.env ?? process.env),
    onRoute: settings.verbose ? shell.info : undefined,
    onRetry: (event) => {
      shell.onRetry?.(event);
      if (!settings.verbose) return;
      const about = event.about ? ` for ${event.about.kind === 'library-panel' ? 'library panel' : event.about.kind} ${event.about.uid}` : '';
      shell.warn(`retry ${event.attempt}: ${event.method} ${event.path}${about} (${event.reason}) in ${event.delayMs} ms`);
    },
  };
  return openGrafanaPort(options, settings.api, settings.verbose ? shell.info : undefined, shell.keepListPages);
}

/**
 * The port for `api` over one keep-alive pool. `auto` and `k8s` read discovery on the first
 * request (deferPort): nothing reaches Grafana before the caller has read and validated its input.
 */
export function openGrafanaPort(options: HttpClientOptions, api: ApiMode, info?: (line: string) => void, keepListPages = false): GrafanaPort {
  const http = createRequester(options);
  if (api === 'legacy') return createLegacyPort(options, http);
  // Health and user reads the port chosen shares: a caller may ask them before discovery has answered (deferPort).
  const neutral = createApiNeutralReads(http);
  return deferPort({ url: http.baseUrl, urlSha256: http.baseUrlSha256, orgId: options.orgId, close: () => http.close(), neutral }, () => choosePort(http, options, api, info, keepListPages, neutral));
}

async function choosePort(http: GrafanaRequester, options: HttpClientOptions, api: 'auto' | 'k8s', info: ((line: string) => void) | undefined, keepListPages: boolean, neutral: ApiNeutralReads): Promise<GrafanaPort> {
  const discovery = await discoverApis(http, () => neutral.serverInfo());
  const versions = discovery && discovery.folderVersions.length > 0 ? chooseVersions(discovery) : null;
  if (versions === null) {
    if (api === 'auto') {
      info?.('api: auto: this Grafana does not serve dashboard.grafana.app; using /api');
      return createLegacyPort(options, http, neutral);
    }
    throw new ConfigError(
      [`api: k8s, but ${http.baseUrl} does not serve /apis/dashboard.grafana.app and folder.grafana.app (Grafana 12 or later does)`],
      { cli: 'Use --api legacy (or auto)', action: 'Use --api legacy (or auto) in args (or "api" in the config file)' },
    );
  }
  const classic = api === 'auto' ? 'through /api' : `at ${versions.v1Write}`;
  info?.(`api: ${api}: dashboards through /apis (read at ${versions.v1Read}, classic ones written ${classic}, v2 versions: ${versions.v2.join(', ') || 'none'})`);
  return createK8sPort(http, { orgId: options.orgId, orgIdFrom: options.orgIdFrom, versions, classicWritesThroughLegacy: api === 'auto', keepListPages, signal: options.signal, neutral });
}
