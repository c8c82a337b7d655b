/** Whole user-perceived characters: a cut inside one (a surrogate pair, a ZWJ emoji sequence, a flag, a letter and its accents) leaves a broken glyph. */
export const GRAPHEMES = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * Pure: `text` cut to at most `max` user-perceived characters, its last one `…` where it was cut, never inside a grapheme.
 * Cut untrusted text before escaping it: an escape made afterwards is never split.
 */
export function cutText(text: string, max: number): string {
  // A grapheme is at least one UTF-16 unit: a text no longer than `max` units needs no counting.
  if (text.length <= max) return text;
  const kept: string[] = [];
  for (const { segment } of GRAPHEMES.segment(text)) {
    if (kept.length === max) return `${kept.slice(0, max - 1).join('')}…`;
    kept.push(segment);
  }
  return text;
}
