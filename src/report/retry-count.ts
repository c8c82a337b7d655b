import type { RetryEvent } from '../grafana/http/retry-policy.js';

/**
 * The retries of a run, counted as they happen (HttpClientOptions.onRetry): how many requests had to be sent again,
 * and why. `note` says so after the run, so a log shows a Grafana that struggled even when everything landed.
 */
export class RetryCount {
  private requests = 0;
  private timedOut = 0;
  private readonly reasons = new Map<string, number>();

  record(event: RetryEvent): void {
    if (event.attempt === 1) this.requests += 1;
    const reason = event.reason.startsWith('HTTP ') ? event.reason.slice(5) : event.reason.startsWith('timed out') ? 'timed out' : 'connection lost';
    if (reason === 'timed out' && event.method !== 'GET') this.timedOut += 1;
    this.reasons.set(reason, (this.reasons.get(reason) ?? 0) + 1);
  }

  /** `note: 41 requests retried (503: 25, 429: 16)`, and the writes resent after --timeout; '' without retries. */
  note(timeoutMs: number): string {
    if (this.requests === 0) return '';
    const why = [...this.reasons].map(([reason, count]) => `${reason}: ${count}`).join(', ');
    const lines = [`note: ${this.requests} request${this.requests === 1 ? '' : 's'} retried (${why})`];
    if (this.timedOut > 0) {
      lines.push(`note: ${this.timedOut} write${this.timedOut === 1 ? '' : 's'} sent again after --timeout ${timeoutMs / 1000} s passed without an answer (dashsync checked what landed): raise --timeout if Grafana saves slowly`);
    }
    return lines.map((line) => `${line}\n`).join('');
  }
}
