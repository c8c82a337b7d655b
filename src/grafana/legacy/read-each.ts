type Settled<R> = { ok: true; value: R } | { ok: false; error: unknown };

/**
 * Calls `read` for each item, at most `concurrency` at a time, and yields the results as they
 * arrive. A finished read is replaced at once, whatever the consumer is doing, so the
 * connections stay busy while it works on earlier results (docs/performance.md, seventh
 * session); reads stop starting while `concurrency` results wait for it, so at most twice
 * `concurrency` results exist at once, however many items there are.
 * `finish` is the part of a read that waits until the consumer takes its result (a parse): the
 * read's successor starts before it (docs/performance.md, eighth session), and what waits is the
 * answer's bytes, not its model. An error it throws ends the iteration, as a failed read does.
 * Stops starting reads once a read fails, and yields nothing more once `signal` aborts; a failed read ends the iteration
 * with its error (in arrival order) once the reads in flight have settled.
 */
export async function* readEach<I, R, O = R>(
  items: readonly I[],
  concurrency: number,
  read: (item: I) => Promise<R>,
  signal?: AbortSignal,
  finish: (raw: R) => O = (raw) => raw as unknown as O,
): AsyncGenerator<O> {
  const limit = Math.max(1, concurrency);
  const waiting: Settled<R>[] = [];
  let inFlight = 0;
  let next = 0;
  let failed = false;
  let closed = false;
  let wake: (() => void) | undefined;
  let settledAll: (() => void) | undefined;

  const settle = (result: Settled<R>) => {
    inFlight -= 1;
    if (!result.ok) failed = true;
    waiting.push(result);
    startReads();
    wake?.();
    if (inFlight === 0) settledAll?.();
  };
  const startReads = () => {
    while (inFlight < limit && waiting.length < limit && next < items.length && !failed && !closed && !signal?.aborted) {
      inFlight += 1;
      read(items[next++]!).then((value) => settle({ ok: true, value }), (error: unknown) => settle({ ok: false, error }));
    }
  };

  try {
    startReads();
    for (;;) {
      if (signal?.aborted) return;
      const result = waiting.shift();
      if (result === undefined) {
        if (inFlight === 0) return;
        await new Promise<void>((resolve) => (wake = resolve));
        wake = undefined;
        continue;
      }
      if (!result.ok) throw result.error;
      startReads();
      await successorsWritten();
      if (signal?.aborted) return;
      yield finish(result.value);
    }
  } finally {
    closed = true;
    if (inFlight > 0) await new Promise<void>((resolve) => (settledAll = resolve));
  }
}

/**
 * Resolves once undici has written the reads started since the last answers ended, before the consumer works on one:
 * its work would otherwise hold back the next request of that connection, and every request's round trip waits for
 * the one before it (docs/performance.md, perf-58a). undici sends a request that waits for a kept-alive connection
 * two event-loop turns after the answer before it ended (an immediate to resume, and a second one to see whether the
 * server closed the idle socket meanwhile: dispatcher/client-h1.js), so the consumer comes after two immediates too.
 * With an undici that sends sooner, this only lets the event loop read what arrived meanwhile.
 */
function successorsWritten(): Promise<void> {
  return new Promise((resolve) => setImmediate(() => setImmediate(resolve)));
}
