import * as core from '@actions/core';
import type { Settings } from '../config/types.js';
import { createGrafanaPort } from '../grafana/create-grafana-port.js';
import type { GrafanaPort } from '../grafana/port.js';
import type { ParsedPlanFile } from '../plan/plan-file.js';
import type { RetryEvent } from '../grafana/http/retry-policy.js';
import { escapeText } from '../report/escape-untrusted.js';
import { DASHSYNC_VERSION } from '../version.js';
import type { ActionInputs } from './action-inputs.js';
import { resumeCommands } from './print-untrusted.js';
import type { ActionOutputs } from './action-outputs.js';

/** What every step works from. */
export interface StepContext {
  inputs: ActionInputs;
  settings: Settings;
  /** The plan file's JSON where the settings parsed it to choose its environment (loadActionSettings): apply reads it no second time. */
  savedPlan?: ParsedPlanFile | null;
  env: Record<string, string | undefined>;
  /** Aborted when the run is cancelled (the runner sends SIGINT, then SIGTERM). */
  signal: AbortSignal;
  /**
   * The step's outcome is printed (its summary line): a cancel from here on leaves it to end as it is, saying so, and what is
   * left (`left`: `writing its job summary`, …) finishes; the runner's next signal ends it at once (abortOnSignals' settle).
   */
  settle: (left: StepTeardown) => void;
  /** The outputs the step has found so far; written once when it ends. */
  outputs: Partial<ActionOutputs>;
  /** Set by a step that wrote its failure into the job summary itself (a cancel before the plan): the run adds no second one. */
  failureSummarized?: boolean;
}

/** What a step has left to do once its outcome is printed, as the note of a cancel then names it. */
export type StepTeardown = 'writing its job summary and closing its connections' | 'posting its plan comment and closing its connections' | 'closing its connections' | 'writing its job summary';

/** Undefined when the step succeeded; otherwise the one line the step fails with. */
export type StepFailure = string | undefined;

/**
 * The Action's Grafana: warnings (--insecure, retries with --verbose) become workflow warnings;
 * escaped as the CLI's are. `signal` (the run's cancel) ends the requests in flight; `onRetry` counts every retry.
 */
export function createActionGrafana(settings: Settings, signal?: AbortSignal, onRetry?: (event: RetryEvent) => void): Promise<GrafanaPort> {
  return createGrafanaPort(settings, {
    signal,
    onRetry,
    warn: (line) => {
      resumeCommands();
      core.warning(escapeText(line));
    },
    info: (line) => core.info(escapeText(line)),
    userAgent: `dashsync/${DASHSYNC_VERSION} (github-action)`,
  });
}
