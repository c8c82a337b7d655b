import { describe, expect, it } from 'vitest';
import { renderValue } from '../../../src/diff/render-value.js';

describe('renderValue', () => {
  it.each([
    ['rate(x[5m])', '"rate(x[5m])"'],
    [42, '42'],
    [false, 'false'],
    [null, 'null'],
    [undefined, 'undefined'],
    [{ b: 1, a: [1, 'x'] }, '{"a":[1,"x"],"b":1}'],
    ['line\nbreak', '"line\\nbreak"'],
  ])('%j → %s', (value, text) => {
    expect(renderValue(value)).toBe(text);
  });

  it('truncates to maxLength with an ellipsis', () => {
    expect(renderValue('x'.repeat(200), 10)).toBe('"xxxxxxxx…');
    expect(renderValue('x'.repeat(200))).toHaveLength(120);
    expect(renderValue('abc', 5)).toBe('"abc"');
  });

  it('never splits a surrogate pair, and counts an emoji as one character', () => {
    expect(renderValue('ab😀cd', 5)).toBe('"ab😀…');
    expect(renderValue('ab👩‍💻cd', 5)).toBe('"ab👩‍💻…');
  });
});
