import type { FolderEntry } from '../files/types.js';
import { describeFolderTitleClash, folderTitleKey } from '../files/describe-folder-title-clash.js';
import { groupBy } from '../group-by.js';

export interface FolderTitleDuplicate {
  /** The folder's directory, relative to the root: its `_folder.json` holds the title. */
  dir: string;
  message: string;
}

/**
 * Pure, offline: each folder whose `_folder.json` title another folder of the tree under the same parent has too
 * (any case). Grafana 11.2 and older refuse the second (409 "a folder or dashboard in the general folder with the
 * same name already exists"); the online plan warns the same way, with the folders only Grafana has too. A title
 * taken from the directory's name is said only on the other side's `_folder.json`: there is no file to change.
 * One finding per folder, naming the first such sibling in tree order that reaches one Grafana with it (`together`: the
 * environments that deploy both directories' folders, DeployedTogether; without it, all do).
 */
export function findFolderTitleDuplicates(
  folders: readonly FolderEntry[],
  together: (dir: string, otherDir: string) => string[] | undefined = () => [],
): FolderTitleDuplicate[] {
  const siblings = groupBy(folders, (folder) => folderTitleKey(folder.parentUid, folder.title));
  const findings: FolderTitleDuplicate[] = [];
  for (const folder of folders) {
    if (folder.source !== 'folder-file') continue;
    for (const other of siblings.get(folderTitleKey(folder.parentUid, folder.title))!) {
      const environments = other.uid === folder.uid ? undefined : together(folder.dir, other.dir);
      if (environments === undefined) continue;
      findings.push({ dir: folder.dir, message: describeFolderTitleClash(folder, other, environments) });
      break;
    }
  }
  return findings;
}
