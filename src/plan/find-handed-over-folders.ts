import type { ListedDashboard, GrafanaPort, LiveFolder } from '../grafana/port.js';
import { wordedForShells } from './worded-for-shells.js';
import { fetchFullHistory } from '../report/fetch-full-history.js';
import { capitalize } from '../report/capitalize.js';
import { DEFAULT_CONFIG_FILE } from '../config/config-keys.js';
import { folderSubtree } from './decide-managed-folders.js';
import { describeCommits, readForeignPushes, type ForeignPushesPort } from './read-foreign-pushes.js';
import type { PlanWarning } from './types.js';
import { quoteText } from '../report/escape-untrusted.js';

/** A folder only this tree's git history ties to it, where dashsync last pushed a dashboard from a commit this repository does not have. */
export interface HandedOverFolder {
  uid: string;
  title: string;
  /** The commits named (12 hex digits, sorted) that this repository does not have. */
  commits: string[];
  /** Its dashboards (subfolders included) that such a push saved last. */
  dashboards: number;
}

/**
 * Pure: the managed folders no directory of the tree holds and no managed folder holds: the tops
 * of what git history alone (decideManagedFolders rules 2 and 5) ties to this tree.
 */
export function historyOnlyFolders(managed: ReadonlySet<string>, treeFolderUids: ReadonlySet<string>, liveFolders: ReadonlyMap<string, LiveFolder>): LiveFolder[] {
  return [...managed]
    .map((uid) => liveFolders.get(uid))
    .filter((folder): folder is LiveFolder => folder !== undefined && !treeFolderUids.has(folder.uid) && (folder.parentUid === null || !managed.has(folder.parentUid)))
    .sort((a, b) => a.uid.localeCompare(b.uid));
}

/**
 * Of `folders` (historyOnlyFolders), those another repository deploys now: the newest save of a
 * dashboard inside (one without a file in the tree; subfolders included) is dashsync's and names
 * only commits this repository (at `cwd`) does not have. Reads each such dashboard and its newest
 * version (two requests per dashboard prune would delete there, none elsewhere). A save naming no
 * commit (another template, Grafana's "Initial save"), history these credentials may not read, or
 * no git: no evidence, the folder is not named.
 */
export async function findHandedOverFolders(
  grafana: ForeignPushesPort,
  cwd: string,
  folders: readonly LiveFolder[],
  live: { folders: ReadonlyMap<string, LiveFolder>; dashboards: readonly ListedDashboard[] },
  claimed: ReadonlySet<string>,
  concurrency: number,
): Promise<HandedOverFolder[]> {
  if (folders.length === 0) return [];
  const groups = new Map(folders.map((folder) => {
    const subtree = folderSubtree(folder.uid, live.folders);
    return [folder.uid, live.dashboards.filter((dashboard) => dashboard.folderUid !== null && subtree.has(dashboard.folderUid) && !claimed.has(dashboard.uid)).map((dashboard) => dashboard.uid)] as const;
  }));
  const foreign = await readForeignPushes(grafana, cwd, groups, concurrency);
  if (foreign === null) return [];
  return folders.flatMap((folder) => {
    const pushes = foreign.get(folder.uid);
    return pushes ? [{ uid: folder.uid, title: folder.title, ...pushes }] : [];
  });
}

/**
 * The plan's line for a folder another repository deploys now. In a shallow clone (`shallow`) the commit missing may be this
 * repository's own, older than the commits fetched: the folder is kept all the same, and the line says to fetch the history.
 */
export function describeHandedOver(folder: HandedOverFolder, shallow: boolean, configFile = DEFAULT_CONFIG_FILE): PlanWarning {
  const held = `folder ${quoteText(folder.title)} (${folder.uid}) not pruned: this tree's git history held it, but dashsync last pushed ${folder.dashboards} of its dashboards from ${describeCommits(folder.commits)}`;
  if (shallow) {
    return {
      kind: 'shallow-history',
      uid: folder.uid,
      ...wordedForShells(
        (shell) =>
          `${held}, which this shallow clone does not have: it may be this repository's own, older than the commits fetched, or another repository's. ` +
          `${capitalize(fetchFullHistory(shell, ' and plan again'))}: a full clone tells which`,
      ),
    };
  }
  return {
    kind: 'other',
    uid: folder.uid,
    message:
      `${held}, which this repository does not have: another repository deploys it now. List its uid under "externalFolders" in ${configFile} and this warning stops; ` +
      'if it is this tree\'s after all, delete it in Grafana',
  };
}
