import type { FieldChange } from '../diff/types.js';
import type { FolderEntry } from '../files/types.js';
import type { LiveFolder } from '../grafana/port.js';
import { actionId, type ActionId, type FolderAction } from './types.js';

/**
 * Pure: folder actions for every directory of the tree, parents first (the tree lists
 * parents before children when sorted by depth). A folder depends on its parent's action.
 */
export function decideFolders(treeFolders: FolderEntry[], liveFolders: Map<string, LiveFolder>): FolderAction[] {
  const ordered = [...treeFolders].sort((a, b) => depth(a.dir) - depth(b.dir) || a.dir.localeCompare(b.dir));
  return ordered.map((folder): FolderAction => {
    const live = liveFolders.get(folder.uid);
    const base = {
      kind: 'folder' as const,
      uid: folder.uid,
      title: folder.title,
      parentUid: folder.parentUid,
      dir: folder.dir,
      dependsOn: folder.parentUid === null ? [] : [actionId('folder', folder.parentUid)],
    };
    if (!live) return { ...base, action: 'create', live: null, changes: [] };
    const changes = folderChanges(folder, live);
    const parentTitle = live.parentUid !== folder.parentUid && live.parentUid !== null ? liveFolders.get(live.parentUid)?.title : undefined;
    return {
      ...base,
      action: changes.length > 0 ? 'update' : 'noop',
      dependsOn: changes.length > 0 ? base.dependsOn : [],
      live: {
        title: live.title,
        parentUid: live.parentUid,
        revision: live.revision,
        ...(live.internalId !== undefined && { internalId: live.internalId }),
        ...(parentTitle !== undefined && { parentTitle }),
      },
      changes,
    };
  });
}

/** Title and parent differences live → tree; empty when the folder is as the tree wants it. */
export function folderChanges(folder: FolderEntry, live: LiveFolder): FieldChange[] {
  const changes: FieldChange[] = [];
  if (live.title !== folder.title) changes.push({ path: 'title', kind: 'changed', before: live.title, after: folder.title });
  if (live.parentUid !== folder.parentUid) changes.push({ path: 'parentUid', kind: 'changed', before: live.parentUid, after: folder.parentUid });
  return changes;
}

/**
 * Pure: folder deletes, children before parents, for managed folders that left the tree and
 * will be empty. Each waits for what leaves it first: its subfolders' deletes and the
 * dashboards and library panels the plan deletes or moves out of it (`leaving`: action id → its live folder).
 */
export function decideFolderDeletes(
  candidates: LiveFolder[],
  remainingDashboardsByFolder: Map<string | null, number>,
  liveFolders: Map<string, LiveFolder>,
  leaving: Map<ActionId, string | null>,
): FolderAction[] {
  const candidateUids = new Set(candidates.map((f) => f.uid));
  const keeps = (uid: string): boolean => {
    if ((remainingDashboardsByFolder.get(uid) ?? 0) > 0) return true;
    for (const child of liveFolders.values()) {
      if (child.parentUid === uid && (!candidateUids.has(child.uid) || keeps(child.uid))) return true;
    }
    return false;
  };
  const deleted = candidates.filter((folder) => !keeps(folder.uid));
  const deletedUids = new Set(deleted.map((f) => f.uid));
  return deleted
    .sort((a, b) => folderDepth(b, liveFolders) - folderDepth(a, liveFolders) || a.uid.localeCompare(b.uid))
    .map((folder) => ({
      kind: 'folder' as const,
      action: 'delete' as const,
      uid: folder.uid,
      title: folder.title,
      parentUid: folder.parentUid,
      dir: null,
      live: { title: folder.title, parentUid: folder.parentUid, revision: folder.revision },
      changes: [],
      dependsOn: [
        ...[...liveFolders.values()].filter((child) => child.parentUid === folder.uid && deletedUids.has(child.uid)).map((child) => actionId('folder', child.uid)),
        ...[...leaving].filter(([, from]) => from === folder.uid).map(([id]) => id),
      ].sort(),
    }));
}

/** The directory path a live folder would have in the tree, from its title chain (for recognising derived uids). */
export function liveFolderPath(folder: LiveFolder, liveFolders: ReadonlyMap<string, LiveFolder>): string {
  const titles: string[] = [];
  let current: LiveFolder | undefined = folder;
  for (let guard = 0; current && guard < 16; guard += 1) {
    titles.unshift(current.title);
    current = current.parentUid ? liveFolders.get(current.parentUid) : undefined;
  }
  return titles.join('/');
}

function depth(dir: string): number {
  return dir === '' ? 0 : dir.split('/').length;
}

function folderDepth(folder: LiveFolder, liveFolders: Map<string, LiveFolder>): number {
  return liveFolderPath(folder, liveFolders).split('/').length;
}
