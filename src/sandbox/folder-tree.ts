import type { GrafanaVersion } from './types.js';
import type { FolderRecord } from './state.js';

/**
 * How many ancestors a folder may have, so 5 levels (README "Folder depth"): folderimpl validateParent refuses a parent
 * whose ancestors number MaxNestedFolderDepth (4); the folder apiserver's validateOnCreate refuses more than
 * maxDepth + 1 folders on the chain from the top down to the new one. 13 reads it from `[folder] max_nested_folder_depth`.
 */
export const DEFAULT_MAX_NESTED_FOLDER_DEPTH = 4;

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

/**
 * The most ancestors a folder may have on `version`: 13 reads `[folder] max_nested_folder_depth` (pkg/setting
 * readFolderSettings: default 4, above 7 is 7, below 1 is 1); 11.2 and 12 have no such setting.
 */
export function resolveMaxNestedFolderDepth(version: GrafanaVersion, configured: number | undefined): number {
  if (configured === undefined) return DEFAULT_MAX_NESTED_FOLDER_DEPTH;
  if (version !== '13') throw new Error(`maxNestedFolderDepth is a Grafana 13 setting ([folder] max_nested_folder_depth); ${version} has none`);
  if (!Number.isInteger(configured)) throw new Error(`maxNestedFolderDepth must be an integer, not ${configured}`);
  return Math.min(7, Math.max(1, configured));
}
