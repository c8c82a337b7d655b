import { posix } from 'node:path';
import type { Tree } from '../files/types.js';
import type { FormerFolderFile } from '../git/read-tree-history.js';
import type { DashboardSummary, LiveFolder } from '../grafana/port.js';
import { folderFileUid } from './known-folder-uids.js';
import type { PlanWarning } from './types.js';

/** A top-level live folder whose `_folder.json` left the tree, with the dashboards without a file that prune's `folders` scope leaves in it. */
export interface FolderLeftTree {
  uid: string;
  title: string;
  /** The `_folder.json` git last held for it, relative to the working directory. */
  file: string;
  dashboards: number;
}

/**
 * Pure: the top-level live folders that no rule of decideManagedFolders ties to the tree, each with how
 * many live dashboards without a file (`claimed`: claimedDashboardUids) it holds outside managed folders,
 * subfolders included: what prune's `folders` scope leaves alone there. A plan asks git about these only.
 */
export function countUnprunedInTopFolders(
  liveFolders: ReadonlyMap<string, LiveFolder>,
  liveDashboards: readonly DashboardSummary[],
  managed: ReadonlySet<string>,
  claimed: ReadonlySet<string>,
): Map<string, number> {
  const tops = new Map<string, string | null>();
  const topOf = (uid: string): string | null => {
    const known = tops.get(uid);
    if (known !== undefined) return known;
    let folder = liveFolders.get(uid);
    // A parent chain that loops or leaves the listing has no top folder to name.
    for (let depth = 0; folder?.parentUid && depth < 64; depth++) folder = liveFolders.get(folder.parentUid);
    const top = folder && folder.parentUid === null ? folder.uid : null;
    tops.set(uid, top);
    return top;
  };
  const counts = new Map<string, number>();
  for (const hit of liveDashboards) {
    if (hit.folderUid === null || managed.has(hit.folderUid) || claimed.has(hit.uid)) continue;
    const top = topOf(hit.folderUid);
    if (top !== null && !managed.has(top)) counts.set(top, (counts.get(top) ?? 0) + 1);
  }
  return counts;
}

/**
 * Pure: of those folders, the ones a top-level `_folder.json` git held named (`former`: topFolderFiles of readTreeHistory,
 * paths relative to the tree at `root`, itself relative to the working directory) while no directory of the tree
 * names them now: the tree once had them, so their dashboards are not someone else's, yet prune cannot tell
 * (docs/apply.md "Which folders are managed"). Sorted by uid.
 */
export function findFoldersLeftTree(
  unpruned: ReadonlyMap<string, number>,
  former: readonly FormerFolderFile[],
  tree: Pick<Tree, 'folders' | 'idleFolders'>,
  liveFolders: ReadonlyMap<string, LiveFolder>,
  root: string,
): FolderLeftTree[] {
  const named = new Set([...tree.folders, ...tree.idleFolders].map((folder) => folder.uid));
  const found = new Map<string, FolderLeftTree>();
  for (const file of former) {
    const uid = folderFileUid(file);
    const dashboards = unpruned.get(uid);
    const live = liveFolders.get(uid);
    if (dashboards === undefined || live === undefined || named.has(uid) || found.has(uid)) continue;
    found.set(uid, { uid, title: live.title, file: posix.join(root, file.path), dashboards });
  }
  return [...found.values()].sort((a, b) => a.uid.localeCompare(b.uid));
}

/** One warning per folder: how many dashboards stay, why, and the two ways to prune them. */
export function describeFolderLeftTree(folder: FolderLeftTree): PlanWarning {
  const counted = folder.dashboards === 1 ? '1 dashboard' : `${folder.dashboards} dashboards`;
  const have = folder.dashboards === 1 ? 'has no file but is' : 'have no file but are';
  return {
    kind: 'other',
    uid: folder.uid,
    message:
      `${counted} in folder "${folder.title}" (${folder.uid}) ${have} not pruned: the tree no longer names that folder (its ${folder.file} is gone), ` +
      `and prune only recognises a top-level folder with a uid of its own while a _folder.json names it (docs/apply.md, "Which folders are managed"). ` +
      `To delete them, put ${folder.file} back on its own and run with --prune again, or run with --prune all (which prunes every dashboard without a file in the org)`,
  };
}
