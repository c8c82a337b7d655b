import { cutText } from '../report/cut-text.js';
import { escapeMarkdown, markdownCode } from '../report/escape-untrusted.js';
import { describeCommentCommit, MAX_COMMENT_CHARS } from './render-plan-comment.js';

/** The line after the marker that says this comment carries a failure notice over an earlier plan. */
const NOTICE_MARK = '<!-- dashsync-plan-failed -->';
const EARLIER_START = '<!-- dashsync-earlier-plan -->';
const EARLIER_END = '<!-- /dashsync-earlier-plan -->';
/** The commit a plan comment names in its footer (renderPlanComment): its last line, so no diff value can pose as it. */
const FOOTER_COMMIT = /^<sub>Updated by dashsync on every run for (?:commit|this pull request's head commit) `([0-9a-f]{7,40})`/;

/**
 * The plan comment after a failed plan run: one line on top saying the plan for commit `sha` failed and why (`failure`,
 * already free of credentials) and which commit the plan below is for, the earlier plan collapsed under it. An earlier
 * notice is replaced, never stacked: the plan under it is taken out whole. `oldBody` starts with `marker`.
 * `notPosted`: the plan was made, but updating the comment with it failed (`failure` says how); it is in the job summary.
 * `pullRequestHead`: `sha` is the pull request's head commit (a `pull_request` event), and is named as such.
 * `writtenBy`: the hidden line naming the run that writes the notice (renderFailedByLine), its last line.
 */
export function renderFailedPlanComment(
  oldBody: string,
  options: { marker: string; sha: string | null; pullRequestHead?: boolean; failure: string; failedFiles?: string[]; maxChars?: number; notPosted?: boolean; writtenBy?: string },
): string {
  const earlier = earlierPlan(oldBody.trimStart().slice(options.marker.length).replace(/^\n/, ''));
  const oldSha = FOOTER_COMMIT.exec(earlier.slice(earlier.lastIndexOf('\n') + 1))?.[1];
  const thisRun = describeThisRun(options.sha, options.pullRequestHead ?? false, options.notPosted ?? false);
  const below = describePlanBelow(oldSha, options.sha);
  const files = renderFailedFiles(options.failedFiles ?? []);
  const line = `> [!WARNING]\n> **No current plan**: ${thisRun}: ${escapeMarkdown(oneLine(options.failure))}; ${below}.\n${files}`;
  const summary = `<summary>Earlier plan${oldSha === undefined ? '' : ` (commit ${oldSha})`}</summary>`;
  const writtenBy = options.writtenBy === undefined ? '' : `${options.writtenBy}\n`;
  const whole = `${options.marker}\n${NOTICE_MARK}\n${line}\n<details>${summary}\n${EARLIER_START}\n\n${earlier}\n\n${EARLIER_END}\n</details>\n${writtenBy}`;
  if (earlier !== '' && whole.length <= (options.maxChars ?? MAX_COMMENT_CHARS)) return whole;
  // The notice must get through even when the earlier plan filled the comment: that plan stays in its run's job summary.
  const gone = `> [!WARNING]\n> **No current plan**: ${thisRun}: ${escapeMarkdown(oneLine(options.failure))}; the earlier plan${oldSha === undefined ? '' : ` (commit ${markdownCode(oldSha)})`} is not kept under this notice; it is in the job summary of its run.\n${files}`;
  return `${options.marker}\n${NOTICE_MARK}\n${gone}${writtenBy}`;
}

/**
 * Which commit the earlier plan is for. On the same commit (a re-run after a token expired) what differs is the time: that
 * plan was made against Grafana as it was then. The footer names a cut sha, the run the whole one.
 */
function describePlanBelow(oldSha: string | undefined, sha: string | null): string {
  if (oldSha === undefined) return 'the plan below is from an earlier run';
  if (sha !== null && sha.startsWith(oldSha)) return 'the plan below is an earlier run\'s for this same commit, made against Grafana as it was then';
  return `the plan below is for commit ${markdownCode(oldSha)}`;
}

function describeThisRun(sha: string | null, pullRequestHead: boolean, notPosted: boolean): string {
  const plan = sha ? `the plan for ${describeCommentCommit(sha, pullRequestHead)}` : 'the latest plan';
  return notPosted ? `${plan} is only in the job summary of its run, as updating this comment failed` : sha ? `${plan} failed` : 'the latest plan run failed';
}

/** The plan an earlier comment shows: the whole body after the marker, or what an earlier notice kept under it. */
function earlierPlan(afterMarker: string): string {
  if (!afterMarker.startsWith(NOTICE_MARK)) return afterMarker.trimEnd();
  const start = afterMarker.indexOf(EARLIER_START);
  const end = afterMarker.lastIndexOf(EARLIER_END);
  return start === -1 || end < start ? '' : afterMarker.slice(start + EARLIER_START.length, end).trim();
}

/** How many of a bad-input failure's file lines the notice shows; the rest are counted (the run's annotations hold them all). */
const FAILED_FILES_SHOWN = 5;
/** Longest file line shown: a message quoting a long title must not crowd out the notice. */
const FAILED_FILE_CHARS = 300;

/** The first of the files a bad-input failure names, one quoted list item each, and a count of the rest. */
function renderFailedFiles(lines: string[]): string {
  const shown = lines.slice(0, FAILED_FILES_SHOWN).map((line) => `> - ${escapeMarkdown(cutText(oneLine(line), FAILED_FILE_CHARS))}\n`);
  const rest = lines.length - shown.length;
  const more = rest > 0 ? `> - … and ${rest} more (the run's annotations name each; \`dashsync check\` lists them all)\n` : '';
  return `${shown.join('')}${more}`;
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim().replace(/\.$/, '');
}
