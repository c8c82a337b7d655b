import { cutText } from '../../report/cut-text.js';

/**
 * What a failed response said, from Grafana's JSON error body or a hint about anything else. Pure.
 * A Kubernetes `Status` (the `/apis` error body) carries `status: "Failure"` and the machine-readable
 * `reason` (`Conflict`, `AlreadyExists`, `NotFound`, …): the reason is what callers tell apart.
 * `cut`: the text is the start of a longer body, so its failing to parse says nothing about the body.
 */
/** The message of a refusal that carried none (a bare Status, or a body with only a trace id). */
export const NO_REASON_GIVEN = 'Grafana gave no reason';

export function describeErrorBody(text: string, cut = false): { message: string; status?: string } {
  if (text.trim() === '') return { message: 'empty response body' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    const internal = apiserverInternalError(text);
    if (cut) return { message: `response too long to read whole: ${snippet(text)}` };
    return { message: internal ?? `non-JSON response: ${snippet(text)}` };
  }
  if (typeof parsed !== 'object' || parsed === null) return { message: snippet(text) };
  const { message, status, kind, reason } = parsed as { message?: unknown; status?: unknown; kind?: unknown; reason?: unknown };
  const code = kind === 'Status' ? (typeof reason === 'string' && reason !== '' ? reason : undefined) : status;
  // Unified storage refuses a write it does not allow with a Status that has neither message nor reason; Grafana 13's
  // `/api/dashboards/db` passes that on as a body with nothing but a trace id.
  const bareStatus = (kind === 'Status' && (message === undefined || message === '')) || Object.keys(parsed).every((key) => key === 'traceID');
  return {
    message: typeof message === 'string' && message !== '' ? message : bareStatus ? NO_REASON_GIVEN : snippet(text),
    ...(typeof code === 'string' ? { status: code } : {}),
  };
}

/**
 * A success status whose body is not JSON: Grafana's API never answers so, an authenticating proxy
 * or a sign-in page in front of it does.
 */
export function describeNonJsonSuccess(text: string): string {
  return `the answer is not JSON ("${snippet(text)}"): is a sign-in page or a proxy in front of Grafana? Point the url at Grafana itself and check that the credentials get through`;
}

/**
 * The error of the apiserver's own 500 (k8s responsewriters.InternalError, text/plain:
 * `Internal Server Error: "<request URI>": <error>`), e.g. an authorizer that failed: the error,
 * without the URI the failure line names anyway; null for any other text.
 */
function apiserverInternalError(text: string): string | null {
  const match = /^Internal Server Error: "(?:[^"\\]|\\.)*": ([^\n]+)\n?$/.exec(text);
  if (!match) return null;
  const error = match[1]!.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  return cutText(error, 300);
}

/** First words of a body (an HTML error page from a proxy, say), without its markup. */
function snippet(text: string): string {
  const plain = text.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim();
  return cutText(plain, 120);
}
