import pLimit from 'p-limit';
import { DASHSYNC_MARKER } from '../config/render-commit-message.js';
import { AuthError, PermissionError } from '../errors.js';
import { findCommits } from '../git/find-commits.js';
import type { DashboardSummary, GrafanaPort, LiveFolder } from '../grafana/port.js';
import { folderSubtree } from './decide-managed-folders.js';

/** A folder only this tree's git history ties to it, where dashsync last pushed a dashboard from a commit this repository does not have. */
export interface HandedOverFolder {
  uid: string;
  title: string;
  /** The commits named (12 hex digits, sorted) that this repository does not have. */
  commits: string[];
  /** Its dashboards (subfolders included) that such a push saved last. */
  dashboards: number;
}

/** `{sha}` as the message template writes it (renderCommitMessage: 12 hex digits). */
const PUSHED_SHA = /\b[0-9a-f]{12}\b/g;

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

/** Pure: the commits a dashsync save's version message names (`{sha}`); none for another save, or a template without `{sha}`. */
function pushedCommitsOf(message: string | null): string[] {
  if (message === null || !message.includes(DASHSYNC_MARKER)) return [];
  return [...new Set(message.match(PUSHED_SHA) ?? [])];
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
  grafana: Pick<GrafanaPort, 'getDashboard' | 'readLastSave'>,
  cwd: string,
  folders: readonly LiveFolder[],
  live: { folders: ReadonlyMap<string, LiveFolder>; dashboards: readonly DashboardSummary[] },
  claimed: ReadonlySet<string>,
  concurrency: number,
): Promise<HandedOverFolder[]> {
  if (folders.length === 0) return [];
  const limit = pLimit(concurrency);
  const named = await Promise.all(
    folders.map(async (folder) => {
      const subtree = folderSubtree(folder.uid, live.folders);
      const inside = live.dashboards.filter((dashboard) => dashboard.folderUid !== null && subtree.has(dashboard.folderUid) && !claimed.has(dashboard.uid));
      return { folder, commits: await Promise.all(inside.map((dashboard) => limit(() => readPushedCommits(grafana, dashboard.uid)))) };
    }),
  );
  const have = await findCommits(cwd, named.flatMap(({ commits }) => commits.flat()));
  if (have === null) return [];
  return named.flatMap(({ folder, commits }) => {
    const foreign = commits.filter((shas) => shas.length > 0 && !shas.some((sha) => have.has(sha)));
    if (foreign.length === 0) return [];
    return [{ uid: folder.uid, title: folder.title, commits: [...new Set(foreign.flat())].sort(), dashboards: foreign.length }];
  });
}

/** The commits the newest save of a dashboard names (none when gone, unreadable, or not dashsync's). */
async function readPushedCommits(grafana: Pick<GrafanaPort, 'getDashboard' | 'readLastSave'>, uid: string): Promise<string[]> {
  const dashboard = await grafana.getDashboard(uid);
  if (!dashboard) return [];
  try {
    // byDashsync null: the port reads the history entry itself, whose message names the commit (a push record does not).
    return pushedCommitsOf((await grafana.readLastSave({ ...dashboard, lastSave: { ...dashboard.lastSave, byDashsync: null } })).message);
  } catch (error) {
    if (error instanceof PermissionError || error instanceof AuthError) return [];
    throw error;
  }
}

/** The plan's line for a folder another repository deploys now. */
export function describeHandedOver(folder: HandedOverFolder): string {
  const commits = folder.commits.length === 1 ? `commit ${folder.commits[0]}` : `commits ${folder.commits.join(', ')}`;
  return (
    `folder "${folder.title}" (${folder.uid}) not pruned: this tree's git history held it, but dashsync last pushed ${folder.dashboards} of its dashboard(s) ` +
    `from ${commits}, which this repository does not have: another repository deploys it now. List its uid under "externalFolders" in the config and this warning stops; ` +
    'if it is this tree\'s after all, delete it in Grafana'
  );
}
