import { randomBytes } from 'node:crypto';
import { posix } from 'node:path';
import type { IssueComment } from '../github/issue-comments.js';
import { renderWriterFields } from './comment-writer.js';
import type { Plan } from '../plan/types.js';
import { markdownCode } from '../report/escape-untrusted.js';
import { renderPlanMarkdownWithin } from '../report/render-plan-markdown-within.js';
import { describePlanFile } from './describe-plan-file.js';
import { describeRetries, type RetrySummary } from '../report/retry-count.js';
import { capitalize } from '../report/capitalize.js';

/** GitHub refuses a comment body longer than this many characters. */
export const MAX_COMMENT_CHARS = 65_536;

/**
 * The hidden first line that finds this step's comment again on the next run: one comment per
 * environment and tree (`tree`: planCommentTree), so two environments planned in one pull request keep two comments.
 */
export function planCommentMarker(environment: string | null, tree: string): string {
  return `<!-- dashsync-plan environment=${environment ?? '-'} path=${encodeURIComponent(sameTreePath(tree))} -->`;
}

/**
 * The hidden footer line that says which run wrote a plan comment, and which POST of it: the workflow run and attempt
 * (GITHUB_RUN_ID, GITHUB_RUN_ATTEMPT) and the pull request's head it planned (`head`), by which a run for an older head
 * leaves a newer run's comment alone (findNewerWriter), and a random part because two jobs of one run may plan the same
 * environment and tree. A comment whose POST GitHub failed to confirm is known by it for this run's own when a list
 * shows it later, whatever GitHub made of the rest of its body.
 */
export function renderPostMarker(env: Record<string, string | undefined>, head: string | null = null): string {
  return `<!-- dashsync-posted-by ${renderWriterFields(env, head)} post=${randomBytes(6).toString('hex')} -->`;
}

/** Whether `comment` is the one a POST carrying `postMarker` made. */
export function holdsPostMarker(comment: IssueComment, postMarker: string): boolean {
  return comment.body.split(/\r?\n/).some((line) => line.trim() === postMarker);
}

/**
 * The commit a plan comment names: `commit abc…`, or on a `pull_request` event (`pullRequestHead`) the pull request's head,
 * named as such: the runner's GITHUB_SHA there is GitHub's test merge commit, which is not among the pull request's commits.
 */
export function describeCommentCommit(sha: string, pullRequestHead: boolean): string {
  return `${pullRequestHead ? "this pull request's head commit" : 'commit'} ${markdownCode(sha.slice(0, 12))}`;
}

/** `./dashboards/`, `dashboards/` and `dashboards` name one tree, so one comment: no `./`, no `..` detours, no trailing `/`. */
function sameTreePath(path: string): string {
  const normalized = posix.normalize(path.replace(/\\/g, '/'));
  return normalized === '/' ? normalized : normalized.replace(/\/+$/, '');
}

/**
 * The comment: marker, the markdown plan, and a footer naming the commit. A plan too long for
 * a comment loses diff lines first, then shows shared changes once and as many diffs as fit,
 * then lists the rows a reviewer must see first; it points to the job summary for the rest, or,
 * when the job summary was itself shortened (`summaryLeftOut`), says so and names the plan file. `retried`: the plan's
 * requests Grafana made dashsync send again, which the footer counts — the plan is whole either way, but a reviewer
 * learns that Grafana struggled, which an apply may meet too. `postMarker` (renderPostMarker) goes into the footer, hidden.
 * `headSha`: the pull request's head commit on a `pull_request` event (readPullRequest), which the footer names as the
 * commit the run was for (the plan's `git.pullRequest.head`, where it has one); the plan's header says what was planned:
 * GitHub's test merge of that head (GITHUB_SHA), or the head itself.
 */
export function renderPlanComment(
  plan: Plan,
  options: {
    marker: string;
    postMarker?: string;
    summaryUrl: string | undefined;
    summaryLeftOut?: string | null;
    planFile?: string;
    maxChars?: number;
    retried?: RetrySummary | null;
    headSha?: string | null;
  },
): string {
  const summary = options.summaryUrl ? `[job summary](${options.summaryUrl})` : 'job summary of this run';
  const headSha = plan.git.pullRequest?.head ?? options.headSha ?? null;
  const commitSha = headSha ?? plan.git.sha;
  const commit = commitSha ? ` for ${describeCommentCommit(commitSha, headSha !== null)}` : '';
  const retried = describeRetries(options.retried ?? null)[0];
  const retries = retried === undefined ? '' : ` · planning had ${retried}; the plan is complete`;
  const leftOut = options.summaryLeftOut ?? null;
  const planFile = describePlanFile(options.planFile ?? 'dashsync-plan.json', 'this run saved');
  const where = leftOut === null ? `the whole plan is in the ${summary}` : `the ${summary} is itself shortened (${leftOut}); every diff is in ${planFile}`;
  const elsewhere = leftOut === null ? `the ${summary}` : `${planFile}; the ${summary} is itself shortened: ${leftOut}`;
  const postMarker = options.postMarker === undefined ? '' : `${options.postMarker}\n`;
  // The commit's line stays the last: renderFailedPlanComment reads it there.
  const footer = `\n---\n${postMarker}<sub>Updated by dashsync on every run${commit}${retries} · ${where}</sub>\n`;
  const cutNote = (listed: string) => `\n\n> [!NOTE]\n> The plan is too long for a comment and was cut here: ${listed}. ${capitalize(where)}.\n`;
  const maxSize = (options.maxChars ?? MAX_COMMENT_CHARS) - options.marker.length - 1 - footer.length;
  // The plan's header names the commit planned, and what it is to the pull request (describePlanCommit): GitHub's merge of the head, or the head.
  const markdown = renderPlanMarkdownWithin(plan, { maxSize, size: (text) => text.length, elsewhere, cutNote, shell: 'action' });
  return `${options.marker}\n${markdown.text}${footer}`;
}
