import { describe, expect, it } from 'vitest';
import { findCommits } from '../../../src/git/find-commits.js';
import { countGitCalls, gitCommandOf } from '../../helpers/count-git-calls.js';
import { commitAll, git } from '../../pull/pull-fixture.js';
import { tempDir, write } from './temp-dir.js';

describe('findCommits (real git repositories)', () => {
  it('names the abbreviated shas that are commits here (a tag object peels to its commit; a blob or an unknown sha is none), from one git process', async () => {
    const repo = await tempDir();
    await write(`${repo}/a.json`, 'a1');
    await commitAll(repo, 'one');
    await write(`${repo}/a.json`, 'a2');
    await commitAll(repo, 'two');
    const [first, second] = (await git(repo, 'rev-list', 'HEAD')).trim().split('\n').reverse().map((sha) => sha.slice(0, 12));
    await git(repo, 'tag', '-a', '-m', 'release', 'v1', 'HEAD');
    const tag = (await git(repo, 'rev-parse', 'v1')).trim().slice(0, 12);
    const blob = (await git(repo, 'rev-parse', 'HEAD:a.json')).trim().slice(0, 12);
    const asked = [first!, second!, second!, tag, blob, 'deadbeef0000', '0', 'HEAD'];

    const { result, calls } = await countGitCalls(() => findCommits(repo, asked));

    // "0" is too short to name one object, "HEAD" is no sha: neither is asked.
    expect(result).toEqual(new Set([first, second, tag]));
    expect(calls.map(gitCommandOf)).toEqual(['cat-file']);
  });

  it('none asked: no git at all; not a repository: null', async () => {
    const plain = await tempDir();
    const { result, calls } = await countGitCalls(() => findCommits(plain, []));
    expect(result).toEqual(new Set());
    expect(calls).toEqual([]);
    expect(await findCommits(plain, ['deadbeef0000'])).toBeNull();
  });
});
