import { setTimeout as sleep } from 'node:timers/promises';

/** The most taken off a timer: about the event loop's tick, the overshoot this corrects. */
const MAX_CORRECTION_MS = 1;

/**
 * Waits out the latency fault's delay. A timer fires on the event loop's millisecond ticks, so
 * `sleep(20)` took 20.8–21 ms on average (measured on this sandbox, one request at a time):
 * every request paid most of a millisecond more than `latencyMs` promised, and a benchmark's
 * ideal (N × latency / concurrency) counted none of it. The overshoot of past waits is tracked
 * (a running mean) and taken off the next timer, at most MAX_CORRECTION_MS, so on an idle
 * sandbox the delays average `latencyMs` within a few tenths of a millisecond. The correction
 * cannot tell the tick from a busy loop: under load up to that millisecond of queueing is taken
 * off too, and any more stays in; a timer that fires early is not lengthened.
 */
export function createInjectedDelay(signal: AbortSignal): (delayMs: number) => Promise<void> {
  let overshootMs = 0;
  return async (delayMs) => {
    const started = performance.now();
    await sleep(Math.max(0, delayMs - overshootMs), undefined, { signal });
    const late = performance.now() - started - delayMs;
    overshootMs = Math.min(Math.max(overshootMs + 0.1 * late, 0), MAX_CORRECTION_MS, delayMs);
  };
}
