import { describe, expect, it } from 'vitest';
import { spreadOverFolders, spreadSample } from '../../../src/plan/spread-sample.js';

describe('spreadSample: a first deploy\'s reads, spread over the creates (fixh-66)', () => {
  it('takes the first and the last and spreads the rest evenly; all of them when there are no more; none when asked none', () => {
    expect(spreadSample(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'], 3)).toEqual(['a', 'e', 'i']);
    expect(spreadSample(['a', 'b', 'c'], 8)).toEqual(['a', 'b', 'c']);
    expect(spreadSample(['a', 'b', 'c'], 1)).toEqual(['a']);
    expect(spreadSample(['a', 'b', 'c'], 0)).toEqual([]);
    expect(new Set(spreadSample(Array.from({ length: 5000 }, (_, index) => index), 8)).size).toBe(8);
  });
});

describe('spreadOverFolders: one read of each folder first (fixe-67)', () => {
  // Two folders of 20 new files each, and between them a small folder Grafana may hide whole.
  const files = (folder: string, count: number) => Array.from({ length: count }, (_, index) => ({ uid: `${folder}-${index}`, folderUid: folder }));
  const creates = [...files('a', 20), ...files('k8s', 2), ...files('b', 20)];

  it('reads the small folder that a spread over the dashboards alone misses, and fills the round from the rest', () => {
    expect(spreadSample(creates.map((create) => create.uid), 4)).toEqual(['a-0', 'a-14', 'b-5', 'b-19']);
    expect(spreadOverFolders(creates, 4)).toEqual(['a-0', 'k8s-0', 'b-0', 'b-19']);
    // One folder: much as spreadSample reads it (the first and the last, about evenly between).
    expect(spreadOverFolders(files('a', 9), 3)).toEqual(['a-0', 'a-5', 'a-8']);
    expect(spreadOverFolders(files('a', 9), 2)).toEqual(spreadSample(files('a', 9).map((create) => create.uid), 2));
  });

  it('never reads more than the round, nor the same uid twice; none for no creates', () => {
    const many = Array.from({ length: 50 }, (_, folder) => files(`f${folder}`, 100)).flat();
    const sampled = spreadOverFolders(many, 8);
    expect(sampled).toHaveLength(8);
    expect(new Set(sampled.map((uid) => uid.split('-')[0])).size).toBe(8);
    expect(spreadOverFolders([], 8)).toEqual([]);
    expect(spreadOverFolders(files('a', 2), 8)).toEqual(['a-0', 'a-1']);
  });
});
