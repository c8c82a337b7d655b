import { asList, asMap, panelsAndNested, type JsonMap } from '../../grafana-migration/go-values.js';

/**
 * V35 (schemaversion/v35.go): a timeseries panel whose axes are all hidden gets an override that
 * shows the time axis (`byType: time` → `custom.axisPlacement: auto`). A collapsed row's panels get it
 * only with `collapsedRows` (PR #128476's migratePanelV35 over a row's `panels`; before it, top-level panels alone).
 */
export function v35(dashboard: JsonMap, collapsedRows: boolean): void {
  for (const { panel, nested } of panelsAndNested(dashboard.panels)) {
    if (panel.type !== 'timeseries' || (nested && !collapsedRows)) continue;
    const fieldConfig = asMap(panel.fieldConfig);
    if (!fieldConfig || asMap(asMap(fieldConfig.defaults)?.custom)?.axisPlacement !== 'hidden') continue;
    fieldConfig.overrides = [
      ...(asList(fieldConfig.overrides) ?? []),
      { matcher: { id: 'byType', options: 'time' }, properties: [{ id: 'custom.axisPlacement', value: 'auto' }] },
    ];
  }
}
