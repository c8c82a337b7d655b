import type { Dispatcher } from 'undici';
import type { ProxyRoute } from './resolve-proxy.js';

/** One request: `path` includes the query string; the origin is the dispatcher's. */
type DispatchOptions = Pick<Dispatcher.RequestOptions, 'method' | 'path' | 'headers' | 'body' | 'signal'>;

/** How every Grafana client sends: one keep-alive pool per origin, direct or through the proxy. */
export interface GrafanaDispatcher {
  readonly origin: string;
  /** Direct or which proxy, for --verbose and for describing failures. */
  readonly route: ProxyRoute;
  /** Values no output may show (the proxy's password); the caller redacts them from error messages. */
  readonly secrets: readonly string[];
  /**
   * `onWritten`: called once undici writes the request to a connection (requestNoticingWrite); until then none of it
   * left. With it, a `signal` that aborts before then ends the request at once, in NotWrittenError, and so does
   * `untilWritten`, which once the request is written no longer ends it (a write's grace after Ctrl-C is for one that left).
   */
  request(options: DispatchOptions, onWritten?: () => void, untilWritten?: AbortSignal): Promise<Dispatcher.ResponseData>;
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
