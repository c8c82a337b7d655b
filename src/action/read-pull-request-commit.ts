import { readGitInfo, type GitInfo } from '../config/read-git-info.js';
import { readRawCommit, type RawCommit } from '../git/read-raw-commit.js';
import type { PullRequestCommit } from '../plan/types.js';
import { readPullRequest } from './read-pull-request.js';

/**
 * The commit a plan step plans, and on a `pull_request` event what it is to the pull request (`pullRequest`, null
 * otherwise), read from the checkout itself:
 * - HEAD is GITHUB_SHA with two parents: actions/checkout's default, GitHub's test merge (refs/pull/N/merge) of the
 *   head (its second parent) into the base branch as it was then (its first parent). Read from the commit object, so a
 *   checkout of depth 1 (the default) tells it too.
 * - HEAD is the pull request's head (`ref: ${{ github.event.pull_request.head.sha }}` on the checkout step): the plan
 *   is of the head, and names it, not GITHUB_SHA (the merge, not even in this checkout).
 * - HEAD is another test merge of the pull request (refs/pull/N/merge fetched after GitHub remade it: a newer push, the base
 *   moved): the plan is of it and names it and its parents (the comment's head too), and `checkoutMoved` says so once.
 * - No git here: GITHUB_SHA is the merge GitHub made of the head, as its documentation says; its base is not known.
 * Any other checkout keeps readGitInfo's commit (GITHUB_SHA) and says nothing of the pull request.
 */
export async function readPullRequestCommit(
  cwd: string,
  env: Record<string, string | undefined>,
): Promise<{ git: GitInfo; pullRequest: PullRequestCommit | null; checkoutMoved: string | null }> {
  const git = await readGitInfo(cwd, env);
  const lookup = await readPullRequest(env);
  if ('missing' in lookup || lookup.headSha === null) return { git, pullRequest: null, checkoutMoved: null };
  const { headSha: head, baseRef } = lookup;
  const checkout = await readRawCommit(cwd, 'HEAD');
  if (checkout === null) return { git, pullRequest: git.sha === null || git.sha === head ? null : { head, base: null, baseRef }, checkoutMoved: null };
  if (checkout.sha === git.sha && checkout.parents.length === 2) {
    return { git: { ...git, headIn: cwd }, pullRequest: { head: checkout.parents[1]!, base: checkout.parents[0]!, baseRef }, checkoutMoved: null };
  }
  if (checkout.sha === head) return { git: { ...git, sha: head, subject: checkout.subject, headIn: cwd }, pullRequest: { head, base: null, baseRef }, checkoutMoved: null };
  if (isTestMerge(checkout)) {
    const pullRequest = { head: checkout.parents[1]!, base: checkout.parents[0]!, baseRef };
    return { git: { ...git, sha: checkout.sha, subject: checkout.subject, headIn: cwd }, pullRequest, checkoutMoved: describeCheckoutMoved(pullRequest, lookup.number, checkout.sha, git.sha, head) };
  }
  return { git, pullRequest: null, checkoutMoved: null };
}

/**
 * GitHub's test merge of a pull request (refs/pull/N/merge): two parents, and the message GitHub gives it, `Merge <head>
 * into <base>` with both commits named in full (actions/checkout's log shows it). A checkout of that ref after GitHub remade
 * it holds that other merge, not GITHUB_SHA.
 */
function isTestMerge(commit: RawCommit): boolean {
  return commit.parents.length === 2 && commit.subject === `Merge ${commit.parents[1]} into ${commit.parents[0]}`;
}

/**
 * The one line that says the checkout is not the commit this run's event names: `the checkout is commit …, GitHub's merge of
 * head … into main at …, not GITHUB_SHA … (its merge of head …, which this run's event names): refs/pull/7/merge …`. GitHub
 * remakes that merge after a push to the pull request or its base (and at times with neither), so the checkout's may be newer
 * or older than the event's (actions/checkout issue #237 shows an older head checked out). Commit names and the base's name.
 */
function describeCheckoutMoved(merge: PullRequestCommit, number: number, checkout: string, githubSha: string | null, eventHead: string): string {
  const short = (sha: string) => sha.slice(0, 12);
  const into = merge.baseRef === null ? 'its base branch' : merge.baseRef;
  const not = githubSha === null ? '' : `, not GITHUB_SHA ${short(githubSha)}`;
  const event = merge.head === eventHead ? '' : ` (${githubSha === null ? 'not the' : 'its'} merge of head ${short(eventHead)}, which this run's event names)`;
  return (
    `the checkout is commit ${short(checkout)}, GitHub's merge of head ${short(merge.head)} into ${into} at ${short(merge.base!)}${not}${event}: ` +
    `refs/pull/${number}/merge held another merge when the checkout fetched it, so this plan is of the checkout and names it`
  );
}
