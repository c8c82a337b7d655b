import { describeFolderPlace as where } from './describe-folder-dashboard-clash.js';
import { describeDeployedWith } from './deployed-together.js';
import { quoteText } from '../report/escape-untrusted.js';

/** A folder where a title clash names it: its uid, title and parent, and its directory when the tree has it. */
export interface TitledFolder {
  uid: string;
  title: string;
  parentUid: string | null;
  dir: string | null;
}

/**
 * The one wording of a clash of two sibling folders' titles, for plan (online: the other may be only in Grafana) and check
 * (offline: both are the tree's `_folder.json`s or directories; `environments`: those that deploy both, when check judges
 * per environment).
 */
export function describeFolderTitleClash(folder: TitledFolder, other: Omit<TitledFolder, 'parentUid'>, environments: readonly string[] = []): string {
  const parent = folder.parentUid ? `folder ${folder.parentUid}` : 'the General level';
  return (
    `folder title clash: ${where(folder)} would be titled ${quoteText(folder.title)} in ${parent}, where ${describeDeployedWith(where(other), environments)} ` +
    `is titled ${quoteText(other.title)}; Grafana 11.2 and older refuse two folders of one title under one parent, so apply would fail there: ${describeFolderTitleFix(other.dir !== null)}`
  );
}

/** What to do about a folder whose title a sibling has: both in the tree, or the other only in Grafana. */
export function describeFolderTitleFix(otherInTree: boolean): string {
  return otherInTree ? 'give one of them another "title" in its _folder.json' : 'give it another "title" in its _folder.json, or rename the other folder in Grafana';
}

/** Grafana 11.2 compares sibling folder titles without regard to case. */
export function folderTitleKey(parentUid: string | null, title: string): string {
  return `${parentUid ?? ''}\u0000${title.toLowerCase()}`;
}
