import { isPlainObject } from '../files/is-plain-object.js';
import { splitPath } from './split-path.js';
import type { FieldChange } from './types.js';
import type { V36Datasources } from './v36-datasources.js';

type Json = Record<string, unknown>;

/**
 * Pure: the changes with a panel's (or query's) `datasource` the file names none for, shown removed, shown instead as
 * changed into the one V36 gives it on a push (`given`, by the desired spec's panel): a data source pinned in Grafana
 * before its default changed moves to the new default, it is not left without one. The panel is the one the path's
 * `panels[…]` steps name in the desired spec (`id=4 "CPU [%]"` by its id, `2 "CPU"` or `2` by its place).
 */
export function showGivenDatasources(changes: FieldChange[], desired: Json, given: ReadonlyMap<Json, V36Datasources>): FieldChange[] {
  if (given.size === 0 || !changes.some((change) => change.kind === 'removed' && change.path.endsWith('datasource'))) return changes;
  return changes.map((change) => {
    if (change.kind !== 'removed') return change;
    const named = panelNamed(desired, splitPath(change.path));
    const datasources = named === undefined ? undefined : given.get(named.panel);
    if (named === undefined || datasources === undefined) return change;
    const after = givenAt(named.rest, datasources);
    return after === undefined ? change : { ...change, kind: 'changed', after };
  });
}

/** What V36 gives at the steps after a panel's: the panel's `datasource`, or a query's (`targets[1].datasource`). */
function givenAt(rest: string[], datasources: V36Datasources): unknown {
  if (rest.length === 1 && rest[0] === 'datasource') return datasources.panel;
  const query = rest.length === 3 && rest[0] === 'targets' && rest[2] === 'datasource' ? /^\[(\d+)\]$/.exec(rest[1]!) : null;
  return query === null ? undefined : datasources.queries[Number(query[1])];
}

/** The desired spec's panel a path's leading `panels[…]` steps name (a row's panels too), and the steps after them. */
function panelNamed(desired: Json, steps: string[]): { panel: Json; rest: string[] } | undefined {
  let list = desired.panels;
  let panel: Json | undefined;
  let at = 0;
  while (steps[at] === 'panels' && Array.isArray(list) && steps[at + 1] !== undefined) {
    const found = elementNamed(list, steps[at + 1]!);
    if (found === undefined) return undefined;
    panel = found;
    list = found.panels;
    at += 2;
  }
  return panel === undefined ? undefined : { panel, rest: steps.slice(at) };
}

/** The element a bracket step names: `[id=4 …]` by its id, `[2 "CPU"]` or `[2]` by its place. */
function elementNamed(list: unknown[], step: string): Json | undefined {
  const byId = /^\[id=([^ \]]+)/.exec(step);
  const place = byId === null ? /^\[(\d+)[ \]]/.exec(step) : null;
  const element = byId !== null ? list.find((panel) => isPlainObject(panel) && panel.id === Number(byId[1])) : place !== null ? list[Number(place[1])] : undefined;
  return isPlainObject(element) ? element : undefined;
}
