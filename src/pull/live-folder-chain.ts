import type { LiveFolder } from '../grafana/port.js';

/** A live folder and the ones above it, as far as Grafana's list holds them. */
export interface LiveFolderChain {
  /** From the top level down to the folder (only the part below `unknown` when the list lacks one). */
  folders: LiveFolder[];
  /** The first folder from the start up that the list does not hold; null when the chain reaches the top (or loops). */
  unknown: string | null;
}

/** Pure: walks `folderUid`'s parents in `folders`. */
export function liveFolderChain(folderUid: string | null, folders: ReadonlyMap<string, LiveFolder>): LiveFolderChain {
  const chain: LiveFolder[] = [];
  const seen = new Set<string>();
  for (let uid = folderUid; uid !== null && !seen.has(uid); ) {
    seen.add(uid);
    const folder = folders.get(uid);
    if (!folder) return { folders: chain, unknown: uid };
    chain.unshift(folder);
    uid = folder.parentUid;
  }
  return { folders: chain, unknown: null };
}
