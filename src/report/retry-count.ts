import type { RetryEvent } from '../grafana/http/retry-policy.js';

/** The retries of a run as data: the public JSON's `retried` field (docs/plan-json.md), the sentences of the note. */
export interface RetrySummary {
  /** How many requests were sent again at least once. */
  requests: number;
  /** How many times they were sent again in all. */
  retries: number;
  /** Retries by why the send before failed (`503`, `429`, `connection lost`, `timed out`), in the order each reason first came. */
  reasons: [reason: string, count: number][];
  /** The writes sent again after --timeout passed without an answer (dashsync checked what landed), and how many resends that took. */
  writesResentAfterTimeout: number;
  resendsAfterTimeout: number;
  /** The --timeout those were sent again after. */
  timeoutMs: number;
}

/**
 * `retried` in the public JSON (plan's, apply's result line; docs/plan-json.md): the reasons as an object
 * (`{"503": 25, "429": 16}`), and `writesResentAfterTimeout` only when not 0 (a plan only reads, so never there).
 */
export interface RetriedJson {
  requests: number;
  retries: number;
  reasons: Record<string, number>;
  writesResentAfterTimeout?: number;
}

export function toRetriedJson(summary: RetrySummary): RetriedJson {
  const { requests, retries, reasons, writesResentAfterTimeout } = summary;
  return { requests, retries, reasons: Object.fromEntries(reasons), ...(writesResentAfterTimeout > 0 && { writesResentAfterTimeout }) };
}

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
    return describeRetries(this.summary(0))[0] ?? '';
  }

  /** The run's retries so far, or null without any. */
  summary(timeoutMs: number): RetrySummary | null {
    if (this.requests.size === 0) return null;
    return {
      requests: this.requests.size,
      retries: [...this.reasons.values()].reduce((sum, count) => sum + count, 0),
      reasons: [...this.reasons],
      writesResentAfterTimeout: this.timedOutWrites.size,
      resendsAfterTimeout: this.timedOutResends,
      timeoutMs,
    };
  }

  /** `note: 41 requests retried (503: 25, 429: 16)`, and the writes resent after --timeout; '' without retries. */
  note(timeoutMs: number): string {
    return describeRetries(this.summary(timeoutMs)).map((sentence) => `note: ${sentence}\n`).join('');
  }
}

/** The note's sentences (without `note: `): what was retried, then the writes resent after --timeout; none without retries. */
export function describeRetries(summary: RetrySummary | null): string[] {
  if (summary === null) return [];
  const why = summary.reasons.map(([reason, count]) => `${reason}: ${count}`).join(', ');
  const times = summary.retries === summary.requests ? '' : ` ${summary.retries} times`;
  const sentences = [`${summary.requests} request${summary.requests === 1 ? '' : 's'} retried${times} (${why})`];
  const writes = summary.writesResentAfterTimeout;
  if (writes > 0) {
    const resends = summary.resendsAfterTimeout === writes ? '' : ` (${summary.resendsAfterTimeout} resends in all)`;
    sentences.push(
      `${writes} write${writes === 1 ? '' : 's'} sent again after --timeout ${summary.timeoutMs / 1000} s passed without an answer${resends}; ` +
        'dashsync checked what landed: raise --timeout if Grafana saves slowly',
    );
  }
  return sentences;
}

/** Markdown (`plan --format markdown`, the Action's job summary) ending with the note as a NOTE box; as it is without retries. */
export function withRetriesMarkdown(markdown: string, summary: RetrySummary | null): string {
  const sentences = describeRetries(summary);
  if (sentences.length === 0) return markdown;
  return `${markdown.replace(/\n*$/, '\n\n')}> [!NOTE]\n${sentences.map((sentence) => `> - ${sentence}`).join('\n')}\n`;
}
