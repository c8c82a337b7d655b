import { GitHubHttpError } from './github-http-error.js';
import type { GitHubRequester } from './github-request.js';

/** The fields of an issue (or pull-request) comment that dashsync reads. */
export interface IssueComment {
  id: number;
  body: string;
  htmlUrl: string;
  /** `user.type`: `Bot` for a GitHub App (the github-actions app among them), `User` for a person. */
  authorType: string;
  /** `author_association`: `OWNER`, `MEMBER`, `COLLABORATOR` hold rights in the repository; `CONTRIBUTOR`, `NONE`, … do not. */
  authorAssociation: string;
}

export interface IssueRef {
  /** `owner/name` (GITHUB_REPOSITORY). */
  repository: string;
  number: number;
}

/** GET /repos/{owner}/{repo}/issues/{n}/comments, every page (100 a page, following Link: rel="next"). */
export async function* listIssueComments(github: GitHubRequester, issue: IssueRef): AsyncGenerator<IssueComment> {
  let page: string | undefined = `/repos/${repoPath(issue.repository)}/issues/${issue.number}/comments?per_page=100`;
  while (page !== undefined) {
    const response = await github.send('GET', page);
    if (!Array.isArray(response.body)) return;
    for (const item of response.body) yield toComment(item);
    page = response.next;
  }
}

/** POST /repos/{owner}/{repo}/issues/{n}/comments. */
export async function createIssueComment(github: GitHubRequester, issue: IssueRef, body: string): Promise<IssueComment> {
  return toComment((await github.send('POST', `/repos/${repoPath(issue.repository)}/issues/${issue.number}/comments`, { body })).body);
}

/** PATCH /repos/{owner}/{repo}/issues/comments/{id}. */
export async function updateIssueComment(github: GitHubRequester, repository: string, id: number, body: string): Promise<IssueComment> {
  return toComment((await github.send('PATCH', `/repos/${repoPath(repository)}/issues/comments/${id}`, { body })).body);
}

/**
 * DELETE /repos/{owner}/{repo}/issues/comments/{id} (204). A 404 counts as deleted: a DELETE sent again after a 5xx may find
 * the comment gone by the first.
 */
export async function deleteIssueComment(github: GitHubRequester, repository: string, id: number): Promise<void> {
  try {
    await github.send('DELETE', `/repos/${repoPath(repository)}/issues/comments/${id}`);
  } catch (error) {
    if (!(error instanceof GitHubHttpError && error.status === 404)) throw error;
  }
}

/** `owner/name` as a URL path (each part encoded). */
export function repoPath(repository: string): string {
  return repository.split('/').map(encodeURIComponent).join('/');
}

function toComment(value: unknown): IssueComment {
  const item = (value ?? {}) as Record<string, unknown>;
  const user = (item.user ?? {}) as Record<string, unknown>;
  return {
    id: typeof item.id === 'number' ? item.id : 0,
    body: typeof item.body === 'string' ? item.body : '',
    htmlUrl: typeof item.html_url === 'string' ? item.html_url : '',
    authorType: typeof user.type === 'string' ? user.type : '',
    authorAssociation: typeof item.author_association === 'string' ? item.author_association : '',
  };
}
