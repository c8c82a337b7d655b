import { describe, expect, it } from 'vitest';
import { parseGrafanaDuration } from '../../../src/normalize/parse-grafana-duration.js';

describe('parseGrafanaDuration', () => {
  it.each([
    ['5s', 5_000],
    ['300ms', 300],
    ['1m', 60_000],
    ['1h', 3_600_000],
    ['1h30m', 5_400_000],
    ['1.5h', 5_400_000],
    ['1d', 86_400_000],
    ['2w', 14 * 86_400_000],
    ['1M', (365.25 / 12) * 86_400_000],
    ['1y', 365.25 * 86_400_000],
    ['0', 0],
    ['-5s', -5_000],
  ])('%s → %d ms', (text, ms) => {
    expect(parseGrafanaDuration(text)).toBe(ms);
  });

  it.each(['', '5', 'abc', '5 s', '1d2h', '1.5d', 's', '5S', 'auto'])('%j does not parse', (text) => {
    expect(parseGrafanaDuration(text)).toBeUndefined();
  });
});
