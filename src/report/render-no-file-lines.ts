import { posix } from 'node:path';
import { cutText } from './cut-text.js';
import { renderNoFileInTree, type PullSkip, type RemovedFileShown } from './render-restore-line.js';
import { pathspecWord, shellWord, type RunSelection } from './next-command.js';
import type { PrunedBy } from '../plan/find-pruned-by-others.js';
import { groupBy } from '../group-by.js';

/** A restored uid no file of the tree holds (restore's findUnheld). */
export interface UnheldUid {
  uid: string;
  kind: 'dashboard' | 'library-panel';
  foreignFolder?: string;
  removed?: RemovedFileShown;
  /** The environments of this Grafana org that deploy its folder with prune off, to which every other one leaves it: no plan deletes it. */
  leftTo?: string[];
  /** The environment of this Grafana org, not this run's, whose prune deletes it again (findPrunedByOthers): named, with the plan that shows it. */
  prunedBy?: PrunedBy;
  /** The file pull would write for it (as the user's shell reaches it), which this run's selection leaves out (`why`): pull skips it. */
  pullSkips?: PullSkip;
}

/** The restored uids whose files one commit removed (two or more), with the directory that holds all those files (null: none but the working directory). */
export interface RemovalGroup {
  commit: string;
  subject: string;
  unheld: UnheldUid[];
  dir: string | null;
}

/** The restored uids whose files were removed and the removal not committed (two or more), by the git command that gives each back. */
export interface UncommittedGroup {
  removal: UncommittedRemoval;
  unheld: UnheldUid[];
}

/** `staged`: removed with git rm; `unstaged-head`/`unstaged-index`: deleted, the file's text to take from HEAD or from the index (staged edits). */
type UncommittedRemoval = 'staged' | 'unstaged-head' | 'unstaged-index';

/** The group a removal belongs to: its commit, or how it was removed when not committed; null for no removal (or a foreign folder's uid). */
function removalKey(entry: UnheldUid): string | null {
  const removal = entry.removed?.removal;
  if (entry.foreignFolder !== undefined || entry.leftTo !== undefined || entry.prunedBy !== undefined || removal === undefined) return null;
  if (removal.kind === 'commit') return `commit ${removal.commit}`;
  return removal.kind === 'staged' ? 'staged' : removal.fromIndex ? 'unstaged-index' : 'unstaged-head';
}

/**
 * Pure: restore's "no file" advice, one item per uid, except that the uids whose files one commit removed make one group
 * (a prune undone in bulk: 220 uids, one commit), and so do those whose removal is not committed, by how it was made. In
 * the order of `unheld`, a group where its first uid was.
 */
export function groupByRemoval(unheld: readonly UnheldUid[]): (UnheldUid | RemovalGroup | UncommittedGroup)[] {
  const byKey = groupBy(unheld, removalKey);
  const items: (UnheldUid | RemovalGroup | UncommittedGroup)[] = [];
  const placed = new Set<string>();
  for (const entry of unheld) {
    const key = removalKey(entry);
    const members = key === null ? [entry] : byKey.get(key)!;
    if (members.length < 2) {
      items.push(entry);
      continue;
    }
    if (placed.has(key!)) continue;
    placed.add(key!);
    const removal = entry.removed!.removal;
    if (removal.kind === 'commit') items.push({ commit: removal.commit, subject: removal.subject ?? '', unheld: members, dir: commonDirectory(members.map((member) => member.removed!.path)) });
    else items.push({ removal: key as UncommittedRemoval, unheld: members });
  }
  return items;
}

/** The deepest directory holding every path (`/`-separated, as shown), or null when only `.` does. */
function commonDirectory(paths: readonly string[]): string | null {
  const parts = paths.map((path) => posix.dirname(path).split('/'));
  const common: string[] = [];
  for (let at = 0; parts.every((dir) => dir[at] !== undefined && dir[at] === parts[0]![at]); at += 1) common.push(parts[0]![at]!);
  const dir = common.join('/');
  return dir === '' || dir === '.' || common.every((part) => part === '..') ? null : dir;
}

/**
 * One line for the uids whose files one commit removed (not yet escaped). `wholeDir`: that commit removed everything under
 * `dir`, and nothing is there now, so checking the directory out of the commit before brings back exactly those files.
 */
export function renderRemovalGroup(group: RemovalGroup, wholeDir: boolean): string {
  const commit = group.commit.slice(0, 12);
  const subject = group.subject === '' ? '' : ` ("${cutText(group.subject, 72)}")`;
  const head = `${describeGroupHead(group.unheld)}; commit ${commit}${subject} removed their files (${countKinds(group.unheld)})`;
  const revert = `git revert ${commit} undoes that commit`;
  if (wholeDir && group.dir !== null) return `${head}: ${revert}, or git checkout ${commit}^ -- ${pathspecWord(group.dir)} brings back that directory as it was before it`;
  // The folders they were restored into whose _folder.json that commit removed too (and the folders above them, review-69a L1):
  // without it, a file comes back into another folder.
  const folderFiles = [...new Set(group.unheld.flatMap((entry) => entry.removed?.folderFiles ?? []))];
  const above = group.unheld.some((entry) => (entry.removed?.folderFiles?.length ?? 0) > 1) ? ' and of the folders above them' : '';
  const folders =
    folderFiles.length === 0
      ? ''
      : folderFiles.length <= NAMED_FILES
        ? `, with git checkout ${commit}^ -- ${folderFiles.map(pathspecWord).join(' ')} for the _folder.json of the ${folderFiles.length === 1 ? 'folder' : 'folders'} they were restored into${above}`
        : `, with the _folder.json of each folder they were restored into${above} (${folderFiles.length} folders; that commit removed them too)`;
  return `${head}: ${revert}, or git checkout ${commit}^ -- <file> brings back one file (git show --stat ${commit} lists them)${folders}`;
}

/** Pure: the per-uid line, as restore printed it before groups. */
export function renderUnheld(entry: UnheldUid, selection?: RunSelection): string {
  return renderNoFileInTree(entry.uid, entry.foreignFolder, entry.removed, selection, entry.leftTo, entry.pullSkips, entry.prunedBy);
}

/** How many files a command names in full; beyond it, the line says how to bring back one and where git lists them all. */
const NAMED_FILES = 5;

/**
 * One line for the uids whose files were removed and the removal not committed (not yet escaped): the git command that
 * gives their files back as git holds them, naming every file when there are a few. Never a directory: the command would
 * overwrite the uncommitted edits of the other files there.
 */
export function renderUncommittedGroup(group: UncommittedGroup): string {
  const how = group.removal === 'staged' ? 'were removed with git rm, not committed' : 'were deleted, not committed';
  const command = group.removal === 'staged' ? 'git restore --source=HEAD --staged --worktree --' : group.removal === 'unstaged-index' ? 'git checkout --' : 'git checkout HEAD --';
  const as = group.removal === 'unstaged-index' ? 'staged' : 'committed';
  const head = `${describeGroupHead(group.unheld)}; their files ${how} (${countKinds(group.unheld)})`;
  const paths = group.unheld.map((entry) => pathspecWord(entry.removed!.path));
  if (paths.length <= NAMED_FILES) return `${head}: ${command} ${paths.join(' ')} brings them back as ${as}`;
  return `${head}: ${command} <file> brings back one as ${as} (git status lists them as deleted)`;
}

function describeGroupHead(unheld: readonly UnheldUid[]): string {
  return `${unheld.length} restored have no file in the tree, and a prune that covers them deletes them again`;
}

/** `3 dashboards, 2 library panels`. */
function countKinds(unheld: readonly UnheldUid[]): string {
  const dashboards = unheld.filter((entry) => entry.kind === 'dashboard').length;
  const panels = unheld.length - dashboards;
  return [dashboards ? `${dashboards} ${dashboards === 1 ? 'dashboard' : 'dashboards'}` : '', panels ? `${panels} ${panels === 1 ? 'library panel' : 'library panels'}` : '']
    .filter(Boolean)
    .join(', ');
}
