import * as core from '@actions/core';
import type { GitHubRequester } from '../github/github-request.js';
import type { IssueComment, IssueRef } from '../github/issue-comments.js';
import { readPullRequestHead } from '../github/pull-requests.js';
import { escapeText } from '../report/escape-untrusted.js';
import { describeCommentFailure } from './comment-github.js';
import { findNewerWriter, findOlderWriters, headCanDecide, type CommentWriter, type NewerWriter } from './comment-writer.js';

/** Which plan comments a newer run wrote than this one, and which an older run did, for one run. */
export interface PlanCommentOrder {
  /** The first of `comments` a newer run wrote (findNewerWriter): this run neither replaces nor deletes it. Null when none. */
  newer(comments: readonly IssueComment[]): Promise<NewerWriter | null>;
  /** Those of `comments` an older run wrote, as far as that is proven (findOlderWriters). */
  older(comments: readonly IssueComment[]): Promise<IssueComment[]>;
}

/**
 * The order of plan comments against this run (`own`): where a comment names a head other than this run's, it reads the
 * pull request's head now from GitHub (one GET per run, kept), the truth about which plan is newest. When GitHub does not
 * answer it, the run id orders the newer ones (the log says so), and no comment for another head is proven older.
 */
export function planCommentOrder(github: GitHubRequester, pullRequest: IssueRef, own: CommentWriter | null): PlanCommentOrder {
  let currentHead: Promise<string | null> | undefined;
  const headFor = async (comments: readonly IssueComment[]): Promise<string | null> => {
    if (!headCanDecide(comments, own)) return null;
    currentHead ??= readPullRequestHead(github, pullRequest).catch((error: unknown) => {
      core.info(escapeText(`comment: could not read the head of pull request #${pullRequest.number} (${describeCommentFailure(error)}): plan comments are ordered by run id`));
      return null;
    });
    return currentHead;
  };
  return {
    newer: async (comments) => findNewerWriter(comments, own, await headFor(comments)),
    older: async (comments) => findOlderWriters(comments, own, await headFor(comments)),
  };
}
