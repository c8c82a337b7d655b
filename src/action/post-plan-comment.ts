import * as core from '@actions/core';
import type { GitHubRequester } from '../github/github-request.js';
import { updateIssueComment, type IssueComment, type IssueRef } from '../github/issue-comments.js';
import type { Plan } from '../plan/types.js';
import { escapeMarkdown, escapeText } from '../report/escape-untrusted.js';
import type { RetrySummary } from '../report/retry-count.js';
import type { ActionInputs } from './action-inputs.js';
import { appendJobSummary } from './append-job-summary.js';
import { connectGitHub, describeCommentFailure } from './comment-github.js';
import { createPlanComment, UnconfirmedCommentError, type CreatedPlanComment } from './create-plan-comment.js';
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
 * step: no pull request is a notice, a GitHub error (a fork's read-only token) a warning. A new comment
 * whose POST GitHub did not confirm is looked for before it is posted again (createPlanComment). When
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
  let listed = false;
  // The POSTs GitHub failed on the way to a comment another run made meanwhile (then updated, not posted).
  let postsFailed: string[] = [];
  try {
    existing = await findPlanComment(github, issue, marker);
    listed = true;
    if (existing === undefined) {
      const created = await createPlanComment(github, issue, marker, body);
      if ('made' in created) {
        core.info(escapeText(describePosted(number, created)));
        return;
      }
      ({ found: existing, failed: postsFailed } = created);
    }
    await updateIssueComment(github, issue.repository, existing.id, body);
    // GitHub's messages are text from outside.
    core.info(escapeText(`Updated the plan comment on pull request #${number}${postsFailed.length > 0 ? `, which another run posted while this run's POST failed (${postsFailed.join('; ')})` : ''}`));
  } catch (error) {
    const message = describeCommentFailure(error);
    core.warning(escapeText(`comment: could not comment on pull request #${number}: ${message}; the plan is in the job summary`));
    const marked = existing !== undefined && (await markNotPosted(github, issue.repository, existing, { marker, sha: plan.git.sha, failure: message }));
    const earlier = existing !== undefined ? (marked ? 'marked' : 'stale') : !listed ? 'unread' : error instanceof UnconfirmedCommentError ? 'unconfirmed' : 'none';
    await appendJobSummary(renderCommentFailedSummary(number, message, earlier), env);
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

/** The log's line on a comment this run made: after which failed POSTs, and how it was seen to be there. */
function describePosted(number: number, created: Extract<CreatedPlanComment, { made: unknown }>): string {
  const posted = `Posted the plan as a comment on pull request #${number}`;
  const { failed } = created;
  if (failed.length === 0) return posted;
  if (created.seenIn === 'answer') return `${posted} with a second POST: the first failed (${failed.join('; ')}), and the comments listed after it did not hold it`;
  return `${posted}: GitHub made it although the POST failed (${failed.at(-1)}); the comments listed after it hold it, so it was not sent again`;
}

/** The job summary's word on a comment that this run's plan did not reach: whether a reviewer may still read an older plan there. */
function renderCommentFailedSummary(number: number, failure: string, earlier: 'none' | 'unread' | 'unconfirmed' | 'marked' | 'stale'): string {
  const state = {
    none: "it does not hold this run's plan",
    // The comments could not be read, so an earlier run's comment, if any, was neither found nor marked.
    unread: "it does not hold this run's plan, and an earlier run's plan comment there, if any, still shows its plan with nothing saying it is out of date",
    unconfirmed: "it may hold this run's plan after all",
    marked: 'it shows an earlier plan, now under a notice that it is out of date',
    stale: 'it still shows the plan of an earlier commit, with nothing saying it is out of date',
  }[earlier];
  return `> [!WARNING]\n> The plan comment on pull request #${number} was not updated (${escapeMarkdown(failure)}): ${state}. The plan above is this run's.\n`;
}

function jobSummaryUrl(env: Record<string, string | undefined>): string | undefined {
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repository, GITHUB_RUN_ID: runId } = env;
  return server && repository && runId ? `${server}/${repository}/actions/runs/${runId}` : undefined;
}
