import { asMap, mapsOf, type JsonMap } from '../../grafana-migration/go-values.js';
import { alignedCurrent } from '../../grafana-migration/v23-current.js';

/**
 * V23 (schemaversion/v23.go): a variable's `current` aligned with its `multi` (alignCurrentWithMulti), for every variable
 * with a boolean `multi` and a non-empty `current` object.
 */
export function v23(dashboard: JsonMap): void {
  for (const variable of mapsOf(asMap(dashboard.templating)?.list)) {
    const aligned = alignedCurrent(variable);
    if (aligned !== undefined) variable.current = aligned;
  }
}
