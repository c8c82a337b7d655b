import { dashboardParts, partAt } from './dashboard-parts.js';
import { EXPRESSION_DATASOURCE } from './grafana-own-datasources.js';
import { isPlainObject } from './is-plain-object.js';

const MIXED = '-- Mixed --';

/**
 * Pure: for a classic (v1) file whose dashboard Grafana now stores as v2, the file's datasource text (as written,
 * placeholders kept) behind each query datasource reference of the v2 spec `live`, tied by panel id and query
 * `refId`: what Grafana's conversion put there. Grafana gives a query its panel's datasource when the panel
 * names a concrete one (not `-- Mixed --`) and the query is no expression; else the query's own
 * (apps/dashboard/pkg/migration/conversion/v1beta1_to_v2alpha1.go, transformSingleQuery). So a mixed panel's
 * queries each get their own placeholder back, even where two inputs share a datasource in this environment.
 * `resolve` turns file text into what it stands for in this run. Undefined where the path is no such reference
 * or the file holds no matching query.
 */
export function queryDatasourcePlaceholders(
  file: Record<string, unknown>,
  live: Record<string, unknown>,
  resolve: (raw: string) => string,
): (path: (string | number)[]) => string | undefined {
  const panels = new Map(
    dashboardParts(file)
      .filter((part) => part.key.startsWith('panel '))
      .map((part) => [part.key, valueAt(file, part.path)]),
  );
  if (panels.size === 0 || !isPlainObject(live.elements)) return () => undefined;
  const liveParts = dashboardParts(live).filter((part) => part.path[0] === 'elements');
  return (path) => {
    const part = partAt(liveParts, path);
    if (!part) return undefined;
    const rest = path.slice(part.path.length);
    // A v2beta1/v2 query: data.spec.queries[i].spec.query.datasource.name; v2alpha1: …queries[i].spec.datasource.uid.
    const beta = rest.length === 8 && rest[5] === 'query' && rest[6] === 'datasource' && rest[7] === 'name';
    const alpha = rest.length === 7 && rest[5] === 'datasource' && rest[6] === 'uid';
    if (!(beta || alpha) || rest[0] !== 'data' || rest[2] !== 'queries') return undefined;
    const query = valueAt(live, [...part.path, ...rest.slice(0, 5)]);
    const refId = isPlainObject(query) ? query.refId : undefined;
    const panel = panels.get(part.key);
    if (typeof refId !== 'string' || !isPlainObject(panel) || !Array.isArray(panel.targets)) return undefined;
    const target = panel.targets.find((item) => isPlainObject(item) && item.refId === refId);
    if (!isPlainObject(target)) return undefined;
    const own = datasourceText(target.datasource);
    const panelText = datasourceText(panel.datasource);
    const panelUid = panelText === undefined ? '' : resolve(panelText);
    const panelApplies = panelUid !== '' && panelUid !== MIXED && (own === undefined || resolve(own) !== EXPRESSION_DATASOURCE);
    return panelApplies ? panelText : own;
  };
}

/** A v1 datasource reference's uid text: `{ uid }` or a plain string. */
function datasourceText(reference: unknown): string | undefined {
  if (typeof reference === 'string') return reference === '' ? undefined : reference;
  return isPlainObject(reference) && typeof reference.uid === 'string' && reference.uid !== '' ? reference.uid : undefined;
}

function valueAt(root: unknown, path: (string | number)[]): unknown {
  let node = root;
  for (const key of path) node = node && typeof node === 'object' ? (node as Record<string | number, unknown>)[key] : undefined;
  return node;
}
