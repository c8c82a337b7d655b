import { describeDeployedWith } from './deployed-together.js';
import { titleSlugKey } from './title-slug-key.js';
import { quoteText } from '../report/escape-untrusted.js';

/** A folder and a dashboard clash when this key, of their parent and title, is the same. */
export function folderBesideKey(parentUid: string | null, title: string): string {
  return `${parentUid ?? ''}\u0000${titleSlugKey(title)}`;
}

/** How a clash names a folder: its directory where the tree has it, else its uid (a folder only Grafana has). */
export function describeFolderPlace(folder: { uid: string; dir: string | null }): string {
  return folder.dir ? `directory ${folder.dir} (folder ${folder.uid})` : `folder ${folder.uid} (in Grafana, not in the tree)`;
}

/** A folder whose title Grafana 11.2 and older refuse beside a dashboard of its parent. */
export interface FolderDashboardClash {
  folder: { uid: string; title: string; parentUid: string | null; dir: string | null };
  /** How the dashboard is named to the reader: its uid, and its file where that helps. */
  dashboard: string;
  dashboardTitle: string;
}

/**
 * The one wording of that clash, for plan (online: the dashboard is in Grafana) and check
 * (offline: its file is beside the folder's directory). Titles come from outside: the caller's
 * renderer escapes them.
 */
export function describeFolderDashboardClash({ folder, dashboard, dashboardTitle }: FolderDashboardClash): string {
  const parent = folder.parentUid ? `folder ${folder.parentUid}` : 'the General level';
  return (
    `folder title clash: ${describeFolderPlace(folder)} would be titled ${quoteText(folder.title)} in ${parent}, where dashboard ${dashboard} is titled ${quoteText(dashboardTitle)}; ` +
    'Grafana 11.2 and older refuse a folder named like a dashboard beside it ("Folder name cannot be the same as one of its dashboards"), so applying this tree to one of those would fail (12 and later allow it): ' +
    'give the folder another "title" in its _folder.json, or rename the dashboard'
  );
}

/** A dashboard whose title Grafana 11.2 and older refuse because a folder of the org, in any parent, has it. */
export interface DashboardFolderClash {
  /** How the dashboard is named to the reader: its uid, and its file where that helps. */
  dashboard: string;
  dashboardTitle: string;
  folder: { uid: string; title: string; dir: string | null };
  /** check per environment: the environments that deploy both (named after the folder). */
  environments?: readonly string[];
}

/**
 * The one wording of the other side of that clash (Grafana's title check sets a dashboard against
 * every folder of the org), for plan and check alike. Titles come from outside: the caller's
 * renderer escapes them.
 */
export function describeDashboardFolderClash({ dashboard, dashboardTitle, folder, environments = [] }: DashboardFolderClash): string {
  return (
    `title clash: dashboard ${dashboard} is titled ${quoteText(dashboardTitle)}, and ${describeDeployedWith(describeFolderPlace(folder), environments)} is titled ${quoteText(folder.title)}; ` +
    'Grafana 11.2 and older refuse to save a dashboard named like any folder of the org ("Dashboard name cannot be the same as folder"), so applying this tree to one of those would fail (12 and later allow it): ' +
    'rename the dashboard, or the folder'
  );
}
