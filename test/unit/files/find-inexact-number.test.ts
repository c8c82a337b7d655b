import { describe, expect, it } from 'vitest';
import { findInexactNumber } from '../../../src/files/find-inexact-number.js';
import { findLiveInexactNumber } from '../../../src/grafana/legacy/find-live-inexact-number.js';

describe('findInexactNumber', () => {
  it('passes over a long literal of a float with a short form, whatever else the text holds', () => {
    expect(findInexactNumber('{"a":0.30000000000000001}')).toBeUndefined();
    expect(findInexactNumber('{"a":0.30000000000000001,"b":12345678901234567890}')).toEqual({ literal: '12345678901234567890', offset: 29 });
  });

  it('starts where it is told, after a literal found before', () => {
    const text = '{"a":1e400,"b":"12345678901234567890","c":-98765432109876543210}';
    const first = findInexactNumber(text)!;
    expect(first.literal).toBe('1e400');
    expect(findInexactNumber(text, first.offset + first.literal.length)?.literal).toBe('-98765432109876543210');
  });
});

describe('findLiveInexactNumber', () => {
  it("finds the dashboard's number behind one in meta, which Go writes first", () => {
    const text = '{"meta":{"big":99999999999999999999},"dashboard":{"panels":[{"max":12345678901234567890}]}}';
    const answer = JSON.parse(text) as { dashboard: unknown };
    expect(findLiveInexactNumber(new TextEncoder().encode(text), answer.dashboard)).toEqual({ literal: '12345678901234567890', path: ['panels', 0, 'max'] });
  });
});
