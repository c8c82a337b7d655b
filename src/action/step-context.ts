import type { Settings } from '../config/types.js';
import { requireUrl } from '../config/require-url.js';
import { createGrafanaClient } from '../grafana/create-grafana-client.js';
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
  return createGrafanaClient({
    url: requireUrl(settings),
    auth: settings.auth,
    orgId: settings.orgId,
    timeoutMs: settings.timeoutMs,
    concurrency: settings.concurrency,
    caCert: settings.caCert,
    insecure: settings.insecure,
    // The bundle has no package.json beside it to read the version from.
    userAgent: `dashsync/${DASHSYNC_VERSION} (github-action)`,
  });
}
