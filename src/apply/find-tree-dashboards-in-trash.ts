import type { GrafanaPort } from '../grafana/port.js';
import { readTreeUidsOf } from '../files/read-tree-uids.js';
import { readTrashForPreview, heldInTrash } from './preview-restore-source.js';

/** A dashboard a file of the tree holds that waits in Grafana's "Recently deleted": `file` as the user's shell reaches it. */
export interface TreeDashboardInTrash {
  uid: string;
  file: string;
}

/**
 * The tree's dashboards that Grafana's "Recently deleted" holds, and that `restore --all` does not take (`taken`: the uids its
 * backups bring back): deleted in Grafana (the UI, a folder's delete), so no backup of dashsync's names them, yet `restore
 * <uid>` brings each back as it was deleted, with its id. One trash list read (none where this Grafana has no trash); sorted by uid; none
 * without a readable tree or trash.
 */
export async function findTreeDashboardsInTrash(
  grafana: Pick<GrafanaPort, 'describeServer' | 'recentlyDeletedUids'>,
  tree: { root: string; cwd: string },
  taken: ReadonlySet<string>,
): Promise<TreeDashboardInTrash[]> {
  const read = await readTreeUidsOf(tree.root, tree.cwd);
  if (read.kind !== 'read' || read.uids.dashboards.size === 0) return [];
  const held = heldInTrash(await readTrashForPreview(grafana, true));
  if (held === null) return [];
  return [...read.uids.dashboards]
    .filter(([uid]) => held.has(uid) && !taken.has(uid))
    .map(([uid, file]) => ({ uid, file }))
    .sort((a, b) => (a.uid < b.uid ? -1 : a.uid > b.uid ? 1 : 0));
}
