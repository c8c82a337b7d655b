import type { Plan } from '../plan/types.js';

/**
 * The commit a plan was made of, in one clause: `commit b3c4c4c4c4c4`, and for a pull request's plan what that commit is:
 * `…, the merge of head cccccccccccc into main at aaaaaaaaaaaa` (GitHub's test merge, which actions/checkout checks out
 * on a `pull_request` event), or `…, the pull request's head itself (not merged into main)`. `code` spells a commit or a
 * branch (markdownCode in markdown; plain text is escaped whole by its caller). Null when the plan names no commit.
 */
export function describePlanCommit(git: Plan['git'], code: (text: string) => string = (text) => text): string | null {
  if (git.sha === null) return null;
  const commit = `commit ${code(git.sha.slice(0, 12))}`;
  const pullRequest = git.pullRequest;
  if (pullRequest === undefined) return commit;
  const base = pullRequest.baseRef === null ? 'its base branch' : code(pullRequest.baseRef);
  if (pullRequest.head === git.sha) return `${commit}, the pull request's head itself (not merged into ${base})`;
  const at = pullRequest.base === null ? '' : ` at ${code(pullRequest.base.slice(0, 12))}`;
  return `${commit}, the merge of head ${code(pullRequest.head.slice(0, 12))} into ${base}${at}`;
}
