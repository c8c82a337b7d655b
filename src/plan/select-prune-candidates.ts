import type { PruneScope } from '../config/types.js';
import { deriveFolderUid } from '../files/folder-uid.js';
import type { FolderEntry } from '../files/types.js';
import type { Folder, SearchHit } from '../grafana/types.js';
import { liveFolderPath } from './plan-folders.js';

/**
 * Pure: the folders dashsync manages — every folder of the tree, plus live folders that
 * dashsync created from a directory that has since left the tree (recognised because
 * their uid is the one derived from the directory path their titles spell).
 */
export function managedFolderUids(treeFolders: FolderEntry[], liveFolders: Map<string, Folder>): Set<string> {
  const managed = new Set(treeFolders.map((folder) => folder.uid));
  for (const folder of liveFolders.values()) {
    if (!managed.has(folder.uid) && deriveFolderUid(liveFolderPath(folder, liveFolders)) === folder.uid) {
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
  liveDashboards: Iterable<SearchHit>,
  treeUids: Set<string>,
  scope: PruneScope,
  managedFolders: Set<string>,
): SearchHit[] {
  if (scope === false) return [];
  const candidates: SearchHit[] = [];
  for (const hit of liveDashboards) {
    if (treeUids.has(hit.uid)) continue;
    if (scope === 'folders' && !managedFolders.has(hit.folderUid)) continue;
    candidates.push(hit);
  }
  return candidates.sort((a, b) => a.uid.localeCompare(b.uid));
}
