import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readArrivalTime } from '../../../src/git/read-arrival-time.js';
import { commitAll, git } from '../../pull/pull-fixture.js';
import { tempDir, write } from './temp-dir.js';

const hour = (n: number) => new Date(Date.UTC(2026, 11, 1, n));
const seconds = (at: Date) => at.getTime() / 1000;

describe('readArrivalTime (when a file got its content on the branch; real git)', () => {
  it("a commit on the branch: its committer date; one merged from another branch: the merge's, not the branch commit's", async () => {
    const repo = await tempDir();
    const file = join(repo, 'tree', '_library', '[cpu] *.json');
    await write(file, 'a');
    await commitAll(repo, 'a', hour(1));
    await write(join(repo, 'tree', 'other.json'), 'x');
    await commitAll(repo, 'other', hour(2));
    expect(await readArrivalTime(join(repo, 'tree'), '_library/[cpu] *.json')).toBe(seconds(hour(1)));

    await git(repo, 'checkout', '-q', '-b', 'pr', 'HEAD~1');
    await write(file, 'c');
    await commitAll(repo, 'c on a branch', hour(3));
    await git(repo, 'checkout', '-q', 'main');
    await write(join(repo, 'tree', 'other.json'), 'y');
    await commitAll(repo, 'main moves on', hour(4));
    await git(repo, '-c', 'core.editor=true', 'merge', '-q', '--no-ff', '--no-edit', 'pr');

    const merged = await readArrivalTime(join(repo, 'tree'), '_library/[cpu] *.json');
    expect(merged).toBe(Number((await git(repo, 'log', '-1', '--format=%ct', 'HEAD')).trim()));
    expect(merged).toBeGreaterThan(seconds(hour(4)));
  });

  it('null where git holds no such commit or is not there', async () => {
    const repo = await tempDir();
    await write(join(repo, 'a.json'), 'a');
    await commitAll(repo, 'a', hour(1));
    expect(await readArrivalTime(repo, 'untracked.json')).toBeNull();
    expect(await readArrivalTime(await tempDir(), 'a.json')).toBeNull();
  });
});
