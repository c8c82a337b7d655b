/**
 * What a first pass over the tree parsed, kept for a later pass so that it need not read and
 * parse the same file again, within a budget of file bytes: the parsed form of a file takes
 * about as much memory as its text (measured: ~0.7× for generated dashboards), so the budget
 * bounds memory however large the tree is. A file that does not fit is not kept; the later
 * pass reads it again. Each value is handed out once.
 */
export class ParsedFileCache<T> {
  readonly #entries = new Map<string, { value: T; size: number }>();
  #used = 0;

  constructor(readonly budget: number) {}

  /** Bytes of the files kept now. */
  get used(): number {
    return this.#used;
  }

  /** Keeps `value` (parsed from `size` bytes) when it fits in what is left of the budget; false when it does not. */
  offer(key: string, value: T, size: number): boolean {
    this.take(key);
    if (this.#used + size > this.budget) return false;
    this.#entries.set(key, { value, size });
    this.#used += size;
    return true;
  }

  /** The value kept for `key`, which the cache then forgets (freeing its share of the budget). */
  take(key: string): T | undefined {
    return this.takeEntry(key)?.value;
  }

  /** The same, with the size it was offered with (to offer it again later). */
  takeEntry(key: string): { value: T; size: number } | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    this.#entries.delete(key);
    this.#used -= entry.size;
    return entry;
  }
}
