import type { PruneScope } from '../config/types.js';
import type { LiveFolder } from '../grafana/port.js';
import type { OrgEnvironment } from './claim-prune-off.js';
import { findLeftToOtherEnvironments } from './find-left-to-other-environments.js';

/** The environment of this Grafana org whose plan deletes a dashboard; `runPrune`: it prunes only with this run's flag (as LeftTo). */
export interface PrunedBy {
  environment: string;
  runPrune?: PruneScope;
}

/** A dashboard no file of the tree holds: its title (null: not known) and the folder it is in (null: General). */
export interface Unfiled {
  uid: string;
  title: string | null;
  folderUid: string | null;
}

/**
 * Pure: of dashboards no file of the tree holds, those an environment of this Grafana org other than `self` deletes with its
 * prune, each with that environment: its plan judged as that plan judges it (findLeftToOtherEnvironments with it as the
 * run, `org` in config order), so the answer is the one its own plan gives, and every environment's prune off kept out of
 * it. In its prune's reach only: a dashboard at the General level for `all`, one in a folder the tree holds a directory of
 * (`treeDirs`) for `folders` as well. `removedFiles`: the file git last held a uid in (root-relative), judged instead of the one pull would write.
 */
export function findPrunedByOthers<T extends Unfiled>(
  dashboards: readonly T[],
  org: readonly OrgEnvironment[],
  self: string | undefined,
  tree: { treeDirs: ReadonlyMap<string, string>; treeFiles: readonly string[]; removedFiles?: ReadonlyMap<string, string>; liveFolders?: ReadonlyMap<string, LiveFolder> },
): Map<T, PrunedBy> {
  const prunedBy = new Map<T, PrunedBy>();
  org.forEach(([name, selection], at) => {
    if (name === self || selection.prune === false) return;
    const reached = dashboards.filter((dashboard) => !prunedBy.has(dashboard) && (selection.prune === 'all' || (dashboard.folderUid !== null && tree.treeDirs.has(dashboard.folderUid))));
    if (reached.length === 0) return;
    const left = findLeftToOtherEnvironments({
      mine: { include: selection.include, exclude: selection.exclude, mineAt: at },
      others: org.filter((_, index) => index !== at),
      dashboards: reached.map(({ uid, title, folderUid }) => ({ uid, title, folderUid })),
      removedFiles: { dashboards: tree.removedFiles ?? new Map(), libraryPanels: new Map() },
      folders: [],
      liveFolders: tree.liveFolders ?? new Map(),
      treeDirs: tree.treeDirs,
      treeFiles: tree.treeFiles,
    });
    const kept = new Set(left.dashboards.map((entry) => entry.summary.uid));
    for (const dashboard of reached) {
      if (!kept.has(dashboard.uid)) prunedBy.set(dashboard, { environment: name, ...(selection.runPrune !== undefined && { runPrune: selection.runPrune }) });
    }
  });
  return prunedBy;
}
