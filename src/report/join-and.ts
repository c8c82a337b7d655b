/** `a`, `a and b`, `a, b and c` ('' for none): a list inside a sentence. */
export function joinAnd(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/** `a`, `a or b`, `a, b or c` ('' for none): a list of alternatives inside a sentence. */
export function joinOr(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`;
}
