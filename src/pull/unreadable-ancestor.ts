import type { LiveFolder } from '../grafana/port.js';

/**
 * The first folder above `folderUid` that Grafana did not give (a parent the token cannot read:
 * Grafana lists a folder shared with a user inside one they cannot view); null when the chain
 * reaches the top. Without it the folder's directory, and every file below it, would be wrong.
 */
export function unreadableAncestor(folderUid: string | null, folders: ReadonlyMap<string, LiveFolder>): string | null {
  const seen = new Set<string>();
  for (let uid = folderUid; uid !== null && !seen.has(uid); ) {
    seen.add(uid);
    const folder = folders.get(uid);
    if (!folder) return uid;
    uid = folder.parentUid;
  }
  return null;
}
