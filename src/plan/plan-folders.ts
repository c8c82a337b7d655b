import type { FieldChange } from '../diff/types.js';
import type { FolderEntry } from '../files/types.js';
import type { Folder } from '../grafana/types.js';
import type { FolderAction } from './types.js';

/**
 * Pure: folder actions for every directory of the tree, parents first (the tree lists
 * parents before children when sorted by depth), so apply can run them in order.
 */
export function planFolders(treeFolders: FolderEntry[], liveFolders: Map<string, Folder>): FolderAction[] {
  const ordered = [...treeFolders].sort((a, b) => depth(a.dir) - depth(b.dir) || a.dir.localeCompare(b.dir));
  return ordered.map((folder): FolderAction => {
    const live = liveFolders.get(folder.uid);
    const base = { uid: folder.uid, title: folder.title, parentUid: folder.parentUid, dir: folder.dir };
    if (!live) return { ...base, action: 'folder-create', live: null, changes: [] };
    const changes: FieldChange[] = [];
    if (live.title !== folder.title) changes.push({ path: 'title', kind: 'changed', before: live.title, after: folder.title });
    if (live.parentUid !== folder.parentUid) {
      changes.push({ path: 'parentUid', kind: 'changed', before: live.parentUid, after: folder.parentUid });
    }
    return {
      ...base,
      action: changes.length > 0 ? 'folder-update' : 'folder-noop',
      live: { title: live.title, parentUid: live.parentUid, version: live.version },
      changes,
    };
  });
}

/** Pure: folder-delete actions, children before parents, for managed folders that left the tree and will be empty. */
export function planFolderDeletes(candidates: Folder[], remainingDashboardsByFolder: Map<string, number>, liveFolders: Map<string, Folder>): FolderAction[] {
  const candidateUids = new Set(candidates.map((f) => f.uid));
  const keeps = (uid: string): boolean => {
    if ((remainingDashboardsByFolder.get(uid) ?? 0) > 0) return true;
    for (const child of liveFolders.values()) {
      if (child.parentUid === uid && (!candidateUids.has(child.uid) || keeps(child.uid))) return true;
    }
    return false;
  };
  return candidates
    .filter((folder) => !keeps(folder.uid))
    .sort((a, b) => folderDepth(b, liveFolders) - folderDepth(a, liveFolders) || a.uid.localeCompare(b.uid))
    .map((folder) => ({
      action: 'folder-delete' as const,
      uid: folder.uid,
      title: folder.title,
      parentUid: folder.parentUid,
      dir: null,
      live: { title: folder.title, parentUid: folder.parentUid, version: folder.version },
      changes: [],
    }));
}

/** The directory path a live folder would have in the tree, from its title chain (for recognising derived uids). */
export function liveFolderPath(folder: Folder, liveFolders: Map<string, Folder>): string {
  const titles: string[] = [];
  let current: Folder | undefined = folder;
  for (let guard = 0; current && guard < 16; guard += 1) {
    titles.unshift(current.title);
    current = current.parentUid ? liveFolders.get(current.parentUid) : undefined;
  }
  return titles.join('/');
}

function depth(dir: string): number {
  return dir === '' ? 0 : dir.split('/').length;
}

function folderDepth(folder: Folder, liveFolders: Map<string, Folder>): number {
  return liveFolderPath(folder, liveFolders).split('/').length;
}

