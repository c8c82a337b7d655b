import { describe, expect, it } from 'vitest';
import { normalizeDashboard } from '../../../src/normalize/normalize-dashboard.js';

const options = { minRefreshInterval: '5s' };

describe('normalizeDashboard', () => {
  it('removes the fields Grafana owns and the export-only keys', () => {
    const model = {
      id: 42,
      uid: 'abc',
      version: 7,
      title: 'CPU',
      __inputs: [{ name: 'DS_PROM' }],
      __requires: [],
      __elements: {},
      panels: [{ id: 1 }],
    };
    expect(normalizeDashboard(model, options)).toEqual({ uid: 'abc', title: 'CPU', panels: [{ id: 1 }] });
  });

  it('trims title and uid as Grafana does on save', () => {
    expect(normalizeDashboard({ uid: ' abc\n', title: '  CPU usage \t' }, options)).toEqual({
      uid: 'abc',
      title: 'CPU usage',
    });
  });

  it('leaves non-string title and uid alone (validation reports them elsewhere)', () => {
    expect(normalizeDashboard({ uid: 5, title: null }, options)).toEqual({ uid: 5, title: null });
  });

  it('does not mutate its input', () => {
    const model = { id: 1, version: 2, title: ' T ', uid: ' u ', refresh: '1s', panels: [{ id: 1 }] };
    const copy = structuredClone(model);
    const result = normalizeDashboard(model, options);
    expect(model).toEqual(copy);
    expect(result).not.toBe(model);
  });

  it('is idempotent', () => {
    const once = normalizeDashboard({ id: 1, title: ' a ', uid: 'u', refresh: '1s' }, options);
    expect(normalizeDashboard(once, options)).toEqual(once);
  });

  it.each([
    ['1s', '5s', '5s'],
    ['4999ms', '5s', '5s'],
    ['5s', '5s', '5s'],
    ['10s', '5s', '10s'],
    ['1m', '5s', '1m'],
    ['30s', '1m', '1m'],
    ['1h', '1d', '1d'],
    ['2d', '1d', '2d'],
    ['1w', '1d', '1w'],
    ['1m30s', '2m', '2m'],
    ['0', '5s', '5s'],
    ['', '5s', ''],
    ['auto', '5s', 'auto'],
    [false, '5s', false],
    [30, '5s', 30],
    ['soon', '5s', '5s'],
    ['5 s', '5s', '5s'],
    ['1s', 'nonsense', '1s'],
  ])('refresh %j with minimum %s → %j', (refresh, minRefreshInterval, expected) => {
    expect(normalizeDashboard({ uid: 'u', refresh }, { minRefreshInterval }).refresh).toEqual(expected);
  });

  it('leaves an absent refresh absent', () => {
    expect('refresh' in normalizeDashboard({ uid: 'u' }, options)).toBe(false);
  });
});
