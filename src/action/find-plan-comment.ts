import type { GitHubRequester } from '../github/github-request.js';
import { listIssueComments, type IssueComment, type IssueRef } from '../github/issue-comments.js';

/**
 * Every comment an earlier run of this step wrote (first line `marker`, by someone who may hold our plan), oldest first:
 * more than one only when GitHub made a comment whose POST it failed and its list did not show it in time, so a second
 * POST made another (createPlanComment), or when two runs both found none.
 */
export async function listPlanComments(github: GitHubRequester, issue: IssueRef, marker: string): Promise<IssueComment[]> {
  const found: IssueComment[] = [];
  for await (const comment of listIssueComments(github, issue)) {
    if (isPlanComment(comment, marker)) found.push(comment);
  }
  return found;
}

function isPlanComment(comment: IssueComment, marker: string): boolean {
  return comment.body.trimStart().startsWith(marker) && mayHoldOurPlan(comment);
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
