import { PermissionError } from '../errors.js';
import type { Tree } from '../files/types.js';

/** The dashboard uid of a refused read of one (`/api/dashboards/uid/<uid>`, `/apis/dashboard.grafana.app/…/dashboards/<uid>`). */
const DASHBOARD_READ = /^\/api(?:\/dashboards\/uid|s\/dashboard\.grafana\.app\/[^/]+\/namespaces\/[^/]+\/dashboards)\/([^/?]+)/;

/**
 * A read of a tree dashboard Grafana refused (403): the error, with the folder its file goes to, whose permissions
 * hide the dashboard from these credentials (a non-Admin reads a dashboard through its folder's grants).
 * Any other error is returned as it is.
 */
export function nameHidingFolder(error: unknown, tree: Pick<Tree, 'dashboards' | 'folders'>, displayDir: (dir: string) => string): unknown {
  if (!(error instanceof PermissionError) || error.method !== 'GET' || error.hidingFolder !== undefined) return error;
  const uid = DASHBOARD_READ.exec(error.path)?.[1];
  const entry = uid === undefined ? undefined : tree.dashboards.find((dashboard) => dashboard.uid === decodeURIComponent(uid));
  const folder = entry?.folderUid == null ? undefined : tree.folders.find((candidate) => candidate.uid === entry.folderUid);
  if (folder !== undefined) error.hidingFolder = { uid: folder.uid, title: folder.title, dir: displayDir(folder.dir) };
  return error;
}
