import type { PruneScope } from '../config/types.js';
import { findLeftToOtherEnvironments } from './find-left-to-other-environments.js';

/** A restored dashboard no file of the tree holds: where it is now, and the file git last held it in (root-relative) where known. */
export interface RestoredOrphan {
  uid: string;
  title: string | null;
  folderUid: string | null;
  removedFile?: string;
}

type OrgEnvironment = [string, { include: string[]; exclude: string[]; prune: PruneScope }];

/**
 * Pure: of restored dashboards no file holds, those no plan of this Grafana org deletes again, by uid, each with the
 * environments that deploy its folder with prune off: every environment of the org (`org`, this run's among them) whose
 * config prune is on leaves it to one of those (findLeftToOtherEnvironments), and at least one prunes (with none, a
 * `--prune` on a command line is the prune that covers it). Restore's "a prune that covers it deletes it again" is not
 * true of them.
 */
export function findUnprunedRestores(
  orphans: readonly RestoredOrphan[],
  org: readonly OrgEnvironment[],
  tree: { treeDirs: ReadonlyMap<string, string>; treeFiles: readonly string[] },
): Map<string, string[]> {
  const pruning = org.filter(([, selection]) => selection.prune !== false);
  const unpruned = new Map<string, string[]>();
  if (pruning.length === 0 || pruning.length === org.length) return unpruned;
  for (const orphan of orphans) {
    const owners = new Set<string>();
    const leftByAll = pruning.every(([name, selection]) => {
      const left = findLeftToOtherEnvironments({
        mine: selection,
        others: org.filter(([other]) => other !== name),
        dashboards: [{ uid: orphan.uid, title: orphan.title, folderUid: orphan.folderUid }],
        ...(orphan.removedFile === undefined ? {} : { removedFiles: { dashboards: new Map([[orphan.uid, orphan.removedFile]]), libraryPanels: new Map() } }),
        folders: [],
        liveFolders: new Map(),
        ...tree,
      }).dashboards[0];
      for (const owner of left?.pruneOff === true ? left.environments : []) owners.add(owner);
      return left?.pruneOff === true;
    });
    if (leftByAll) unpruned.set(orphan.uid, org.map(([name]) => name).filter((name) => owners.has(name)));
  }
  return unpruned;
}
