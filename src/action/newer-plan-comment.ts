import * as core from '@actions/core';
import type { GitHubRequester } from '../github/github-request.js';
import type { IssueComment, IssueRef } from '../github/issue-comments.js';
import { readPullRequestHead } from '../github/pull-requests.js';
import { escapeText } from '../report/escape-untrusted.js';
import { describeCommentFailure } from './comment-github.js';
import { findNewerWriter, headCanDecide, type CommentWriter, type NewerWriter } from './comment-writer.js';

/**
 * A finder of the plan comment a newer run wrote (findNewerWriter) for one run: where a comment names a head other than
 * this run's, it reads the pull request's head now from GitHub (one GET per run, kept), the truth about which plan is
 * newest. When GitHub does not answer it, the run id orders them, and the log says so.
 */
export function newerPlanCommentFinder(github: GitHubRequester, pullRequest: IssueRef, own: CommentWriter | null): (comments: readonly IssueComment[]) => Promise<NewerWriter | null> {
  let currentHead: Promise<string | null> | undefined;
  return async (comments) => {
    if (!headCanDecide(comments, own)) return findNewerWriter(comments, own);
    currentHead ??= readPullRequestHead(github, pullRequest).catch((error: unknown) => {
      core.info(escapeText(`comment: could not read the head of pull request #${pullRequest.number} (${describeCommentFailure(error)}): plan comments are ordered by run id`));
      return null;
    });
    return findNewerWriter(comments, own, await currentHead);
  };
}
