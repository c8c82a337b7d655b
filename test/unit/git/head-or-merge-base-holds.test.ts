import { describe, expect, it } from 'vitest';
import { headOrMergeBaseHold } from '../../../src/git/head-or-merge-base-holds.js';
import { countGitCalls, gitCommandOf } from '../../helpers/count-git-calls.js';
import { commitAll, git } from '../../pull/pull-fixture.js';
import { tempDir, write } from './temp-dir.js';

const head = async (repo: string) => (await git(repo, 'rev-parse', 'HEAD')).trim().slice(0, 12);

/** A commit on a new branch from `from` writing `files`; back on main after it. */
async function branchCommit(repo: string, name: string, from: string, files: Record<string, string>): Promise<string> {
  await git(repo, 'checkout', '-q', '-b', name, from);
  for (const [file, text] of Object.entries(files)) await write(`${repo}/dashboards/${file}`, text);
  await commitAll(repo, name);
  const commit = await head(repo);
  await git(repo, 'checkout', '-q', 'main');
  return commit;
}

describe('headOrMergeBaseHold (a real git repository)', () => {
  it('holds a push that left the file as HEAD has it or as the merge base had it, not one that changed it (a revert included); git asked for them all at once', async () => {
    const repo = await tempDir();
    await write(`${repo}/dashboards/a.json`, 'a1');
    await write(`${repo}/dashboards/b.json`, 'b1');
    await commitAll(repo, 'c1');
    await git(repo, 'branch', '-M', 'main');
    await write(`${repo}/dashboards/a.json`, 'a2');
    await commitAll(repo, 'c2');
    const c2 = await head(repo);
    const untouched = await branchCommit(repo, 'untouched', c2, { 'b.json': 'b9' });
    const changed = await branchCommit(repo, 'changed', c2, { 'a.json': 'a9' });
    const reverted = await branchCommit(repo, 'reverted', c2, { 'a.json': 'a1' });
    const picked = await branchCommit(repo, 'picked', c2, { 'a.json': 'a3' });
    await write(`${repo}/dashboards/a.json`, 'a3');
    await commitAll(repo, 'c3');
    const pushes = [
      { commit: untouched, file: 'a.json' },
      { commit: untouched, file: 'b.json' },
      { commit: changed, file: 'a.json' },
      { commit: reverted, file: 'a.json' },
      { commit: picked, file: 'a.json' },
      { commit: 'deadbeef0000', file: 'a.json' },
      { commit: 'HEAD', file: 'a.json' },
    ];

    const { result, calls } = await countGitCalls(() => headOrMergeBaseHold(`${repo}/dashboards`, pushes));

    expect(result).toEqual([true, false, false, false, true, false, false]);
    // One merge base per commit whose text is not HEAD's (untouched's once for its two files), two cat-files for every push.
    expect(calls.map(gitCommandOf).sort()).toEqual(['cat-file', 'cat-file', 'merge-base', 'merge-base', 'merge-base']);
  });

  it('nothing git can be asked about: no git at all; not a repository: none held', async () => {
    const plain = await tempDir();
    const { result, calls } = await countGitCalls(() => headOrMergeBaseHold(plain, [{ commit: 'HEAD', file: 'a.json' }]));
    expect(result).toEqual([false]);
    expect(calls).toEqual([]);
    expect(await headOrMergeBaseHold(plain, [{ commit: 'deadbeef0000', file: 'a.json' }])).toEqual([false]);
  });
});
