import { readForeignPushes, describeCommits, type ForeignPushesPort } from '../plan/read-foreign-pushes.js';
import { FETCH_EVERY_BRANCH } from '../report/fetch-full-history.js';
import type { FolderTarget } from './types.js';
import { groupBy } from '../group-by.js';

/** A dashboard a pull created a file for, and the live folder it is in (null = General). */
export interface CreatedDashboard {
  uid: string;
  folderUid: string | null;
}

/** Past this many folders the note names the first ones and counts the others. */
const FOLDERS_NAMED = 5;

/**
 * One note when dashboards this pull created files for were last pushed by dashsync from commits this repository (at
 * `cwd`) does not have: a branch of this repository not fetched here (its files come with it: the ones this pull wrote are
 * second copies), or another repository that deployed them, whose folders the first prune here will stop on
 * (folder-of-another-repository) until each directory either takes its folder over or gets a uid of its own (fix-63b's
 * rule: a commit the clone lacks is no evidence of another repository). Pull writes no `_folder.json` for the takeover
 * itself: it cannot tell a successor from a second repository sharing the org, and that claim lets this repository's prune
 * delete what the other one deploys there — the operator makes it, in review. Two requests per dashboard
 * (readForeignPushes); none when no git answers.
 */
export async function noteOtherRepositoryPushes(
  grafana: ForeignPushesPort,
  cwd: string,
  created: readonly CreatedDashboard[],
  folders: readonly FolderTarget[],
  display: (rel: string) => string,
  concurrency: number,
): Promise<string | null> {
  if (created.length === 0) return null;
  const groups = groupBy(created, ({ folderUid }) => folderUid ?? '', ({ uid }) => uid);
  const foreign = await readForeignPushes(grafana, cwd, groups, concurrency);
  if (foreign === null || foreign.size === 0) return null;
  const pushes = [...foreign.values()];
  const count = pushes.reduce((sum, group) => sum + group.dashboards, 0);
  const commits = [...new Set(pushes.flatMap((group) => group.commits))].sort();
  const byUid = new Map(folders.map((folder) => [folder.uid, folder]));
  const takeovers = [...foreign.keys()].flatMap((uid) => {
    const folder = byUid.get(uid);
    return folder === undefined ? [] : [`${display(`${folder.dir}/_folder.json`)} ${JSON.stringify({ uid: folder.uid, title: folder.title })}`];
  });
  const named = takeovers.slice(0, FOLDERS_NAMED).join(', ') + (takeovers.length > FOLDERS_NAMED ? `, and ${takeovers.length - FOLDERS_NAMED} more` : '');
  const one = count === 1;
  const fetch =
    `: fetch every branch (${FETCH_EVERY_BRANCH}) to know; if a branch of this repository pushed ${one ? 'it, its file comes' : 'them, their files come'} with that branch ` +
    `(remove the ${one ? 'one' : 'ones'} this pull wrote before merging it)`;
  const advice =
    takeovers.length === 0
      ? ''
      : `; if another repository did and this repository replaces that one, take their folders over by committing a _folder.json naming each folder's own uid (${named}); ` +
        'if that repository still deploys there, give these directories uids of their own instead (docs/migrating.md)';
  return `${count} dashboard${one ? ' was' : 's were'} last pushed by dashsync from ${describeCommits(commits)}, which this repository does not have (not fetched yet, or another repository's)${fetch}${advice}`;
}
