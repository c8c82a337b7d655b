import type { GitInfo } from '../config/read-git-info.js';
import type { Settings } from '../config/types.js';
import { noneChangedSinceHead } from '../git/is-committed-as-is.js';
import { readHeadCommit } from '../git/read-head-commit.js';
import { sameRepository } from '../git/same-repository.js';
import { holdsPlannedDigest } from './find-changed-since-plan.js';
import { libraryPanelActions, type Plan } from '../plan/types.js';

/**
 * The commit this apply's pushes name in their content notes, for pull's question "did an apply carry this `_library/`
 * file's commit?": HEAD, whose files are the ones pushed and checked — never GITHUB_SHA where the checkout is another commit
 * (a pull request's head checked out, a commit made before applying), never anything outside a repository. A plan made now:
 * HEAD. A saved plan only where HEAD is the commit this run is for (`git.sha`, GITHUB_SHA on a runner: the plan's commit was
 * compared with it), and then: made at that commit; made at another (the reviewed plan of a pull request, applied at its
 * merge) when every file changed between the two is one the plan pushes (`notCovered` empty: git told, or where the plan's
 * commit is not in this clone, the plan's digests of the files it read), or, where neither can tell, when every `_library/` file
 * the plan lists still has the bytes it was planned from. And in every case only when those files hold what HEAD holds: an
 * edit not committed is pushed, not the commit's text (one `git diff`). null otherwise, and outside git: pull then judges
 * these pushes by their time.
 */
export async function findSourceCommit(
  plan: Plan,
  source: 'saved' | 'planned',
  git: GitInfo,
  notCovered: readonly string[] | null,
  settings: Pick<Settings, 'cwd' | 'inputs'>,
): Promise<string | null> {
  // readGitInfo read HEAD where no GITHUB_SHA was set: no second git process for it.
  const head = git.headIn !== undefined && sameRepository(git.headIn, settings.cwd) ? git.sha!.toLowerCase() : await readHeadCommit(settings.cwd);
  if (head === null || (source === 'saved' && head !== git.sha?.toLowerCase())) return null;
  const panels = libraryPanelActions(plan).flatMap((action) => (action.file === null ? [] : [{ file: action.file, contentHash: action.contentHash }]));
  const holdsPlan =
    source === 'planned' ||
    notCovered?.length === 0 ||
    (notCovered === null && plan.git.sha !== null && panels.every(({ file, contentHash }) => contentHash !== null && holdsPlannedDigest({ kind: 'library-panel', file, contentHash }, settings)));
  if (!holdsPlan) return null;
  return panels.length === 0 || (await noneChangedSinceHead(settings.cwd, panels.map(({ file }) => file))) ? head : null;
}
