import type { LiveFolder } from '../grafana/port.js';

/**
 * What a refused read (403) of a tree dashboard says of the folder its file goes to: `hidden`, that folder exists and
 * these credentials cannot see it (a read of it was refused where a 403 proves it there: `/apis`); `inferred`, the folder
 * listing does not show it, so it may hide the dashboard, or not exist (`/api`: a folder's read proves nothing); `readable`,
 * the listing shows it (or it is the General level), so it is not what hides the dashboard: another folder, or the
 * dashboard's own permissions, do.
 */
export type HidingJudgement = 'hidden' | 'inferred' | 'readable';

/** Pure: the one judgement the plan's `unreadable` warning (setApartUnreadable) and a refused read's error hint (nameHidingFolder) share. */
export function judgeHidingFolder(folderUid: string | null, liveFolders: ReadonlyMap<string, LiveFolder>, hiddenFolders: ReadonlySet<string>): HidingJudgement {
  if (folderUid === null) return 'readable';
  if (hiddenFolders.has(folderUid)) return 'hidden';
  return liveFolders.has(folderUid) ? 'readable' : 'inferred';
}
