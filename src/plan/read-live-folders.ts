import pLimit from 'p-limit';
import type { FolderEntry } from '../files/types.js';
import type { GrafanaPort, LiveFolder } from '../grafana/port.js';
import { folderChanges } from './decide-folders.js';

/**
 * Every live folder by uid, with the tree's folders read one by one where the listing cannot be
 * trusted alone: a folder the listing does not show, where it may lag (`mayLag`: on `/api` of
 * Grafana 12 and later it is a search whose index lags behind writes, so a folder created
 * seconds ago may be missing: a 404 is the proof it is absent, never the listing), and a listed
 * folder without a revision that the tree retitles or moves (apply refuses to change a folder
 * that changed after the plan). At most `concurrency` reads at a time.
 */
export async function readLiveFolders(
  grafana: Pick<GrafanaPort, 'getFolder'>,
  treeFolders: FolderEntry[],
  listed: LiveFolder[],
  options: { concurrency: number; mayLag: boolean },
): Promise<Map<string, LiveFolder>> {
  const liveFolders = new Map(listed.map((folder) => [folder.uid, folder]));
  const toRead = treeFolders.filter((folder) => {
    const live = liveFolders.get(folder.uid);
    if (live === undefined) return options.mayLag;
    return live.revision === null && folderChanges(folder, live).length > 0;
  });
  const limit = pLimit(Math.max(1, options.concurrency));
  const read = await Promise.all(toRead.map((entry) => limit(() => grafana.getFolder(entry.uid))));
  for (const folder of read) {
    if (folder) liveFolders.set(folder.uid, folder);
  }
  return liveFolders;
}
