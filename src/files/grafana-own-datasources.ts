/**
 * Grafana's own data sources, which are the same on every Grafana and so never an input's: the built-in plugins
 * (`meta.builtIn`), which "Export for sharing externally" skips (DashboardExporter.ts, the scenes' exporters.ts
 * `makeExportableV1`: `if (ds.meta?.builtIn) return`): `-- Grafana --` (uid `grafana` in newer dashboards), `-- Mixed --`,
 * `-- Dashboard --`.
 */
export const BUILT_IN_DATASOURCE_UIDS: ReadonlySet<string> = new Set(['-- Grafana --', '-- Mixed --', '-- Dashboard --', 'grafana']);

/**
 * Server-side expressions' datasource uid and plugin id (pkg/expr/service.go `DatasourceUID`/`DatasourceType`). Unlike the
 * built-in plugins the exporter makes an input of it (`DS_EXPRESSION`, `pluginId: "__expr__"`: the expression
 * datasource's meta is not `builtIn`), and Grafana's import gives such an input this value whatever it is mapped to
 * (pkg/services/dashboardimport/utils/dash_template_evaluator.go: "force expressions value to `__expr__`").
 */
export const EXPRESSION_DATASOURCE = '__expr__';

/** Every uid an expression query names: `__expr__` and the older `-100`. */
export const EXPRESSION_DATASOURCE_UIDS: ReadonlySet<string> = new Set([EXPRESSION_DATASOURCE, '-100']);
