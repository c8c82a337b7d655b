import { basename } from 'node:path';
import { isPlainObject } from './is-plain-object.js';
import { parseJsonLeniently } from './parse-json.js';
import { findTerraformDashboards, isTerraformConfig } from './recognize-terraform-config.js';

export const NOT_A_DASHBOARD_RULE = 'not-a-dashboard';

/**
 * Top-level keys of every form a dashboard file takes (a classic model, bare or in the `{dashboard, meta}` wrapper, an
 * export with `__inputs`, a resource): a JSON object holding one of them is judged as a dashboard, errors and all.
 */
const DASHBOARD_KEYS = ['title', 'panels', 'rows', 'uid', 'schemaVersion', 'templating', 'annotations', 'dashboard', 'spec', 'metadata', '__inputs', '__requires', '__elements'];

/** Other tools' files that land in a repository's root (then in the tree with `"root": "."`), by name. */
const TOOL_FILES: ReadonlyMap<string, string> = new Map(Object.entries({
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
}));

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

/** Why a tree `.json` file is no dashboard (recognizeNotADashboard). */
interface NotADashboard {
  /** `package.json is npm's package manifest, not a dashboard`, `it is a Grafana provisioning file (…), not a dashboard`. */
  why: string;
  /** dashsync's own saved plan (`plan --out`, the Action's download): read as nothing and said nowhere, like the config file. */
  ownPlan?: true;
  /** A tool file (TOOL_FILES) that is no JSON even with comments and trailing commas allowed (tsconfig.json's form): where it first breaks. */
  brokenAt?: { line: number; col: number; message: string };
}

/**
 * Pure: why a tree `.json` file (`path`: as shown, or absolute) is no dashboard, or null when it is to be judged as one (audit-ux-19 F-3). `document`:
 * the parsed value, or undefined when `text` is no strict JSON. Only a known tool file (TOOL_FILES) without a dashboard's
 * keys, and an object with another tool's clear signature (a provisioning file, a `$schema`, a package manifest, dashsync's own
 * plan file) are other tools' files. A tool file that is no strict JSON is read again with comments and trailing commas
 * allowed (tsconfig.json's form), recovering from errors: when what it makes out holds a dashboard's key (a dashboard pulled
 * as `turbo.json`, broken since) it is a dashboard, and its syntax error stops the run as any dashboard's does; otherwise it is
 * the tool's file, and where it breaks even so is said (stop-52 §12.5). Anything else, `{}` and an object of unknown keys included, keeps the
 * dashboard rules' errors (review-52 F2: an emptied dashboard file must stop check, not pass it and be pruned).
 */
export function recognizeNotADashboard(path: string, document: unknown, text: string): NotADashboard | null {
  const name = basename(path);
  const tool = TOOL_FILES.get(name);
  if (document === undefined) {
    if (tool === undefined) return null;
    const lenient = parseJsonLeniently(text);
    if (isPlainObject(lenient.value) && holdsDashboardKey(lenient.value)) return null;
    return lenient.error === undefined ? { why: describeToolFile(name, tool) } : { why: describeToolFile(name, tool), brokenAt: lenient.error };
  }
  if (typeof document !== 'object' || document === null || Array.isArray(document)) return null;
  const record = document as Record<string, unknown>;
  if (holdsDashboardKey(record)) return null;
  if (tool !== undefined) return { why: describeToolFile(name, tool) };
  // One holding grafana_dashboard resources is recognizePeerForm's error, naming them.
  if (isTerraformConfig(path, record)) return findTerraformDashboards(record).length > 0 ? null : { why: 'it is Terraform\'s JSON configuration, and holds no grafana_dashboard resource' };
  const provisioning = PROVISIONING_KEYS.find((key) => Object.hasOwn(record, key));
  if (typeof record.apiVersion === 'number' && provisioning !== undefined) return { why: `it is a Grafana provisioning file ("apiVersion": ${record.apiVersion}, "${provisioning}"), not a dashboard` };
  // dashsync's own saved plan (isPlanDocument's test): `plan --out` and the Action put it in the work tree, the root with `"root": "."`.
  if (typeof record.formatVersion === 'number' && typeof (record.target as { url?: unknown } | null)?.url === 'string') return { why: 'it is a dashsync plan file ("formatVersion", "target"), not a dashboard', ownPlan: true };
  if (typeof record.$schema === 'string') return { why: 'it names a JSON schema ("$schema") and holds none of a dashboard\'s keys ("title", "panels", "uid", …)' };
  // A string "version" too: a dashboard's version is Grafana's save counter, a number.
  const manifest = MANIFEST_KEYS.find((key) => Object.hasOwn(record, key)) ?? (typeof record.version === 'string' ? 'version' : undefined);
  if (typeof record.name === 'string' && manifest !== undefined) return { why: `it is a package manifest ("name", "${manifest}"), not a dashboard` };
  return null;
}

function describeToolFile(name: string, tool: string): string {
  return `${name} is ${tool}, not a dashboard`;
}

/** The uid-missing error of a JSON object with none of a dashboard's keys, which `check --fix` leaves as it is. */
export function describeNoDashboardKey(record: Record<string, unknown>): string {
  const keys = Object.keys(record);
  const shown = keys.slice(0, 3).map((key) => JSON.stringify(key)).join(', ');
  const holds = keys.length === 0 ? 'it is an empty object' : `it holds only ${shown}${keys.length > 3 ? ', …' : ''}`;
  return `${holds}, none of a dashboard's keys ("title", "panels", "uid", …), so it has no "uid"; check --fix does not fix it, as it may be another tool's file: if it is a dashboard, restore it (\`git diff\`, or \`dashsync pull\`); if it is not a dashboard, exclude it (add it to "exclude" in the config file)`;
}

/** The one line a tree file that is no dashboard gets (a warning: nothing is read from it, and --fix never writes it). */
export function describeNotADashboard(found: NotADashboard): string {
  const broken = found.brokenAt === undefined ? '' : ` (and no JSON even with comments allowed: ${found.brokenAt.message} here)`;
  return `not read as a dashboard: ${found.why}${broken}; dashsync never writes it (check --fix included): to silence this, move it out of the dashboards root or add it to "exclude" in the config file`;
}
