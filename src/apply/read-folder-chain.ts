import type { GrafanaPort, LiveFolder } from '../grafana/port.js';

/** A folder as a backup names it. */
export interface FolderRef {
  uid: string;
  title: string;
}

/** Grafana nests folders at most 4 deep (5 with older releases' 8: a bound, not a rule). */
const MAX_ANCESTORS = 8;

/**
 * The folders above `folderUid`, top level first (empty for a top-level folder or General), so
 * that a backup can say where to create the folder again. Best effort: null when a folder on the
 * way cannot be read (a backup then records no chain, and restore says so); a delete never fails
 * for it. `cache` shares reads between the deletes of one run.
 */
export async function readFolderChain(
  grafana: Pick<GrafanaPort, 'getFolder'>,
  folderUid: string | null,
  cache: Map<string, Promise<LiveFolder | null>> = new Map(),
): Promise<FolderRef[] | null> {
  const chain: FolderRef[] = [];
  const seen = new Set<string>();
  let next = folderUid;
  try {
    while (next !== null) {
      if (seen.has(next) || seen.size > MAX_ANCESTORS) return null;
      seen.add(next);
      if (!cache.has(next)) cache.set(next, grafana.getFolder(next));
      const folder = await cache.get(next)!;
      if (folder === null) return null;
      if (next !== folderUid) chain.unshift({ uid: folder.uid, title: folder.title });
      next = folder.parentUid;
    }
  } catch {
    return null;
  }
  return chain;
}
