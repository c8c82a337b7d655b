import { asList, asMap, isTruthy, mapsOf, type JsonMap } from '../../grafana-migration/go-values.js';

/**
 * V27 (schemaversion/v27.go): drops repeated-panel leftovers (`repeatPanelId`/`repeatByRow` at the top,
 * `repeatPanelId` inside rows) and turns constant variables into textbox ones when shown. A leftover is a key present
 * (removeRepeatedPanels), or with `truthyRepeats` a truthy value, as the frontend tests it (PR #129284: a panel with
 * `repeatPanelId: 0` or `repeatByRow: false` is kept).
 */
export function v27(dashboard: JsonMap, truthyRepeats: boolean): void {
  const panels = asList(dashboard.panels);
  const marked = (panel: JsonMap, key: string) => (truthyRepeats ? isTruthy(panel[key]) : key in panel);
  if (panels) dashboard.panels = withoutRepeats(panels, marked);
  for (const variable of mapsOf(asMap(dashboard.templating)?.list)) migrateConstant(variable);
}

function withoutRepeats(panels: unknown[], marked: (panel: JsonMap, key: string) => boolean): unknown[] {
  const kept: unknown[] = [];
  for (const panel of panels) {
    const map = asMap(panel);
    if (!map || marked(map, 'repeatPanelId') || marked(map, 'repeatByRow')) continue;
    const nested = asList(map.panels);
    if (map.type === 'row' && nested) {
      map.panels = nested.filter((inner) => {
        const innerMap = asMap(inner);
        return innerMap !== undefined && !marked(innerMap, 'repeatPanelId');
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
