import type { PruneScope } from '../config/types.js';
import { deriveFolderUid } from '../files/folder-uid.js';
import type { FolderEntry } from '../files/types.js';
import type { DashboardSummary, LiveFolder } from '../grafana/port.js';
import { liveFolderPath } from './decide-folders.js';

/**
 * Pure: the folders dashsync manages — every folder of the tree, plus live folders that
 * dashsync created from a directory that has since left the tree. Those are recognised
 * because their uid is the one derived from the directory path they would have: their
 * title under the path of the nearest ancestor that is still in the tree (whose directory
 * is known even when its title comes from a `_folder.json`), or under their titles' chain.
 */
export function managedFolderUids(treeFolders: FolderEntry[], liveFolders: Map<string, LiveFolder>): Set<string> {
  const managed = new Set(treeFolders.map((folder) => folder.uid));
  const treeDirs = new Map(treeFolders.map((folder) => [folder.uid, folder.dir]));
  const dirOf = (folder: LiveFolder, guard: number): string => {
    const known = treeDirs.get(folder.uid);
    if (known !== undefined) return known;
    const parent = folder.parentUid ? liveFolders.get(folder.parentUid) : undefined;
    return parent && guard < 16 ? `${dirOf(parent, guard + 1)}/${folder.title}` : folder.title;
  };
  for (const folder of liveFolders.values()) {
    if (!managed.has(folder.uid) && (deriveFolderUid(dirOf(folder, 0)) === folder.uid || deriveFolderUid(liveFolderPath(folder, liveFolders)) === folder.uid)) {
      managed.add(folder.uid);
    }
  }
  return managed;
}

/**
 * Pure: live dashboards without a file that prune would delete. `folders` scope: only inside
 * managed folders (never the shared General level); `all`: the whole org.
 */
export function selectPruneCandidates(
  liveDashboards: Iterable<DashboardSummary>,
  treeUids: Set<string>,
  scope: PruneScope,
  managedFolders: Set<string>,
): DashboardSummary[] {
  if (scope === false) return [];
  const candidates: DashboardSummary[] = [];
  for (const hit of liveDashboards) {
    if (treeUids.has(hit.uid)) continue;
    if (scope === 'folders' && (hit.folderUid === null || !managedFolders.has(hit.folderUid))) continue;
    candidates.push(hit);
  }
  return candidates.sort((a, b) => a.uid.localeCompare(b.uid));
}
