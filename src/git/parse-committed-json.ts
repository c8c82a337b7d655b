const BOM = '\uFEFF';

/**
 * Pure: the value of a JSON text git gives back (a committed or staged blob), read as the tree reader reads the file on disk:
 * a UTF-8 byte-order mark before the JSON is skipped (review-66a M4, review-67b L4). undefined where the text is no JSON.
 */
export function parseCommittedJson(text: string): unknown {
  try {
    return JSON.parse(text.startsWith(BOM) ? text.slice(1) : text) as unknown;
  } catch {
    return undefined;
  }
}

/** A committed dashboard or library panel file's uid (`uid`, or a resource's `metadata.name`); null when it names none. */
export function committedUid(text: string): string | null {
  const json = parseCommittedJson(text);
  if (typeof json !== 'object' || json === null) return null;
  const { uid, metadata } = json as { uid?: unknown; metadata?: { name?: unknown } };
  const name = typeof uid === 'string' ? uid : metadata?.name;
  return typeof name === 'string' ? name : null;
}
