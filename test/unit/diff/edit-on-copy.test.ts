import { describe, expect, it } from 'vitest';
import { editOnCopy } from '../../../src/diff/edit-on-copy.js';

describe('editOnCopy (the step-output comparisons take values back on a copy of Grafana\'s panel)', () => {
  it('gives the original itself back where nothing was set', () => {
    const live = { type: 'stat' };
    expect(editOnCopy(live).result()).toBe(live);
  });

  it('sets and removes keys on one copy, leaving the original as it was', () => {
    const live = { type: 'stat', options: { textMode: 'auto' }, datasource: 'prom' };
    const { set, result } = editOnCopy(live);
    set('options', { colorMode: 'value' });
    set('datasource', undefined);
    expect(result()).toEqual({ type: 'stat', options: { colorMode: 'value' } });
    expect(result()).not.toBe(live);
    expect(live).toEqual({ type: 'stat', options: { textMode: 'auto' }, datasource: 'prom' });
  });

  it('edits in place a copy the caller already made', () => {
    const live = { type: 'stat', datasource: 'prom' };
    const copy = { ...live, type: 'singlestat' };
    const { set, result } = editOnCopy(live, copy);
    set('datasource', undefined);
    expect(result()).toBe(copy);
    expect(copy).toEqual({ type: 'singlestat' });
    expect(live).toEqual({ type: 'stat', datasource: 'prom' });
  });
});
