import type { FolderRecord } from './state.js';

/** A folder may have at most this many ancestors (folderimpl validateParent: MaxNestedFolderDepth = 4). */
export const MAX_ANCESTORS = 4;

/** Ancestors of `uid`, root first, excluding the folder itself. */
export function ancestorsOf(folders: Map<string, FolderRecord>, uid: string): FolderRecord[] {
  const chain: FolderRecord[] = [];
  const seen = new Set<string>([uid]);
  let parentUid = folders.get(uid)?.parentUid ?? '';
  while (parentUid !== '' && !seen.has(parentUid)) {
    const parent = folders.get(parentUid);
    if (!parent) break;
    seen.add(parentUid);
    chain.unshift(parent);
    parentUid = parent.parentUid;
  }
  return chain;
}

/** Every folder below `uid` (not including it). */
export function descendantsOf(folders: Map<string, FolderRecord>, uid: string): FolderRecord[] {
  const children = new Map<string, FolderRecord[]>();
  for (const folder of folders.values()) {
    const list = children.get(folder.parentUid) ?? [];
    list.push(folder);
    children.set(folder.parentUid, list);
  }
  const out: FolderRecord[] = [];
  const queue = [uid];
  while (queue.length > 0) {
    for (const child of children.get(queue.shift()!) ?? []) {
      out.push(child);
      queue.push(child.uid);
    }
  }
  return out;
}

/** Levels below `uid` (0 when it has no subfolders). */
export function subtreeHeight(folders: Map<string, FolderRecord>, uid: string): number {
  let height = 0;
  for (const folder of descendantsOf(folders, uid)) {
    height = Math.max(height, ancestorsOf(folders, folder.uid).length - ancestorsOf(folders, uid).length);
  }
  return height;
}
