import * as core from '@actions/core';
import { readGitInfo } from '../config/read-git-info.js';
import { redactSecrets } from '../config/redact-secrets.js';
import { updateIssueComment } from '../github/issue-comments.js';
import { escapeText } from '../report/escape-untrusted.js';
import type { ActionInputs } from './action-inputs.js';
import { connectGitHub, describeCommentFailure } from './comment-github.js';
import { describeNewerWriter, renderFailedByLine, thisRunWriter } from './comment-writer.js';
import { listPlanComments } from './find-plan-comment.js';
import { planCommentOrder } from './plan-comment-order.js';
import { readPullRequest } from './read-pull-request.js';
import { renderFailedPlanComment } from './render-failed-plan-comment.js';
import { planCommentMarker } from './render-plan-comment.js';
import { workflowJobOf } from '../report/rerun-job.js';

/**
 * `comment: true` and the plan step failed: every plan comment of this step an earlier run left (more than one only after a
 * race) gets a notice on top, so none reads as the plan of this pull request's head. No comment yet, no pull request, no
 * token: nothing; a newer run's comment there (findNewerWriter): nothing either, and a notice says so. Never throws — a GitHub error is a
 * warning, and the step's own failure stays what it was. `secrets` are blanked out of `failure` and `failedFiles` (the lines of
 * the files a bad-input failure names) before GitHub sees them.
 */
export async function markPlanCommentFailed(
  failure: string,
  target: { inputs: ActionInputs; environment: string | null; tree: string; env: Record<string, string | undefined>; secrets: string[]; failedFiles?: string[]; timeoutMs?: number },
): Promise<void> {
  const { inputs, env } = target;
  const pullRequest = await readPullRequest(env);
  if ('missing' in pullRequest || !inputs.githubToken || !env.GITHUB_REPOSITORY) return;
  const connected = connectGitHub(inputs.githubToken, env, target.timeoutMs);
  if ('unreachable' in connected) {
    core.warning(escapeText(`comment: cannot reach GitHub's API to mark the plan comment as out of date: ${connected.unreachable}`));
    return;
  }
  const { github } = connected;
  const issue = { repository: env.GITHUB_REPOSITORY, number: pullRequest.number };
  try {
    const marker = planCommentMarker(target.environment, target.tree);
    const planComments = await listPlanComments(github, issue, marker);
    if (planComments.length === 0) return;
    const { headSha } = pullRequest;
    // A newer run's comment (a newer head's plan, or its own failure) stays as it is: this run's failure is older news.
    const newer = await planCommentOrder(github, issue, thisRunWriter(env, headSha)).newer(planComments);
    if (newer !== null) {
      core.notice(`comment: ${describeNewerWriter(newer, issue.number)}, so this run, which made no plan, leaves that comment as it is`);
      return;
    }
    const sha = headSha ?? (await readGitInfo(process.cwd(), env)).sha;
    const failedFiles = (target.failedFiles ?? []).map((line) => redactSecrets(line, target.secrets));
    const notice = { marker, sha, pullRequestHead: headSha !== null, failure: redactSecrets(failure, target.secrets), failedFiles, writtenBy: renderFailedByLine(env, headSha) };
    for (const comment of planComments) await updateIssueComment(github, issue.repository, comment.id, renderFailedPlanComment(comment.body, notice));
    const which = planComments.length === 1 ? 'the plan comment' : `the ${planComments.length} plan comments`;
    core.info(`Marked ${which} on pull request #${issue.number} as out of date: this run made no plan`);
  } catch (error) {
    core.warning(escapeText(`comment: could not mark the plan comment on pull request #${issue.number} as out of date: ${describeCommentFailure(error, workflowJobOf(env))}`));
  } finally {
    await github.close();
  }
}
