import { posix } from 'node:path';
import { renderNoFileInTree, shellWord, type RemovedFileShown } from './render-restore-line.js';

/** A restored uid no file of the tree holds (restore's findUnheld). */
export interface UnheldUid {
  uid: string;
  kind: 'dashboard' | 'library-panel';
  foreignFolder?: string;
  removed?: RemovedFileShown;
}

/** The restored uids whose files one commit removed (two or more), with the directory that holds all those files (null: none but the working directory). */
export interface RemovalGroup {
  commit: string;
  subject: string;
  unheld: UnheldUid[];
  dir: string | null;
}

/**
 * Pure: restore's "no file" advice, one item per uid, except that the uids whose files one commit removed make one group
 * (a prune undone in bulk: 220 uids, one commit). In the order of `unheld`, a group where its first uid was.
 */
export function groupByRemovingCommit(unheld: readonly UnheldUid[]): (UnheldUid | RemovalGroup)[] {
  const byCommit = new Map<string, UnheldUid[]>();
  for (const entry of unheld) {
    const removal = entry.removed?.removal;
    if (entry.foreignFolder === undefined && removal?.kind === 'commit') byCommit.set(removal.commit, [...(byCommit.get(removal.commit) ?? []), entry]);
  }
  const items: (UnheldUid | RemovalGroup)[] = [];
  const placed = new Set<string>();
  for (const entry of unheld) {
    const removal = entry.removed?.removal;
    const members = removal?.kind === 'commit' && entry.foreignFolder === undefined ? byCommit.get(removal.commit)! : [entry];
    if (members.length < 2) {
      items.push(entry);
      continue;
    }
    if (removal?.kind !== 'commit' || placed.has(removal.commit)) continue;
    placed.add(removal.commit);
    items.push({ commit: removal.commit, subject: removal.subject ?? '', unheld: members, dir: commonDirectory(members.map((member) => member.removed!.path)) });
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
  const dashboards = group.unheld.filter((entry) => entry.kind === 'dashboard').length;
  const panels = group.unheld.length - dashboards;
  const counts = [dashboards ? `${dashboards} ${dashboards === 1 ? 'dashboard' : 'dashboards'}` : '', panels ? `${panels} ${panels === 1 ? 'library panel' : 'library panels'}` : '']
    .filter(Boolean)
    .join(', ');
  const subject = group.subject === '' ? '' : ` ("${group.subject.length > 72 ? `${group.subject.slice(0, 71)}…` : group.subject}")`;
  const head = `${group.unheld.length} restored have no file in the tree, and a prune that covers them deletes them again; commit ${commit}${subject} removed their files (${counts})`;
  const revert = `git revert ${commit} undoes that commit`;
  if (wholeDir && group.dir !== null) return `${head}: ${revert}, or git checkout ${commit}^ -- ${shellWord(group.dir)} brings back that directory as it was before it`;
  return `${head}: ${revert}, or git checkout ${commit}^ -- <file> brings back one file (git show --stat ${commit} lists them)`;
}

/** Pure: the per-uid line, as restore printed it before groups. */
export function renderUnheld(entry: UnheldUid): string {
  return renderNoFileInTree(entry.uid, entry.foreignFolder, entry.removed);
}
