import type { DashboardSummary as SearchHit } from '../grafana/port.js';
import type { Selection } from './find-unselected-files.js';
import type { PullPlan } from './types.js';

export interface LeftToOtherRunsInput {
  /** The refresh's plan (no flags): what it writes and the skipped lines it prints. */
  refresh: Pick<PullPlan, 'libraryPanels' | 'skipped'>;
  /** The live dashboards the refresh leaves out that no file of the tree holds. */
  unfiled: readonly SearchHit[];
  selection: Selection | undefined;
  hasLibraryPanels: boolean;
  /** The plan `pull --all` would make from the same listing and tree (pure: no request). */
  placeAll: () => PullPlan;
}

/**
 * Pure: what `pull --all` would list as skipped (its file is, or would be, outside this run's
 * include/exclude) that a refresh neither writes nor names: the live dashboards without a file
 * whose new file the selection leaves out, and the library panels. The refresh counts them on its
 * "not considered" line, and no longer on the no-file hint, whose "--all writes them" is then exact.
 * Without include/exclude `--all` skips nothing, so `--all` is not placed. The dashboards by uid, the library panels counted.
 */
export function countLeftToOtherRuns(input: LeftToOtherRunsInput): { dashboards: ReadonlySet<string>; libraryPanels: number } {
  const selective = input.selection !== undefined && (input.selection.include.length > 0 || input.selection.exclude.length > 0);
  if (!selective || (input.unfiled.length === 0 && !input.hasLibraryPanels)) return { dashboards: new Set(), libraryPanels: 0 };
  const everything = input.placeAll();
  const skippedDashboards = new Set(everything.skipped.filter((target) => target.resource === undefined).map((target) => target.uid));
  const named = new Set([
    ...input.refresh.libraryPanels.map((target) => target.uid),
    ...input.refresh.skipped.filter((target) => target.resource === 'library-panel').map((target) => target.uid),
  ]);
  return {
    dashboards: new Set(input.unfiled.filter((hit) => skippedDashboards.has(hit.uid)).map((hit) => hit.uid)),
    libraryPanels: everything.skipped.filter((target) => target.resource === 'library-panel' && !named.has(target.uid)).length,
  };
}

/**
 * Pure: the library panels `--all` would write that the refresh neither writes nor names: new ones
 * (no file holds them), used only by live dashboards that have no file either, or by none (outside the
 * tree's folders: --all writes every panel). A refresh writes the panels its dashboards use and those of
 * its folders, so these are counted on the no-file hint, with those dashboards.
 */
export function countNewLibraryPanels(refresh: Pick<PullPlan, 'libraryPanels' | 'skipped'>, everything: Pick<PullPlan, 'libraryPanels'>): number {
  const named = new Set([...refresh.libraryPanels.map((target) => target.uid), ...refresh.skipped.filter((target) => target.resource === 'library-panel').map((target) => target.uid)]);
  return everything.libraryPanels.filter((target) => !named.has(target.uid)).length;
}
