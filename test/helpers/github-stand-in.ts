import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { onTestFinished } from 'vitest';

/** One request as the stand-in saw it; whether it carried the right token, never the token itself. */
interface GitHubRequest {
  method: string;
  /** Path with query, below the API root (`/repos/o/r/issues/5/comments?per_page=100`). */
  path: string;
  authorized: boolean;
  headers: { accept: string | undefined; apiVersion: string | undefined; userAgent: string | undefined };
  body?: { body?: string };
}

interface StoredComment {
  id: number;
  issue: number;
  body: string;
  user: string;
  /** GitHub's author_association: NONE for a stranger and for the github-actions bot, COLLABORATOR, MEMBER, OWNER for people with rights. */
  association: string;
  /** Lists of its issue still to leave it out of (lagList). */
  unlisted: number;
}

export interface GitHubStandIn {
  /** The API root to hand over as GITHUB_API_URL (with a GitHub Enterprise-like `/api/v3` prefix when asked). */
  apiUrl: string;
  requests(): GitHubRequest[];
  comments(issue: number): StoredComment[];
  /** Adds comments written by someone else (or by an earlier run), oldest first; a login ending in `[bot]` is an app's. */
  seed(issue: number, bodies: string[], user?: string, association?: string): void;
  /** Every later POST, PATCH and DELETE answers with this status and message (a fork's read-only token: 403). */
  failWrites(status: number, message: string, options?: { headers?: Record<string, string> }): void;
  /**
   * The next `times` requests of `method` answer `status` (`times` unset: every later one); then the stand-in answers as before.
   * `made`: GitHub did the work first (a POST's comment is made) and only its answer is that failure, as a 502 from GitHub's edge after a slow backend.
   */
  fail(method: string, status: number, options?: { times?: number; message?: string; made?: boolean }): void;
  /**
   * Holds the next request of `method` once it has arrived whole (logged, body read), before it is handled: `arrived`
   * resolves then; `release` lets it be handled as GitHub would handle a request it received (whether or not the client is
   * still there) and resolves once it was.
   */
  hold(method: string): { arrived: Promise<void>; release: () => Promise<void> };
  /**
   * GitHub's list of issue comments is not read-after-write: a comment every later POST makes is left out of the next
   * `lists` lists of its pull request (each list request counts once), then shown. Deterministic: counted, not timed.
   */
  lagList(lists: number): void;
  /** The head commit `GET /repos/…/pulls/{n}` answers for pull request `issue` (a push moves it); unset, that GET is a 404. */
  setHead(issue: number, sha: string): void;
}

/**
 * A local HTTP server standing in for the endpoints of GitHub's REST API that the plan comment uses — list (paged with
 * `Link: rel="next"`), create, update, delete (204) of comments, and a pull request's head — for `owner/repo`.
 * It checks the Bearer token and records every request. Closed when the test ends.
 */
export async function startGitHubStandIn(options: {
  token: string;
  repository?: string;
  pathPrefix?: string;
  pageSize?: number;
  /** How the stand-in stores a body it is sent (GitHub may change line ends or trailing space); default: as sent. */
  storesBody?: (body: string) => string;
}): Promise<GitHubStandIn> {
  const repository = options.repository ?? 'octo/dashboards';
  const prefix = options.pathPrefix ?? '';
  const pageSize = options.pageSize ?? 30;
  const log: GitHubRequest[] = [];
  const stored: StoredComment[] = [];
  let nextId = 1000;
  let listLag = 0;
  const heads = new Map<number, string>();
  let writeFailure: { status: number; message: string; headers: Record<string, string> } | undefined;
  const failures = new Map<string, { status: number; message: string; left: number; made: boolean }>();
  const holds = new Map<string, { arrive: () => void; released: Promise<void> }>();

  const server = createServer((request, response) => {
    void handle(request, response).catch((error: unknown) => send(response, 500, { message: String(error) }));
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const raw = await readBody(request);
    const url = new URL(request.url ?? '/', 'http://stand-in');
    const path = url.pathname.startsWith(prefix) ? url.pathname.slice(prefix.length) : url.pathname;
    const authorized = request.headers.authorization === `Bearer ${options.token}`;
    const body = raw === '' ? undefined : (JSON.parse(raw) as { body?: string });
    log.push({
      method: request.method ?? '',
      path: `${path}${url.search}`,
      authorized,
      headers: { accept: request.headers.accept, apiVersion: request.headers['x-github-api-version'] as string | undefined, userAgent: request.headers['user-agent'] },
      ...(body === undefined ? {} : { body }),
    });
    const held = holds.get(request.method ?? '');
    if (held) {
      holds.delete(request.method ?? '');
      held.arrive();
      await held.released;
    }
    if (!authorized) return send(response, 401, { message: 'Bad credentials' });
    const failure = failures.get(request.method ?? '');
    const failing = failure !== undefined && failure.left > 0;
    if (failing) failure.left -= 1;
    if (failing && !failure.made) return send(response, failure.status, { message: failure.message });
    // Handled as GitHub would, then answered with the failure instead.
    const reply: typeof send = failing ? (to) => send(to, failure.status, { message: failure.message }) : send;
    const issueComments = new RegExp(`^/repos/${repository}/issues/(\\d+)/comments$`).exec(path);
    const oneComment = new RegExp(`^/repos/${repository}/issues/comments/(\\d+)$`).exec(path);
    const pullRequest = new RegExp(`^/repos/${repository}/pulls/(\\d+)$`).exec(path);
    if (request.method === 'GET' && pullRequest) {
      const head = heads.get(Number(pullRequest[1]));
      if (head === undefined) return reply(response, 404, { message: 'Not Found' });
      return reply(response, 200, { number: Number(pullRequest[1]), state: 'open', head: { sha: head, ref: 'feature' }, base: { ref: 'main' } });
    }
    if (request.method === 'GET' && issueComments) {
      const issue = Number(issueComments[1]);
      const perPage = Math.min(Number(url.searchParams.get('per_page') ?? pageSize), pageSize);
      const page = Number(url.searchParams.get('page') ?? '1');
      const all = stored.filter((c) => c.issue === issue && (c.unlisted === 0 || (c.unlisted -= 1) < 0));
      const slice = all.slice((page - 1) * perPage, page * perPage);
      const headers: Record<string, string> = {};
      if (page * perPage < all.length) {
        const next = new URL(`${apiUrl}${path}`);
        next.searchParams.set('per_page', String(perPage));
        next.searchParams.set('page', String(page + 1));
        headers.link = `<${next.href}>; rel="next", <${apiUrl}${path}?page=${Math.ceil(all.length / perPage)}>; rel="last"`;
      }
      return reply(response, 200, slice.map(toApi), headers);
    }
    if ((request.method === 'POST' && issueComments) || (request.method === 'PATCH' && oneComment)) {
      if (writeFailure) return reply(response, writeFailure.status, { message: writeFailure.message, documentation_url: 'https://docs.example/rest' }, writeFailure.headers);
      if (typeof body?.body !== 'string' || body.body === '') return reply(response, 422, { message: 'Validation Failed' });
      if (body.body.length > 65_536) return reply(response, 422, { message: 'Body is too long (maximum is 65536 characters)' });
      if (issueComments) {
        const comment = { id: nextId++, issue: Number(issueComments[1]), body: options.storesBody?.(body.body) ?? body.body, user: 'github-actions[bot]', association: 'NONE', unlisted: listLag };
        stored.push(comment);
        return reply(response, 201, toApi(comment));
      }
      const comment = stored.find((c) => c.id === Number(oneComment![1]));
      if (!comment) return reply(response, 404, { message: 'Not Found' });
      comment.body = body.body;
      return reply(response, 200, toApi(comment));
    }
    if (request.method === 'DELETE' && oneComment) {
      if (writeFailure) return reply(response, writeFailure.status, { message: writeFailure.message, documentation_url: 'https://docs.example/rest' }, writeFailure.headers);
      const index = stored.findIndex((c) => c.id === Number(oneComment[1]));
      if (index === -1) return reply(response, 404, { message: 'Not Found' });
      stored.splice(index, 1);
      // 204 No Content: no body (a `made` failure answers its own instead).
      if (failing) return reply(response, 204, null);
      return void response.writeHead(204).end();
    }
    return reply(response, 404, { message: 'Not Found' });
  }

  const toApi = (comment: StoredComment) => ({
    id: comment.id,
    body: comment.body,
    html_url: `https://github.example/${repository}/pull/${comment.issue}#issuecomment-${comment.id}`,
    user: { login: comment.user, type: comment.user.endsWith('[bot]') ? 'Bot' : 'User' },
    author_association: comment.association,
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}${prefix}`;
  onTestFinished(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return {
    apiUrl,
    requests: () => [...log],
    comments: (issue) => stored.filter((c) => c.issue === issue).map((c) => ({ ...c })),
    seed(issue, bodies, user = 'reviewer', association = 'NONE') {
      for (const body of bodies) stored.push({ id: nextId++, issue, body, user, association, unlisted: 0 });
    },
    failWrites(status, message, failOptions = {}) {
      writeFailure = { status, message, headers: failOptions.headers ?? {} };
    },
    fail(method, status, failOptions = {}) {
      failures.set(method, { status, message: failOptions.message ?? 'Server Error', left: failOptions.times ?? Infinity, made: failOptions.made ?? false });
    },
    lagList(lists) {
      listLag = lists;
    },
    setHead(issue, sha) {
      heads.set(issue, sha);
    },
    hold(method) {
      let arrive!: () => void;
      let release!: () => void;
      const arrived = new Promise<void>((resolve) => (arrive = resolve));
      const released = new Promise<void>((resolve) => (release = resolve));
      // Handled in the same turn as the release, once the held handler goes on: a macrotask later it is done.
      holds.set(method, { arrive, released });
      return { arrived, release: () => (release(), new Promise<void>((resolve) => setTimeout(resolve, 0))) };
    },
  };
}

function send(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  response.end(JSON.stringify(body));
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    request.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
    request.on('end', () => resolve(text));
    request.on('error', reject);
  });
}
