import type { DatasourceIndex } from '../grafana-migration/datasource-ref.js';
import { isPlainObject } from '../files/is-plain-object.js';
import { isDeepEqual } from '../diff/is-deep-equal.js';
import { mapDatasourceCurrents } from '../files/map-datasource-currents.js';

/**
 * Pure: the model a save sends, each datasource variable named in `variables` (inputDatasourceCurrents: its value is an
 * input's, resolved for this environment) with `current.text` the name this instance gives the data source its `value`
 * names (looked up by name, then uid, as Grafana's migration looks one up; every item of a multi-value one), else without
 * `text`, as Grafana's "export for sharing" leaves it: the file's text is the name in whichever environment it was
 * written from (`Prometheus (staging)` over production's data source). `index`: the instance's data sources
 * (readInstanceDatasources; undefined where not read). Returns `model` itself where nothing differs.
 */
export function withDatasourceCurrentNames(model: Record<string, unknown>, variables: ReadonlySet<string>, index: DatasourceIndex | undefined): Record<string, unknown> {
  if (variables.size === 0) return model;
  return mapDatasourceCurrents(model, ({ name }, current) => {
    if (!variables.has(name) || !isPlainObject(current)) return current;
    const { value } = current;
    const nameOf = (item: unknown) => (typeof item === 'string' ? index?.lookup(item)?.name || undefined : undefined);
    const names = Array.isArray(value) ? value.map(nameOf) : [nameOf(value)];
    const known = names.every((found): found is string => found !== undefined);
    const text = known ? (Array.isArray(value) ? names : names[0]) : undefined;
    if (text === undefined ? !('text' in current) : isDeepEqual(current.text, text)) return current;
    const named: Record<string, unknown> = { ...current, text };
    if (text === undefined) delete named.text;
    return named;
  });
}
