/** When and how long to wait before sending a failed request again. Pure. */

export interface RetryPolicy {
  /** Total sends per request, the first one included. */
  maxAttempts: number;
  /** No retry is scheduled past this many milliseconds after the first send. */
  maxElapsedMs: number;
  /** Backoff before retry n is a random value in [0, min(maxDelayMs, baseDelayMs·2^(n-1))] (full jitter). */
  baseDelayMs: number;
  maxDelayMs: number;
}

export interface RetryEvent {
  /** Which request of this client (numbered as they start): its retries share it. */
  request: number;
  method: string;
  path: string;
  /** The attempt that failed (1 = the first send). */
  attempt: number;
  /** e.g. `HTTP 503`, `connection reset (ECONNRESET)`. */
  reason: string;
  /** How long the client waits before the next attempt. */
  delayMs: number;
}

export const DEFAULT_RETRY_POLICY: Readonly<RetryPolicy> = {
  maxAttempts: 5,
  maxElapsedMs: 60_000,
  baseDelayMs: 250,
  maxDelayMs: 8_000,
};

/** 429 rate limiting and the gateway/overload statuses; everything else is an answer. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status === 502 || status === 503 || status === 504;
}

/**
 * Milliseconds to wait after `attempt` failed, or null when the policy says stop.
 * `retryAfterMs` (from the server's Retry-After) replaces the backoff; one beyond what is left of
 * the time budget stops at once (retryAfterBeyondBudget): a retry sent earlier than the server
 * asked only meets the same refusal. The backoff is capped by what is left of the budget.
 */
export function nextRetryDelay(
  policy: RetryPolicy,
  attempt: number,
  elapsedMs: number,
  retryAfterMs: number | undefined,
  random: () => number = Math.random,
): number | null {
  if (attempt >= policy.maxAttempts) return null;
  const remainingMs = policy.maxElapsedMs - elapsedMs;
  if (remainingMs <= 0) return null;
  if (retryAfterMs !== undefined && retryAfterMs > remainingMs) return null;
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  const wanted = retryAfterMs ?? Math.floor(random() * ceiling);
  return Math.min(wanted, remainingMs);
}

/**
 * Why a retry was not scheduled, when it is the server's Retry-After asking for more than the budget has left
 * (`Grafana asks to retry after 90 s (Retry-After), beyond the 60 s retry budget`); null when it is not.
 */
export function retryAfterBeyondBudget(policy: RetryPolicy, attempt: number, elapsedMs: number, retryAfterMs: number | undefined): string | null {
  const remainingMs = policy.maxElapsedMs - elapsedMs;
  if (retryAfterMs === undefined || attempt >= policy.maxAttempts || remainingMs <= 0 || retryAfterMs <= remainingMs) return null;
  const budget = `${seconds(policy.maxElapsedMs)} s retry budget`;
  const left = attempt > 1 ? `the ${seconds(remainingMs)} s left of the ${budget}` : `the ${budget}`;
  return `Grafana asks to retry after ${seconds(retryAfterMs)} s (Retry-After), beyond ${left}`;
}

const seconds = (ms: number): string => String(Math.round(ms / 100) / 10);

/** Retry-After as delta-seconds or an HTTP-date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | string[] | undefined, nowMs: number): number | undefined {
  const header = Array.isArray(value) ? value[0] : value;
  if (header === undefined) return undefined;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const dateMs = Date.parse(trimmed);
  return Number.isNaN(dateMs) ? undefined : Math.max(0, dateMs - nowMs);
}
