import { GitHubHttpError } from '../github/github-http-error.js';
import type { GitHubRequester } from '../github/github-request.js';
import { createIssueComment, type IssueComment, type IssueRef } from '../github/issue-comments.js';
import { findPlanComment } from './find-plan-comment.js';

/**
 * A new plan comment: `made` holds this run's plan (`seenIn`: GitHub's answer to the POST, or the list after a POST it did
 * not confirm); `found` is a comment with the marker that another run made meanwhile, to be updated instead. `failed`:
 * the POSTs that got a 5xx or no answer on the way, in words.
 */
export type CreatedPlanComment = { made: IssueComment; seenIn: 'answer' | 'list'; failed: string[] } | { found: IssueComment; failed: string[] };

/** A POST GitHub did not confirm, and the list that would have shown whether it made the comment failed as well. */
export class UnconfirmedCommentError extends Error {
  override readonly name = 'UnconfirmedCommentError';
  constructor(
    readonly postFailure: GitHubHttpError,
    readonly listFailure: unknown,
  ) {
    super(postFailure.message);
  }
}

/** POSTs of one comment at most: a second 5xx in a row is not a blip. */
const MAX_POSTS = 2;

/**
 * Creates the plan comment, safe to repeat: a POST that got a 5xx or no answer may have made the comment all the same, so
 * after the requester's pause the comments are listed again, and the POST is sent again only when none carries `marker`.
 * One there with this run's `body` is this run's; one with another body, another run's (the caller updates it). Never
 * two comments for one marker. Throws the last POST's error when GitHub holds no comment, UnconfirmedCommentError when
 * that could not be listed.
 */
export async function createPlanComment(github: GitHubRequester, issue: IssueRef, marker: string, body: string): Promise<CreatedPlanComment> {
  const failed: string[] = [];
  for (let post = 1; ; post += 1) {
    try {
      return { made: await createIssueComment(github, issue, body), seenIn: 'answer', failed };
    } catch (error) {
      if (!(error instanceof GitHubHttpError) || !error.worthRetrying) throw error;
      failed.push(error.message);
      await github.pauseBeforeRetry();
      let found: IssueComment | undefined;
      try {
        found = await findPlanComment(github, issue, marker);
      } catch (listError) {
        throw new UnconfirmedCommentError(error, listError);
      }
      if (found !== undefined) return found.body === body ? { made: found, seenIn: 'list', failed } : { found, failed };
      if (post === MAX_POSTS) throw error;
    }
  }
}
