/**
 * `items` with the first one asked for now, so that its requests go out while the caller awaits
 * something else, not when its loop over them starts. The first one's failure waits for that loop
 * (it is not unhandled). `stopOn(error)`, for a caller that fails before the loop: ends the
 * iteration (the requests it has in flight) and throws `error`.
 */
export function askFirstNow<T>(items: AsyncIterable<T>): { items: AsyncIterable<T>; stopOn(error: unknown): never } {
  const iterator = items[Symbol.asyncIterator]();
  const first = iterator.next();
  first.catch(() => undefined);
  async function* all(): AsyncGenerator<T> {
    try {
      for (let result = await first; result.done !== true; result = await iterator.next()) yield result.value;
    } finally {
      await iterator.return?.();
    }
  }
  return {
    items: all(),
    stopOn(error) {
      // Not awaited: a page still on its way ends when the iteration next stops.
      void iterator.return?.().catch(() => undefined);
      throw error;
    },
  };
}
