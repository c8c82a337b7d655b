import { describe, expect, it } from 'vitest';
import { treeWorkerThreshold } from '../../../src/files/read-dashboard-files.js';

describe('treeWorkerThreshold: the smallest tree read on two threads (null: never)', () => {
  it('by default, 2,000 files on a machine of three cores or more, never on two or one', () => {
    expect(treeWorkerThreshold(undefined, 1)).toBeNull();
    expect(treeWorkerThreshold(undefined, 2)).toBeNull();
    expect(treeWorkerThreshold(undefined, 3)).toBe(2000);
    expect(treeWorkerThreshold(undefined, 16)).toBe(2000);
  });

  it('a worker kept for the plan\'s decisions (its start paid once for both), or a plan through --api k8s: 2,000 files from two cores on, never on one', () => {
    expect(treeWorkerThreshold(undefined, 1, true)).toBeNull();
    expect(treeWorkerThreshold(undefined, 2, true)).toBe(2000);
    expect(treeWorkerThreshold(undefined, 8, true)).toBe(2000);
    expect(treeWorkerThreshold('off', 8, true)).toBeNull();
    expect(treeWorkerThreshold('1', 1, true)).toBe(1);
  });

  it('DASHSYNC_TREE_WORKER_FROM=<n> applies on any machine, "off" and 0 never, anything else keeps the default', () => {
    expect(treeWorkerThreshold('1', 2)).toBe(1);
    expect(treeWorkerThreshold(' 500 ', 1)).toBe(500);
    expect(treeWorkerThreshold('off', 16)).toBeNull();
    expect(treeWorkerThreshold('OFF', 2)).toBeNull();
    expect(treeWorkerThreshold('0', 16)).toBeNull();
    expect(treeWorkerThreshold('many', 16)).toBe(2000);
    expect(treeWorkerThreshold('many', 2)).toBeNull();
    expect(treeWorkerThreshold('', 4)).toBe(2000);
  });
});
