import { describe, expect, it } from 'vitest';
import { environmentsTouched } from '../../../src/check/judge-environment-selections.js';

const from = { include: 'include', exclude: 'exclude' };
const selections = {
  a: { include: ['team-a'], exclude: [], prune: 'folders' as const, from },
  b: { include: ['team-b/**'], exclude: ['team-b/old'], prune: 'folders' as const, from },
  all: { include: [], exclude: [], prune: 'folders' as const, from },
};

describe('environmentsTouched: the environments a partial check judges', () => {
  it('are those whose include picks a changed path (the exclude not asked), in the config\'s order', () => {
    expect(environmentsTouched(selections, ['team-b/old/b0.json'])).toEqual(['b', 'all']);
    expect(environmentsTouched(selections, ['team-a/a.json', 'team-b/b.json'])).toEqual(['a', 'b', 'all']);
    expect(environmentsTouched({ a: selections.a, b: selections.b }, ['legacy/l.json'])).toEqual([]);
    expect(environmentsTouched(selections, [])).toEqual([]);
  });
});
