import { describe, expect, it } from 'vitest';
import { decisionWorkerThreshold } from '../../../src/plan/start-decision-worker.js';

describe('decisionWorkerThreshold: when a plan hands its /api answers to a worker (null: never)', () => {
  it('a worker of its own: after 32 answers to compare with 500 still to come, from two cores on', () => {
    expect(decisionWorkerThreshold(undefined, 1)).toBeNull();
    expect(decisionWorkerThreshold(undefined, 2)).toEqual({ after: 32, left: 500 });
    expect(decisionWorkerThreshold(undefined, 16)).toEqual({ after: 32, left: 500 });
  });

  it('the tree reader\'s worker kept from the tree pass: from the first answer to compare, however few are left', () => {
    expect(decisionWorkerThreshold(undefined, 2, true)).toEqual({ after: 1, left: 0 });
    expect(decisionWorkerThreshold(undefined, 1, true)).toBeNull();
  });

  it('DASHSYNC_DECISION_WORKER_FROM=<n> from the n-th answer on any machine, "off" and 0 never', () => {
    expect(decisionWorkerThreshold('5', 1)).toEqual({ after: 5, left: 0 });
    expect(decisionWorkerThreshold('5', 2, true)).toEqual({ after: 5, left: 0 });
    expect(decisionWorkerThreshold('off', 16, true)).toBeNull();
    expect(decisionWorkerThreshold('0', 16)).toBeNull();
    expect(decisionWorkerThreshold('some', 2)).toEqual({ after: 32, left: 500 });
  });
});
