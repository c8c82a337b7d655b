import { asList, asMap, intValue, mapsOf, type JsonMap } from '../../grafana-migration/go-values.js';

/**
 * V29 (schemaversion/v29.go): query variables refresh on dashboard load unless they already refresh on
 * load (1) or on time range change (2), and lose their cached options.
 */
export function v29(dashboard: JsonMap): void {
  for (const variable of mapsOf(asMap(dashboard.templating)?.list)) {
    if (variable.type !== 'query') continue;
    const refresh = intValue(variable, 'refresh', 0);
    if (refresh !== 1 && refresh !== 2) variable.refresh = 1;
    if ((asList(variable.options)?.length ?? 0) > 0) variable.options = [];
  }
}
