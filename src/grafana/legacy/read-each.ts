/**
 * Calls `read` for each item, at most `concurrency` at a time, and yields the results as they
 * arrive. A new read starts only when the consumer asks for the next result, so no more than
 * `concurrency` results exist at once, however many items there are. Stops starting reads
 * once `signal` aborts; a failed read ends the iteration with its error once the reads in
 * flight have settled.
 */
export async function* readEach<I, O>(
  items: readonly I[],
  concurrency: number,
  read: (item: I) => Promise<O>,
  signal?: AbortSignal,
): AsyncGenerator<O> {
  const running = new Map<number, Promise<{ key: number; value: O }>>();
  let next = 0;
  try {
    for (;;) {
      while (running.size < Math.max(1, concurrency) && next < items.length && !signal?.aborted) {
        const key = next;
        running.set(key, read(items[next++]!).then((value) => ({ key, value })));
      }
      if (running.size === 0) return;
      const done = await Promise.race(running.values());
      running.delete(done.key);
      yield done.value;
    }
  } finally {
    await Promise.allSettled(running.values());
  }
}
