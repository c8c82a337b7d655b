import type { Dispatcher, Pool } from 'undici';
import apiRequest from 'undici/lib/api/api-request.js';
import PoolClass from 'undici/lib/dispatcher/pool.js';

/**
 * undici's Pool and its `request` method, loaded from their own modules. undici's entry
 * point loads every feature it has (fetch, mocks, caches, WebSocket…): 90–130 ms of CPU at
 * each start against 35 ms for these two, and start-up is part of every plan. `request` is
 * the function undici's entry point attaches to every dispatcher (undici is pinned).
 */
export function createKeepAlivePool(origin: string, options: Pool.Options): Pool {
  return new PoolClass(origin, options);
}

export function poolRequest(pool: Pool, options: Dispatcher.RequestOptions): Promise<Dispatcher.ResponseData> {
  return apiRequest.call(pool, options);
}
