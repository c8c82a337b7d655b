import type { GitInfo } from '../config/read-git-info.js';
import type { Settings } from '../config/types.js';
import { noneChangedSinceHead } from '../git/is-committed-as-is.js';
import { readHeadCommit } from '../git/read-head-commit.js';
import { sameRepository } from '../git/same-repository.js';
import { holdsPlannedDigest } from './find-changed-since-plan.js';
import { dashboardActions, libraryPanelActions, type Plan } from '../plan/types.js';
import { listUncommittedFiles } from '../git/list-uncommitted-files.js';

/** What this apply's pushes name in their content notes (findSourceCommit). */
export interface PushSource {
  /** The commit the pushes of files HEAD holds as they are name; null: none. */
  commit: string | null;
  /**
   * The plan's dashboard files (as its actions name them) that HEAD does not hold as they are (an edit not committed, a file
   * git does not hold): their pushes' notes say `[uncommitted]`, whatever `commit` is. Empty outside git, or where HEAD has no commit.
   */
  uncommitted: ReadonlySet<string>;
  /** This checkout's id (checkoutId), which those notes name (`[uncommitted <id>]`); null where `uncommitted` is empty. */
  checkout: string | null;
}

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
 * these pushes by their time. A dashboard file HEAD does not hold as it is names no commit at all: its push says
 * `[uncommitted]`, which another clone's plan reads as someone else's save (walk-66 M3; two git processes, only where the
 * plan writes dashboards from files), naming the checkout it came from (`[uncommitted <id>]`: checkoutId), so that another
 * checkout with an edit of its own in that file still tells the push from its own work in progress.
 */
export async function findSourceCommit(
  plan: Plan,
  source: 'saved' | 'planned',
  git: GitInfo,
  notCovered: readonly string[] | null,
  settings: Pick<Settings, 'cwd' | 'inputs' | 'pipelineCheckoutId'>,
): Promise<PushSource> {
  // readGitInfo read HEAD where no GITHUB_SHA was set: no second git process for it.
  const head = git.headIn !== undefined && sameRepository(git.headIn, settings.cwd) ? git.sha!.toLowerCase() : await readHeadCommit(settings.cwd);
  if (head === null) return { commit: null, uncommitted: new Set(), checkout: null };
  const pushed = dashboardActions(plan).flatMap((action) => (action.action !== 'noop' && action.action !== 'delete' && action.file !== null ? [action.file] : []));
  const here = await listUncommittedFiles(settings.cwd, pushed, settings.pipelineCheckoutId);
  const uncommitted = here?.files ?? new Set<string>();
  return { commit: await commitOfPushes(plan, source, git, notCovered, settings, head), uncommitted, checkout: uncommitted.size > 0 ? here!.checkout : null };
}

async function commitOfPushes(plan: Plan, source: 'saved' | 'planned', git: GitInfo, notCovered: readonly string[] | null, settings: Pick<Settings, 'cwd' | 'inputs'>, head: string): Promise<string | null> {
  if (source === 'saved' && head !== git.sha?.toLowerCase()) return null;
  const panels = libraryPanelActions(plan).flatMap((action) => (action.file === null ? [] : [{ file: action.file, contentHash: action.contentHash }]));
  const holdsPlan =
    source === 'planned' ||
    notCovered?.length === 0 ||
    (notCovered === null && plan.git.sha !== null && panels.every(({ file, contentHash }) => contentHash !== null && holdsPlannedDigest({ kind: 'library-panel', file, contentHash }, settings)));
  if (!holdsPlan) return null;
  return panels.length === 0 || (await noneChangedSinceHead(settings.cwd, panels.map(({ file }) => file))) ? head : null;
}
