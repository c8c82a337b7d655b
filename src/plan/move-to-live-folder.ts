import { posix } from 'node:path';
import type { Tree } from '../files/types.js';

/**
 * Pure: where in the tree a dashboard's file goes to stand for the folder Grafana has it in (`liveFolderUid`; null: General,
 * the root): that folder's directory (the first the tree has) under the file's own name, relative to the working directory as
 * `file` is (`root`: the tree's root from there). Undefined where the tree has no directory for that folder, or the name is
 * taken there.
 */
export function moveToLiveFolder(file: string, liveFolderUid: string | null, tree: Pick<Tree, 'folders' | 'idleFolders' | 'dashboards'>, root: string): string | undefined {
  const dir = liveFolderUid === null ? '' : [...tree.folders, ...tree.idleFolders].find((folder) => folder.uid === liveFolderUid)?.dir;
  if (dir === undefined) return undefined;
  const to = posix.normalize(posix.join(root, dir, posix.basename(file)));
  return tree.dashboards.some((dashboard) => dashboard.file === to) ? undefined : to;
}
