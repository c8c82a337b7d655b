import { readForeignPushes, describeCommits, type ForeignPushes, type ForeignPushesPort, type KnownSaves } from '../plan/read-foreign-pushes.js';
import { quoteText } from '../report/escape-untrusted.js';
import { FETCH_EVERY_BRANCH } from '../report/fetch-full-history.js';
import type { FolderTarget } from './types.js';
import { groupBy } from '../group-by.js';
import { compareCodeUnitsBy } from '../compare-code-units.js';

/** A dashboard a pull created a file for (`file`: as shown), and the live folder it is in (null = General). */
export interface CreatedDashboard {
  uid: string;
  folderUid: string | null;
  file: string;
}

/** Past this many folders (or files) the note names the first ones and counts the others. */
const FOLDERS_NAMED = 5;

/**
 * The notes when dashboards this pull created files for were last pushed by dashsync from commits this repository (at
 * `cwd`) does not have. In folders config `externalFolders` lists (`external`: that folder or one above it), another
 * repository's, as the config says: one note naming those folders, no fetch or takeover advice. Elsewhere, one note: a branch of this repository not fetched here (its files come with it: the ones this pull wrote are
 * second copies), or another repository that deployed them, whose folders the first prune here will stop on
 * (folder-of-another-repository) until each directory either takes its folder over or gets a uid of its own (fix-63b's
 * rule: a commit the clone lacks is no evidence of another repository). Pull writes no `_folder.json` for the takeover
 * itself: it cannot tell a successor from a second repository sharing the org, and that claim lets this repository's prune
 * delete what the other one deploys there — the operator makes it, in review. Two requests per dashboard
 * (readForeignPushes; one, its history, where `known` has its save as the pull read it, none where that is dashsync's
 * push recorded through `/apis` or `known` has its commits, read while the pull wrote); none when no git answers.
 */
export async function noteOtherRepositoryPushes(
  grafana: ForeignPushesPort,
  cwd: string,
  created: readonly CreatedDashboard[],
  folders: readonly FolderTarget[],
  display: (rel: string) => string,
  concurrency: number,
  external: { listed: (folderUid: string) => boolean; title: (folderUid: string) => string } = { listed: () => false, title: (uid) => uid },
  known?: KnownSaves,
): Promise<string[]> {
  if (created.length === 0) return [];
  // In the files' order, not the order the writes finished in: the folders the note names first are the same every run.
  const groups = groupBy([...created].sort(compareCodeUnitsBy(({ file }) => file)), ({ folderUid }) => folderUid ?? '', ({ uid }) => uid);
  const foreign = await readForeignPushes(grafana, cwd, groups, concurrency, known);
  if (foreign === null || foreign.size === 0) return [];
  const listed = new Map([...foreign].filter(([uid]) => uid !== '' && external.listed(uid)));
  const unlisted = new Map([...foreign].filter(([uid]) => !listed.has(uid)));
  const written = created.filter(({ folderUid }) => folderUid !== null && listed.has(folderUid)).map(({ file }) => file).sort();
  return [...(listed.size > 0 ? [describeExternalPushes(listed, external.title, written)] : []), ...(unlisted.size > 0 ? [describeForeignPushes(unlisted, folders, display)] : [])];
}

/** The note of the dashboards in folders `externalFolders` lists: another repository's, which this pull wrote `written` for (as shown). */
function describeExternalPushes(foreign: ReadonlyMap<string, ForeignPushes>, title: (folderUid: string) => string, written: readonly string[]): string {
  const pushes = [...foreign.values()];
  const count = pushes.reduce((sum, group) => sum + group.dashboards, 0);
  const commits = [...new Set(pushes.flatMap((group) => group.commits))].sort();
  const uids = [...foreign.keys()];
  const named = uids.slice(0, FOLDERS_NAMED).map((uid) => quoteText(title(uid))).join(', ') + (uids.length > FOLDERS_NAMED ? `, and ${uids.length - FOLDERS_NAMED} more` : '');
  const one = count === 1;
  const those = uids.length === 1 ? 'that folder' : 'those folders';
  const files = written.slice(0, FOLDERS_NAMED).join(', ') + (written.length > FOLDERS_NAMED ? `, and ${written.length - FOLDERS_NAMED} more` : '');
  return (
    `${count} dashboard${one ? ' was' : 's were'} last pushed by dashsync from ${describeCommits(commits)}, which this repository does not have: another repository's, ` +
    `in ${uids.length === 1 ? 'folder' : 'folders'} ${named}, which "externalFolders" in dashsync.config.json lists (or a folder above it) as another tree's: ` +
    `remove the ${written.length === 1 ? 'file' : 'files'} this pull wrote there (${files}: a directory of the tree may not hold a folder listed there), ` +
    `or, if this tree takes ${those} over, remove ${those} from "externalFolders"`
  );
}

/** The note of the others: a branch not fetched here, or another repository, with the fetch and the takeover advice. */
function describeForeignPushes(foreign: ReadonlyMap<string, ForeignPushes>, folders: readonly FolderTarget[], display: (rel: string) => string): string {
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
