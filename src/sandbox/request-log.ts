import type { RequestLogEntry } from './types.js';

export interface RequestLogLimits {
  maxEntries: number;
  /** Request bodies kept (as text) before the oldest entries are evicted: the benchmark posts gigabytes. */
  maxBodyChars: number;
}

const defaultLimits: RequestLogLimits = { maxEntries: 20_000, maxBodyChars: 16 * 1024 * 1024 };

interface StoredEntry extends Omit<RequestLogEntry, 'body'> {
  bodyText?: string;
}

/** Requests to /api/* as the sandbox saw them; bodies are parsed only when asked for. */
export class RequestLog {
  private entries: StoredEntry[] = [];
  private head = 0;
  private bodyChars = 0;

  constructor(private readonly limits: RequestLogLimits = defaultLimits) {}

  /** Logs a request; the stored entry is returned so a held request's status can be filled in once it is answered. */
  add(entry: Omit<RequestLogEntry, 'body'>, bodyText: string | undefined): { status: number; orgId: number } {
    const stored: StoredEntry = { ...entry, ...(bodyText ? { bodyText } : {}) };
    this.entries.push(stored);
    this.bodyChars += bodyText?.length ?? 0;
    while (this.entries.length - this.head > this.limits.maxEntries || this.bodyChars > this.limits.maxBodyChars) {
      const evicted = this.entries[this.head++]!;
      this.bodyChars -= evicted.bodyText?.length ?? 0;
      // The slot stays in the array until the next compaction: drop the text now, or the cap means nothing.
      delete evicted.bodyText;
    }
    if (this.head > 4096 && this.head * 2 > this.entries.length) {
      this.entries = this.entries.slice(this.head);
      this.head = 0;
    }
    return stored;
  }

  list(): RequestLogEntry[] {
    return this.entries.slice(this.head).map(({ bodyText, ...entry }) => {
      if (bodyText === undefined) return entry;
      try {
        return { ...entry, body: JSON.parse(bodyText) as unknown };
      } catch {
        return entry;
      }
    });
  }

  /** Body text still referenced by the log, evicted slots included: what it costs in memory. */
  heldBodyChars(): number {
    let chars = 0;
    for (const entry of this.entries) chars += entry.bodyText?.length ?? 0;
    return chars;
  }

  clear(): void {
    this.entries = [];
    this.head = 0;
    this.bodyChars = 0;
  }
}
