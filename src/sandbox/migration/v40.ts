import { stringValue, type JsonMap } from '../../grafana-migration/go-values.js';

/** V40 (schemaversion/v40.go): `refresh` is always a string ("" when missing or not a string). */
export function v40(dashboard: JsonMap): void {
  dashboard.refresh = stringValue(dashboard, 'refresh');
}
