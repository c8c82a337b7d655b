import type { Settings } from '../config/types.js';
import * as core from '@actions/core';
import { createClientFromSettings } from '../grafana/client-from-settings.js';
import type { GrafanaApi } from '../grafana/types.js';
import { DASHSYNC_VERSION } from '../version.js';
import type { ActionInputs } from './action-inputs.js';

/** What every step works from. */
export interface StepContext {
  inputs: ActionInputs;
  settings: Settings;
  env: Record<string, string | undefined>;
  /** Aborted when the run is cancelled (the runner sends SIGINT, then SIGTERM). */
  signal: AbortSignal;
}

/** Undefined when the step succeeded; otherwise the one line the step fails with. */
export type StepFailure = string | undefined;

export function createActionClient(settings: Settings): GrafanaApi {
  return createClientFromSettings(settings, {
    warn: (line) => core.warning(line),
    info: (line) => core.info(line),
    userAgent: `dashsync/${DASHSYNC_VERSION} (github-action)`,
  });
}
