import type { RetryEvent } from '../grafana/http/retry-policy.js';
import type { ResourceKind } from '../plan/types.js';
import { escapeJsonOutput } from './escape-untrusted.js';

/**
 * The one writer of the JSON Lines outputs (`apply`, `restore` and `pull --format json`): one object per line, JSON's own
 * escapes for every outside character (escapeJsonOutput: never a raw terminal escape), no newline inside.
 */
export function renderJsonLine(object: object): string {
  return `${escapeJsonOutput(JSON.stringify(object))}\n`;
}

/** A request sent again (429, 5xx, a lost connection, a timeout), as the client decides it; `kind` and `uid` when it is about one object. */
export function renderRetryLine(event: RetryEvent): string {
  const about = event.about && { kind: event.about.kind, uid: event.about.uid };
  return renderJsonLine({ type: 'retry', ...about, method: event.method, path: event.path, attempt: event.attempt, reason: event.reason, delayMs: event.delayMs });
}

/** What a run that ends early leaves behind: what ended so far (by kind and outcome), the writes sent that Grafana had not answered, how many were not started. */
export interface EarlyEnd {
  ended: readonly { kind: ResourceKind; outcome: string; count: number }[];
  inFlight: readonly { kind: ResourceKind; uid: string; title: string | null; label: string }[];
  /** null when it ended before the run knew what it would do (apply: before the plan was made). */
  notStarted: number | null;
}

function earlyEndFields({ ended, inFlight, notStarted }: EarlyEnd): object {
  return {
    ended: ended.map(({ kind, outcome, count }) => ({ kind, outcome, count })),
    unknownInFlight: inFlight.map(({ kind, uid, title, label }) => ({ kind, uid, title, action: label })),
    notStarted,
  };
}

/** The last line when a second Ctrl-C quits at once (exit 130): what it leaves behind (EarlyEnd); `extra`: a command's own fields. */
export function renderQuitLine(early: EarlyEnd, exitCode: number, extra: object = {}): string {
  return renderJsonLine({ type: 'result', quit: true, ...earlyEndFields(early), ...extra, exitCode });
}

/**
 * The last line when an error stops a run once stdout has lines (a guard refusing the plan after its line, a failure
 * mid-run): the error as stderr's `error:` line says it, and what it leaves behind (EarlyEnd).
 */
export function renderErrorLine(message: string, early: EarlyEnd, exitCode: number, extra: object = {}): string {
  return renderJsonLine({ type: 'result', error: { message }, ...earlyEndFields(early), ...extra, exitCode });
}
