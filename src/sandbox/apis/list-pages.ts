/**
 * How the resource server cuts a LIST into pages (`server.List` / `listAuthorized`, pkg/storage/unified/resource/server.go),
 * the same in front of legacy SQL storage and of unified storage: a request without a `limit` gets the server's default, and
 * a page also ends once the stored objects it holds reach `LIST_PAGE_BYTES` (the item that crosses the line is in it). A
 * continue token is given only where another item the caller may see follows.
 */

/** `MaxPageSizeBytes`' default, `[unified_storage] max_page_size_bytes` unset (NewResourceServer: "we use 2MB"); SandboxOptions.maxPageSizeBytes. */
const LIST_PAGE_BYTES = 2 * 1024 * 1024;

/** What the page size of a stored object is taken to be: its spec's characters and a fixed allowance for its metadata. */
export const STORED_METADATA_BYTES = 512;

interface PageCut<T> {
  items: T[];
  /** The index in `rows` after the last item taken, where another visible item follows; undefined on the last page. */
  nextIndex: number | undefined;
}

/**
 * One page of `rows` from `from` on: hidden rows (the caller may not read them) are passed over but still counted in the
 * index, as the iterator's offset counts every row it read.
 */
export function cutPage<T>(
  rows: readonly T[],
  from: number,
  page: { limit: number; maxBytes: number | undefined },
  visible: (row: T) => boolean,
  bytesOf: (row: T) => number,
): PageCut<T> {
  const { limit } = page;
  const maxBytes = page.maxBytes ?? LIST_PAGE_BYTES;
  const items: T[] = [];
  let bytes = 0;
  let after = from;
  for (let index = from; index < rows.length; index++) {
    const row = rows[index]!;
    if (!visible(row)) continue;
    if (items.length >= limit || bytes >= maxBytes) return { items, nextIndex: after };
    items.push(row);
    bytes += bytesOf(row);
    after = index + 1;
  }
  return { items, nextIndex: undefined };
}

/** Unified storage's SQL backend token (pkg/storage/unified/sql/continue.go): base64 of `{"o":offset,"v":rv,"s":asc}`. */
export function unifiedContinueToken(offset: number, resourceVersion: number): string {
  return Buffer.from(JSON.stringify({ o: offset, v: resourceVersion, s: false })).toString('base64');
}

interface UnifiedToken {
  offset: number;
  resourceVersion: number;
}

/** Whether Go's `base64.StdEncoding` decodes the text (strict: padded, no URL-safe characters). */
export const isStdBase64 = (text: string): boolean => /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(text);

/**
 * GetContinueToken as the backend's list wraps its error (`get continue token (%q): %w`): Go's strict standard base64, then
 * the JSON. Answers the error text for a token Grafana could not read.
 */
export function readUnifiedContinueToken(token: string): UnifiedToken | string {
  const failed = (why: string) => `get continue token (${JSON.stringify(token)}): ${why}`;
  if (!isStdBase64(token)) return failed('error decoding continue token');
  const text = Buffer.from(token, 'base64').toString('utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    const first = text.trimStart()[0];
    return failed(first === undefined ? 'unexpected end of JSON input' : `invalid character '${first}' looking for beginning of value`);
  }
  const fields = typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  const number = (value: unknown) => (typeof value === 'number' && Number.isInteger(value) ? value : 0);
  return { offset: number(fields.o), resourceVersion: number(fields.v) };
}
