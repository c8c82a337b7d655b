import type { Pool, ProxyAgent } from 'undici';

/** The parts of undici dashsync uses. */
export interface UndiciParts {
  Pool: typeof Pool;
  ProxyAgent: typeof ProxyAgent;
}

/**
 * undici's dispatchers, imported when the first request needs them rather than when the CLI
 * starts, and from their own modules rather than from undici's entry point: the entry loads every
 * feature undici has (fetch, caches, WebSocket, EventSource, mocks…), about half of the code the
 * CLI's bundle would otherwise compile for it (docs/performance.md, perf-process-49). The
 * request methods (`request`, `connect`…) are put on the dispatchers' prototype here, as undici's
 * entry does. Loaded once per process.
 */
let undici: Promise<UndiciParts> | undefined;

export function loadUndici(): Promise<UndiciParts> {
  // undici is CommonJS: each module's exports object is the namespace's default.
  undici ??= Promise.all([
    import('undici/lib/dispatcher/dispatcher.js'),
    import('undici/lib/api/index.js'),
    import('undici/lib/dispatcher/pool.js'),
    import('undici/lib/dispatcher/proxy-agent.js'),
  ]).then(([dispatcher, api, pool, proxyAgent]) => {
    Object.assign(dispatcher.default.prototype, api.default);
    return { Pool: pool.default, ProxyAgent: proxyAgent.default };
  });
  return undici;
}
