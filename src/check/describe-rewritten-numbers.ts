/** Strings (skipped whole) or number literals. */
const TOKEN = /"[^"\\]*(?:\\.[^"\\]*)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g;

/**
 * Pure: what `check --fix` says when its rewrite changes how numbers are written though not what they are (`1.0`
 * as `1`, `0.30000000000000001` as `0.3`: the same 64-bit float, which is all Grafana's browser UI, Grafana 12+ and
 * dashsync ever read), or undefined. A number whose value a float cannot hold never gets here: the file is left as
 * it is (number-inexact).
 */
export function describeRewrittenNumbers(text: string): string | undefined {
  let first: { literal: string; written: string } | undefined;
  let count = 0;
  for (const [literal] of text.matchAll(TOKEN)) {
    if (literal.charCodeAt(0) === 0x22) continue;
    const written = JSON.stringify(Number(literal));
    if (written === literal) continue;
    count += 1;
    first ??= { literal, written };
  }
  if (!first) return undefined;
  const others = count > 1 ? ` (and ${count - 1} more)` : '';
  return `wrote the number ${first.literal} as ${first.written}${others}: the same 64-bit float, one number to Grafana's UI, Grafana 12+ and dashsync`;
}
