import { InputError, PermissionError, type Diagnostic } from '../errors.js';
import type { FolderEntry } from '../files/types.js';
import type { GrafanaPort, LiveFolder } from '../grafana/port.js';
import { readFolders } from '../grafana/read-folders.js';
import { folderChanges } from './decide-folders.js';
import { findListedUidCaseTwins } from './find-live-uid-case-twins.js';

export interface LiveFolders {
  /** Every live folder by uid. */
  folders: Map<string, LiveFolder>;
  /** Tree folders the listing does not show whose read was refused (403): planned as creates, not proven absent. */
  unverified: string[];
  /** Tree folders the listing does not show whose `/apis` read was refused (403): they exist, hidden from these credentials. */
  hidden: string[];
}

/**
 * Every live folder by uid, with the tree's folders read one by one where the listing cannot be
 * trusted alone: a folder the listing does not show, where it may lag (`mayLag`: on `/api` of
 * Grafana 12 and later it is a search whose index lags behind writes, so a folder created
 * seconds ago may be missing: a 404 is the proof it is absent, never the listing), and a listed
 * folder without a revision that the tree retitles or moves (apply refuses to change a folder
 * that changed after the plan). At most `concurrency` reads at a time. A 403 on a listed folder
 * means it exists but these credentials cannot read it: no update could be planned, so every such
 * folder is reported at once, on its `_folder.json` (or directory), as an InputError. A 403 on a
 * folder the listing does not show proves nothing: Grafana checks `folders:read` on the uid as
 * asked before it looks the folder up, so a non-Admin is refused a folder that does not exist too
 * (the sandbox README, "Who reads"). It is planned as a create and returned in `unverified`: Grafana
 * refuses the create should the folder exist, hidden from these credentials. On `/apis` (`hiddenProvable`) a read
 * tells the two apart: the folder authorizer answers a uid it cannot resolve with a 500 (read as absent) and a folder
 * it finds but the caller may not read with a 403, so a tree folder the listing leaves out is read there too and a
 * 403 is returned in `hidden`: it exists, and the create planned for it will be refused.
 */
export async function readLiveFolders(
  grafana: Pick<GrafanaPort, 'getFolder'>,
  treeFolders: FolderEntry[],
  listed: LiveFolder[],
  options: { concurrency: number; mayLag: boolean; hiddenProvable?: boolean; displayDir: (dir: string) => string },
): Promise<LiveFolders> {
  const liveFolders = new Map(listed.map((folder) => [folder.uid, folder]));
  // A uid listed in another case only is left to the case-twin check, whose read gets the same 403 and says what it means there.
  const twins = findListedUidCaseTwins(treeFolders, listed.map((folder) => folder.uid));
  const toRead = treeFolders.filter((folder) => {
    const live = liveFolders.get(folder.uid);
    if (live === undefined) return options.mayLag || (options.hiddenProvable === true && !twins.has(folder.uid));
    return live.revision === null && folderChanges(folder, live).length > 0;
  });
  const reads = await readFolders(grafana, toRead.map((entry) => entry.uid), options.concurrency);
  const refused = toRead.filter((entry) => reads.get(entry.uid) instanceof PermissionError && !twins.has(entry.uid));
  const unreadable: Diagnostic[] = refused
    .filter((entry) => liveFolders.has(entry.uid))
    .map((entry) => unreadableFolder(entry, reads.get(entry.uid) as PermissionError, options.displayDir(entry.dir)));
  if (unreadable.length > 0) throw new InputError(unreadable.sort((a, b) => (a.file < b.file ? -1 : 1)), true);
  for (const folder of reads.values()) {
    if (folder !== null && !(folder instanceof PermissionError)) liveFolders.set(folder.uid, folder);
  }
  const unlisted = refused.filter((entry) => !liveFolders.has(entry.uid)).map((entry) => entry.uid);
  return options.hiddenProvable ? { folders: liveFolders, unverified: [], hidden: unlisted } : { folders: liveFolders, unverified: unlisted, hidden: [] };
}

/** The tree folder Grafana has but will not show these credentials (pull leaves such a folder out with a note). */
function unreadableFolder(entry: FolderEntry, error: PermissionError, dir: string): Diagnostic {
  const own = entry.source === 'folder-file';
  return {
    file: own ? `${dir}/_folder.json` : dir,
    severity: 'error',
    rule: 'folder-unreadable',
    message:
      `${describeUnreadableFolder(entry.uid, error, dir)}; grant the token's user or service account access to that folder, ` +
      `or give this directory's folder another uid ${own ? 'in its _folder.json' : 'with a _folder.json'}`,
  };
}

/** `folder X (directory D) exists in Grafana, but these credentials cannot read it (GET …: HTTP 403)`: plan's error, apply's failure. */
export function describeUnreadableFolder(uid: string, error: PermissionError, dir: string | null): string {
  const where = dir === null ? '' : ` (directory ${dir})`;
  return `folder ${uid}${where} exists in Grafana, but these credentials cannot read it (${error.method} ${error.path}: HTTP 403)`;
}
