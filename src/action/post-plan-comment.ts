import * as core from '@actions/core';
import { createIssueComment, updateIssueComment, type IssueRef } from '../github/issue-comments.js';
import type { Plan } from '../plan/types.js';
import { escapeText } from '../report/escape-untrusted.js';
import type { RetrySummary } from '../report/retry-count.js';
import type { ActionInputs } from './action-inputs.js';
import { connectGitHub, describeCommentFailure } from './comment-github.js';
import { findPlanComment } from './find-plan-comment.js';
import { readPullRequestNumber } from './read-pull-request.js';
import { planCommentMarker, renderPlanComment } from './render-plan-comment.js';

/**
 * `comment: true`: the markdown plan as a pull-request comment, updated in place on every later
 * run (found by its marker). The plan is already in the job summary, so nothing here fails the
 * step: no pull request is a notice, a GitHub error (a fork's read-only token) a warning.
 * `summaryLeftOut` is what the job summary itself left out (null when it holds the whole plan).
 */
export async function postPlanComment(
  plan: Plan,
  inputs: ActionInputs,
  env: Record<string, string | undefined>,
  summaryLeftOut: string | null,
  retried: RetrySummary | null = null,
): Promise<void> {
  const pullRequest = await readPullRequestNumber(env);
  if ('missing' in pullRequest) {
    core.notice(escapeText(`comment: ${pullRequest.missing}, so the plan is only in the job summary`));
    return;
  }
  const { number } = pullRequest;
  if (!inputs.githubToken || !env.GITHUB_REPOSITORY) {
    core.warning('comment: no github-token (or no GITHUB_REPOSITORY) to comment with; the plan is in the job summary');
    return;
  }
  const issue: IssueRef = { repository: env.GITHUB_REPOSITORY, number };
  const marker = planCommentMarker(plan.target.environment, inputs.path);
  const body = renderPlanComment(plan, { marker, summaryUrl: jobSummaryUrl(env), summaryLeftOut, planFile: inputs.planFile, retried });
  const connected = connectGitHub(inputs.githubToken, env);
  if ('unreachable' in connected) {
    core.warning(escapeText(`comment: cannot reach GitHub's API: ${connected.unreachable}; the plan is in the job summary`));
    return;
  }
  const { github } = connected;
  try {
    const existing = (await findPlanComment(github, issue, marker))?.id;
    if (existing !== undefined) {
      await updateIssueComment(github, issue.repository, existing, body);
      core.info(`Updated the plan comment on pull request #${number}`);
    } else {
      await createIssueComment(github, issue, body);
      core.info(`Posted the plan as a comment on pull request #${number}`);
    }
  } catch (error) {
    const message = describeCommentFailure(error);
    // GitHub's message is text from outside.
    core.warning(escapeText(`comment: could not comment on pull request #${number}: ${message}; the plan is in the job summary`));
  } finally {
    await github.close();
  }
}

function jobSummaryUrl(env: Record<string, string | undefined>): string | undefined {
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repository, GITHUB_RUN_ID: runId } = env;
  return server && repository && runId ? `${server}/${repository}/actions/runs/${runId}` : undefined;
}
