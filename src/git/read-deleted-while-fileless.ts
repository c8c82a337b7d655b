import { relative, resolve } from 'node:path';
import { toSlashes } from '../files/tree-paths.js';
import { findRemovedTreeFiles } from './find-removed-dashboard-files.js';
import type { HistoryDeletionsReader } from './read-history-deletions.js';
import { runGit } from './run-git.js';

const GIT_TIMEOUT_MS = 60_000;

/** A planned create whose dashboard "Recently deleted" holds, deleted at `deletedAt` by a user account. */
export interface DeletedCreate {
  uid: string;
  /** The file that holds the uid now, relative to `cwd`. */
  file: string;
  deletedAt: string;
}

/**
 * Of these creates, the uids deleted in Grafana while no file of the tree held them: after the commit that removed the file
 * that last held the uid, and before the commit that added the file holding it now (a revert, a file brought back). That is
 * dashsync's own prune of the removal, run with a user's credentials, or a delete of what the tree no longer held: not an edit
 * made in Grafana to a dashboard of the tree. Git is asked only for these few, in the tree's own repository (a submodule as
 * the root: rev-70c L4); none without git, a commit, or a date to compare. `historyDeletions`: the plan's one walk.
 */
export async function readDeletedWhileFileless(root: string, cwd: string, creates: readonly DeletedCreate[], historyDeletions: HistoryDeletionsReader): Promise<Set<string>> {
  const fileless = new Set<string>();
  if (creates.length === 0) return fileless;
  const removed = (await findRemovedTreeFiles(root, { dashboards: creates.map((create) => create.uid), libraryPanels: [] }, { historyDeletions })).dashboards;
  for (const { uid, file, deletedAt } of creates) {
    const removal = removed.get(uid)?.removal;
    const deleted = Date.parse(deletedAt);
    if (removal?.kind !== 'commit' || Number.isNaN(deleted)) continue;
    const [removedAt, addedAt] = await Promise.all([
      runGit(root, ['show', '-s', '--format=%cI', removal.commit], GIT_TIMEOUT_MS),
      runGit(root, ['--literal-pathspecs', 'log', '-1', '--diff-filter=A', '--format=%cI', '--', toSlashes(relative(root, resolve(cwd, file)))], GIT_TIMEOUT_MS),
    ]);
    if (!removedAt.ok || !addedAt.ok) continue;
    // Git dates are to the second, as Grafana's deletedAt: a prune in the second of its commit counts as after it.
    const before = Date.parse(removedAt.stdout.trim());
    const added = addedAt.stdout.trim() === '' ? Number.POSITIVE_INFINITY : Date.parse(addedAt.stdout.trim());
    if (before <= deleted && deleted <= added) fileless.add(uid);
  }
  return fileless;
}
