import { isPlainObject } from '../files/is-plain-object.js';
import type { FieldChange } from './types.js';
import type { V36Datasources } from './v36-datasources.js';

type Json = Record<string, unknown>;

/** `…panels[id=4 "CPU"].datasource` or `…panels[id=4 "CPU"].targets[0].datasource`: the panel's id, and the query's index. */
const DATASOURCE_PATH = /panels\[id=(\d+)(?: [^\]]*)?\]\.(?:targets\[(\d+)\]\.)?datasource$/;

/**
 * Pure: the changes with a panel's (or query's) `datasource` the file names none for, shown removed, shown instead as
 * changed into the one V36 gives it on a push (`given`, by the desired spec's panel): a data source pinned in Grafana
 * before its default changed moves to the new default, it is not left without one.
 */
export function showGivenDatasources(changes: FieldChange[], desired: Json, given: ReadonlyMap<Json, V36Datasources>): FieldChange[] {
  if (given.size === 0 || !changes.some((change) => change.kind === 'removed' && DATASOURCE_PATH.test(change.path))) return changes;
  const byId = new Map<number, Json>();
  for (const panel of Array.isArray(desired.panels) ? desired.panels : []) {
    if (!isPlainObject(panel)) continue;
    for (const each of [panel, ...(Array.isArray(panel.panels) ? panel.panels : [])]) if (isPlainObject(each) && typeof each.id === 'number') byId.set(each.id, each);
  }
  return changes.map((change) => {
    const match = change.kind === 'removed' ? DATASOURCE_PATH.exec(change.path) : null;
    const panel = match === null ? undefined : byId.get(Number(match[1]));
    const datasources = panel === undefined ? undefined : given.get(panel);
    if (match === null || datasources === undefined) return change;
    const after = match[2] === undefined ? datasources.panel : datasources.queries[Number(match[2])];
    return after === undefined ? change : { ...change, kind: 'changed', after };
  });
}
