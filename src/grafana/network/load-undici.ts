/**
 * undici, imported when the first request needs it rather than when the CLI starts: its
 * entry point loads every feature it has (fetch, caches, WebSocket…), which costs about
 * 100 ms of start-up that commands answering without Grafana (check, --help, a bad file)
 * should not pay. Loaded once per process.
 */
let undici: Promise<typeof import('undici')> | undefined;

export function loadUndici(): Promise<typeof import('undici')> {
  // undici is CommonJS: its exports object is the namespace's default everywhere (Node, and the
  // CLI's ES module bundle, where the namespace has nothing else); the named exports are Node's only.
  undici ??= import('undici').then((namespace) => (namespace as unknown as { default: typeof import('undici') }).default);
  return undici;
}
