import type { GitHubRequester } from './github-request.js';
import { repoPath, type IssueRef } from './issue-comments.js';

/**
 * GET /repos/{owner}/{repo}/pulls/{n}: the pull request's head commit now (`head.sha`), which moves with every push; null
 * when the answer names none.
 */
export async function readPullRequestHead(github: GitHubRequester, pullRequest: IssueRef): Promise<string | null> {
  const body = (await github.send('GET', `/repos/${repoPath(pullRequest.repository)}/pulls/${pullRequest.number}`)).body as { head?: { sha?: unknown } } | null;
  const sha = body?.head?.sha;
  return typeof sha === 'string' && /^[0-9a-f]{40}([0-9a-f]{24})?$/.test(sha) ? sha : null;
}
