import { PermissionError } from '../errors.js';
import type { GrafanaPort, LiveFolder } from '../grafana/port.js';
import { readFolders } from '../grafana/read-folders.js';

/**
 * The listed folders plus, where the listing may lag, those it missed but the pull needs: the
 * folders of the given dashboards and library panels, and every ancestor of a known folder. On
 * `/api` of Grafana 12 and later (`mayLag`) the listing is a search whose index lags behind
 * writes; a folder missing from it would put a dashboard at the wrong path, so each is read with
 * GET (at most `concurrency` at a time), level by level up to the root. A folder that is gone (404) or hidden
 * (403) stays missing: the pull leaves its dashboards out and says so.
 */
export async function readMissingFolders(
  grafana: Pick<GrafanaPort, 'getFolder'>,
  listed: LiveFolder[],
  folderUids: Iterable<string | null>,
  options: { concurrency: number; mayLag: boolean },
): Promise<LiveFolder[]> {
  if (!options.mayLag) return listed;
  const known = new Map(listed.map((folder) => [folder.uid, folder]));
  const tried = new Set<string>();
  let wanted = new Set<string | null>([...folderUids, ...listed.map((folder) => folder.parentUid)]);
  for (;;) {
    const missing = [...wanted].filter((uid): uid is string => uid !== null && !known.has(uid) && !tried.has(uid));
    if (missing.length === 0) return [...known.values()];
    for (const uid of missing) tried.add(uid);
    const found = await readFolders(grafana, missing, options.concurrency);
    wanted = new Set();
    for (const folder of found.values()) {
      if (folder === null || folder instanceof PermissionError) continue;
      known.set(folder.uid, folder);
      wanted.add(folder.parentUid);
    }
  }
}
