import { describe, expect, it } from 'vitest';
import { answerTellsRevision } from '../../../src/grafana/k8s/legacy-save-answer.js';

describe('answerTellsRevision: whether a /api save answer tells the /apis revision', () => {
  it('legacy SQL storage, current form: resourceVersion = generation = the answer\'s version', () => {
    expect(answerTellsRevision({ generation: 3, resourceVersion: '3' }, 3)).toBe(true);
  });

  it('unified storage (a server-wide stamp) and the older legacy form (version + id × 10⁷) do not', () => {
    expect(answerTellsRevision({ generation: 3, resourceVersion: '1764790000123456' }, 3)).toBe(false);
    expect(answerTellsRevision({ generation: 3, resourceVersion: '70000003' }, 3)).toBe(false);
  });

  it('an object saved again since the answer tells nothing', () => {
    expect(answerTellsRevision({ generation: 4, resourceVersion: '4' }, 3)).toBeNull();
  });
});
