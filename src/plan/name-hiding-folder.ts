import { PermissionError } from '../errors.js';
import type { Tree } from '../files/types.js';
import type { LiveFolder } from '../grafana/port.js';
import { dashboardOfRequest } from '../grafana/http/dashboard-of-request.js';
import { judgeHidingFolder } from './judge-hiding-folder.js';

/** The folder listing the plan read: the folders it shows, and the tree's folders whose refused read proves them there, hidden. */
export interface FolderListing {
  liveFolders: ReadonlyMap<string, LiveFolder>;
  hiddenFolders: readonly string[];
}

/** Whether nameHidingFolder may name a folder in this error (a refused read not named yet): only then is the listing read for it. */
export function namesHidingFolder(error: unknown): error is PermissionError {
  return error instanceof PermissionError && error.method === 'GET' && error.hidingFolder === undefined;
}

/**
 * A read of a tree dashboard Grafana refused (403): the error, with the folder its file goes to where that folder is what
 * hides it, judged as the plan's `unreadable` warning judges it (judgeHidingFolder): not a folder the listing shows these
 * credentials (then the folder that holds it in Grafana, or its own permissions, hide it: the hint names none), and only
 * as possibly hiding it where the listing merely leaves it out (`inferred`). Without the listing, no folder is named.
 * Any other error is returned as it is.
 */
export function nameHidingFolder(error: unknown, tree: Pick<Tree, 'dashboards' | 'folders'>, displayDir: (dir: string) => string, listing: FolderListing | undefined): unknown {
  if (!namesHidingFolder(error) || listing === undefined) return error;
  // The route alone (a read of one dashboard by its path), not a list's fieldSelector.
  const uid = dashboardOfRequest(error.path.split('?', 1)[0]!);
  const entry = uid === null ? undefined : tree.dashboards.find((dashboard) => dashboard.uid === uid);
  const folder = entry?.folderUid == null ? undefined : tree.folders.find((candidate) => candidate.uid === entry.folderUid);
  if (folder === undefined) return error;
  const judged = judgeHidingFolder(folder.uid, listing.liveFolders, new Set(listing.hiddenFolders));
  if (judged !== 'readable') {
    error.hidingFolder = { uid: folder.uid, title: folder.title, dir: displayDir(folder.dir), ...(judged === 'inferred' && { inferred: true as const }), ...(folder.parentUid === null && { atTop: true as const }) };
  }
  return error;
}
