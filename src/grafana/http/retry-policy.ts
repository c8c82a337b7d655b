import type { WriteTally } from '../port.js';

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
  /** The object the request is about, when its work names one (WriteTally.about): absent for a read of many. */
  about?: WriteTally['about'];
}

/**
 * Eight sends ride out a Grafana restart or a gateway's short outage: the seven waits (250 ms doubling, 8 s at most, full
 * jitter) add up to at most 23.75 s, about 12 s on average, inside the 60 s budget. Five (at most 3.75 s) gave up on a
 * restart that a minute later had passed (walk-68b M3).
 */
export const DEFAULT_RETRY_POLICY: Readonly<RetryPolicy> = {
  maxAttempts: 8,
  maxElapsedMs: 60_000,
  baseDelayMs: 250,
  maxDelayMs: 8_000,
};

/**
 * The backoff's base a test run asks for: DASHSYNC_TEST_RETRY_BASE_MS, whole milliseconds up to DEFAULT_RETRY_POLICY's base,
 * never longer (0: every resend at once). The sends, the budget and a server's Retry-After stay as they are; only the suite's
 * requests that keep failing stop waiting (a test of the waits themselves leaves it unset). README's variables table names it
 * as the suite's, to leave unset (rev-69c L3): on a real Grafana the waits give it time to recover.
 */
export function testRetryPolicy(env: Readonly<Record<string, string | undefined>>): Partial<RetryPolicy> {
  const value = env.DASHSYNC_TEST_RETRY_BASE_MS;
  return value !== undefined && /^\d{1,4}$/.test(value) && Number(value) <= DEFAULT_RETRY_POLICY.baseDelayMs ? { baseDelayMs: Number(value) } : {};
}

/** 429 rate limiting and the gateway/overload statuses; everything else is an answer. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status === 502 || status === 503 || status === 504;
}

/** What to do after a failed send: wait and send again, or stop (`beyondBudget`: why, when the server's Retry-After is the reason). */
export type RetryDecision = { kind: 'retry'; delayMs: number } | { kind: 'stop'; beyondBudget: string | null };

/**
 * Whether and when to send a failed request again, after `attempt` failed.
 * `retryAfterMs` (from the server's Retry-After) replaces the backoff; one beyond what is left of
 * the time budget stops at once, and says so (`Grafana asks to retry after 90 s (Retry-After), beyond
 * the 60 s retry budget`): a retry sent earlier than the server asked only meets the same refusal.
 * The backoff is capped by what is left of the budget.
 */
export function decideRetry(
  policy: RetryPolicy,
  attempt: number,
  elapsedMs: number,
  retryAfterMs: number | undefined,
  random: () => number = Math.random,
  nowMs: number = Date.now(),
): RetryDecision {
  const remainingMs = policy.maxElapsedMs - elapsedMs;
  if (attempt >= policy.maxAttempts || remainingMs <= 0) return { kind: 'stop', beyondBudget: null };
  if (retryAfterMs !== undefined && retryAfterMs > remainingMs) {
    const budget = `${seconds(policy.maxElapsedMs)} s retry budget`;
    const left = attempt > 1 ? `the ${seconds(remainingMs)} s left of the ${budget}` : `the ${budget}`;
    return { kind: 'stop', beyondBudget: `Grafana asks to retry ${describeRetryAfter(retryAfterMs, nowMs)} (Retry-After), beyond ${left}` };
  }
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  const wanted = retryAfterMs ?? Math.floor(random() * ceiling);
  return { kind: 'retry', delayMs: Math.min(wanted, remainingMs) };
}

const seconds = (ms: number): string => String(Math.round(ms / 100) / 10);

const HOUR_MS = 3_600_000;

/**
 * When Grafana asks to be asked again: `after 90 s` (whole seconds, rounded up: a Retry-After date is to the millisecond),
 * or beyond an hour the time itself, `at 2099-10-21T07:28:00Z` (UTC, to the second): a count of billions of seconds says
 * nothing to anyone (walk-72 L3). A time no date can name (Retry-After: 10^20 s) is said as such.
 */
function describeRetryAfter(retryAfterMs: number, nowMs: number): string {
  if (retryAfterMs <= HOUR_MS) return `after ${Math.ceil(retryAfterMs / 1000)} s`;
  const at = new Date(Math.ceil((nowMs + retryAfterMs) / 1000) * 1000);
  if (Number.isNaN(at.getTime())) return 'at a time beyond any date';
  return `at ${at.toISOString().replace('.000Z', 'Z')}`;
}

/** Retry-After as delta-seconds or an HTTP-date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | string[] | undefined, nowMs: number): number | undefined {
  const header = Array.isArray(value) ? value[0] : value;
  if (header === undefined) return undefined;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const dateMs = Date.parse(trimmed);
  return Number.isNaN(dateMs) ? undefined : Math.max(0, dateMs - nowMs);
}
