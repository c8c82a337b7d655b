import { BACKSLASH, CLOSE_ARRAY, CLOSE_OBJECT, OPEN_ARRAY, OPEN_OBJECT, QUOTE } from './json-char-codes.js';

/**
 * Deepest nesting a file may hold. Go's encoding/json (Grafana's decoder) stops at 10000; no real
 * dashboard comes near 100, and every walk of a parsed value recurses, so the cap sits far below the
 * depth where a walk would overflow the stack (a worker thread's too).
 */
export const MAX_JSON_DEPTH = 1000;


/**
 * Pure: the offset of the first `{` or `[` of valid JSON `text` that opens level `limit + 1`, or
 * undefined when it nests no deeper than `limit`. Strings are skipped whole.
 */
export function findDeepNesting(text: string, limit = MAX_JSON_DEPTH): number | undefined {
  let depth = 0;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code === QUOTE) i = endOfString(text, i);
    else if (code === OPEN_OBJECT || code === OPEN_ARRAY) {
      depth += 1;
      if (depth > limit) return i;
    } else if (code === CLOSE_OBJECT || code === CLOSE_ARRAY) depth -= 1;
  }
  return undefined;
}

/** Offset of the quote closing the string that opens at `start`. */
function endOfString(text: string, start: number): number {
  let end = text.indexOf('"', start + 1);
  while (end !== -1) {
    let backslashes = 0;
    while (text.charCodeAt(end - 1 - backslashes) === BACKSLASH) backslashes += 1;
    if (backslashes % 2 === 0) return end;
    end = text.indexOf('"', end + 1);
  }
  return text.length;
}
