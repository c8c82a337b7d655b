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
