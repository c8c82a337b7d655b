import { GrafanaHttpError, InputError } from '../errors.js';
import { emptyApplyResult, type ApplyResult } from './types.js';

/** Shared state of one apply: the result being filled, and whether new work may still start. */
export interface ApplyRun {
  readonly result: ApplyResult;
  /** True once Ctrl-C arrived or Grafana answered 401: nothing new starts. */
  stopped(): boolean;
  /** Call instead of starting an action; returns true when the action must not start. */
  skipIfStopped(): boolean;
  /** Records a failed action; a 401 stops the run (the credentials are wrong for every request). */
  fail(item: { uid: string; title: string; action: string }, error: unknown): void;
  /** Fills `stoppedBy` at the end. */
  finish(): ApplyResult;
}

export function createApplyRun(signal: AbortSignal | undefined): ApplyRun {
  const result = emptyApplyResult();
  let unauthorized = false;
  const stopped = () => unauthorized || (signal?.aborted ?? false);
  return {
    result,
    stopped,
    skipIfStopped() {
      if (!stopped()) return false;
      result.notStarted += 1;
      return true;
    },
    fail(item, error) {
      if (error instanceof GrafanaHttpError && error.status === 401) unauthorized = true;
      const message =
        error instanceof InputError
          ? error.diagnostics.map((d) => `${d.file}${d.line ? `:${d.line}:${d.col ?? 1}` : ''}: ${d.message}`).join('; ')
          : error instanceof Error
            ? error.message
            : String(error);
      result.failures.push({ uid: item.uid, title: item.title, action: item.action, message });
    },
    finish() {
      result.stoppedBy = signal?.aborted ? 'interrupt' : unauthorized ? 'unauthorized' : null;
      return result;
    },
  };
}
