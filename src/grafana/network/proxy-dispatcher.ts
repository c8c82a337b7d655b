import type { Dispatcher, Pool } from 'undici';
import type { GrafanaDispatcher, PoolSettings } from './grafana-dispatcher.js';
import { loadPool, loadProxyAgent } from './load-undici.js';
import type { ProxyEndpoint, ProxyRoute } from './resolve-proxy.js';
import type { TlsConnectOptions } from './tls-options.js';
import { sendNoticingWrite } from './written-requests.js';

/**
 * The leg to the proxy failed: it could not be reached, or it answered CONNECT with something
 * other than 200. Raised only here, so a failure can be told apart from one of the tunnel behind it.
 */
export class ProxyLegError extends Error {
  override readonly name = 'ProxyLegError';
  constructor(
    readonly proxy: ProxyEndpoint,
    /** `host:port` the tunnel was asked for. */
    readonly target: string,
    /** The proxy's status for CONNECT; undefined when it gave none (unreachable, not HTTP, timed out). */
    readonly connectStatus: number | undefined,
    cause?: unknown,
  ) {
    super(connectStatus === undefined ? 'proxy unreachable' : `proxy answered CONNECT with ${connectStatus}`, { cause });
  }
}

/**
 * Requests to `origin` through the proxy of `route`, over undici's ProxyAgent: for https://, one
 * CONNECT tunnel per keep-alive connection, at most `pool.connections` of them; for http://,
 * absolute-form requests to the proxy. Like the direct pool, it is made on the first request
 * (undici is loaded then, see load-undici.ts).
 */
export function createProxyDispatcher(
  origin: string,
  route: Extract<ProxyRoute, { kind: 'proxy' }>,
  pool: PoolSettings,
  tls: TlsConnectOptions,
  timeoutMs: number,
): GrafanaDispatcher {
  let agent: Promise<Dispatcher> | undefined;
  const open = () => (agent ??= openProxyAgent(origin, route, pool, tls, timeoutMs));
  return {
    origin,
    route,
    secrets: route.proxy.secrets,
    async request(options) {
      return (await open()).request({ ...options, origin });
    },
    async send(options, onWritten, untilWritten) {
      return sendNoticingWrite(await open(), { ...options, origin }, onWritten, untilWritten);
    },
    async close() {
      if (agent) await (await agent).close();
    },
    async destroy() {
      if (agent) await (await agent).destroy();
    },
  };
}

async function openProxyAgent(
  origin: string,
  route: Extract<ProxyRoute, { kind: 'proxy' }>,
  pool: PoolSettings,
  tls: TlsConnectOptions,
  timeoutMs: number,
): Promise<Dispatcher> {
  const [Pool, ProxyAgent] = await Promise.all([loadPool(), loadProxyAgent()]);
  const { proxy } = route;
  const url = new URL(origin);
  const target = `${url.hostname}:${url.port || (url.protocol === 'https:' ? 443 : 80)}`;
  const proxyAgent = new ProxyAgent({
    // Credentials travel only as the Proxy-Authorization header, never inside a URL undici holds.
    uri: proxy.url,
    ...(proxy.authorization ? { token: proxy.authorization } : {}),
    proxyTunnel: route.tunnel,
    // The Agent gives these to the pool it keeps for Grafana's origin: the same limits as a direct run.
    ...pool,
    requestTls: { ...tls, timeout: timeoutMs },
    // An https:// proxy is verified against the same CAs; --insecure is for Grafana's certificate only.
    proxyTls: { ...(tls.ca ? { ca: tls.ca } : {}), timeout: timeoutMs },
    clientFactory: (proxyUrl, options) => checkTunnels(new Pool(String(proxyUrl), { ...options, headersTimeout: timeoutMs, bodyTimeout: timeoutMs }), proxy, target),
    factory: (poolOrigin, options) => new Pool(String(poolOrigin), { ...pool, ...options }),
  });
  return proxyAgent;
}

/**
 * Wraps the `connect` method of `pool` (the pool to the proxy), which ProxyAgent calls for each
 * tunnel, turning a failed or refused CONNECT into a ProxyLegError.
 */
function checkTunnels(pool: Pool, proxy: ProxyEndpoint, target: string): Pool {
  const connect = pool.connect.bind(pool) as (options: Dispatcher.ConnectOptions) => Promise<Dispatcher.ConnectData>;
  const checkedConnect = async (options: Dispatcher.ConnectOptions): Promise<Dispatcher.ConnectData> => {
    let data: Dispatcher.ConnectData;
    try {
      data = await connect(options);
    } catch (error) {
      throw new ProxyLegError(proxy, target, undefined, error);
    }
    if (data.statusCode !== 200) {
      data.socket.destroy();
      throw new ProxyLegError(proxy, target, data.statusCode);
    }
    return data;
  };
  pool.connect = checkedConnect as Pool['connect'];
  return pool;
}
