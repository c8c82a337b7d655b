import { describe, expect, it } from 'vitest';
import { describeLeftFile, type LeftFile } from '../../src/pull/describe-left-file.js';

const [PUT_BACK, FIRST, HEAD] = ['2c41d0a9e7b30000000000000000000000000000', '3f9a0c2d41be0000000000000000000000000000', '4bb2053610ac0000000000000000000000000000'];

const refused = (changes: { count: number; first: string }, putBackIn?: string): LeftFile => ({
  decision: { action: 'refuse', reason: 'changed-since-restore', commit: HEAD, changes, ...(putBackIn !== undefined && { putBackIn }), restoredFrom: 'trash', restoredAt: '2026-12-06T22:00:00Z', merge: { head: HEAD } },
  git: 'committed',
  author: { author: 'someone-else', version: 1, by: 'dave', at: '2026-12-06T21:00:00Z' },
  gitUnavailable: null,
});
const at = { uid: 'mysql-overview', file: 'dashboards/mysql.json' };

// review-68a M1: with no push recorded, the commit that put the file back counts among the changes, and the line says why.
describe('the refusal after a restore names the span of commits Grafana never had', () => {
  it('from the commit that put the file back, which the steps do not take as a base', () => {
    const line = describeLeftFile(refused({ count: 2, first: PUT_BACK }, PUT_BACK), at);
    expect(line).toContain(
      'and git changed the file in 2c41d0a9e7b3 to 4bb2053610ac (2 commits, the first of them putting the file back: no push recorded shows what it held before the delete was applied) to content Grafana never had, not applied yet.',
    );
    expect(line).toContain('git checkout -p 4bb2053610ac -- dashboards/mysql.json');
  });

  it('where the history read ends before that commit: `and maybe before`, one commit or more', () => {
    expect(describeLeftFile(refused({ count: 1, first: HEAD }), at)).toContain('git changed the file in 4bb2053610ac and maybe before (the commit that put the file back is older than the ones pull reads) to content');
    expect(describeLeftFile(refused({ count: 2, first: FIRST }), at)).toContain(
      'git changed the file in 3f9a0c2d41be to 4bb2053610ac (2 commits), and maybe before (the commit that put the file back is older than the ones pull reads) to content',
    );
  });
});
