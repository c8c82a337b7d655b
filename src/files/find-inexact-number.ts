/** A number literal of a JSON text that a rewrite through JSON.parse would change. */
export interface InexactNumber {
  literal: string;
  /** Offset of its first character. */
  offset: number;
}

/** Strings (skipped whole, so digits inside them are not numbers) or number literals. */
const TOKEN = /"[^"\\]*(?:\\.[^"\\]*)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g;
/**
 * Pure: the first number literal of `text` whose value a 64-bit float cannot hold, so that
 * writing the parsed value back would change it (`12345678901234567890` becomes
 * `12345678901234567000`, `1e400` becomes `null`); undefined when every number survives. Only
 * the form may change (`1.10` and `1.1`, `1e2` and `100` are the same number); `-0` counts as 0, and a
 * long literal of a float with a short form (`0.30000000000000001`) is that float, as mayHoldInexactNumber says.
 * `from`: where to start, outside any string (the end of a literal found before).
 */
export function findInexactNumber(text: string, from = 0): InexactNumber | undefined {
  const token = new RegExp(TOKEN);
  token.lastIndex = from;
  for (const match of text.matchAll(token)) {
    const literal = match[0];
    if (literal.charCodeAt(0) === 0x22) continue;
    const value = Number(literal);
    // As the walk judges (mayBeInexactNumber): `0.30000000000000001` is the float 0.3 whatever else the text holds.
    if (!mayBeInexactNumber(value)) continue;
    if (!Number.isFinite(value) || decimalOf(literal) !== decimalOf(String(value))) return { literal, offset: match.index };
  }
  return undefined;
}

const MAX_EXACT_INTEGER = 2 ** 53;

/**
 * Pure and cheap (a walk of the parsed value, a fraction of findInexactNumber's scan of the text): false
 * when no number of `value` can come from a literal findInexactNumber reports. Such a literal is beyond a
 * float (Infinity), or has 16 significant digits or more, so that its value is an integer of 2^53 or more
 * (2^53 + 1 rounds to 2^53) or a fraction whose shortest form is longer than 16 characters. Not seen: a
 * long literal that rounds to a float with a short form (`0.30000000000000001` is the float 0.3, the same
 * number to Grafana 12+ and its browser) or to zero (`1e-400`, zero in Grafana 12+ as well).
 */
export function mayHoldInexactNumber(value: unknown): boolean {
  if (typeof value === 'number') return mayBeInexactNumber(value);
  if (typeof value !== 'object' || value === null) return false;
  if (Array.isArray(value)) {
    for (const item of value) if (mayHoldInexactNumber(item)) return true;
    return false;
  }
  const object = value as Record<string, unknown>;
  for (const key in object) if (mayHoldInexactNumber(object[key])) return true;
  return false;
}

/** Pure: whether one parsed number may come from a literal findInexactNumber reports (mayHoldInexactNumber of a number). */
export function mayBeInexactNumber(value: number): boolean {
  if (Number.isInteger(value)) return Math.abs(value) >= MAX_EXACT_INTEGER;
  return !Number.isFinite(value) || String(value).length > 16;
}

/** Pure: findInexactNumber of `text`, scanned only where a walk of its JSON.parse, `parsed`, says it may hold one. */
export function findInexactNumberIn(text: string, parsed: unknown): InexactNumber | undefined {
  return mayHoldInexactNumber(parsed) ? findInexactNumber(text) : undefined;
}

/**
 * `text` (whose JSON.parse is `parsed`) with its numbers as parsed where one is inexact (rare: most texts come back as they are), so that
 * the formatting of a file holding such a number — an error of its own, number-inexact — can be judged apart.
 */
export function withInexactNumbersAsParsed(text: string, parsed: unknown): string {
  return findInexactNumberIn(text, parsed) ? withNumbersAsParsed(text) : text;
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
