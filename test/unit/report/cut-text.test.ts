import { describe, expect, it } from 'vitest';
import { action, plan } from '../plan/builders.js';
import { cutText } from '../../../src/report/cut-text.js';
import { escapeMarkdown } from '../../../src/report/escape-untrusted.js';
import { renderPlanMarkdown } from '../../../src/report/render-plan-markdown.js';

const FAMILY = '👨‍👩‍👧‍👦';
const FLAG = '🇩🇪';

describe('cutText: a cut to a number of user-perceived characters, never inside one', () => {
  it.each([
    ['short', 10, 'short'],
    ['x'.repeat(12), 10, `${'x'.repeat(9)}…`],
    [`${'x'.repeat(8)}${FAMILY}${FAMILY}`, 10, `${'x'.repeat(8)}${FAMILY}${FAMILY}`],
    [`${'x'.repeat(9)}${FAMILY}yy`, 10, `${'x'.repeat(9)}…`],
    [`${'x'.repeat(8)}${FAMILY}yy`, 10, `${'x'.repeat(8)}${FAMILY}…`],
    [`${'x'.repeat(8)}${FLAG}${FLAG}y`, 10, `${'x'.repeat(8)}${FLAG}…`],
    [`${'x'.repeat(8)}e\u0301\u0302yy`, 10, `${'x'.repeat(8)}e\u0301\u0302…`],
  ])('%j cut to %i → %j', (text, max, expected) => {
    expect(cutText(text, max)).toBe(expected);
  });
});

/** What cutText must equal: the text's graphemes, counted one by one. */
function cutByCounting(text: string, max: number): string {
  const graphemes = [...new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text)].map(({ segment }) => segment);
  return graphemes.length <= max ? text : `${graphemes.slice(0, max - 1).join('')}…`;
}

describe('cutText of ASCII text (cut without segmenting) and of text with a non-ASCII character at or after the cut', () => {
  const texts = [
    '{"datasource":{"type":"prometheus","uid":"abc"},"expr":"rate(x[5m])"}',
    `${'x'.repeat(9)}\r\nyy`,
    `${'x'.repeat(10)}\r\nyy`,
    `${'x'.repeat(10)}\u0301yy`,
    `${'x'.repeat(9)}\u200d${FAMILY}yy`,
    `${'x'.repeat(10)}${FLAG}${FLAG}`,
    `${'x'.repeat(11)}é${'y'.repeat(5)}`,
    `\t${'x'.repeat(10)}\u0000\n\r`,
  ];
  it.each(texts)('%j cut to every length equals the count of its graphemes', (text) => {
    for (let max = 1; max <= text.length + 1; max += 1) expect(cutText(text, max), `max ${max}`).toBe(cutByCounting(text, max));
  });
});

describe("markdown's title cut", () => {
  it('keeps a ZWJ emoji sequence whole at the cut, and escapes after cutting, so no escape is split', () => {
    // 78 characters, then a family (7 code points, one character), then more: the cut falls inside the family by code points.
    const title = `${'T'.repeat(78)}${FAMILY}<b> tail`;
    const markdown = renderPlanMarkdown(plan({ actions: [action({ uid: 'u1', action: 'create', title })] }));
    const row = markdown.split('\n').find((line) => line.includes('`u1`'))!;
    expect(row).toContain(`| ${'T'.repeat(78)}${FAMILY}… |`);

    const escaped = '<'.repeat(85);
    const rowOfEscapes = renderPlanMarkdown(plan({ actions: [action({ uid: 'u2', action: 'create', title: escaped })] })).split('\n').find((line) => line.includes('`u2`'))!;
    expect(rowOfEscapes).toContain(`| ${escapeMarkdown('<'.repeat(79))}… |`);
  });
});
