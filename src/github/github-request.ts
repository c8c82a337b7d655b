import { setTimeout as sleep } from 'node:timers/promises';
import { redactSecrets as redact } from '../config/redact-secrets.js';
import { createDispatcher } from '../grafana/network/create-dispatcher.js';
import { cutText } from '../report/cut-text.js';
import { GitHubHttpError } from './github-http-error.js';

export interface GitHubClientOptions {
  /** GITHUB_API_URL: `https://api.github.com`, or `https://ghe.example.com/api/v3` on GitHub Enterprise Server. */
  apiUrl: string;
  token: string;
  userAgent: string;
  timeoutMs?: number;
  /** Pause before the one retry of a GET or PATCH that got a 5xx or no answer (GitHub's 502s are common). */
  retryPauseMs?: number;
}

interface GitHubResponse {
  status: number;
  body: unknown;
  /** The `rel="next"` page of a list, when there is one (already checked to be under apiUrl). */
  next: string | undefined;
}

type GitHubMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';

export interface GitHubRequester {
  /** `path` is relative to the API root (`/repos/o/r/…`), or a `next` URL from an earlier response. */
  send(method: GitHubMethod, path: string, body?: unknown): Promise<GitHubResponse>;
  /**
   * The pause before a request that got a 5xx or no answer is sent again (or, for a POST, before looking whether it was
   * made); `times` pauses in one (a second, longer look).
   */
  pauseBeforeRetry(times?: number): Promise<void>;
  close(): Promise<void>;
}

/** The pause before a request is sent again when the caller gives none. */
export const GITHUB_RETRY_PAUSE_MS = 1000;

/** The timeout of a GitHub request when the caller gives none. */
const GITHUB_TIMEOUT_MS = 30_000;

/**
 * The one private request helper under the GitHub endpoints: JSON in and out, the token as a
 * Bearer header only ever sent below `apiUrl`, a timeout on every request, any status ≥ 300
 * thrown as GitHubHttpError (with GitHub's message, without the token). A GET or PATCH that got a
 * 5xx or no answer is sent once more: both are safe to repeat (a PATCH sends the whole body). A
 * POST is not: the first may have created a comment GitHub failed to confirm (its caller looks before sending it again).
 */
export function createGitHubRequester(options: GitHubClientOptions): GitHubRequester {
  const root = new URL(options.apiUrl.replace(/\/+$/, ''));
  const rootHref = root.href.replace(/\/+$/, '');
  const timeout = options.timeoutMs ?? GITHUB_TIMEOUT_MS;
  const retryPause = options.retryPauseMs ?? GITHUB_RETRY_PAUSE_MS;
  // The same dispatcher as the Grafana client's: HTTPS_PROXY / NO_PROXY and NODE_EXTRA_CA_CERTS
  // apply (a self-hosted runner behind a proxy, GitHub Enterprise Server with a private CA).
  const dispatcher = createDispatcher({ origin: root.origin, concurrency: 1, timeoutMs: timeout });
  const headers = {
    accept: 'application/vnd.github+json',
    authorization: `Bearer ${options.token}`,
    'user-agent': options.userAgent,
    'x-github-api-version': '2022-11-28',
  };
  const isUnderRoot = (href: string) => href === rootHref || href.startsWith(`${rootHref}/`) || href.startsWith(`${rootHref}?`);

  const pauseBeforeRetry = (times = 1): Promise<void> => sleep(retryPause * times);

  async function send(method: GitHubMethod, path: string, body?: unknown): Promise<GitHubResponse> {
    try {
      return await sendOnce(method, path, body);
    } catch (error) {
      if (method === 'POST' || !(error instanceof GitHubHttpError) || !error.worthRetrying) throw error;
      await pauseBeforeRetry();
      return sendOnce(method, path, body);
    }
  }

  async function sendOnce(method: GitHubMethod, path: string, body?: unknown): Promise<GitHubResponse> {
    const url = path.startsWith('/') ? `${rootHref}${path}` : path;
    const target = new URL(url);
    const shown = target.pathname;
    if (!isUnderRoot(url)) throw new GitHubHttpError(method, shown, 0, `refused to send the token outside ${rootHref}`);
    let response;
    try {
      response = await dispatcher.request({
        path: `${target.pathname}${target.search}`,
        method,
        headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (error) {
      const reason = redact((error as Error).message, [options.token, ...dispatcher.secrets]);
      throw new GitHubHttpError(method, shown, 0, describeLostRequest(reason, timeout, options.timeoutMs === undefined), { worthRetrying: true });
    }
    const text = await response.body.text();
    const parsed = parseJson(text);
    if (response.statusCode >= 300) {
      const message = typeof (parsed as { message?: unknown })?.message === 'string' ? (parsed as { message: string }).message : '';
      throw new GitHubHttpError(method, shown, response.statusCode, cutText(redact(message, [options.token, ...dispatcher.secrets]), 300), {
        worthRetrying: response.statusCode >= 500,
        rateLimited: isRateLimit(response.statusCode, response.headers, message),
      });
    }
    const next = nextLink(response.headers.link);
    return { status: response.statusCode, body: parsed, next: next !== undefined && isUnderRoot(next) ? next : undefined };
  }

  return { send, pauseBeforeRetry, close: () => dispatcher.close() };
}

/**
 * undici's timeout errors in our words, saying how long we waited (`defaulted`: the caller knew no timeout, so the
 * default applied); any other failure as undici put it.
 */
function describeLostRequest(reason: string, timeoutMs: number, defaulted: boolean): string {
  if (!/timeout/i.test(reason)) return reason;
  return `GitHub did not answer within ${timeoutMs / 1000} s${defaulted ? ' (the default timeout: the step failed before its settings were read)' : ''}`;
}

/** GitHub's rate limits answer 403 or 429: no requests left (`x-ratelimit-remaining: 0`), a `retry-after`, or a message saying so. */
function isRateLimit(status: number, headers: Record<string, string | string[] | undefined>, message: string): boolean {
  if (status === 429) return true;
  if (status !== 403) return false;
  return headers['x-ratelimit-remaining'] === '0' || headers['retry-after'] !== undefined || /rate limit/i.test(message);
}

/** The `rel="next"` URL of a Link header (`<url>; rel="next", <url>; rel="last"`). */
export function nextLink(header: string | string[] | undefined): string | undefined {
  const text = Array.isArray(header) ? header.join(',') : header;
  if (!text) return undefined;
  for (const part of text.split(',')) {
    const link = /<([^>]+)>(.*)/.exec(part);
    const rel = link ? /;\s*rel="?([^";]+)"?/.exec(link[2]!) : null;
    if (link && rel && rel[1]!.trim().split(/\s+/).includes('next')) return link[1];
  }
  return undefined;
}

function parseJson(text: string): unknown {
  if (text === '') return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
