import { posix } from 'node:path';
import { FOLDER_FILE } from '../files/discover-tree.js';
import type { ListedDashboard } from '../grafana/port.js';
import { quoteText } from '../report/escape-untrusted.js';
import type { DashboardAction, FolderAction, PlanWarning } from './types.js';

/** The rule of the warning, by which an apply no one reviewed finds the folders to hold (heldTakeovers). */
export const FOLDER_TAKEOVER = 'folder-takeover';

/** Past this many dashboards the line names the first ones and counts the others. */
const NAMED = 5;

/** The folders a plan renames from their live title (the only ones findFolderTakeovers may name): their uid and directory. */
export function selectRenamedFolders(folders: readonly FolderAction[]): { uid: string; dir: string; liveTitle: string }[] {
  return folders.flatMap((folder) =>
    folder.action !== 'update' || folder.dir === null || folder.live === null || folder.live.title === folder.title ? [] : [{ uid: folder.uid, dir: folder.dir, liveTitle: folder.live.title }],
  );
}

/**
 * Pure (walk-62 H5): a `_folder.json` whose uid is a live folder of another title (the plan renames it) whose every dashboard
 * prune deletes, none of them ever pushed by dashsync (`pushed`: what the history read says of each), and which the tree did
 * not already hold as it is now (`heldBefore`: the commit before HEAD's `_folder.json` there named the uid and the live title):
 * a folder made and filled in Grafana by someone else, which this tree takes over by its uid. One warning per such folder,
 * naming it by the title it has now; `takeover` says the uids, for an apply no one reviewed to hold.
 */
export function findFolderTakeovers(
  folders: readonly FolderAction[],
  dashboards: readonly DashboardAction[],
  live: readonly ListedDashboard[],
  known: { pushed: (uid: string) => boolean; heldBefore: ReadonlySet<string> },
  display: (dir: string) => string,
): Extract<PlanWarning, { kind: 'other' }>[] {
  const { pushed, heldBefore } = known;
  const deletes = new Set(dashboards.filter((d) => d.action === 'delete').map((d) => d.uid));
  const renamed = new Set(selectRenamedFolders(folders).map((folder) => folder.uid));
  const warnings: Extract<PlanWarning, { kind: 'other' }>[] = [];
  for (const folder of folders) {
    if (!renamed.has(folder.uid) || heldBefore.has(folder.uid) || folder.dir === null || folder.live === null) continue;
    const inside = live.filter((d) => d.folderUid === folder.uid).map((d) => d.uid).sort();
    if (inside.length === 0 || !inside.every((uid) => deletes.has(uid) && !pushed(uid))) continue;
    const named = inside.slice(0, NAMED).join(', ') + (inside.length > NAMED ? `, and ${inside.length - NAMED} more` : '');
    const file = posix.join(display(folder.dir), FOLDER_FILE);
    warnings.push({
      kind: 'other',
      uid: folder.uid,
      rule: FOLDER_TAKEOVER,
      file,
      message:
        `folder takeover: this plan takes over folder ${quoteText(folder.live.title)} (${folder.uid}), made in Grafana, never dashsync's: ${file} renames it ${quoteText(folder.title)} ` +
        `and prune deletes its ${inside.length === 1 ? 'dashboard' : `${inside.length} dashboards`} no file holds, none of which dashsync pushed (${named}). ` +
        `If that folder is not this tree's, give ${file} a uid of its own`,
    });
  }
  return warnings;
}
