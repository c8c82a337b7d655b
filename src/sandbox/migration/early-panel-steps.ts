import type { EarlyPanelStep, EarlyStepContext } from '../../grafana-migration/early-panel-steps.js';
import { panelsAndNested, type JsonMap } from '../../grafana-migration/go-values.js';

/**
 * One of V17–V22, V24 or V26 (`migrate`, grafana-migration/early-panel-steps.ts) over the dashboard: each top-level panel
 * (rows included), and a collapsed row's panels only with `collapsedRows` (PR #128476).
 */
export function runEarlyPanelStep(dashboard: JsonMap, migrate: EarlyPanelStep, collapsedRows: boolean, context: EarlyStepContext): void {
  for (const { panel, nested } of panelsAndNested(dashboard.panels)) if (!nested || collapsedRows) migrate(panel, context);
}
