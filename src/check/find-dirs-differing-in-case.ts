import type { FolderEntry } from '../files/types.js';
import { groupBy } from '../group-by.js';
import { compareCodeUnitsBy } from '../compare-code-units.js';

/** The rule of two sibling directories of the tree whose names differ only in case. */
export const DIR_NAME_CASE_RULE = 'dir-name-case';

export interface DirsDifferingInCase {
  /** The directory the line is said on (root-relative): the later of the two in code-unit order. */
  dir: string;
  otherDir: string;
  message: string;
}

/**
 * Pure: each pair of sibling folder directories (`Team/`, `team/`) whose names differ only in case. A case-insensitive checkout
 * (macOS, Windows) makes them one directory, whose files then land in one folder, another folder for half of them than on
 * Linux, and two files of one name in them one file (file-name-case names those); and two folders titled from those names are one title to Grafana 11.2 and older, which refuse the second
 * (folderTitleKey). A title a `_folder.json` gives is judged by findFolderTitleDuplicates instead. Sorted by `dir`; `show`: a
 * directory as the line names it.
 */
export function findDirsDifferingInCase(folders: readonly Pick<FolderEntry, 'dir' | 'source'>[], show: (dir: string) => string = (dir) => dir): DirsDifferingInCase[] {
  const byKey = groupBy(folders, (folder) => {
    const slash = folder.dir.lastIndexOf('/');
    return `${folder.dir.slice(0, slash + 1)}\u0000${folder.dir.slice(slash + 1).toLowerCase()}`;
  });
  const found: DirsDifferingInCase[] = [];
  for (const group of byKey.values()) {
    const sorted = [...group].sort(compareCodeUnitsBy(({ dir }) => dir));
    const [first] = sorted;
    for (const folder of sorted.slice(1)) found.push({ dir: folder.dir, otherDir: first!.dir, message: describe(folder, first!, show) });
  }
  return found.sort(compareCodeUnitsBy(({ dir }) => dir));
}

function describe(folder: Pick<FolderEntry, 'dir' | 'source'>, other: Pick<FolderEntry, 'dir' | 'source'>, show: (dir: string) => string): string {
  const titled = folder.source === 'derived' && other.source === 'derived'
    ? `; their folders take those names as titles, one title to Grafana 11.2 and older (which compare sibling titles in any case), so they refuse the second folder and apply fails there`
    : '';
  return (
    `directory ${show(folder.dir)} and its sibling ${show(other.dir)} differ only in case: on a case-insensitive checkout (macOS, Windows) they are one directory, ` +
    `so their files land in one folder there, and files of one name in both are one file there${titled}; rename one of them (git mv), or move its files into the other`
  );
}
