import { readFile } from 'node:fs/promises';

/**
 * The pull request a run is for, or why none was found (the words of a notice). `headSha`: on a `pull_request` event, the
 * pull request's head commit (`pull_request.head.sha`); GITHUB_SHA there is GitHub's test merge of it into the base branch,
 * a commit no reader finds among the pull request's. Null on other events (`pull_request_target` checks out the base).
 * `baseRef`: the base branch's name (`pull_request.base.ref`), null when the payload has none.
 */
export type PullRequestLookup = { number: number; headSha: string | null; baseRef: string | null } | { missing: string };

const PULL_REQUEST_EVENTS = ['pull_request', 'pull_request_target'];

/**
 * The pull request this run is for, from the event payload the runner writes to
 * GITHUB_EVENT_PATH (`pull_request.number`, on pull_request and pull_request_target events), with its head commit.
 * Otherwise why not: another event is not for a pull request, but a pull-request event
 * without a readable number is a payload problem, named as such.
 */
export async function readPullRequest(env: Record<string, string | undefined>): Promise<PullRequestLookup> {
  const event = env.GITHUB_EVENT_NAME ?? 'unknown';
  const missing = (what: string): PullRequestLookup =>
    PULL_REQUEST_EVENTS.includes(event) ? { missing: `this run is for event ${event}, but ${what}` } : { missing: `this run (event ${event}) is not for a pull request` };
  if (!env.GITHUB_EVENT_PATH) return missing('GITHUB_EVENT_PATH (the event payload) is not set');
  let payload: unknown;
  try {
    payload = JSON.parse(await readFile(env.GITHUB_EVENT_PATH, 'utf8'));
  } catch {
    return missing('its event payload (GITHUB_EVENT_PATH) could not be read as JSON');
  }
  const pullRequest = (payload as { pull_request?: { number?: unknown; head?: { sha?: unknown }; base?: { ref?: unknown } } } | null)?.pull_request;
  const number = pullRequest?.number;
  const head = pullRequest?.head?.sha;
  const headSha = event === 'pull_request' && typeof head === 'string' && /^[0-9a-f]{40}([0-9a-f]{24})?$/.test(head) ? head : null;
  const base = pullRequest?.base?.ref;
  const baseRef = typeof base === 'string' && base.trim() !== '' ? base : null;
  if (typeof number === 'number' && Number.isSafeInteger(number) && number > 0) return { number, headSha, baseRef };
  return missing('its event payload (GITHUB_EVENT_PATH) has no pull_request.number');
}
