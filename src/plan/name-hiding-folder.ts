import { PermissionError } from '../errors.js';
import type { Tree } from '../files/types.js';
import { dashboardOfRequest } from '../grafana/http/dashboard-of-request.js';

/**
 * A read of a tree dashboard Grafana refused (403): the error, with the folder its file goes to, whose permissions
 * hide the dashboard from these credentials (a non-Admin reads a dashboard through its folder's grants).
 * Any other error is returned as it is.
 */
export function nameHidingFolder(error: unknown, tree: Pick<Tree, 'dashboards' | 'folders'>, displayDir: (dir: string) => string): unknown {
  if (!(error instanceof PermissionError) || error.method !== 'GET' || error.hidingFolder !== undefined) return error;
  // The route alone (a read of one dashboard by its path), not a list's fieldSelector.
  const uid = dashboardOfRequest(error.path.split('?', 1)[0]!);
  const entry = uid === null ? undefined : tree.dashboards.find((dashboard) => dashboard.uid === uid);
  const folder = entry?.folderUid == null ? undefined : tree.folders.find((candidate) => candidate.uid === entry.folderUid);
  if (folder !== undefined) error.hidingFolder = { uid: folder.uid, title: folder.title, dir: displayDir(folder.dir) };
  return error;
}
