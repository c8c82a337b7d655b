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
  request(options: DispatchOptions): Promise<Dispatcher.ResponseData>;
  close(): Promise<void>;
}

export interface PoolSettings {
  connections: number;
  pipelining: number;
  headersTimeout: number;
  bodyTimeout: number;
}
