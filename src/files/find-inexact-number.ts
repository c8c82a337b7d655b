/** A number literal of a JSON text that a rewrite through JSON.parse would change. */
export interface InexactNumber {
  literal: string;
  /** Offset of its first character. */
  offset: number;
}

/** Strings (skipped whole, so digits inside them are not numbers) or number literals. */
const TOKEN = /"[^"\\]*(?:\\.[^"\\]*)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g;
/**
 * A literal of at most 15 significant digits whose exponent has at most two digits is exact: a 64-bit float
 * holds every such decimal (and its shortest form gives it back). So one that is not holds 16 digits or more
 * (a run of 16 digits and dots) or a three-digit exponent; a text with neither needs no scan.
 */
const MAY_BE_INEXACT = /[\d.]{16}|[eE][+-]?\d{3}/;

/**
 * Pure: the first number literal of `text` whose value a 64-bit float cannot hold, so that
 * writing the parsed value back would change it (`12345678901234567890` becomes
 * `12345678901234567000`, `1e400` becomes `null`); undefined when every number survives. Only
 * the form may change (`1.10` and `1.1`, `1e2` and `100` are the same number); `-0` counts as 0.
 */
export function findInexactNumber(text: string): InexactNumber | undefined {
  if (!MAY_BE_INEXACT.test(text)) return undefined;
  for (const match of text.matchAll(TOKEN)) {
    const literal = match[0];
    if (literal.charCodeAt(0) === 0x22) continue;
    const value = Number(literal);
    if (!Number.isFinite(value) || decimalOf(literal) !== decimalOf(String(value))) return { literal, offset: match.index };
  }
  return undefined;
}

/** `text` with every number literal as JSON.stringify writes its parsed value (`null` where it is not finite). */
export function withNumbersAsParsed(text: string): string {
  return text.replace(TOKEN, (token) => (token.charCodeAt(0) === 0x22 ? token : JSON.stringify(Number(token))));
}

/** The exact decimal a literal denotes, as `sign digits e exponent` with no leading or trailing zeros (`0` for zero). */
function decimalOf(literal: string): string {
  const [, sign, whole, fraction = '', exponent = '0'] = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/.exec(literal)!;
  const digits = `${whole}${fraction}`.replace(/^0+/, '');
  if (digits === '') return '0';
  const trimmed = digits.replace(/0+$/, '');
  return `${sign}${trimmed}e${Number(exponent) - fraction.length + (digits.length - trimmed.length)}`;
}
