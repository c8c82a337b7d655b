/** How long a number literal a message quotes whole: one that runs on is cut after this many characters, with `…`. */
const SHOWN_DIGITS = 40;

/** Pure: a number literal (ASCII only) as a message quotes it, its first 40 characters and `…` where it runs on. */
export function shownNumberLiteral(literal: string): string {
  return literal.length > SHOWN_DIGITS ? `${literal.slice(0, SHOWN_DIGITS)}…` : literal;
}
