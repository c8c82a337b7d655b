/**
 * `items` with the first one asked for now, so that its requests go out while the caller awaits
 * something else, not when its loop over them starts. The first one's failure waits for that loop
 * (it is not unhandled); `firstCame` settles once the first one came or failed (it never rejects).
 * `stopOn(error)`, for a caller that fails before the loop: calls `end`
 * (which must end the requests `items` has in flight: a generator awaiting one does not see a
 * `return()` before that request settles), ends the iteration and throws `error`.
 */
export function askFirstNow<T>(items: AsyncIterable<T>, end: () => void): { items: AsyncIterable<T>; firstCame: Promise<void>; stopOn(error: unknown): never } {
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
    firstCame: first.then(
      () => undefined,
      () => undefined,
    ),
    stopOn(error) {
      end();
      void iterator.return?.().catch(() => undefined);
      throw error;
    },
  };
}
