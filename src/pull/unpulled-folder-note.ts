import type { LiveFolder } from '../grafana/port.js';
import { liveFolderChain } from './live-folder-chain.js';

/**
 * The note saying why what lives in `folderUid` (`subject`: a dashboard's uid, a library
 * panel's) is not pulled, or null when that folder and every one above it are known: a folder
 * missing from Grafana's list, or one inside a folder the token cannot read (Grafana lists a
 * folder shared with a user inside one they cannot view). Without it the folder's directory,
 * and every file below it, would be wrong. Pure.
 */
export function unpulledFolderNote(subject: string, folderUid: string | null, folders: ReadonlyMap<string, LiveFolder>): string | null {
  const missing = liveFolderChain(folderUid, folders).unknown;
  if (missing === null) return null;
  return missing === folderUid
    ? `${subject}: its folder ${folderUid} is not in Grafana's folder list (no permission to list it?); not pulled`
    : `${subject}: its folder ${folderUid} sits in folder ${missing}, which this token cannot read; not pulled (its path in the tree would be wrong)`;
}
