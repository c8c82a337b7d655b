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

/**
 * Pure: why a tree `.json` file (`path`: as shown, or absolute) is no dashboard, or null when it is to be judged as one (audit-ux-19 F-3). `document`:
 * the parsed value, or undefined when the text is no JSON. A JSON object with none of a dashboard's keys (DASHBOARD_KEYS;
 * `apiVersion`/`kind` count as strings, as a resource holds them: a provisioning file's `"apiVersion": 1` does not) is
 * another tool's file; so is a known tool file (TOOL_FILES) without those keys, even one that is no JSON (tsconfig.json
 * holds comments). Anything else, a broken dashboard included, keeps the dashboard rules' errors.
 */
export function recognizeNotADashboard(path: string, document: unknown): string | null {
  const tool = TOOL_FILES[basename(path)];
  if (document === undefined) return tool === undefined ? null : `${basename(path)} is ${tool}, not a dashboard`;
  if (typeof document !== 'object' || document === null || Array.isArray(document)) return null;
  const record = document as Record<string, unknown>;
  if (DASHBOARD_KEYS.some((key) => Object.hasOwn(record, key)) || typeof record.apiVersion === 'string' || typeof record.kind === 'string') return null;
  if (tool !== undefined) return `${basename(path)} is ${tool}, not a dashboard`;
  const keys = Object.keys(record);
  if (keys.length === 0) return 'it is an empty object, with none of a dashboard\'s keys ("title", "panels", "uid", …)';
  const shown = keys.slice(0, 3).map((key) => JSON.stringify(key)).join(', ');
  return `it holds none of a dashboard's keys ("title", "panels", "uid", …), but ${shown}${keys.length > 3 ? ', …' : ''}`;
}

/** The one line a tree file that is no dashboard gets (a warning: nothing is read from it, and --fix never writes it). */
export function describeNotADashboard(why: string): string {
  return `not read as a dashboard: ${why}; dashsync never writes it (check --fix included): to silence this, move it out of the dashboards root or add it to "exclude" in the config file`;
}
