import type { GrafanaHttpError } from '../errors.js';
import { describeFolderPlace as where } from '../files/describe-folder-dashboard-clash.js';
import type { GrafanaPort, LiveFolder } from '../grafana/port.js';
import { describeFolderTitleFix } from '../files/describe-folder-title-clash.js';
import type { FolderAction } from '../plan/types.js';
import { quoteText } from '../report/escape-untrusted.js';

/**
 * Grafana's refusal, then the sibling that holds the title as the folder listing shows it now (its directory where
 * the tree has it) and what to do; when no folder these credentials see holds it, the holder is hidden from them.
 * A listing that cannot be read leaves the holder unnamed.
 */
export async function describeFolderTitleRefusal(
  error: GrafanaHttpError,
  folder: FolderAction,
  grafana: Pick<GrafanaPort, 'listFolders'>,
  treeDirs: ReadonlyMap<string, string | null>,
): Promise<string> {
  const parent = folder.parentUid ? `folder ${folder.parentUid}` : 'the General level';
  const rule = 'Grafana 11.2 and older refuse two folders of one title under one parent';
  let listed: LiveFolder[] | null;
  try {
    listed = await grafana.listFolders();
  } catch {
    listed = null;
  }
  if (listed === null) return `${error.message}: another folder in ${parent} is titled ${quoteText(folder.title)} (any case); ${rule}: ${describeFolderTitleFix(false)}`;
  const holder = listed.find((live) => live.uid !== folder.uid && live.parentUid === folder.parentUid && live.title.toLowerCase() === folder.title.toLowerCase());
  if (holder === undefined) {
    return (
      `${error.message}: no folder these credentials can see in ${parent} is titled ${quoteText(folder.title)} (any case): ` +
      `the folder that holds the title is probably hidden from them (folder permissions); ${rule}: give ${where(folder)} another "title" in its _folder.json, or ask an admin which folder holds that title`
    );
  }
  const other = { uid: holder.uid, dir: treeDirs.get(holder.uid) ?? null };
  return `${error.message}: ${where(other)} is titled ${quoteText(holder.title)} in ${parent}; ${rule}: ${describeFolderTitleFix(other.dir !== null)}`;
}
