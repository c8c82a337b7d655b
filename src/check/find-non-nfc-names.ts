import { join, relative, sep } from 'node:path';
import { FOLDER_FILE } from '../files/discover-tree.js';
import { compareCodeUnitsBy } from '../compare-code-units.js';

export interface NonNfcName {
  /** The directory or file so named. */
  absPath: string;
  message: string;
}

/**
 * Pure: the directory and file names below `root`, on the paths of `files`, that are not in Unicode's precomposed form
 * (NFC). macOS (and an archive made there) writes `é` as `e` and a combining accent; Linux, git and Grafana keep the
 * bytes as given, so such a name only looks like the one typed elsewhere. Each name once, at its own path, sorted.
 * `folderFiles`: the `_folder.json` files of the tree (a directory with one takes neither its title nor its uid from its name).
 */
export function findNonNfcNames(root: string, files: readonly string[], folderFiles: readonly string[]): NonNfcName[] {
  const namedByFile = new Set(folderFiles.map((absPath) => join(absPath, '..')));
  const found = new Map<string, NonNfcName>();
  for (const file of files) {
    // NFC never composes across a `/`: a path in NFC has every name on it in NFC (the usual case, said without splitting it).
    if (file === file.normalize('NFC')) continue;
    const parts = relative(root, file).split(sep);
    parts.forEach((name, index) => {
      if (name === name.normalize('NFC')) return;
      const absPath = join(root, ...parts.slice(0, index + 1));
      if (found.has(absPath)) return;
      const isDirectory = index < parts.length - 1;
      found.set(absPath, { absPath, message: describe(name, isDirectory && !namedByFile.has(absPath)) });
    });
  }
  return [...found.values()].sort(compareCodeUnitsBy(({ absPath }) => absPath));
}

function describe(name: string, namesFolder: boolean): string {
  const what = `name "${name}" is not in precomposed Unicode (NFC; macOS writes names decomposed): it only looks like the name typed elsewhere`;
  return namesFolder
    ? `${what}. Its folder gets that title as written (Grafana compares titles as given: it is not the title typed in Grafana) and a uid derived from ` +
        `these bytes (another on a checkout that stores the name precomposed): rename the directory to its NFC form, or give it a ${FOLDER_FILE} with the uid and title`
    : `${what}, so an include/exclude glob or a path typed with that name does not match it: rename it to its NFC form`;
}
