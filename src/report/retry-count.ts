import type { RetryEvent } from '../grafana/http/retry-policy.js';

/**
 * The retries of a run, counted as they happen (HttpClientOptions.onRetry): how many requests had to be sent again,
 * and why. `note` says so after the run, so a log shows a Grafana that struggled even when everything landed.
 */
export class RetryCount {
  private readonly requests = new Set<number>();
  /** The writes sent again after --timeout passed without an answer, and how many resends that took. */
  private readonly timedOutWrites = new Set<number>();
  private timedOutResends = 0;
  private readonly reasons = new Map<string, number>();

  record(event: RetryEvent): void {
    this.requests.add(event.request);
    const reason = event.reason.startsWith('HTTP ') ? event.reason.slice(5) : event.reason.startsWith('timed out') ? 'timed out' : 'connection lost';
    if (reason === 'timed out' && event.method !== 'GET') {
      this.timedOutWrites.add(event.request);
      this.timedOutResends += 1;
    }
    this.reasons.set(reason, (this.reasons.get(reason) ?? 0) + 1);
  }

  /**
   * `41 requests retried (503: 25, 429: 16)`, or '' without retries: so far. The reasons count retries, so when some
   * request was retried more than once the line says how many times in all (`75 requests retried 135 times (…)`), or
   * the reasons would read as a split of the requests.
   */
  describe(): string {
    if (this.requests.size === 0) return '';
    const why = [...this.reasons].map(([reason, count]) => `${reason}: ${count}`).join(', ');
    const retries = [...this.reasons.values()].reduce((sum, count) => sum + count, 0);
    const times = retries === this.requests.size ? '' : ` ${retries} times`;
    return `${this.requests.size} request${this.requests.size === 1 ? '' : 's'} retried${times} (${why})`;
  }

  /** `note: 41 requests retried (503: 25, 429: 16)`, and the writes resent after --timeout; '' without retries. */
  note(timeoutMs: number): string {
    if (this.requests.size === 0) return '';
    const lines = [`note: ${this.describe()}`];
    const writes = this.timedOutWrites.size;
    if (writes > 0) {
      const resends = this.timedOutResends === writes ? '' : ` (${this.timedOutResends} resends in all)`;
      lines.push(
        `note: ${writes} write${writes === 1 ? '' : 's'} sent again after --timeout ${timeoutMs / 1000} s passed without an answer${resends}; ` +
          'dashsync checked what landed: raise --timeout if Grafana saves slowly',
      );
    }
    return lines.map((line) => `${line}\n`).join('');
  }
}
