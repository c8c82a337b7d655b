import * as core from '@actions/core';
import type { GitHubRequester } from '../github/github-request.js';
import { createIssueComment, updateIssueComment, type IssueComment, type IssueRef } from '../github/issue-comments.js';
import type { Plan } from '../plan/types.js';
import { escapeMarkdown, escapeText } from '../report/escape-untrusted.js';
import type { RetrySummary } from '../report/retry-count.js';
import type { ActionInputs } from './action-inputs.js';
import { appendJobSummary } from './append-job-summary.js';
import { connectGitHub, describeCommentFailure } from './comment-github.js';
import { findPlanComment } from './find-plan-comment.js';
import { readPullRequestNumber } from './read-pull-request.js';
import { renderFailedPlanComment } from './render-failed-plan-comment.js';
import { planCommentMarker, renderPlanComment } from './render-plan-comment.js';

/** What the comment step needs besides the plan: what the job summary left out (null: nothing), the retries, the step's `--timeout`. */
interface PlanCommentContext {
  summaryLeftOut: string | null;
  retried: RetrySummary | null;
  timeoutMs: number;
}

/**
 * `comment: true`: the markdown plan as a pull-request comment, updated in place on every later
 * run (found by its marker). The plan is already in the job summary, so nothing here fails the
 * step: no pull request is a notice, a GitHub error (a fork's read-only token) a warning. When
 * the update of an earlier plan comment fails (after the requester's one retry), that comment gets
 * the out-of-date notice a failed plan run gives it, and the job summary says the comment is stale.
 */
export async function postPlanComment(plan: Plan, inputs: ActionInputs, env: Record<string, string | undefined>, context: PlanCommentContext): Promise<void> {
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
  const summaryUrl = jobSummaryUrl(env);
  const body = renderPlanComment(plan, { marker, summaryUrl, summaryLeftOut: context.summaryLeftOut, planFile: inputs.planFile, retried: context.retried });
  const connected = connectGitHub(inputs.githubToken, env, context.timeoutMs);
  if ('unreachable' in connected) {
    core.warning(escapeText(`comment: cannot reach GitHub's API: ${connected.unreachable}; the plan is in the job summary`));
    return;
  }
  const { github } = connected;
  let existing: IssueComment | undefined;
  try {
    existing = await findPlanComment(github, issue, marker);
    if (existing !== undefined) {
      await updateIssueComment(github, issue.repository, existing.id, body);
      core.info(`Updated the plan comment on pull request #${number}`);
    } else {
      await createIssueComment(github, issue, body);
      core.info(`Posted the plan as a comment on pull request #${number}`);
    }
  } catch (error) {
    const message = describeCommentFailure(error);
    // GitHub's message is text from outside.
    core.warning(escapeText(`comment: could not comment on pull request #${number}: ${message}; the plan is in the job summary`));
    const marked = existing !== undefined && (await markNotPosted(github, issue.repository, existing, { marker, sha: plan.git.sha, failure: message }));
    await appendJobSummary(renderCommentFailedSummary(number, message, existing === undefined ? 'none' : marked ? 'marked' : 'stale'), env);
  } finally {
    await github.close();
  }
}

/**
 * The plan comment still shows an earlier plan: one more PATCH, of a small notice over it, so it stops reading as current.
 * Its failure is a second warning. True when GitHub took it.
 */
async function markNotPosted(
  github: GitHubRequester,
  repository: string,
  existing: IssueComment,
  notice: { marker: string; sha: string | null; failure: string },
): Promise<boolean> {
  try {
    await updateIssueComment(github, repository, existing.id, renderFailedPlanComment(existing.body, { ...notice, notPosted: true }));
    core.info('Marked the plan comment as out of date: it shows an earlier plan');
    return true;
  } catch (error) {
    core.warning(escapeText(`comment: could not mark the plan comment as out of date either: ${describeCommentFailure(error)}; it still shows the plan of an earlier commit`));
    return false;
  }
}

/** The job summary's word on a comment that this run's plan did not reach: whether a reviewer may still read an older plan there. */
function renderCommentFailedSummary(number: number, failure: string, earlier: 'none' | 'marked' | 'stale'): string {
  const state = {
    none: "it does not hold this run's plan",
    marked: 'it shows an earlier plan, now under a notice that it is out of date',
    stale: 'it still shows the plan of an earlier commit, with nothing saying it is out of date',
  }[earlier];
  return `> [!WARNING]\n> The plan comment on pull request #${number} was not updated (${escapeMarkdown(failure)}): ${state}. The plan above is this run's.\n`;
}

function jobSummaryUrl(env: Record<string, string | undefined>): string | undefined {
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repository, GITHUB_RUN_ID: runId } = env;
  return server && repository && runId ? `${server}/${repository}/actions/runs/${runId}` : undefined;
}
