import { isPlainObject } from '../files/is-plain-object.js';
import { panelOf, panelSteps } from './panel-paths.js';
import { joinSteps, splitPath } from './split-path.js';
import type { FieldChange } from './types.js';

/**
 * The classic panel keys Grafana's conversion to v2 carries (v1beta1_to_v2alpha1.go, knownPanelProperties: into the
 * element, its query group and options, its viz config, its grid item; a row's `collapsed` and `panels` go to the
 * row). Any other key of a classic panel is a legacy option (graph's `bars`, singlestat's `sparkline`, the old table's
 * `styles`, …) that a v2 dashboard has no place for.
 */
const KEPT_BY_V2 = new Set([
  'type', 'id', 'pluginVersion', 'targets', 'title', 'description', 'transparent', 'datasource', 'gridPos', 'links',
  'repeat', 'repeatDirection', 'maxPerRow', 'maxDataPoints', 'transformations', 'interval', 'timeFrom', 'timeShift',
  'hideTimeOverride', 'timeCompare', 'libraryPanel', 'cacheTimeout', 'queryCachingTTL', 'options', 'fieldConfig',
  'autoMigrateFrom', 'collapsed', 'panels',
]);

/**
 * Where Grafana's conversion to v2 (12.4 on and 13: PR #115368, v1beta1_to_v2alpha1.go buildVizConfig) hands a panel's
 * legacy options to its editor: `options.__angularMigration: {autoMigrateFrom, originalOptions}`. The editor removes it
 * when it loads the dashboard; a v2 dashboard written from Grafana's v2 read of a classic one (another client's save)
 * keeps it, and the conversion back to the classic model leaves it in the panel's options.
 */
export const ANGULAR_MIGRATION = '__angularMigration';

/**
 * Pure: a classic file's changes against Grafana's classic view of its v2-stored dashboard, each legacy option the
 * file (`desired`) holds and that view lacks marked `legacyOption` with the file's panel type (the v2 save dropped it,
 * or keeps it in `options.__angularMigration`, whose removal is marked too: a push from the file writes it again as the
 * file has it), and put after the other changes so that the edits someone made come first.
 */
export function markLegacyOptions(changes: readonly FieldChange[], desired: Record<string, unknown>): FieldChange[] {
  const marked = changes.map((change) => {
    const type = legacyPanelType(change, desired);
    return type === undefined ? change : { ...change, legacyOption: type };
  });
  return [...marked.filter((change) => change.legacyOption === undefined), ...marked.filter((change) => change.legacyOption !== undefined)];
}

/**
 * The file's type of the panel whose legacy option `change` adds ('' without one), undefined for any other change. A
 * panel's data source by name (`"datasource": "Prometheus"`, before schema 33) is one too: the conversion keeps a data
 * source as a reference, or a variable's name (`$ds`), and drops a plain name (isDatasourceByName).
 */
function legacyPanelType(change: FieldChange, desired: Record<string, unknown>): string | undefined {
  const steps = splitPath(change.path);
  const panel = panelSteps(steps);
  if (panel === 0) return undefined;
  const legacy = change.kind === 'added' && steps.length === panel + 1 && (!KEPT_BY_V2.has(steps[panel]!) || isDatasourceByName(change));
  if (!legacy && !holdsAngularMigration(change, steps.slice(panel))) return undefined;
  const type = panelOf(desired, steps.slice(0, panel))?.type;
  return typeof type === 'string' ? type : '';
}

/**
 * Whether a change removes what Grafana's view holds in `options.__angularMigration` (ANGULAR_MIGRATION), `within` its
 * path's steps after the panel's: the key itself, or a panel's `options` that hold nothing else (a file without options).
 */
function holdsAngularMigration(change: FieldChange, within: string[]): boolean {
  if (change.kind !== 'removed' || within[0] !== 'options') return false;
  if (within.length === 2) return within[1] === ANGULAR_MIGRATION;
  return within.length === 1 && isPlainObject(change.before) && Object.keys(change.before).join() === ANGULAR_MIGRATION;
}

/**
 * The panel path a legacy option change belongs to (`panels[id=1 "Requests"]`) and the option's key; `held` for the
 * removal of Grafana's `options.__angularMigration` (holdsAngularMigration), which holds the panel's legacy options.
 */
export function legacyOptionOf(change: FieldChange): { panel: string; key: string; held: boolean } {
  const steps = splitPath(change.path);
  const panel = panelSteps(steps);
  const within = steps.slice(panel);
  return { panel: joinSteps(steps.slice(0, panel)), key: joinSteps(within), held: holdsAngularMigration(change, within) };
}

/** A legacy option change (legacyOptionOf) that is its panel's data source by name: the name, else undefined. */
export function datasourceByName(change: FieldChange): string | undefined {
  return isDatasourceByName(change) ? (change.after as string) : undefined;
}

function isDatasourceByName(change: FieldChange): boolean {
  return change.path.endsWith('.datasource') && typeof change.after === 'string' && !change.after.startsWith('$');
}
