/** Whole user-perceived characters: a cut inside one (a surrogate pair, a ZWJ emoji sequence, a flag, a letter and its accents) leaves a broken glyph. */
export const GRAPHEMES = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * Pure: `text` cut to at most `max` user-perceived characters, its last one `…` where it was cut, never inside a grapheme.
 * Cut untrusted text before escaping it: an escape made afterwards is never split.
 */
export function cutText(text: string, max: number): string {
  // A grapheme is at least one UTF-16 unit: a text no longer than `max` units needs no counting.
  if (text.length <= max) return text;
  // The plan's long values are mostly ASCII JSON, and segmenting costs ~50 µs each: where the first max + 1 units are
  // each a grapheme of their own, the cut is known without segmenting.
  if (max > 0 && singleUnitGraphemes(text, max + 1)) return `${text.slice(0, max - 1)}…`;
  const kept: string[] = [];
  for (const { segment } of GRAPHEMES.segment(text)) {
    if (kept.length === max) return `${kept.slice(0, max - 1).join('')}…`;
    kept.push(segment);
  }
  return text;
}

/**
 * Whether each of the first `count` units of `text` is a grapheme by itself: ASCII but CR (CR LF is one grapheme). No
 * ASCII character extends the one before it or joins the one after it, so a unit after them cannot merge into them.
 */
function singleUnitGraphemes(text: string, count: number): boolean {
  for (let index = 0; index < count; index += 1) {
    const unit = text.charCodeAt(index);
    if (unit > 0x7f || unit === 0x0d) return false;
  }
  return true;
}
