import { titleSlugKey } from './title-slug-key.js';

/** A folder and a dashboard clash when this key, of their parent and title, is the same. */
export function folderBesideKey(parentUid: string | null, title: string): string {
  return `${parentUid ?? ''}\u0000${titleSlugKey(title)}`;
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
  const where = folder.dir ? `directory ${folder.dir} (folder ${folder.uid})` : `folder ${folder.uid}`;
  const parent = folder.parentUid ? `folder ${folder.parentUid}` : 'the General level';
  return (
    `folder title clash: ${where} would be titled "${folder.title}" in ${parent}, where dashboard ${dashboard} is titled "${dashboardTitle}"; ` +
    'Grafana 11.2 and older refuse a folder named like a dashboard beside it ("Folder name cannot be the same as one of its dashboards"), so apply would fail there: ' +
    'give the folder another "title" in its _folder.json, or rename the dashboard'
  );
}
