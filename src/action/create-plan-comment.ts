import { GitHubHttpError } from '../github/github-http-error.js';
import type { GitHubRequester } from '../github/github-request.js';
import { createIssueComment, type IssueComment, type IssueRef } from '../github/issue-comments.js';
import { listPlanComments } from './find-plan-comment.js';
import { holdsPostMarker } from './render-plan-comment.js';

/**
 * A new plan comment: `made` holds this run's plan (`seenIn`: GitHub's answer to the POST, or a list after a POST it did
 * not confirm); `found` is a comment with the marker that another run made meanwhile, to be updated instead. `failed`:
 * the POSTs that got a 5xx or no answer on the way, in words. `listedAfter`: the plan comments as a list made after the
 * comment was made showed them (after a second POST, the first POST's comment may show up only there), null when none
 * was listed since (the caller lists them once: another run may have posted at the same moment).
 */
export type CreatedPlanComment =
  | { made: IssueComment; seenIn: 'answer' | 'list'; failed: string[]; listedAfter: IssueComment[] | null }
  | { found: IssueComment; failed: string[] };

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
 * Before a second POST, the comments are listed twice: after the requester's pause, and again after this many of them. GitHub's
 * list of issue comments may lag behind a comment it has just made; a longer look makes a second comment less likely.
 */
const SECOND_LOOK_PAUSES = 3;

/**
 * Creates the plan comment, as safe to repeat as GitHub allows: a POST that got a 5xx or no answer may have made the comment
 * all the same, so after the requester's pause the comments are listed again (before a second POST, twice: once more after a
 * longer pause), and the POST is sent again only when none carries `marker`. One there with this POST's `postMarker` is
 * this run's; one without it, another run's (the caller updates it). At most two POSTs. GitHub's list is not guaranteed to
 * show a comment it made at once, so a first POST it made and listed only later leaves a second comment: the caller's list
 * after the POST finds it, and the next run finds any that is left. Throws the last
 * POST's error when GitHub holds no comment, UnconfirmedCommentError when that could not be listed.
 */
export async function createPlanComment(
  github: GitHubRequester,
  issue: IssueRef,
  marker: { plan: string; post: string },
  body: string,
): Promise<CreatedPlanComment> {
  const failed: string[] = [];
  for (let post = 1; ; post += 1) {
    let made: IssueComment;
    try {
      made = await createIssueComment(github, issue, body);
    } catch (error) {
      if (!(error instanceof GitHubHttpError) || !error.worthRetrying) throw error;
      failed.push(error.message);
      const looks = post < MAX_POSTS ? [1, SECOND_LOOK_PAUSES] : [1];
      for (const pauses of looks) {
        await github.pauseBeforeRetry(pauses);
        const seen = await listPlanComments(github, issue, marker.plan).catch((listError: unknown) => {
          throw new UnconfirmedCommentError(error, listError);
        });
        const mine = seen.find((comment) => holdsPostMarker(comment, marker.post));
        if (mine !== undefined) return { made: mine, seenIn: 'list', failed, listedAfter: seen };
        if (seen[0] !== undefined) return { found: seen[0], failed };
      }
      if (post === MAX_POSTS) throw error;
      continue;
    }
    return { made, seenIn: 'answer', failed, listedAfter: null };
  }
}
