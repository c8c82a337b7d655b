import { asList, asMap, mapsOf, type JsonMap } from '../../grafana-migration/go-values.js';

/**
 * V27 (schemaversion/v27.go): drops repeated-panel leftovers (`repeatPanelId`/`repeatByRow` at the top,
 * `repeatPanelId` inside rows) and turns constant variables into textbox ones when shown.
 */
export function v27(dashboard: JsonMap): void {
  const panels = asList(dashboard.panels);
  if (panels) dashboard.panels = withoutRepeats(panels);
  for (const variable of mapsOf(asMap(dashboard.templating)?.list)) migrateConstant(variable);
}

function withoutRepeats(panels: unknown[]): unknown[] {
  const kept: unknown[] = [];
  for (const panel of panels) {
    const map = asMap(panel);
    if (!map || 'repeatPanelId' in map || 'repeatByRow' in map) continue;
    const nested = asList(map.panels);
    if (map.type === 'row' && nested) {
      map.panels = nested.filter((inner) => {
        const innerMap = asMap(inner);
        return innerMap !== undefined && !('repeatPanelId' in innerMap);
      });
    }
    kept.push(map);
  }
  return kept;
}

function migrateConstant(variable: JsonMap): void {
  if (variable.type !== 'constant') return;
  const query = typeof variable.query === 'string' ? variable.query : '';
  variable.query = query;
  const current = { selected: true, text: query, value: query };
  variable.current = current;
  variable.options = [{ ...current }];
  if (variable.hide === 0 || variable.hide === 1) variable.type = 'textbox';
}
