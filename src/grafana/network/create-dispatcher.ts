import type { Dispatcher } from 'undici';
import type { GrafanaDispatcher, PoolSettings } from './grafana-dispatcher.js';
import { loadPool, loadProxyAgent } from './load-undici.js';
import { createProxyDispatcher } from './proxy-dispatcher.js';
import { resolveProxy, type Environment } from './resolve-proxy.js';
import { tlsConnectOptions, type TlsSettings } from './tls-options.js';
import { sendNoticingWrite } from './written-requests.js';

export interface DispatcherSettings extends TlsSettings {
  /** Grafana's origin: `https://grafana.example.com[:port]`. */
  origin: string;
  /** Keep-alive connections to Grafana, at most. */
  concurrency: number;
  /** Connecting (the proxy and its tunnel included), waiting for headers, and each pause in a body. */
  timeoutMs: number;
  /** Where HTTPS_PROXY, HTTP_PROXY, NO_PROXY (and NODE_EXTRA_CA_CERTS) are read; default process.env. */
  env?: Environment;
}

/**
 * The dispatcher for a Grafana client, whichever API it speaks: proxy from the environment (curl's
 * rules, see resolveProxy), TLS from --ca-cert / --insecure, the same connection limit and timeouts
 * either way. Throws ConfigError for an unusable proxy URL or CA file, before anything is sent.
 */
export function createDispatcher(settings: DispatcherSettings): GrafanaDispatcher {
  const env = settings.env ?? process.env;
  const origin = new URL(settings.origin).origin;
  const route = resolveProxy(new URL(origin), env);
  const tls = tlsConnectOptions(settings, env);
  const pool: PoolSettings = {
    connections: Math.max(1, settings.concurrency),
    pipelining: 1,
    headersTimeout: settings.timeoutMs,
    bodyTimeout: settings.timeoutMs,
  };
  // undici starts loading now, while the caller reads its files; the first request waits for it (see load-undici.ts).
  if (route.kind === 'proxy') {
    loadProxyAgent().catch(() => {});
    return createProxyDispatcher(origin, route, pool, tls, settings.timeoutMs);
  }
  loadPool().catch(() => {});
  let direct: Promise<Dispatcher> | undefined;
  const open = () => (direct ??= loadPool().then((Pool) => new Pool(origin, { ...pool, connect: { timeout: settings.timeoutMs, ...tls } })));
  return {
    origin,
    route,
    secrets: [],
    request: async (options) => (await open()).request({ ...options, origin }),
    send: async (options, onWritten, untilWritten) => sendNoticingWrite(await open(), { ...options, origin }, onWritten, untilWritten),
    async close() {
      if (direct) await (await direct).close();
    },
    async destroy() {
      if (direct) await (await direct).destroy();
    },
  };
}
