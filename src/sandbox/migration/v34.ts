import { asList, asMap, type JsonMap } from '../../grafana-migration/go-values.js';

/**
 * V34 (schemaversion/v34.go): CloudWatch queries and legacy annotation queries with several
 * `statistics` are split into one per statistic (`statistic`), new queries taking free refIds.
 */
export function v34(dashboard: JsonMap): void {
  for (const panel of asList(dashboard.panels) ?? []) {
    const map = asMap(panel);
    if (!map) continue;
    splitPanelQueries(map);
    for (const inner of asList(map.panels) ?? []) {
      const innerMap = asMap(inner);
      if (innerMap) splitPanelQueries(innerMap);
    }
  }
  splitAnnotations(dashboard);
}

function isCloudWatchQuery(target: JsonMap): boolean {
  return 'dimensions' in target && 'namespace' in target && 'region' in target && 'metricName' in target;
}

/** getValidStatistics: the string and null entries, and whether the array was empty. */
function validStatistics(value: unknown): { stats: (string | null)[]; empty: boolean; isList: boolean } {
  const list = asList(value);
  if (!list) return { stats: [], empty: false, isList: false };
  if (list.length === 0) return { stats: [], empty: true, isList: true };
  return { stats: list.filter((s): s is string | null => s === null || typeof s === 'string'), empty: false, isList: true };
}

function splitPanelQueries(panel: JsonMap): void {
  const targets = asList(panel.targets);
  if (!targets) return;
  const kept: unknown[] = [];
  const added: JsonMap[] = [];
  for (const target of targets) {
    const query = asMap(target);
    if (!query || !isCloudWatchQuery(query)) {
      kept.push(target);
      continue;
    }
    if (!('metricEditorMode' in query)) query.metricEditorMode = 0;
    if (!('metricQueryType' in query)) query.metricQueryType = 0;
    const { stats } = validStatistics(query.statistics);
    delete query.statistics;
    if (stats.length <= 1) {
      if (typeof stats[0] === 'string') query.statistic = stats[0];
      kept.push(query);
      continue;
    }
    stats.forEach((stat, i) => {
      const copy: JsonMap = { ...query, ...(typeof stat === 'string' ? { statistic: stat } : {}) };
      if (i === 0) kept.push(copy);
      else {
        copy.refId = nextRefId([...targets, ...added]);
        added.push(copy);
      }
    });
  }
  // Go appends to a nil slice: no targets at all marshals as null.
  const all = [...kept, ...added];
  panel.targets = all.length === 0 ? null : all;
}

function nextRefId(targets: unknown[]): string {
  const used = new Set<string>();
  for (const target of targets) {
    const refId = asMap(target)?.refId;
    if (typeof refId === 'string' && refId !== '') used.add(refId);
  }
  const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  for (const c of letters) if (!used.has(c)) return c;
  for (const a of letters) for (const b of letters) if (!used.has(a + b)) return a + b;
  return 'X0';
}

function splitAnnotations(dashboard: JsonMap): void {
  const annotations = asMap(dashboard.annotations);
  const list = asList(annotations?.list);
  if (!annotations || !list) return;
  const added: JsonMap[] = [];
  list.forEach((item, i) => {
    const annotation = asMap(item);
    const legacy = annotation && ['dimensions', 'namespace', 'region', 'prefixMatching', 'statistics'].every((k) => k in annotation);
    if (!annotation || !legacy) return;
    const name = typeof annotation.name === 'string' ? annotation.name : '';
    const { stats } = validStatistics(annotation.statistics);
    delete annotation.statistics;
    if (stats.length <= 1) {
      if (typeof stats[0] === 'string') annotation.statistic = stats[0];
      return;
    }
    stats.forEach((stat, j) => {
      const copy: JsonMap = { ...annotation, ...(typeof stat === 'string' ? { statistic: stat } : {}) };
      if (name !== '') copy.name = `${name} - ${stat === null ? 'null' : stat}`;
      if (j === 0) list[i] = copy;
      else added.push(copy);
    });
  });
  if (added.length > 0) annotations.list = [...list, ...added];
}
