import { describe, expect, it } from 'vitest';
import { GitHubHttpError } from '../../../src/github/github-http-error.js';
import { createGitHubRequester, nextLink } from '../../../src/github/github-request.js';
import { startGitHubStandIn } from '../../helpers/github-stand-in.js';

describe('the GitHub request helper', () => {
  it('reads rel="next" from a Link header', () => {
    expect(nextLink('<https://api.x/r?page=2>; rel="next", <https://api.x/r?page=5>; rel="last"')).toBe('https://api.x/r?page=2');
    expect(nextLink('<https://api.x/r?page=1>; rel="prev", <https://api.x/r?page=5>; rel="last"')).toBeUndefined();
    expect(nextLink(undefined)).toBeUndefined();
  });

  it('never sends the token outside the API root, and says so without the token', async () => {
    const github = await startGitHubStandIn({ token: 'ghs_secret', pathPrefix: '/api/v3' });
    const requester = createGitHubRequester({ apiUrl: github.apiUrl, token: 'ghs_secret', userAgent: 'test' });
    try {
      const elsewhere = await requester.send('GET', `${new URL(github.apiUrl).origin}/other/path`).catch((e: unknown) => e);
      expect(elsewhere).toBeInstanceOf(GitHubHttpError);
      expect((elsewhere as Error).message).toBe(`GET /other/path failed: no response: refused to send the token outside ${github.apiUrl}`);
      expect(github.requests()).toEqual([]);
    } finally {
      await requester.close();
    }
  });

  it('turns an error status into GitHubHttpError with GitHub\'s message and the path', async () => {
    const github = await startGitHubStandIn({ token: 'ghs_right' });
    const requester = createGitHubRequester({ apiUrl: github.apiUrl, token: 'ghs_wrong', userAgent: 'test' });
    try {
      const error = await requester.send('GET', '/repos/octo/dashboards/issues/1/comments').catch((e: unknown) => e);
      expect(error).toMatchObject({ status: 401, message: 'GET /repos/octo/dashboards/issues/1/comments failed: HTTP 401: Bad credentials' });
      expect(github.requests()[0]).toMatchObject({ authorized: false });
    } finally {
      await requester.close();
    }
  });

  it("cuts a long GitHub message at whole characters, with … where it was cut", async () => {
    const github = await startGitHubStandIn({ token: 'ghs_right' });
    const requester = createGitHubRequester({ apiUrl: github.apiUrl, token: 'ghs_right', userAgent: 'test' });
    github.failWrites(422, `${'m'.repeat(299)}😀 and more`);
    try {
      const error = await requester.send('POST', '/repos/octo/dashboards/issues/1/comments', { body: 'hi' }).catch((e: unknown) => e);
      // By UTF-16 units the cut (300) leaves the smile's high surrogate alone.
      expect(error).toMatchObject({ status: 422, message: `POST /repos/octo/dashboards/issues/1/comments failed: HTTP 422: ${'m'.repeat(299)}…` });
    } finally {
      await requester.close();
    }
  });
});
