/**
 * undici, imported when the first request needs it rather than when the CLI starts: its
 * entry point loads every feature it has (fetch, caches, WebSocket…), which costs about
 * 100 ms of start-up that commands answering without Grafana (check, --help, a bad file)
 * should not pay. Loaded once per process.
 */
let undici: Promise<typeof import('undici')> | undefined;

export function loadUndici(): Promise<typeof import('undici')> {
  undici ??= import('undici');
  return undici;
}
