import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Waits out the latency fault's delay. A timer fires on the event loop's millisecond ticks, so
 * `sleep(20)` took 20.8–21 ms on average (measured on this sandbox, one request at a time):
 * every request paid most of a millisecond more than `latencyMs` promised, and a benchmark's
 * ideal (N × latency / concurrency) counted none of it. The overshoot of past waits is tracked
 * (a running mean) and taken off the next timer, so the delays average what was asked for;
 * each one still varies by a fraction of a millisecond, as a real network's does.
 */
/** The timer's own granularity: a busier event loop's longer waits are the server's queueing, and stay in. */
const MAX_CORRECTION_MS = 1;

export function createInjectedDelay(signal: AbortSignal): (delayMs: number) => Promise<void> {
  let overshootMs = 0;
  return async (delayMs) => {
    const started = performance.now();
    await sleep(Math.max(0, delayMs - overshootMs), undefined, { signal });
    const late = performance.now() - started - delayMs;
    overshootMs = Math.min(Math.max(overshootMs + 0.1 * late, 0), MAX_CORRECTION_MS, delayMs);
  };
}
