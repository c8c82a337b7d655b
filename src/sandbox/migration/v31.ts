import { asList, asMap, panelsInsideRows, type JsonMap } from '../../grafana-migration/go-values.js';

/** V31 (schemaversion/v31.go): a `merge` transformation is inserted after every `labelsToFields` one. */
export function v31(dashboard: JsonMap): void {
  for (const panel of panelsInsideRows(dashboard.panels)) {
    const transformations = asList(panel.transformations);
    if (!transformations?.some((t) => asMap(t)?.id === 'labelsToFields')) continue;
    const next: unknown[] = [];
    for (const transformation of transformations) {
      next.push(transformation);
      if (asMap(transformation)?.id === 'labelsToFields') next.push({ id: 'merge', options: {} });
    }
    panel.transformations = next;
  }
}
