import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { commitHolds } from '../../../src/git/find-commits-outside-head.js';
import { readArrivalCommit } from '../../../src/git/read-arrival-commit.js';
import { commitAll, git } from '../../pull/pull-fixture.js';
import { tempDir, write } from './temp-dir.js';

const hour = (n: number) => new Date(Date.UTC(2026, 11, 1, n));
const seconds = (at: Date) => at.getTime() / 1000;
const head = async (repo: string, rev = 'HEAD') => (await git(repo, 'rev-parse', rev)).trim();
/** `git fast-import` reading `stream`: many commits in one process. */
const gitWithInput = (repo: string, stream: string) =>
  new Promise<void>((done, fail) => {
    const child = execFile('git', ['fast-import', '--quiet'], { cwd: repo }, (error) => (error ? fail(error) : done()));
    child.stdin!.end(stream);
  });

describe('readArrivalCommit (the commit that brought a file its content on the branch, and its time; real git)', () => {
  it("a commit on the branch: it, at its committer date; one merged from another branch: the merge, not the branch commit", async () => {
    const repo = await tempDir();
    const file = join(repo, 'tree', '_library', '[cpu] *.json');
    await write(file, 'a');
    await commitAll(repo, 'a', hour(1));
    const first = await head(repo);
    await write(join(repo, 'tree', 'other.json'), 'x');
    await commitAll(repo, 'other', hour(2));
    expect(await readArrivalCommit(join(repo, 'tree'), '_library/[cpu] *.json')).toEqual({ commit: first, committedAt: seconds(hour(1)) });

    await git(repo, 'checkout', '-q', '-b', 'pr', 'HEAD~1');
    await write(file, 'c');
    await commitAll(repo, 'c on a branch', hour(3));
    await git(repo, 'checkout', '-q', 'main');
    await write(join(repo, 'tree', 'other.json'), 'y');
    await commitAll(repo, 'main moves on', hour(4));
    await git(repo, '-c', 'core.editor=true', 'merge', '-q', '--no-ff', '--no-edit', 'pr');

    const merged = await readArrivalCommit(join(repo, 'tree'), '_library/[cpu] *.json');
    expect(merged).toEqual({ commit: await head(repo), committedAt: Number((await git(repo, 'log', '-1', '--format=%ct', 'HEAD')).trim()) });
    expect(merged!.committedAt).toBeGreaterThan(seconds(hour(4)));
  });

  it('null where git holds no such commit or is not there', async () => {
    const repo = await tempDir();
    await write(join(repo, 'a.json'), 'a');
    await commitAll(repo, 'a', hour(1));
    expect(await readArrivalCommit(repo, 'untracked.json')).toBeNull();
    expect(await readArrivalCommit(await tempDir(), 'a.json')).toBeNull();
  });
});

describe('commitHolds (is a commit the push was made from, or one after it, holding a file\'s commit; real git)', () => {
  it('the commit itself and its descendants hold it; an ancestor, a side branch or an unrelated history do not; a commit git lacks is missing', async () => {
    const repo = await tempDir();
    await write(join(repo, 'a.json'), 'a');
    await commitAll(repo, 'a', hour(1));
    const a = await head(repo);
    await write(join(repo, 'a.json'), 'b');
    // Dated before its parent: ancestry, not time, decides.
    await commitAll(repo, 'b', hour(0));
    const b = await head(repo);
    await git(repo, 'checkout', '-q', '-b', 'side', a);
    await write(join(repo, 'a.json'), 's');
    await commitAll(repo, 's', hour(5));
    const side = await head(repo);
    await git(repo, 'checkout', '-q', '--orphan', 'lonely');
    await commitAll(repo, 'unrelated', hour(6));
    const lonely = await head(repo);

    expect(await commitHolds(repo, b, b)).toBe(true);
    expect(await commitHolds(repo, b, a)).toBe(true);
    expect(await commitHolds(repo, b.slice(0, 12), a)).toBe(true);
    expect(await commitHolds(repo, a, b)).toBe(false);
    expect(await commitHolds(repo, side, b)).toBe(false);
    expect(await commitHolds(repo, lonely, a)).toBe(false);
    expect(await commitHolds(repo, 'f'.repeat(40), a)).toBe('tip-missing');
    expect(await commitHolds(repo, b, 'f'.repeat(40))).toBeNull();
    expect(await commitHolds(repo, 'HEAD', a)).toBeNull();
    expect(await commitHolds(await tempDir(), b, a)).toBeNull();
  });

  // review-14 LOW-2: a shallow clone's cut history answered "not in its history" (false), an ambiguous abbreviation
  // "this clone lacks it" (tip-missing).
  it('a shallow clone whose cut history cannot show it: shallow, not "outside" nor "missing"; a full clone answers', async () => {
    const origin = await tempDir();
    await write(join(origin, 'a.json'), 'a');
    await commitAll(origin, 'a');
    const a = await head(origin);
    await git(origin, 'branch', 'old');
    await write(join(origin, 'b.json'), 'b');
    await commitAll(origin, 'b');
    await write(join(origin, 'c.json'), 'c');
    await commitAll(origin, 'c');
    const c = await head(origin);
    expect(await commitHolds(origin, c, a)).toBe(true);
    // Both branch tips, one commit deep each: a and c are there, c's history is cut before a.
    const shallow = await tempDir();
    await git(shallow, 'clone', '-q', '--depth', '1', '--no-single-branch', `file://${origin}`, '.');
    expect(await commitHolds(shallow, c, a)).toBe('shallow');
    expect(await commitHolds(shallow, 'f'.repeat(40), a)).toBe('shallow');
    expect(await commitHolds(shallow, c, c)).toBe(true);
  });

  it('an abbreviation naming several commits: git cannot tell (null), not a commit this clone lacks', async () => {
    const repo = await tempDir();
    // 2000 commits in one git process: two of them share their first 4 hex digits (65536 possible).
    const stream = Array.from({ length: 2000 }, (_, index) => `commit refs/heads/main\ncommitter A <a@example.com> 0 +0000\ndata ${String(index).length}\n${index}\n\n`).join('');
    await git(repo, 'init', '-q');
    await gitWithInput(repo, stream);
    const shas = (await git(repo, 'rev-list', 'main')).trim().split('\n');
    const seen = new Map<string, string>();
    const prefix = shas.map((sha) => sha.slice(0, 4)).find((start, index) => seen.has(start) || void seen.set(start, shas[index]!));
    expect(prefix).toBeDefined();
    expect(await commitHolds(repo, prefix!, shas.at(-1)!)).toBeNull();
    expect(await commitHolds(repo, shas[0]!, shas.at(-1)!)).toBe(true);
  });
});
