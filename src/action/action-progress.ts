import * as core from '@actions/core';
import type { RetryEvent } from '../grafana/http/retry-policy.js';
import type { ProgressEvent } from '../plan/types.js';
import { createProgressLines, progressTickerOf } from '../cli/progress-lines.js';
import { RetryCount } from '../report/retry-count.js';

/**
 * The CLI's lines for a CI log, in the step's log (a runner's log is never a terminal): every DASHSYNC_PROGRESS_INTERVAL
 * seconds (default 10; 0: none) how far the plan or apply is and what was retried so far, and after the run the retry
 * note. Counts and status codes only: nothing from outside reaches these lines.
 */
export function createActionProgress(env: Readonly<Record<string, string | undefined>>) {
  const retries = new RetryCount();
  const lines = createProgressLines({ write: (text: string) => process.stdout.write(text) }, progressTickerOf(env), () => retries.describe());
  return {
    onRetry: (event: RetryEvent) => retries.record(event),
    onProgress: (event: ProgressEvent) => lines.onProgress(event),
    /** Between phases: the plan is made, the apply has not counted yet. */
    stop: () => lines.stop(),
    end: () => lines.end(),
    /** `note: 41 requests retried (503: 25, 429: 16)` (and writes resent after --timeout), as the CLI ends a run; nothing without retries. */
    printNote(timeoutMs: number) {
      for (const line of retries.note(timeoutMs).split('\n').filter(Boolean)) core.info(line);
    },
    /** The same retries as data, for the job summary's note (null without retries). */
    retried: (timeoutMs: number) => retries.summary(timeoutMs),
  };
}
