/**
 * The `__inputs` entry of a `${DS_…}` placeholder, in the shape Grafana's "export for sharing" writes (name, label,
 * description, type `datasource`, pluginId, pluginName): the label is the input's name (Grafana's is the data source's name,
 * which a file does not hold), the plugin the `type` beside a reference that holds it, where one does.
 */
export function declaredDatasourceInput(name: string, pluginId: string | undefined): Record<string, string> {
  return { name, label: name, description: '', type: 'datasource', ...(pluginId !== undefined ? { pluginId, pluginName: pluginId } : {}) };
}

/** The `type` beside a `datasource.uid`/`datasource.name` reference (`group` in a v2 DataQueryKind), if any. */
export function datasourceType(model: Record<string, unknown>, path: (string | number)[]): string | undefined {
  if (path[path.length - 1] === 'datasource') return undefined;
  let node: unknown = model;
  for (const key of path.slice(0, -1)) node = node && typeof node === 'object' ? (node as Record<string | number, unknown>)[key] : undefined;
  if (!node || typeof node !== 'object') return undefined;
  const type = (node as { type?: unknown }).type;
  if (typeof type === 'string' && type !== '') return type;
  // A v2 DataQueryKind names the plugin in `group` beside `datasource` (its parent).
  const parentPath = path.slice(0, -2);
  let parent: unknown = model;
  for (const key of parentPath) parent = parent && typeof parent === 'object' ? (parent as Record<string | number, unknown>)[key] : undefined;
  const group = parent && typeof parent === 'object' ? (parent as { group?: unknown }).group : undefined;
  return typeof group === 'string' && group !== '' ? group : undefined;
}
