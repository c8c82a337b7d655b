/**
 * A GitHub REST call that failed: method, path (no host, no query) and status, with GitHub's
 * `message` when it sent one. Never holds the token.
 */
export class GitHubHttpError extends Error {
  override readonly name = 'GitHubHttpError';
  constructor(
    readonly method: string,
    readonly path: string,
    /** HTTP status, or 0 when no response arrived. */
    readonly status: number,
    readonly githubMessage: string,
  ) {
    super(`${method} ${path} failed: ${status === 0 ? 'no response' : `HTTP ${status}`}${githubMessage ? `: ${githubMessage}` : ''}`);
  }
}
