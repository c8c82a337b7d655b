import * as core from '@actions/core';
import { readGitInfo } from '../config/read-git-info.js';
import { redactSecrets } from '../config/redact-secrets.js';
import { updateIssueComment } from '../github/issue-comments.js';
import { escapeText } from '../report/escape-untrusted.js';
import type { ActionInputs } from './action-inputs.js';
import { connectGitHub, describeCommentFailure } from './comment-github.js';
import { findPlanComment } from './find-plan-comment.js';
import { readPullRequestNumber } from './read-pull-request.js';
import { renderFailedPlanComment } from './render-failed-plan-comment.js';
import { planCommentMarker } from './render-plan-comment.js';

/**
 * `comment: true` and the plan step failed: the plan comment an earlier run left gets a notice on top, so it no longer reads as
 * the plan of this pull request's head. No comment yet, no pull request, no token: nothing. Never throws — a GitHub error is a
 * warning, and the step's own failure stays what it was. `secrets` are blanked out of `failure` and `failedFiles` (the lines of
 * the files a bad-input failure names) before GitHub sees them.
 */
export async function markPlanCommentFailed(
  failure: string,
  target: { inputs: ActionInputs; environment: string | null; env: Record<string, string | undefined>; secrets: string[]; failedFiles?: string[]; timeoutMs?: number },
): Promise<void> {
  const { inputs, env } = target;
  const pullRequest = await readPullRequestNumber(env);
  if ('missing' in pullRequest || !inputs.githubToken || !env.GITHUB_REPOSITORY) return;
  const connected = connectGitHub(inputs.githubToken, env, target.timeoutMs);
  if ('unreachable' in connected) {
    core.warning(escapeText(`comment: cannot reach GitHub's API to mark the plan comment as out of date: ${connected.unreachable}`));
    return;
  }
  const { github } = connected;
  const issue = { repository: env.GITHUB_REPOSITORY, number: pullRequest.number };
  try {
    const marker = planCommentMarker(target.environment, inputs.path);
    const existing = await findPlanComment(github, issue, marker);
    if (existing === undefined) return;
    const sha = (await readGitInfo(process.cwd(), env)).sha;
    const failedFiles = (target.failedFiles ?? []).map((line) => redactSecrets(line, target.secrets));
    const body = renderFailedPlanComment(existing.body, { marker, sha, failure: redactSecrets(failure, target.secrets), failedFiles });
    await updateIssueComment(github, issue.repository, existing.id, body);
    core.info(`Marked the plan comment on pull request #${issue.number} as out of date: this run made no plan`);
  } catch (error) {
    core.warning(escapeText(`comment: could not mark the plan comment on pull request #${issue.number} as out of date: ${describeCommentFailure(error)}`));
  } finally {
    await github.close();
  }
}
