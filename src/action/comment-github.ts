import { ConfigError } from '../errors.js';
import { GitHubHttpError } from '../github/github-http-error.js';
import { createGitHubRequester, GITHUB_RETRY_PAUSE_MS, type GitHubRequester } from '../github/github-request.js';
import { describeRerun, type WorkflowJob } from '../report/rerun-job.js';
import { DASHSYNC_VERSION } from '../version.js';
import { UnconfirmedCommentError } from './create-plan-comment.js';

/**
 * The requester for the pull-request comment (GITHUB_API_URL, the github-token input), or why none can be made. `timeoutMs`
 * is the step's `--timeout` (undefined when the step ended before it was known: the requester's default, which its
 * timeout line then names as such).
 */
export function connectGitHub(
  token: string,
  env: Record<string, string | undefined>,
  timeoutMs?: number,
): { github: GitHubRequester } | { unreachable: string } {
  try {
    const userAgent = `dashsync/${DASHSYNC_VERSION} (github-action)`;
    const retryPauseMs = testRetryPause(env);
    return {
      github: createGitHubRequester({
        apiUrl: env.GITHUB_API_URL || 'https://api.github.com',
        token,
        userAgent,
        ...(timeoutMs === undefined ? {} : { timeoutMs }),
        ...(retryPauseMs === undefined ? {} : { retryPauseMs }),
      }),
    };
  } catch (error) {
    return { unreachable: error instanceof ConfigError ? error.problems.join('; ') : (error as Error).message };
  }
}

/**
 * The pause before GitHub requests are sent again, shortened for the Action's tests (test/action/run-action.ts sets it):
 * DASHSYNC_TEST_GITHUB_RETRY_PAUSE_MS, whole milliseconds up to the requester's own pause, never longer. Not an input and
 * not documented for users: on a runner the requester's pause gives GitHub time to recover.
 */
function testRetryPause(env: Record<string, string | undefined>): number | undefined {
  const value = env.DASHSYNC_TEST_GITHUB_RETRY_PAUSE_MS;
  return value !== undefined && /^\d{1,4}$/.test(value) && Number(value) <= GITHUB_RETRY_PAUSE_MS ? Number(value) : undefined;
}

/**
 * A failed comment request in words, with what to do for the statuses a workflow's setup causes (`job`: the job a re-run
 * of which is that, where it is). Unescaped: GitHub's message is text from outside.
 */
export function describeCommentFailure(error: unknown, job?: WorkflowJob): string {
  if (error instanceof UnconfirmedCommentError) {
    return `${describeCommentFailure(error.postFailure, job)}, and the comments could not be listed to see whether GitHub made it anyway: ${describeCommentFailure(error.listFailure, job)}`;
  }
  return error instanceof GitHubHttpError ? `${error.message}${hintFor(error, job)}` : `unexpected failure: ${(error as Error).message}`;
}

function hintFor(error: GitHubHttpError, job: WorkflowJob | undefined): string {
  if (error.rateLimited) return ` (GitHub's rate limit, not the token's rights: once it resets, ${describeRerun(job)})`;
  if (error.status === 403) {
    return ' (the token may not write comments: give the job "permissions: pull-requests: write"; a pull request from a fork only gets a read-only token)';
  }
  if (error.status === 401) return ' (check the github-token input)';
  if (error.status === 404) return ' (the token cannot see this repository or pull request)';
  return '';
}
