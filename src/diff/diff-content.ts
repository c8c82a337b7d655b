import type { NamedDatasources } from './v33-datasources.js';
import { schemaVersionOf } from '../files/schema-version.js';
import type { DesiredContent } from '../files/types.js';
import { diffDashboards, diffDocuments } from './diff-dashboards.js';
import { diffV2Specs } from './diff-v2-specs.js';
import { givenPanelIds, migrationFormAndGiven } from './drop-migration-defaults.js';
import { findGivenPanelIds } from './find-given-panel-ids.js';
import { withPanelMoves } from './find-panel-moves.js';
import { withRowRenames } from './mark-row-renames.js';
import { firstDifference, type DifferencePath } from './is-deep-equal.js';
import { withPlaceTitles } from './panel-paths.js';
import { V1_KEYING } from './keying-rules.js';
import { showGivenDatasources } from './show-given-datasources.js';
import type { FieldChange } from './types.js';

/** What is compared of a dashboard: its spec in canonical form and the author's labels and annotations. */
export type ComparedContent = Pick<DesiredContent, 'schema' | 'spec' | 'metadata'>;

/** What is known of the Grafana a live dashboard comes from, beside the dashboard itself. */
export interface LiveInstance {
  /** Its default data source (GrafanaPort.defaultDatasource), where known: what its migration's V36 gives a panel the file names none for. */
  defaultDatasource?: Readonly<Record<string, unknown>>;
  /** Its data sources by name and uid (GrafanaPort.namedDatasources), where known: what its V33 and V36 make of a file's string datasource. */
  namedDatasources?: NamedDatasources;
}

/**
 * Pure: field-level differences live → desired of one dashboard, both normalized (the live
 * metadata reduced to the author's part with userMetadata). A classic spec is diffed as the
 * classic model (`panels[id=4 "CPU"]…`), a v2 spec as diffV2Specs does; the metadata follows
 * as `metadata.labels.team`, `metadata.annotations["example.com/owner"]`. Specs of two schemas
 * (a format change, which the planner reports as such) differ as a whole. A classic live spec that differs is compared
 * without what Grafana's schema migration writes on a save where the file says nothing (drop-migration-defaults.ts).
 */
export function diffContent(live: ComparedContent, desired: ComparedContent, instance: LiveInstance = {}): FieldChange[] {
  if (live.schema !== desired.schema) return [{ path: '', kind: 'changed', before: live.spec, after: desired.spec }];
  return [...diffSpecs(desired.schema, live.spec, desired.spec, instance), ...diffDocuments({ metadata: live.metadata }, { metadata: desired.metadata }, V1_KEYING)];
}

/**
 * Pure: field-level differences live → desired of two specs of one schema, as diffContent finds them. Equal specs (most
 * dashboards of a plan) cost one walk, as before; a classic live spec that differs is compared without Grafana's
 * migration defaults.
 */
export function diffSpecs(schema: ComparedContent['schema'], live: Record<string, unknown>, desired: Record<string, unknown>, instance: LiveInstance = {}): FieldChange[] {
  if (schema === 'v2') return diffV2Specs(live, desired);
  const difference = firstDifference(live, desired);
  if (difference === null) return [];
  const known = panelsKnown(difference, live);
  const predicted = Array.isArray(desired.panels) ? givenPanelIds(desired.panels) : undefined;
  const { defaultDatasource, namedDatasources } = instance;
  const first = migrationFormAndGiven(live, desired, { ...known, givenIds: predicted, defaultDatasource, namedDatasources });
  const changes = showGivenDatasources(diffDashboards(first.spec, desired), desired, first.given);
  // Panels without ids that Grafana numbered from an earlier file: the changes again, each live panel taken as the copy
  // of the file panel it is (findGivenPanelIds). Such a file shows a panel added or removed, or panels reordered (a
  // list of labels): changes made in place alone need no second look. Only what the plan explains changes: whether
  // the dashboard differs stays.
  if (!changes.some((change) => change.kind !== 'changed' || Array.isArray(change.before))) return explained(changes, first, desired);
  if (predicted === undefined || !Array.isArray(live.panels) || !Array.isArray(desired.panels)) return explained(changes, first, desired);
  const givenIds = findGivenPanelIds(live.panels, desired.panels, predicted, schemaVersionOf(desired));
  if (givenIds === undefined) return explained(changes, first, desired);
  const again = migrationFormAndGiven(live, desired, { ...known, givenIds, defaultDatasource, namedDatasources });
  // What V36 gives a file panel is the file's alone: one the first pass compared keeps it here too.
  const asCopies = showGivenDatasources(diffDashboards(again.spec, desired), desired, new Map([...first.given, ...again.given]));
  return asCopies.length > 0 ? explained(asCopies, again, desired) : explained(changes, first, desired);
}

/**
 * The changes found against a live spec in the file's form, the panels' moves said (withPanelMoves), a row's title marked
 * as the row's (withRowRenames). Where Grafana holds
 * the panels in its grid order, which moves changed (13, and a UI save), they were compared in the file's order, each
 * by its place: named by their titles too, as where Grafana holds the file's order (withPlaceTitles).
 */
function explained(changes: FieldChange[], form: { spec: Record<string, unknown>; movedOrder: boolean }, desired: Record<string, unknown>): FieldChange[] {
  return withRowRenames(withPanelMoves(form.movedOrder ? withPlaceTitles(changes, form.spec, desired) : changes, form.spec, desired), desired);
}

/**
 * What the equality walk found of the live top-level panels: how many are equal to the desired ones at the same place
 * (those before the first difference where it is in a panel, all of them where it is in a key the walk took after
 * `panels`), the one it found to differ, and where that is a row and the difference in one of its panels, that panel.
 */
function panelsKnown(difference: DifferencePath, live: Record<string, unknown>): { equalPanels: number; differingPanel?: number; differingInnerPanel?: number } {
  const [key, index, innerKey, innerIndex] = difference;
  if (typeof key !== 'string' || !Array.isArray(live.panels)) return { equalPanels: 0 };
  if (key === 'panels' && typeof index === 'number' && innerKey === 'panels' && typeof innerIndex === 'number') return { equalPanels: index, differingPanel: index, differingInnerPanel: innerIndex };
  if (key === 'panels') return typeof index === 'number' ? { equalPanels: index, differingPanel: index } : { equalPanels: 0 };
  const keys = Object.keys(live);
  return { equalPanels: keys.indexOf('panels') < keys.indexOf(key) ? live.panels.length : 0 };
}
