import * as core from '@actions/core';
import { ConfigError } from '../errors.js';
import { GitHubHttpError } from '../github/github-http-error.js';
import { createGitHubRequester } from '../github/github-request.js';
import { createIssueComment, listIssueComments, updateIssueComment, type IssueComment, type IssueRef } from '../github/issue-comments.js';
import type { Plan } from '../plan/types.js';
import { escapeText } from '../report/escape-untrusted.js';
import type { RetrySummary } from '../report/retry-count.js';
import { DASHSYNC_VERSION } from '../version.js';
import type { ActionInputs } from './action-inputs.js';
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
  let github;
  try {
    github = createGitHubRequester({ apiUrl: env.GITHUB_API_URL || 'https://api.github.com', token: inputs.githubToken, userAgent: `dashsync/${DASHSYNC_VERSION} (github-action)` });
  } catch (error) {
    const reason = error instanceof ConfigError ? error.problems.join('; ') : (error as Error).message;
    core.warning(escapeText(`comment: cannot reach GitHub's API: ${reason}; the plan is in the job summary`));
    return;
  }
  try {
    let existing: number | undefined;
    for await (const comment of listIssueComments(github, issue)) {
      if (comment.body.trimStart().startsWith(marker) && mayHoldOurPlan(comment)) {
        existing = comment.id;
        break;
      }
    }
    if (existing !== undefined) {
      await updateIssueComment(github, issue.repository, existing, body);
      core.info(`Updated the plan comment on pull request #${number}`);
    } else {
      await createIssueComment(github, issue, body);
      core.info(`Posted the plan as a comment on pull request #${number}`);
    }
  } catch (error) {
    const message = error instanceof GitHubHttpError ? `${error.message}${hintFor(error)}` : `unexpected failure: ${(error as Error).message}`;
    // GitHub's message is text from outside.
    core.warning(escapeText(`comment: could not comment on pull request #${number}: ${message}; the plan is in the job summary`));
  } finally {
    await github.close();
  }
}

/**
 * Whether a comment with our marker can be the one an earlier run wrote: written by an app (the
 * github-actions bot, or the app behind github-token) or by someone with rights in the repository
 * (the user of a personal token). Anyone may comment on a public pull request, and a comment we
 * updated stays its author's to edit: taking a stranger's comment for ours would let that stranger
 * rewrite the plan reviewers read.
 */
function mayHoldOurPlan(comment: IssueComment): boolean {
  return comment.authorType === 'Bot' || ['OWNER', 'MEMBER', 'COLLABORATOR'].includes(comment.authorAssociation);
}

function jobSummaryUrl(env: Record<string, string | undefined>): string | undefined {
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repository, GITHUB_RUN_ID: runId } = env;
  return server && repository && runId ? `${server}/${repository}/actions/runs/${runId}` : undefined;
}

function hintFor(error: GitHubHttpError): string {
  if (error.status === 403) {
    return ' (the token may not write comments: give the job "permissions: pull-requests: write"; a pull request from a fork only gets a read-only token)';
  }
  if (error.status === 401) return ' (check the github-token input)';
  if (error.status === 404) return ' (the token cannot see this repository or pull request)';
  return '';
}
