import { readTreeUidsOf } from './read-tree-uids.js';
import { compareCodeUnitsBy } from '../compare-code-units.js';

/** A dashboard a file of the tree holds that waits in Grafana's "Recently deleted": `file` as the user's shell reaches it. */
export interface TreeDashboardInTrash {
  uid: string;
  file: string;
}

/**
 * The tree's dashboards that Grafana's "Recently deleted" holds (`readTrash`: the uids it holds, null where this Grafana has
 * no trash), and that `restore --all` does not take (`taken`: the uids its backups bring back): deleted in Grafana (the UI, a
 * folder's delete), so no backup of dashsync's names them, yet `restore <uid>` brings each back as it was deleted, with its id. The trash
 * is read only when the tree holds a dashboard; sorted by uid; none without a readable tree or trash.
 */
export async function findTreeDashboardsInTrash(
  tree: { root: string; cwd: string },
  readTrash: () => Promise<ReadonlyMap<string, unknown> | null>,
  taken: ReadonlySet<string>,
): Promise<TreeDashboardInTrash[]> {
  const read = await readTreeUidsOf(tree.root, tree.cwd);
  if (read.kind !== 'read' || read.uids.dashboards.size === 0) return [];
  const held = await readTrash();
  if (held === null) return [];
  return [...read.uids.dashboards]
    .filter(([uid]) => held.has(uid) && !taken.has(uid))
    .map(([uid, file]) => ({ uid, file }))
    .sort(compareCodeUnitsBy(({ uid }) => uid));
}
