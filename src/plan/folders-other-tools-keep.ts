import type { LiveFolder } from '../grafana/port.js';

/**
 * Pure: every live folder another tool keeps (an `owner`: a Git Sync repository's folders on Grafana 13) or that lies
 * below one, mapped to the nearest such folder. Prune deletes nothing in them, and never the folders: the tool would
 * bring them back, or (Git Sync) Grafana turns the delete into a commit in its repository.
 */
export function foldersOtherToolsKeep(liveFolders: ReadonlyMap<string, LiveFolder>): Map<string, LiveFolder & { owner: NonNullable<LiveFolder['owner']> }> {
  const kept = new Map<string, LiveFolder & { owner: NonNullable<LiveFolder['owner']> }>();
  for (const folder of liveFolders.values()) {
    const seen = new Set<string>();
    for (let at: LiveFolder | undefined = folder; at && !seen.has(at.uid); at = at.parentUid === null ? undefined : liveFolders.get(at.parentUid)) {
      seen.add(at.uid);
      if (at.owner) {
        kept.set(folder.uid, { ...at, owner: at.owner });
        break;
      }
    }
  }
  return kept;
}
