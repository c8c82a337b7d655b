import { describe, expect, it } from 'vitest';
import { parseDashboardText } from '../../../src/files/parse-dashboard-text.js';
import { grid, panel, resource, v2Spec } from '../v2-builders.js';

const SMILE = '😀';
const FAMILY = '👨‍👩‍👧‍👦';

// The first 40 UTF-16 units end inside the last character: a smile's high surrogate alone, or the man of a family.
const CASES = [
  ['a surrogate pair', `${'h'.repeat(39)}${SMILE}tail`, `${'h'.repeat(39)}${SMILE}…`],
  ['a ZWJ family', `${'h'.repeat(38)}${FAMILY}tail`, `${'h'.repeat(38)}${FAMILY}t…`],
] as const;

function messagesOf(document: object): string[] {
  return parseDashboardText(`${JSON.stringify(document, null, 2)}\n`, 'dashboards/d.json', {}).diagnostics.map((diagnostic) => diagnostic.message);
}

describe("check's quoted value: a long string is cut at whole characters", () => {
  it.each(CASES)('a v2 typed field holding %s at the cut', (_what, value, shown) => {
    const item = { kind: 'GridLayoutItem', spec: { x: 0, y: 0, width: 12, height: value, element: { kind: 'ElementReference', name: 'panel-1' } } };
    const spec = v2Spec({ elements: { 'panel-1': panel(1, 'CPU') }, layout: grid(item) });
    const message = messagesOf(resource('v2beta1', 'typed', spec)).find((text) => text.includes('spec.height'));
    expect(message).toContain(`found the string ${JSON.stringify(shown)}:`);
    expect(message).not.toMatch(/\\ud[89a-f]/i);
  });

  it.each(CASES)('a classic gridPos holding %s at the cut', (_what, value, shown) => {
    const message = messagesOf({ uid: 'd', title: 'D', panels: [{ id: 1, gridPos: value }] }).find((text) => text.includes('gridPos'));
    expect(message).toContain(`found the string ${JSON.stringify(shown)}:`);
    expect(message).not.toMatch(/\\ud[89a-f]/i);
  });
});
