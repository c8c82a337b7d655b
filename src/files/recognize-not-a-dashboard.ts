import { basename } from 'node:path';

export const NOT_A_DASHBOARD_RULE = 'not-a-dashboard';

/**
 * Top-level keys of every form a dashboard file takes (a classic model, bare or in the `{dashboard, meta}` wrapper, an
 * export with `__inputs`, a resource): a JSON object holding one of them is judged as a dashboard, errors and all.
 */
const DASHBOARD_KEYS = ['title', 'panels', 'rows', 'uid', 'schemaVersion', 'templating', 'annotations', 'dashboard', 'spec', 'metadata', '__inputs', '__requires', '__elements'];

/** Other tools' files that land in a repository's root (then in the tree with `"root": "."`), by name. */
const TOOL_FILES: Record<string, string> = {
  'package.json': "npm's package manifest",
  'package-lock.json': "npm's lockfile",
  'npm-shrinkwrap.json': "npm's lockfile",
  'tsconfig.json': "TypeScript's config",
  'jsconfig.json': "the JavaScript language service's config",
  'renovate.json': "Renovate's config",
  'composer.json': "Composer's manifest",
  'lerna.json': "Lerna's config",
  'nx.json': "Nx's config",
  'turbo.json': "Turborepo's config",
  'deno.json': "Deno's config",
  'biome.json': "Biome's config",
};

/** Keys of a Grafana provisioning file (datasources, dashboard providers, plugins, alerting), which holds a numeric `apiVersion`. */
const PROVISIONING_KEYS = ['datasources', 'deleteDatasources', 'providers', 'apps', 'notifiers', 'deleteNotifiers', 'groups', 'deleteRules', 'contactPoints', 'deleteContactPoints', 'policies', 'resetPolicies', 'templates', 'deleteTemplates', 'muteTimes', 'deleteMuteTimes'];

/** Keys only a package manifest holds (a dashboard holds none of them). */
const MANIFEST_KEYS = ['dependencies', 'devDependencies', 'peerDependencies', 'scripts', 'main', 'exports', 'bin', 'workspaces', 'packageManager', 'engines'];

/**
 * Pure: whether a JSON object holds one of a dashboard's keys (DASHBOARD_KEYS; `apiVersion`/`kind` count as strings, as
 * a resource holds them: a provisioning file's `"apiVersion": 1` does not). `check --fix` writes only into such a file.
 */
export function holdsDashboardKey(record: Record<string, unknown>): boolean {
  return DASHBOARD_KEYS.some((key) => Object.hasOwn(record, key)) || typeof record.apiVersion === 'string' || typeof record.kind === 'string';
}

/**
 * Pure: why a tree `.json` file (`path`: as shown, or absolute) is no dashboard, or null when it is to be judged as one (audit-ux-19 F-3). `document`:
 * the parsed value, or undefined when the text is no JSON. Only a known tool file (TOOL_FILES) without a dashboard's
 * keys, even one that is no JSON (tsconfig.json holds comments), and an object with another tool's clear signature (a
 * provisioning file, a `$schema`, a package manifest, dashsync's own plan file) are other tools' files. Anything else, `{}` and an object of
 * unknown keys included, keeps the dashboard rules' errors (review-52 F2: an emptied dashboard file must stop check,
 * not pass it and be pruned).
 */
export function recognizeNotADashboard(path: string, document: unknown): string | null {
  const tool = TOOL_FILES[basename(path)];
  if (document === undefined) return tool === undefined ? null : `${basename(path)} is ${tool}, not a dashboard`;
  if (typeof document !== 'object' || document === null || Array.isArray(document)) return null;
  const record = document as Record<string, unknown>;
  if (holdsDashboardKey(record)) return null;
  if (tool !== undefined) return `${basename(path)} is ${tool}, not a dashboard`;
  const provisioning = PROVISIONING_KEYS.find((key) => Object.hasOwn(record, key));
  if (typeof record.apiVersion === 'number' && provisioning !== undefined) return `it is a Grafana provisioning file ("apiVersion": ${record.apiVersion}, "${provisioning}"), not a dashboard`;
  // dashsync's own saved plan (isPlanDocument's test): the Action downloads it into the work tree, the root with `"root": "."`.
  if (typeof record.formatVersion === 'number' && typeof (record.target as { url?: unknown } | null)?.url === 'string') return "it is a dashsync plan file (\"formatVersion\", \"target\"), not a dashboard";
  if (typeof record.$schema === 'string') return 'it names a JSON schema ("$schema") and holds none of a dashboard\'s keys ("title", "panels", "uid", …)';
  // A string "version" too: a dashboard's version is Grafana's save counter, a number.
  const manifest = MANIFEST_KEYS.find((key) => Object.hasOwn(record, key)) ?? (typeof record.version === 'string' ? 'version' : undefined);
  if (typeof record.name === 'string' && manifest !== undefined) return `it is a package manifest ("name", "${manifest}"), not a dashboard`;
  return null;
}

/** The uid-missing error of a JSON object with none of a dashboard's keys, which `check --fix` leaves as it is. */
export function describeNoDashboardKey(record: Record<string, unknown>): string {
  const keys = Object.keys(record);
  const shown = keys.slice(0, 3).map((key) => JSON.stringify(key)).join(', ');
  const holds = keys.length === 0 ? 'it is an empty object' : `it holds only ${shown}${keys.length > 3 ? ', …' : ''}`;
  return `${holds}, none of a dashboard's keys ("title", "panels", "uid", …), so it has no "uid"; check --fix does not fix it, as it may be another tool's file: if it is a dashboard, restore it (\`git diff\`, or \`dashsync pull\`); if it is not a dashboard, exclude it (add it to "exclude" in the config file)`;
}

/** The one line a tree file that is no dashboard gets (a warning: nothing is read from it, and --fix never writes it). */
export function describeNotADashboard(why: string): string {
  return `not read as a dashboard: ${why}; dashsync never writes it (check --fix included): to silence this, move it out of the dashboards root or add it to "exclude" in the config file`;
}
