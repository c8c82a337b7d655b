import { ConfigError } from '../errors.js';
import type { ProgressEvent } from '../plan/types.js';
import type { OutputStream } from './cli-io.js';

/** How often a run whose stderr is not a terminal (a CI log) says how far it is: a run shorter than this prints no such line. */
const PROGRESS_LINE_INTERVAL_MS = 10_000;

/** Sets that interval in seconds; 0 turns the lines off (a CI log that wants only the outcome lines). */
const INTERVAL_VARIABLE = 'DASHSYNC_PROGRESS_INTERVAL';

/** Calls `tick` at each moment a progress line is due; returns what stops it. */
export type ProgressTicker = (tick: () => void) => () => void;

/** The ticker a run's environment asks for: every PROGRESS_LINE_INTERVAL_MS, or DASHSYNC_PROGRESS_INTERVAL seconds (0: never), without holding the process open. */
export function progressTickerOf(env: Readonly<Record<string, string | undefined>>): ProgressTicker {
  const intervalMs = intervalOf(env[INTERVAL_VARIABLE]);
  if (intervalMs === 0) return () => () => {};
  return (tick) => {
    const timer = setInterval(tick, intervalMs);
    timer.unref();
    return () => clearInterval(timer);
  };
}

function intervalOf(value: string | undefined): number {
  if (value === undefined || value.trim() === '') return PROGRESS_LINE_INTERVAL_MS;
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds < 0) {
    throw new ConfigError([`${INTERVAL_VARIABLE} must be a number of seconds (0 turns progress lines off), got ${JSON.stringify(value)}`]);
  }
  return Math.round(seconds * 1000);
}

/** How far a phase is: `3000/5000 dashboards read; edit history checked 1210/2000` (plan), `600/2000 dashboards done` (apply). */
export function describeProgressCount(event: ProgressEvent): string {
  const count = `${event.done}/${event.total} dashboards ${event.phase === 'plan' ? 'read' : 'done'}`;
  return event.history ? `${count}; edit history checked ${event.history.done}/${event.history.total}` : count;
}

/**
 * The progress of a run in a CI log, one line on stderr at each tick: `apply: 600/2000 dashboards done, 41 requests
 * retried (503: 25, 429: 16)`, `plan: 3000/5000 dashboards read; edit history checked 1210/2000`; before the first count, the retries alone (Grafana
 * answering 429 to the first requests). `retries` says what the retries so far come to ('' for none).
 */
export function createProgressLines(stream: OutputStream, ticker: ProgressTicker, retries: () => string) {
  let latest: ProgressEvent | undefined;
  const stopTicks = ticker(() => {
    const retried = retries();
    if (latest) stream.write(`${latest.phase}: ${describeProgressCount(latest)}${retried ? `, ${retried}` : ''}\n`);
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
