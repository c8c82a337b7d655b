/**
 * Pure: what Grafana's migration holds for a datasource the file names by a string, where its index of the org's data
 * sources finds no such name or uid (MigrateDatasourceNameToRef in schemaversion/datasource_utils.go, called by V33 below
 * 33 and by V36 below 36): `""` → `{}`, any other string but "default" → `{uid: s}`. grafonnet's `"$datasource"` is one:
 * the Go code looks a variable up like any name. Undefined for anything else ("default", none, null, a reference), and for
 * a name the index knows, which Grafana writes as `{uid, type}` (that still shows: dashsync does not read the index).
 */
export function unresolvedNameForm(named: unknown): Readonly<Record<string, unknown>> | undefined {
  if (typeof named !== 'string' || named === 'default') return undefined;
  return named === '' ? {} : { uid: named };
}
