import { describe, expect, it } from 'vitest';
import { handoverName, readHandoverName } from '../../../src/plan/handover-name.js';

describe('a library panel handover name, as apply writes it and pull reads it', () => {
  it('reads back every name apply writes, numbered ones too', () => {
    for (const n of [1, 2, 12]) expect(readHandoverName({ uid: 'lp-old', name: handoverName('lp-old', 'lp-new', n) })).toEqual({ from: 'lp-old', to: 'lp-new' });
    expect(handoverName('lp-old', 'lp-new', 2)).toBe('lp-old (being replaced by lp-new) 2');
  });

  it('counts only on the panel whose uid the name starts with, and only the whole form', () => {
    expect(readHandoverName({ uid: 'lp-other', name: 'lp-old (being replaced by lp-new)' })).toBeNull();
    expect(readHandoverName({ uid: 'lp-old', name: 'lp-old (being replaced by lp-new) draft' })).toBeNull();
    expect(readHandoverName({ uid: 'lp-old', name: 'CPU usage' })).toBeNull();
  });
});
