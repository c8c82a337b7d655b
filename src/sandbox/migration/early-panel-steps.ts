import { EARLY_PANEL_STEPS, type EarlyStepContext } from '../../grafana-migration/early-panel-steps.js';
import { panelsAndNested, type JsonMap } from '../../grafana-migration/go-values.js';

/** The versions below 27 whose step rewrites panels one by one (grafana-migration/early-panel-steps.ts). */
export const EARLY_PANEL_STEP_VERSIONS: readonly number[] = [...EARLY_PANEL_STEPS.keys()];

/**
 * V17–V22, V24 or V26 (`version`) over the dashboard: each top-level panel (rows included), and a collapsed row's panels
 * only with `collapsedRows` (PR #128476).
 */
export function runEarlyPanelStep(dashboard: JsonMap, version: number, collapsedRows: boolean, context: EarlyStepContext): void {
  const migrate = EARLY_PANEL_STEPS.get(version);
  if (!migrate) return;
  for (const { panel, nested } of panelsAndNested(dashboard.panels)) if (!nested || collapsedRows) migrate(panel, context);
}
