import type { Dispatcher } from 'undici';
import type { ProxyRoute } from './resolve-proxy.js';
import type { SentAnswer } from './written-requests.js';

/** One request: `path` includes the query string; the origin is the dispatcher's. */
type DispatchOptions = Pick<Dispatcher.DispatchOptions, 'method' | 'path' | 'headers' | 'body'> & { signal?: AbortSignal };

/** How every Grafana client sends: one keep-alive pool per origin, direct or through the proxy. */
export interface GrafanaDispatcher {
  readonly origin: string;
  /** Direct or which proxy, for --verbose and for describing failures. */
  readonly route: ProxyRoute;
  /** Values no output may show (the proxy's password); the caller redacts them from error messages. */
  readonly secrets: readonly string[];
  /** undici's `request`, its `signal` ending it whenever (the GitHub client's). */
  request(options: DispatchOptions): Promise<Dispatcher.ResponseData>;
  /**
   * A Grafana request (sendNoticingWrite). `onWritten`: called once undici writes the request to a connection; until then
   * none of it left. A `signal` that aborts before then ends the request at once, in NotWrittenError, and so does
   * `untilWritten`, which once the request is written no longer ends it (a write's grace after Ctrl-C is for one that left).
   */
  send(options: DispatchOptions, onWritten?: () => void, untilWritten?: AbortSignal): Promise<SentAnswer>;
  close(): Promise<void>;
  /** Ends every connection now, with the requests still waiting for one (a run that Ctrl-C stopped waits for none). */
  destroy(): Promise<void>;
}

export interface PoolSettings {
  connections: number;
  pipelining: number;
  headersTimeout: number;
  bodyTimeout: number;
}
