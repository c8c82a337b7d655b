import { posix } from 'node:path';
import { FOLDER_FILE } from '../files/discover-tree.js';
import type { ListedDashboard } from '../grafana/port.js';
import { quoteText } from '../report/escape-untrusted.js';
import type { DashboardAction, FolderAction, PlanWarning } from './types.js';

/** The rule of the warning, by which an apply no one reviewed finds the folders to hold (heldTakeovers). */
export const FOLDER_TAKEOVER = 'folder-takeover';

/** Past this many dashboards the line names the first ones and counts the others. */
const NAMED = 5;

/**
 * Pure (walk-62 H5): a `_folder.json` whose uid is a live folder of another title (the plan renames it) whose every dashboard
 * prune deletes, none of them ever pushed by dashsync (`pushed`: the uids whose newest save is dashsync's, or one dashsync made
 * that someone saved since): a folder made and filled in Grafana by someone else, which this tree takes over by its uid. One
 * warning per such folder, naming it by the title it has now; `takeover` says the uids, for an apply no one reviewed to hold.
 */
export function findFolderTakeovers(
  folders: readonly FolderAction[],
  dashboards: readonly DashboardAction[],
  live: readonly ListedDashboard[],
  pushed: (uid: string) => boolean,
  display: (dir: string) => string,
): Extract<PlanWarning, { kind: 'other' }>[] {
  const deletes = new Set(dashboards.filter((d) => d.action === 'delete').map((d) => d.uid));
  const warnings: Extract<PlanWarning, { kind: 'other' }>[] = [];
  for (const folder of folders) {
    if (folder.action !== 'update' || folder.dir === null || folder.live === null || folder.live.title === folder.title) continue;
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
