/**
 * A GitHub REST call that failed: method, path (no host, no query) and status, with GitHub's
 * `message` when it sent one. Never holds the token.
 */
export class GitHubHttpError extends Error {
  override readonly name = 'GitHubHttpError';
  /** A 5xx or no answer: a GET, PATCH or DELETE may be sent again. */
  readonly worthRetrying: boolean;
  /** GitHub refused for a rate limit (403 or 429 saying so), not for the token's rights. */
  readonly rateLimited: boolean;
  constructor(
    readonly method: string,
    readonly path: string,
    /** HTTP status, or 0 when no response arrived. */
    readonly status: number,
    readonly githubMessage: string,
    facts: { worthRetrying?: boolean; rateLimited?: boolean } = {},
  ) {
    super(`${method} ${path} failed: ${status === 0 ? 'no response' : `HTTP ${status}`}${githubMessage ? `: ${githubMessage}` : ''}`);
    this.worthRetrying = facts.worthRetrying ?? false;
    this.rateLimited = facts.rateLimited ?? false;
  }
}
