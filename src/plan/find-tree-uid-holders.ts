import { relative } from 'node:path';
import type { DiscoveredTree } from '../files/discover-tree.js';
import { dashboardUid, readUidOnce, type UidReads } from '../files/read-unselected-uids.js';
import { toSlashes } from '../files/tree-paths.js';
import type { Tree } from '../files/types.js';

/**
 * The dashboard file of the tree (as shown) holding each of `uids` exactly: this run's own files, then those its selection
 * leaves out (another environment's), each read for its uid once per run (`uidReads`). Asked only when Grafana answered a
 * read with a uid in another case (MySQL), so a tree without such a twin reads nothing here.
 */
export function findDashboardUidHolders(
  uids: ReadonlySet<string>,
  tree: Pick<Tree, 'dashboards'>,
  discovered: Pick<DiscoveredTree, 'unselected'>,
  where: { cwd: string; uidReads: UidReads },
): Map<string, string> {
  const holders = new Map<string, string>();
  if (uids.size === 0) return holders;
  for (const { uid, file } of tree.dashboards) if (uids.has(uid) && !holders.has(uid)) holders.set(uid, file);
  for (const absPath of discovered.unselected?.dashboardFiles ?? []) {
    const file = toSlashes(relative(where.cwd, absPath));
    const uid = readUidOnce(where.uidReads, absPath, file, dashboardUid);
    if (typeof uid === 'string' && uids.has(uid) && !holders.has(uid)) holders.set(uid, file);
  }
  return holders;
}
