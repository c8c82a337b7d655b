import type { Pool, ProxyAgent } from 'undici';

/**
 * undici's dispatchers, imported when the first request needs them rather than when the CLI
 * starts, and from their own modules rather than from undici's entry point: the entry loads every
 * feature undici has (fetch, caches, WebSocket, EventSource, mocks…), about half of the code the
 * CLI's bundle would otherwise compile for it (docs/performance.md, perf-process-49). The
 * request methods (`request`, `connect`…) are put on the dispatchers' prototype here, as undici's
 * entry does. Each is loaded once per process; the proxy's only where a proxy applies.
 */
let pool: Promise<typeof Pool> | undefined;
let proxyAgent: Promise<typeof ProxyAgent> | undefined;

/** undici's Pool: every run that sends a request. */
export function loadPool(): Promise<typeof Pool> {
  // undici is CommonJS: each module's exports object is the namespace's default.
  pool ??= Promise.all([
    import('undici/lib/dispatcher/dispatcher.js'),
    import('undici/lib/api/index.js'),
    import('undici/lib/dispatcher/pool.js'),
  ]).then(([dispatcher, api, poolModule]) => {
    Object.assign(dispatcher.default.prototype, api.default);
    return poolModule.default;
  });
  return pool;
}

/** undici's ProxyAgent (its Agent and the rest): only a run whose requests go through a proxy. */
export function loadProxyAgent(): Promise<typeof ProxyAgent> {
  proxyAgent ??= Promise.all([loadPool(), import('undici/lib/dispatcher/proxy-agent.js')]).then(([, module]) => module.default);
  return proxyAgent;
}
