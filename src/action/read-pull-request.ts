import { readFile } from 'node:fs/promises';

/** The pull request a run is for, or why none was found (the words of a notice). */
export type PullRequestLookup = { number: number } | { missing: string };

const PULL_REQUEST_EVENTS = ['pull_request', 'pull_request_target'];

/**
 * The pull request this run is for, from the event payload the runner writes to
 * GITHUB_EVENT_PATH (`pull_request.number`, on pull_request and pull_request_target events).
 * Otherwise why not: another event is not for a pull request, but a pull-request event
 * without a readable number is a payload problem, named as such.
 */
export async function readPullRequestNumber(env: Record<string, string | undefined>): Promise<PullRequestLookup> {
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
  const number = (payload as { pull_request?: { number?: unknown } } | null)?.pull_request?.number;
  if (typeof number === 'number' && Number.isSafeInteger(number) && number > 0) return { number };
  return missing('its event payload (GITHUB_EVENT_PATH) has no pull_request.number');
}
