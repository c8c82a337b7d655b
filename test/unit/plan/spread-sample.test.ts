import { describe, expect, it } from 'vitest';
import { spreadSample } from '../../../src/plan/spread-sample.js';

describe('spreadSample: a first deploy\'s reads, spread over the creates (fixh-66)', () => {
  it('takes the first and the last and spreads the rest evenly; all of them when there are no more; none when asked none', () => {
    expect(spreadSample(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'], 3)).toEqual(['a', 'e', 'i']);
    expect(spreadSample(['a', 'b', 'c'], 8)).toEqual(['a', 'b', 'c']);
    expect(spreadSample(['a', 'b', 'c'], 1)).toEqual(['a']);
    expect(spreadSample(['a', 'b', 'c'], 0)).toEqual([]);
    expect(new Set(spreadSample(Array.from({ length: 5000 }, (_, index) => index), 8)).size).toBe(8);
  });
});
