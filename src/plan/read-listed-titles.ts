import type { DashboardOwner, ListedDashboard } from '../grafana/port.js';
import { generalLevelKept } from './decide-deletes.js';
import { generalLevelNamed } from './describe-not-pruned.js';
import type { DashboardAction } from './types.js';

/** Where the plan shows or compares the titles of dashboards it does not write. */
export interface TitleUses {
  /** The plan's actions on the tree's dashboards: a live title where a create, update or move lands may clash (findTitleClashes). */
  actions: readonly DashboardAction[];
  /** Titles unique per folder (≤ 11.2): every dashboard meets the folders' titles (findFolderDashboardClashes). */
  uniqueTitlesPerFolder: boolean;
  /** The dashboards connected to library panels the plan looks at: a panel's users are named with their titles. */
  libraryPanelUsers: Iterable<string>;
  /** `--prune folders`: the uids some file holds and the General level's owners, for the "not pruned (at the General level…)" names. */
  generalLevel?: { claimed: ReadonlySet<string>; owners: ReadonlyMap<string, DashboardOwner> };
}

/**
 * Pure: the dashboards listed without a title (`/apis` metadata pages) whose title the plan shows or compares: every one
 * when the plan creates a dashboard (a live one of its title may be the same under another uid); else those in a folder
 * where an update or move lands, those connected to library panels, and the General level's ones a warning names. The
 * others' titles are never shown: not read.
 */
export function titlesToRead(listed: readonly ListedDashboard[], uses: TitleUses): string[] {
  const untitled = listed.filter((hit) => hit.title === null);
  if (untitled.length === 0) return [];
  // Titles unique per folder, or a create (findCreateTitleTwins: a live dashboard anywhere of the created title): every title.
  if (uses.uniqueTitlesPerFolder || uses.actions.some((action) => action.action === 'create')) return untitled.map((hit) => hit.uid);
  const landing = new Set(uses.actions.filter((action) => action.action === 'create' || action.action === 'update' || action.action === 'move').map((action) => action.folderUid));
  const wanted = new Set(uses.libraryPanelUsers);
  if (uses.generalLevel !== undefined) {
    for (const hit of generalLevelNamed(generalLevelKept(listed, uses.generalLevel.claimed, uses.generalLevel.owners))) wanted.add(hit.uid);
  }
  return untitled.filter((hit) => landing.has(hit.folderUid) || wanted.has(hit.uid)).map((hit) => hit.uid);
}

/** The listing with the titles read (uid → title) put in; a uid read as gone keeps none. */
export function withTitles(listed: readonly ListedDashboard[], titles: ReadonlyMap<string, string>): ListedDashboard[] {
  if (titles.size === 0) return [...listed];
  return listed.map((hit) => (hit.title === null && titles.has(hit.uid) ? { ...hit, title: titles.get(hit.uid)! } : hit));
}
