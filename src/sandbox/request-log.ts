import type { RequestLogEntry } from './types.js';

const maxEntries = 20_000;
/** Request bodies kept (as text) before the oldest entries are evicted: the benchmark posts gigabytes. */
const maxBodyChars = 64 * 1024 * 1024;

interface StoredEntry extends Omit<RequestLogEntry, 'body'> {
  bodyText?: string;
}

/** Requests to /api/* as the sandbox saw them; bodies are parsed only when asked for. */
export class RequestLog {
  private entries: StoredEntry[] = [];
  private head = 0;
  private bodyChars = 0;

  add(entry: Omit<RequestLogEntry, 'body'>, bodyText: string | undefined): void {
    this.entries.push({ ...entry, ...(bodyText ? { bodyText } : {}) });
    this.bodyChars += bodyText?.length ?? 0;
    while (this.entries.length - this.head > maxEntries || this.bodyChars > maxBodyChars) {
      const evicted = this.entries[this.head++]!;
      this.bodyChars -= evicted.bodyText?.length ?? 0;
    }
    if (this.head > 4096 && this.head * 2 > this.entries.length) {
      this.entries = this.entries.slice(this.head);
      this.head = 0;
    }
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

  clear(): void {
    this.entries = [];
    this.head = 0;
    this.bodyChars = 0;
  }
}
