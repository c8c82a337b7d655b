import { compareCodeUnits } from '../compare-code-units.js';
import { describeManager } from '../grafana/ownership.js';
import type { DashboardSummary as SearchHit, LiveFolder } from '../grafana/port.js';
import { quoteText } from '../report/escape-untrusted.js';

/** How many dashboards of one folder the note names before it counts the rest. */
const NAMED_PER_FOLDER = 5;

/**
 * Pure: the live dashboards pull writes no file for because their folder is another tool's (`grafana.app/managedBy`:
 * Terraform, Git Sync, kubectl…). Their directory would name that folder, which plan refuses (folder-managed-elsewhere).
 * A dashboard a file of the tree holds stays in the pull: the file is the user's, and a pull that did not list it would
 * take it for gone.
 */
export function findManagedFolderDashboards(live: readonly SearchHit[], folders: ReadonlyMap<string, LiveFolder>, held: (uid: string) => boolean): Set<string> {
  return new Set(live.filter((hit) => hit.folderUid !== null && folders.get(hit.folderUid)?.owner !== undefined && !held(hit.uid)).map((hit) => hit.uid));
}

/**
 * Pure: the one note naming the folders whose dashboards this pull's scope selected and left out (`leftOut`), with
 * their owner and why; null when none was. Server text: the note is escaped when printed.
 */
export function describeManagedFoldersLeftOut(selected: readonly SearchHit[], leftOut: ReadonlySet<string>, folders: ReadonlyMap<string, LiveFolder>): string | null {
  const byFolder = new Map<string, string[]>();
  for (const hit of selected) {
    if (!leftOut.has(hit.uid) || hit.folderUid === null) continue;
    byFolder.set(hit.folderUid, [...(byFolder.get(hit.folderUid) ?? []), hit.uid]);
  }
  if (byFolder.size === 0) return null;
  const count = [...byFolder.values()].reduce((sum, uids) => sum + uids.length, 0);
  const each = [...byFolder.entries()]
    .sort(([a], [b]) => compareCodeUnits(a, b))
    .map(([uid, uids]) => {
      const folder = folders.get(uid)!;
      const sorted = [...uids].sort(compareCodeUnits);
      const named = sorted.length > NAMED_PER_FOLDER ? `${sorted.slice(0, NAMED_PER_FOLDER).join(', ')} and ${sorted.length - NAMED_PER_FOLDER} more` : sorted.join(', ');
      return `${uid} ${quoteText(folder.title)}, ${describeManager(folder.owner!)} (${named})`;
    });
  const one = byFolder.size === 1;
  return (
    `not pulled: ${count} dashboard${count === 1 ? '' : 's'} in ${one ? 'a folder' : `${byFolder.size} folders`} another tool manages: ${each.join('; ')}. ` +
    `dashsync never writes in a folder another tool manages, and plan refuses a directory for one (folder-managed-elsewhere): change ${count === 1 ? 'it' : 'them'} where ${one ? 'that folder is' : 'those folders are'} managed`
  );
}
