import { asMap, type JsonMap } from '../../grafana-migration/go-values.js';

/** V41 (schemaversion/v41.go): the unused `timepicker.time_options` is removed. */
export function v41(dashboard: JsonMap): void {
  const timepicker = asMap(dashboard.timepicker);
  if (timepicker) delete timepicker.time_options;
}
