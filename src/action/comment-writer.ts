import type { IssueComment } from '../github/issue-comments.js';

/**
 * The workflow run that last wrote a plan comment, as the hidden line it left says: its run id (GITHUB_RUN_ID), attempt
 * and the pull request's head it planned (null where unknown); `failed`: it wrote a failed run's notice, not a plan.
 */
export interface CommentWriter {
  runId: bigint;
  attempt: number;
  head: string | null;
  failed: boolean;
}

/** `run=… attempt=… head=…` for the hidden line of a comment this run writes (`-` for what is not known). */
export function renderWriterFields(env: Record<string, string | undefined>, head: string | null): string {
  const part = (value: string | undefined) => value?.replace(/[^0-9A-Za-z_-]/g, '') || '-';
  return `run=${part(env.GITHUB_RUN_ID)} attempt=${part(env.GITHUB_RUN_ATTEMPT)} head=${part(head ?? undefined)}`;
}

/** The hidden line a failed run's notice carries under the notice mark (renderFailedPlanComment): which run wrote it, for which head. */
export function renderFailedByLine(env: Record<string, string | undefined>, head: string | null): string {
  return `<!-- dashsync-failed-by ${renderWriterFields(env, head)} -->`;
}

/** This run, as a writer the comments' writers can be ordered against; null without a numeric GITHUB_RUN_ID (not on a runner). */
export function thisRunWriter(env: Record<string, string | undefined>, head: string | null): CommentWriter | null {
  return parseFields(renderWriterFields(env, head), false);
}

const WRITER_LINE = /^<!-- dashsync-(posted|failed)-by (run=\S+ attempt=\S+(?: head=\S+)?)(?: post=\S+)? -->$/;

/**
 * The writer of a plan comment, read where dashsync puts its line, never from text a plan shows: a failed run's notice
 * (the notice mark under the marker) as its last line, a plan as the footer's first line (the one before the last).
 * Null where there is none (a comment from before runs signed it, or one a person edited).
 */
export function readCommentWriter(body: string): CommentWriter | null {
  const lines = body.trim().split(/\r?\n/).map((line) => line.trim());
  const notice = lines[1] === '<!-- dashsync-plan-failed -->';
  const match = WRITER_LINE.exec(lines[lines.length - (notice ? 1 : 2)] ?? '');
  return match ? parseFields(match[2]!, match[1] === 'failed') : null;
}

function parseFields(fields: string, failed: boolean): CommentWriter | null {
  const value = (name: string) => new RegExp(`(?:^| )${name}=(\\S+)`).exec(fields)?.[1];
  const runId = value('run');
  if (runId === undefined || !/^\d{1,20}$/.test(runId)) return null;
  const attempt = Number(value('attempt'));
  const head = value('head');
  return { runId: BigInt(runId), attempt: Number.isSafeInteger(attempt) && attempt > 0 ? attempt : 1, head: head !== undefined && /^[0-9a-f]{40,64}$/.test(head) ? head : null, failed };
}

/** A plan comment a newer run wrote; `by`: what says it is newer — its head is the pull request's head now and this run's is not, or its run id (or attempt) is later. */
export interface NewerWriter {
  comment: IssueComment;
  writer: CommentWriter;
  by: 'head' | 'run';
}

/**
 * Whether the pull request's head now (`currentHead`) can decide between this run and a comment's writer: some comment
 * names a head other than this run's. Pure; the caller then reads it (one GET) only where it can matter.
 */
export function headCanDecide(comments: readonly IssueComment[], own: CommentWriter | null): boolean {
  if (own === null || own.head === null) return false;
  return comments.some((comment) => {
    const writer = readCommentWriter(comment.body);
    return writer !== null && writer.head !== null && writer.head !== own.head;
  });
}

/**
 * The first of `comments` that a newer run than `own` wrote, so this run must neither replace nor delete it. The pull
 * request's head now (`currentHead`, null where not read) decides first: a comment planned for it is newer than this run
 * when this run's head is not it, and a run for it is newer than a comment for another head. Otherwise the run id
 * (GITHUB_RUN_ID), and for one run its attempt: GitHub documents the id as unique, not as increasing (only the run
 * number, GITHUB_RUN_NUMBER, counts up, and that within one workflow), so it is the fallback, not the rule. Null when
 * there is none, or when this run cannot be placed (`own` null).
 */
export function findNewerWriter(comments: readonly IssueComment[], own: CommentWriter | null, currentHead: string | null = null): NewerWriter | null {
  if (own === null) return null;
  for (const comment of comments) {
    const writer = readCommentWriter(comment.body);
    if (writer === null) continue;
    const byHead = currentHead !== null && own.head !== null && writer.head !== null && writer.head !== own.head;
    if (byHead && writer.head === currentHead) return { comment, writer, by: 'head' };
    if (byHead && own.head === currentHead) continue;
    if (writer.runId > own.runId || (writer.runId === own.runId && writer.attempt > own.attempt)) return { comment, writer, by: 'run' };
  }
  return null;
}

/**
 * The comments of `comments` that a run older than `own` wrote, as far as that is proven, so this run, whose plan is newer,
 * may delete them: for another head, only when the pull request's head now (`currentHead`, read from GitHub: null where
 * not) is this run's; for this run's head, by run id and attempt (both plans are of one commit, so an order GitHub does not
 * document loses nothing of it). Never a comment whose writer or head is unknown, nor another job of this run and attempt.
 */
export function findOlderWriters(comments: readonly IssueComment[], own: CommentWriter | null, currentHead: string | null = null): IssueComment[] {
  if (own === null || own.head === null) return [];
  return comments.filter((comment) => {
    const writer = readCommentWriter(comment.body);
    if (writer === null || writer.head === null) return false;
    if (writer.head !== own.head) return currentHead !== null && currentHead === own.head;
    return writer.runId < own.runId || (writer.runId === own.runId && writer.attempt < own.attempt);
  });
}

/**
 * `a newer run (run 1235, head dddddddddddd) has posted its plan on pull request #7` (or marked the comment: its plan
 * failed); `a run for the pull request's current head (…)` when the head decided (its run id may be the lower).
 */
export function describeNewerWriter(newer: Pick<NewerWriter, 'writer' | 'by'>, pullRequest: number): string {
  const { writer } = newer;
  const attempt = writer.attempt > 1 ? `, attempt ${writer.attempt}` : '';
  const head = writer.head === null ? '' : `, head ${writer.head.slice(0, 12)}`;
  const did = writer.failed ? `has marked the plan comment on pull request #${pullRequest} as out of date (its plan failed)` : `has posted its plan on pull request #${pullRequest}`;
  const who = newer.by === 'head' ? "a run for the pull request's current head" : 'a newer run';
  return `${who} (run ${writer.runId}${attempt}${head}) ${did}`;
}
