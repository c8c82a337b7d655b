import { readFile } from 'node:fs/promises';

/**
 * The pull request this run is for, from the event payload the runner writes to
 * GITHUB_EVENT_PATH (`pull_request.number` on pull_request and pull_request_target events).
 * Undefined for any other event, or when there is no payload.
 */
export async function readPullRequestNumber(env: Record<string, string | undefined>): Promise<number | undefined> {
  if (!env.GITHUB_EVENT_PATH) return undefined;
  let payload: unknown;
  try {
    payload = JSON.parse(await readFile(env.GITHUB_EVENT_PATH, 'utf8'));
  } catch {
    return undefined;
  }
  const number = (payload as { pull_request?: { number?: unknown } } | null)?.pull_request?.number;
  return typeof number === 'number' && Number.isSafeInteger(number) && number > 0 ? number : undefined;
}
