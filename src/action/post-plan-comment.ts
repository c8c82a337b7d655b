import * as core from '@actions/core';
import type { GitHubRequester } from '../github/github-request.js';
import { deleteIssueComment, updateIssueComment, type IssueComment, type IssueRef } from '../github/issue-comments.js';
import type { Plan } from '../plan/types.js';
import { escapeMarkdown, escapeText } from '../report/escape-untrusted.js';
import type { RetrySummary } from '../report/retry-count.js';
import type { ActionInputs } from './action-inputs.js';
import { appendJobSummary } from './append-job-summary.js';
import { connectGitHub, describeCommentFailure } from './comment-github.js';
import { describeNewerWriter, readCommentWriter, renderFailedByLine, thisRunWriter, type NewerWriter } from './comment-writer.js';
import { createPlanComment, UnconfirmedCommentError, type CreatedPlanComment } from './create-plan-comment.js';
import { listPlanComments } from './find-plan-comment.js';
import { planCommentOrder, type PlanCommentOrder } from './plan-comment-order.js';
import { readPullRequest } from './read-pull-request.js';
import { renderFailedPlanComment } from './render-failed-plan-comment.js';
import { workflowJobOf } from '../report/rerun-job.js';
import { holdsPostMarker, planCommentMarker, renderPlanComment, renderPostMarker } from './render-plan-comment.js';

/** What the comment step needs besides the plan: what the job summary left out (null: nothing), the retries, the step's `--timeout`. */
interface PlanCommentContext {
  /** The tree the comment is keyed on (planCommentTree). */
  tree: string;
  summaryLeftOut: string | null;
  retried: RetrySummary | null;
  timeoutMs: number;
}

/**
 * `comment: true`: the markdown plan as a pull-request comment, updated in place on every later
 * run (found by its marker). The plan is already in the job summary, so nothing here fails the
 * step: no pull request is a notice, a GitHub error (a fork's read-only token) a warning. A new comment
 * whose POST GitHub did not confirm is looked for before it is posted again (createPlanComment); a second plan comment
 * for this environment and tree (left by a list that lagged behind such a POST) is deleted. A comment this run posted is
 * followed by one more list (settleAfterPost): another run that posted at the same moment with a newer plan keeps its
 * comment, and this run deletes its own. When the update of an
 * earlier plan comment fails (after the requester's one retry), every plan comment of this step gets the out-of-date
 * notice a failed plan run gives it, and the job summary says the comment is stale. On a `pull_request` event the
 * footer names the pull request's head commit, not GitHub's test merge commit (GITHUB_SHA). A comment a newer run wrote
 * (planCommentOrder: for the pull request's head now, else a later run id or attempt) is neither replaced nor deleted: this run says so, its plan in its job summary only.
 */
export async function postPlanComment(plan: Plan, inputs: ActionInputs, env: Record<string, string | undefined>, context: PlanCommentContext): Promise<void> {
  const pullRequest = await readPullRequest(env);
  if ('missing' in pullRequest) {
    core.notice(escapeText(`comment: ${pullRequest.missing}, so the plan is only in the job summary`));
    return;
  }
  const { number } = pullRequest;
  // The head the plan is of: the one checked out (a merge GitHub remade after a newer push holds that push), else the event's.
  const headSha = plan.git.pullRequest?.head ?? pullRequest.headSha;
  if (!inputs.githubToken || !env.GITHUB_REPOSITORY) {
    core.warning('comment: no github-token (or no GITHUB_REPOSITORY) to comment with; the plan is in the job summary');
    return;
  }
  const issue: IssueRef = { repository: env.GITHUB_REPOSITORY, number };
  const marker = planCommentMarker(plan.target.environment, context.tree);
  const postMarker = renderPostMarker(env, headSha);
  const own = thisRunWriter(env, headSha);
  const summaryUrl = jobSummaryUrl(env);
  const body = renderPlanComment(plan, { marker, postMarker, summaryUrl, summaryLeftOut: context.summaryLeftOut, planFile: inputs.planFile, retried: context.retried, headSha });
  const connected = connectGitHub(inputs.githubToken, env, context.timeoutMs);
  if ('unreachable' in connected) {
    core.warning(escapeText(`comment: cannot reach GitHub's API: ${connected.unreachable}; the plan is in the job summary`));
    return;
  }
  const { github } = connected;
  const order = planCommentOrder(github, issue, own);
  let existing: IssueComment | undefined;
  let planComments: IssueComment[] = [];
  let listed = false;
  // The POSTs GitHub failed on the way to a comment another run made meanwhile (then updated, not posted).
  let postsFailed: string[] = [];
  try {
    planComments = await listPlanComments(github, issue, marker);
    listed = true;
    // A run for a newer head (or a later attempt) wrote there already: its comment is the one to read, whole.
    const newer = await order.newer(planComments);
    if (newer !== null) return await leaveToNewerRun(number, newer, plan, headSha, env);
    existing = planComments[0];
    if (existing === undefined) {
      const created = await createPlanComment(github, issue, { plan: marker, post: postMarker }, body);
      if ('made' in created) {
        core.info(escapeText(describePosted(number, created)));
        await settleAfterPost(github, issue, { plan: marker, post: postMarker }, created, (newer, deleted) => leaveToNewerRun(number, newer, plan, headSha, env, deleted), order);
        return;
      }
      ({ found: existing, failed: postsFailed } = created);
      const posted = await order.newer([existing]);
      if (posted !== null) return await leaveToNewerRun(number, posted, plan, headSha, env);
    }
    await updateIssueComment(github, issue.repository, existing.id, body);
    // GitHub's messages are text from outside.
    core.info(escapeText(`Updated the plan comment on pull request #${number}${postsFailed.length > 0 ? `, which another run posted (the comments listed after this run's failed POST showed it: ${postsFailed.join('; ')})` : ''}`));
    await deleteDuplicates(github, issue, existing, planComments.slice(1));
  } catch (error) {
    const message = describeCommentFailure(error, workflowJobOf(env));
    core.warning(escapeText(`comment: could not comment on pull request #${number}: ${message}; the plan is in the job summary`));
    // Every plan comment the list showed (more than one only after a race): none of them holds this run's plan.
    const stale = existing === undefined ? [] : [existing, ...planComments.filter((comment) => comment.id !== existing!.id)];
    const notice = { marker, sha: headSha ?? plan.git.sha, pullRequestHead: headSha !== null, failure: message, writtenBy: renderFailedByLine(env, headSha) };
    const marked = stale.length > 0 && (await markNotPosted(github, issue.repository, stale, notice));
    const earlier = existing !== undefined ? (marked ? 'marked' : 'stale') : !listed ? 'unread' : error instanceof UnconfirmedCommentError ? 'unconfirmed' : 'none';
    await appendJobSummary(renderCommentFailedSummary(number, message, earlier), env);
  } finally {
    await github.close();
  }
}

/**
 * More than one plan comment for this environment and tree (a POST GitHub failed to confirm but made, listed too late; or
 * two runs that both found none): every one but `kept`, the oldest, is deleted. Each held this run's plan or an earlier
 * one, and `kept` holds this run's, so nothing is lost, and the pull request shows one plan comment, where it was first
 * posted. Never throws: a failure is a warning (the comment keeps its marker, so the next run deletes it), the plan is in `kept`.
 */
async function deleteDuplicates(github: GitHubRequester, issue: IssueRef, kept: IssueComment, duplicates: IssueComment[]): Promise<void> {
  let deleted = 0;
  for (const duplicate of duplicates) {
    try {
      await deleteIssueComment(github, issue.repository, duplicate.id);
      deleted += 1;
    } catch (error) {
      core.warning(
        escapeText(
          `comment: pull request #${issue.number} holds a second plan comment for this environment and tree (${duplicate.htmlUrl}), and deleting it failed: ${describeCommentFailure(error)}; ` +
            `this run's plan is in the oldest (${kept.htmlUrl}); the next run deletes the other again`,
        ),
      );
    }
  }
  if (deleted === 0) return;
  const them = deleted === 1 ? 'deleted the newer one' : `deleted the ${deleted} newer ones`;
  core.info(escapeText(`Pull request #${issue.number} held ${deleted + 1} plan comments for this environment and tree: ${them}; the oldest (${kept.htmlUrl}) holds this run's plan`));
}

/**
 * After this run posted its plan comment: the plan comments, as listed once since (GitHub has no conditional write, so two
 * runs whose lists both came before either POST landed each post one). Of this run's own (its post marker: a POST GitHub
 * made though it failed, listed late) the oldest is kept. When another run's comment there is newer than this run
 * (`order.newer`: the pull request's head, then run id and attempt), this run deletes its own, every one of them, and never
 * another run's: the newer run's stays the one plan comment. Another run's comment proven older (`order.older`: for
 * another head only when the pull request's head now is this run's; for this head by run id) is deleted: that run may
 * have listed before this run's POST landed, and then leaves it. One not proven either way stays, and the next run keeps
 * one. Never throws: a failed list or DELETE is the next run's to tidy.
 */
async function settleAfterPost(
  github: GitHubRequester,
  issue: IssueRef,
  marker: { plan: string; post: string },
  created: Extract<CreatedPlanComment, { made: unknown }>,
  leave: (newer: NewerWriter, withdrawn: boolean) => Promise<void>,
  order: PlanCommentOrder,
): Promise<void> {
  const listed =
    created.listedAfter ??
    (await listPlanComments(github, issue, marker.plan).catch((error: unknown) => {
      core.info(escapeText(`comment: could not list the comments again after posting (${describeCommentFailure(error)}): a plan comment another run posted at the same moment, if any, is left to the next run`));
      return [];
    }));
  const isMine = (comment: IssueComment) => comment.id === created.made.id || holdsPostMarker(comment, marker.post);
  const mine = [created.made, ...listed.filter((comment) => comment.id !== created.made.id && isMine(comment))].sort((a, b) => a.id - b.id);
  const others = listed.filter((comment) => !isMine(comment));
  const newer = others.length === 0 ? null : await order.newer(others);
  if (newer !== null) {
    let deleted = true;
    for (const comment of mine) {
      try {
        await deleteIssueComment(github, issue.repository, comment.id);
      } catch (error) {
        deleted = false;
        core.warning(
          escapeText(
            `comment: ${describeNewerWriter(newer, issue.number)} at the same moment as this run, and deleting this run's own plan comment (${comment.htmlUrl}) failed: ` +
              `${describeCommentFailure(error)}; the newer run's (${newer.comment.htmlUrl}) is the current plan, and the next run deletes the other`,
          ),
        );
      }
    }
    // Not all deleted: the warning said which is left, and that the newer run's holds the current plan.
    if (deleted) await leave(newer, true);
    return;
  }
  // The first POST's comment, listed only after the second POST, is the older: it is kept (it holds this plan too).
  const [kept, ...copies] = mine;
  await deleteDuplicates(github, issue, kept!, copies);
  if (others.length === 0) return;
  const older = await order.older(others);
  await deleteOlderRuns(github, issue, kept!, older);
  const left = others.filter((comment) => !older.includes(comment));
  if (left.length > 0) {
    const them = left.length === 1 ? `a plan comment another run posted at about the same moment (${left[0]!.htmlUrl})` : `${left.length} plan comments other runs posted at about the same moment (${left.map((comment) => comment.htmlUrl).join(', ')})`;
    core.info(escapeText(`Pull request #${issue.number} also holds ${them}, not a newer run's, nor proven an older run's: this run deletes only its own; that run deletes its own once it lists this one, else the next run keeps one`));
  }
}

/**
 * Plan comments older runs posted at about the same moment as this run (their lists came before this run's POST landed, so
 * they keep theirs): deleted, so this run's, `kept`, is the one plan comment. A failed DELETE is a warning.
 */
async function deleteOlderRuns(github: GitHubRequester, issue: IssueRef, kept: IssueComment, older: readonly IssueComment[]): Promise<void> {
  for (const comment of older) {
    const writer = readCommentWriter(comment.body)!;
    const run = `an older run (run ${writer.runId}${writer.attempt > 1 ? `, attempt ${writer.attempt}` : ''}${writer.head === null ? '' : `, head ${writer.head.slice(0, 12)}`})`;
    try {
      await deleteIssueComment(github, issue.repository, comment.id);
      core.info(escapeText(`Pull request #${issue.number} also held a plan comment ${run} posted at about the same moment (${comment.htmlUrl}): deleted it, as this run's plan is newer; this run's (${kept.htmlUrl}) is the one plan comment`));
    } catch (error) {
      core.warning(
        escapeText(
          `comment: pull request #${issue.number} also holds a plan comment ${run} posted at about the same moment (${comment.htmlUrl}), and deleting it failed: ` +
            `${describeCommentFailure(error)}; this run's (${kept.htmlUrl}) holds the newer plan, and the next run deletes the other`,
        ),
      );
    }
  }
}

/**
 * The plan comments still show an earlier plan: one more PATCH each, of a small notice over it, so none reads as current.
 * A failure is a second warning. True when GitHub took every one.
 */
async function markNotPosted(
  github: GitHubRequester,
  repository: string,
  stale: IssueComment[],
  notice: { marker: string; sha: string | null; pullRequestHead: boolean; failure: string; writtenBy: string },
): Promise<boolean> {
  let all = true;
  for (const comment of stale) {
    try {
      await updateIssueComment(github, repository, comment.id, renderFailedPlanComment(comment.body, { ...notice, notPosted: true }));
      core.info(escapeText(`Marked the plan comment as out of date: it shows an earlier plan${stale.length > 1 ? ` (${comment.htmlUrl})` : ''}`));
    } catch (error) {
      core.warning(escapeText(`comment: could not mark the plan comment${stale.length > 1 ? ` ${comment.htmlUrl}` : ''} as out of date either: ${describeCommentFailure(error)}; it still shows the plan of an earlier commit`));
      all = false;
    }
  }
  return all;
}

/**
 * Another run, for a newer head of the pull request (or a later attempt), wrote the plan comment after this run started:
 * this run, which lost the race, leaves it as it is (never replaces or deletes it) and says so in its log and its job summary,
 * which holds this run's plan. `withdrawn`: both runs posted a comment at the same moment, and this run deleted its own.
 */
async function leaveToNewerRun(number: number, newer: NewerWriter, plan: Plan, headSha: string | null, env: Record<string, string | undefined>, withdrawn = false): Promise<void> {
  // Only run ids and commit names in the line (the head is checked hex, GITHUB_SHA too): nothing to escape, and #N links the pull request.
  const sha = headSha ?? (plan.git.sha !== null && /^[0-9a-f]{7,64}$/.test(plan.git.sha) ? plan.git.sha : null);
  const mine = sha === null ? "this run's plan" : `this run's plan for ${headSha === null ? 'commit' : 'head'} ${sha.slice(0, 12)}`;
  const done = withdrawn ? ' at the same moment as this run posted its own, so this run deleted the comment it had posted' : ', so this run leaves that comment as it is';
  const line = `${describeNewerWriter(newer, number)}${done}; ${mine} is in this job's summary only`;
  core.notice(`comment: ${line}`);
  await appendJobSummary(`> [!NOTE]\n> The plan comment ${withdrawn ? 'holds a newer run\'s plan' : 'was not updated'}: ${line}. The plan above is this run's.\n`, env);
}

/** The log's line on a comment this run made: after which failed POSTs, and how it was seen to be there. */
function describePosted(number: number, created: Extract<CreatedPlanComment, { made: unknown }>): string {
  const posted = `Posted the plan as a comment on pull request #${number}`;
  const { failed } = created;
  if (failed.length === 0) return posted;
  if (created.seenIn === 'answer') return `${posted} with a second POST: the first failed (${failed.join('; ')}), and the comments listed after it did not hold it`;
  if (failed.length === 1) return `${posted}: GitHub made it although the POST failed (${failed[0]}); the comments listed after it hold it, so it was not sent again`;
  return `${posted}: GitHub made it although both POSTs failed (${failed.join('; ')}); the comments listed after the second hold it, so no third was sent`;
}

/** The job summary's word on a comment that this run's plan did not reach: whether a reviewer may still read an older plan there. */
function renderCommentFailedSummary(number: number, failure: string, earlier: 'none' | 'unread' | 'unconfirmed' | 'marked' | 'stale'): string {
  const state = {
    // A 5xx POST that GitHub made may still show up in a list that lags: "seen", not "is".
    none: "no comment there was seen to hold this run's plan",
    // The comments could not be read, so an earlier run's comment, if any, was neither found nor marked.
    unread: "it does not hold this run's plan, and an earlier run's plan comment there, if any, still shows its plan with nothing saying it is out of date",
    unconfirmed: "it may hold this run's plan after all",
    marked: 'it shows an earlier plan, now under a notice that it is out of date',
    stale: 'it still shows the plan of an earlier commit, with nothing saying it is out of date',
  }[earlier];
  // Updated only when there was one to update: with none, the comment was to be posted; unread, it is unknown which.
  const what = { none: 'was not posted', unread: 'was not posted or updated', unconfirmed: 'was not confirmed as posted', marked: 'was not updated', stale: 'was not updated' }[earlier];
  return `> [!WARNING]\n> The plan comment on pull request #${number} ${what} (${escapeMarkdown(failure)}): ${state}. The plan above is this run's.\n`;
}

function jobSummaryUrl(env: Record<string, string | undefined>): string | undefined {
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repository, GITHUB_RUN_ID: runId } = env;
  return server && repository && runId ? `${server}/${repository}/actions/runs/${runId}` : undefined;
}
