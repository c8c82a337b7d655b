import { describe, expect, it } from 'vitest';
import { describePlanCommit } from '../../../src/report/describe-plan-commit.js';
import { markdownCode } from '../../../src/report/escape-untrusted.js';

const MERGE = 'b3c4'.repeat(10);
const HEAD = 'c'.repeat(40);
const BASE = 'a'.repeat(40);
const git = (pullRequest?: { head: string; base: string | null; baseRef: string | null }) => ({ sha: MERGE, subject: null, actor: null, ...(pullRequest && { pullRequest }) });

describe('describePlanCommit: the commit a plan was made of, as what it is to the pull request', () => {
  it('a commit; the merge of a head into its base, with the base commit where git showed it; the head itself', () => {
    expect(describePlanCommit(git())).toBe('commit b3c4b3c4b3c4');
    expect(describePlanCommit(git({ head: HEAD, base: BASE, baseRef: 'main' }))).toBe('commit b3c4b3c4b3c4, the merge of head cccccccccccc into main at aaaaaaaaaaaa');
    expect(describePlanCommit(git({ head: HEAD, base: null, baseRef: null }))).toBe('commit b3c4b3c4b3c4, the merge of head cccccccccccc into its base branch');
    expect(describePlanCommit({ ...git({ head: HEAD, base: null, baseRef: 'main' }), sha: HEAD })).toBe("commit cccccccccccc, the pull request's head itself (not merged into main)");
    expect(describePlanCommit({ sha: null, subject: null, actor: null })).toBeNull();
  });

  it('in markdown, a branch name from the event payload is code, whatever it holds', () => {
    expect(describePlanCommit(git({ head: HEAD, base: BASE, baseRef: 'rel`ease|x' }), markdownCode)).toBe(
      'commit `b3c4b3c4b3c4`, the merge of head `cccccccccccc` into ``rel`ease\\|x`` at `aaaaaaaaaaaa`',
    );
  });
});
