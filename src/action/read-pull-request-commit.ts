import { readGitInfo, type GitInfo } from '../config/read-git-info.js';
import { readRawCommit } from '../git/read-raw-commit.js';
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
 * - No git here: GITHUB_SHA is the merge GitHub made of the head, as its documentation says; its base is not known.
 * Any other checkout keeps readGitInfo's commit (GITHUB_SHA) and says nothing of the pull request.
 */
export async function readPullRequestCommit(cwd: string, env: Record<string, string | undefined>): Promise<{ git: GitInfo; pullRequest: PullRequestCommit | null }> {
  const git = await readGitInfo(cwd, env);
  const lookup = await readPullRequest(env);
  if ('missing' in lookup || lookup.headSha === null) return { git, pullRequest: null };
  const { headSha: head, baseRef } = lookup;
  const checkout = await readRawCommit(cwd, 'HEAD');
  if (checkout === null) return { git, pullRequest: git.sha === null || git.sha === head ? null : { head, base: null, baseRef } };
  if (checkout.sha === git.sha && checkout.parents.length === 2) {
    return { git: { ...git, headIn: cwd }, pullRequest: { head: checkout.parents[1]!, base: checkout.parents[0]!, baseRef } };
  }
  if (checkout.sha === head) return { git: { ...git, sha: head, subject: checkout.subject, headIn: cwd }, pullRequest: { head, base: null, baseRef } };
  return { git, pullRequest: null };
}
