import type { ProgressEvent } from '../plan/types.js';
import type { OutputStream } from './cli-io.js';

/** How often a run whose stderr is not a terminal (a CI log) says how far it is: a run shorter than this prints no such line. */
const PROGRESS_LINE_INTERVAL_MS = 10_000;

/** Calls `tick` at each moment a progress line is due; returns what stops it. */
export type ProgressTicker = (tick: () => void) => () => void;

/** Every PROGRESS_LINE_INTERVAL_MS, without holding the process open. */
export const everyInterval: ProgressTicker = (tick) => {
  const timer = setInterval(tick, PROGRESS_LINE_INTERVAL_MS);
  timer.unref();
  return () => clearInterval(timer);
};

/**
 * The progress of a run in a CI log, one line on stderr at each tick: `apply: 600/2000 dashboards done, 41 requests
 * retried (503: 25, 429: 16)`, `plan: 3000/5000 dashboards read`; before the first count, the retries alone (Grafana
 * answering 429 to the first requests). `retries` says what the retries so far come to ('' for none).
 */
export function createProgressLines(stream: OutputStream, ticker: ProgressTicker, retries: () => string) {
  let latest: ProgressEvent | undefined;
  const stopTicks = ticker(() => {
    const retried = retries();
    if (latest) stream.write(`${latest.phase}: ${latest.done}/${latest.total} dashboards ${latest.phase === 'plan' ? 'read' : 'done'}${retried ? `, ${retried}` : ''}\n`);
    else if (retried) stream.write(`waiting for Grafana: ${retried}\n`);
  });
  return {
    onProgress(event: ProgressEvent) {
      latest = event;
    },
    print(target: OutputStream, text: string) {
      target.write(text);
    },
    /** Between phases (the plan is made, the apply has not counted yet). */
    stop() {
      latest = undefined;
    },
    end() {
      latest = undefined;
      stopTicks();
    },
  };
}
