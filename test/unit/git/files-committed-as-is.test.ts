import { rename, rm } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { filesCommittedAsIs, isCommittedAsIs } from '../../../src/git/is-committed-as-is.js';
import { countGitCalls, gitCommandOf } from '../../helpers/count-git-calls.js';
import { commitAll, git } from '../../pull/pull-fixture.js';
import { tempDir, write } from './temp-dir.js';

/**
 * A repository whose `dashboards/` holds a file of every state git can give one: committed as it is, edited, staged,
 * staged and edited back, new, ignored, removed, renamed (staged), a name that is a pattern (`a[1].json` beside `a1.json`),
 * and one with a space.
 */
async function repositoryOfEveryState(): Promise<string> {
  const repo = await tempDir();
  const files = ['clean.json', 'edited.json', 'staged.json', 'staged-back.json', 'removed.json', 'renamed.json', 'a1.json', 'with space.json', 'deep/nested.json'];
  for (const file of files) await write(`${repo}/dashboards/${file}`, `{"file":"${file}"}\n`);
  await write(`${repo}/.gitignore`, 'dashboards/ignored.json\n');
  await commitAll(repo, 'tree');
  await write(`${repo}/dashboards/edited.json`, '{"edited":true}\n');
  await write(`${repo}/dashboards/staged.json`, '{"staged":true}\n');
  await git(repo, 'add', 'dashboards/staged.json');
  await write(`${repo}/dashboards/staged-back.json`, '{"staged":true}\n');
  await git(repo, 'add', 'dashboards/staged-back.json');
  await write(`${repo}/dashboards/staged-back.json`, '{"file":"staged-back.json"}\n');
  await write(`${repo}/dashboards/new.json`, '{}\n');
  await write(`${repo}/dashboards/ignored.json`, '{}\n');
  await rm(`${repo}/dashboards/removed.json`);
  await rename(`${repo}/dashboards/renamed.json`, `${repo}/dashboards/renamed-to.json`);
  await git(repo, 'add', '-A', 'dashboards/renamed.json', 'dashboards/renamed-to.json');
  await write(`${repo}/dashboards/a[1].json`, '{}\n');
  return repo;
}

const ASKED = [
  'clean.json', 'edited.json', 'staged.json', 'staged-back.json', 'new.json', 'ignored.json', 'removed.json', 'renamed.json', 'renamed-to.json',
  'a1.json', 'a[1].json', 'with space.json', 'deep/nested.json', 'missing.json', '../outside.json', '../../above.json',
];

describe('filesCommittedAsIs (real git repositories)', () => {
  it('answers as isCommittedAsIs does file by file, from the top of the repository and from a directory in it', async () => {
    const repo = await repositoryOfEveryState();
    for (const [cwd, prefix] of [[repo, 'dashboards/'], [`${repo}/dashboards`, '']] as const) {
      const files = ASKED.map((file) => `${prefix}${file}`);
      const one = new Set<string>();
      for (const file of files) if (await isCommittedAsIs(cwd, file)) one.add(file);
      expect(one).toEqual(new Set([`${prefix}clean.json`, `${prefix}a1.json`, `${prefix}with space.json`, `${prefix}deep/nested.json`]));
      expect(await filesCommittedAsIs(cwd, files)).toEqual(one);
    }
  });

  it('asks git three times for any number of files (it was two processes a file)', async () => {
    const repo = await repositoryOfEveryState();
    const files = ASKED.map((file) => `dashboards/${file}`);
    const { result, calls } = await countGitCalls(() => filesCommittedAsIs(repo, [...files, ...files]));
    expect(result.size).toBe(4);
    expect(calls.map(gitCommandOf).sort()).toEqual(['ls-files', 'rev-parse', 'status']);
  });

  it('none asked: no git; not a repository: none committed', async () => {
    const plain = await tempDir();
    await write(`${plain}/a.json`, '{}\n');
    const { result, calls } = await countGitCalls(() => filesCommittedAsIs(plain, []));
    expect(result).toEqual(new Set());
    expect(calls).toEqual([]);
    expect(await filesCommittedAsIs(plain, ['a.json'])).toEqual(new Set());
  });
});
