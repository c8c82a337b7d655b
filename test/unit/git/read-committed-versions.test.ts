import { chmod, mkdir, mkdtemp, readFile, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { readCommittedVersions } from '../../../src/git/read-committed-versions.js';
import { commitAll, git } from '../../pull/pull-fixture.js';

async function tempDir(): Promise<string> {
  const dir = await realpath(await mkdtemp(join(tmpdir(), 'dashsync-git-')));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

async function write(file: string, text: string): Promise<void> {
  await mkdir(join(file, '..'), { recursive: true });
  await writeFile(file, text);
}

describe('readCommittedVersions (real git repositories)', () => {
  it('the last versions of each file, newest first, distinct, up to the depth; literal names with spaces, accents and glob characters', async () => {
    const repo = await tempDir();
    const odd = join(repo, 'tree', 'ops – Café', '[a] *.json');
    const plain = join(repo, 'tree', 'plain.json');
    const other = join(repo, 'tree', '[a] x.json');
    await write(odd, 'v1');
    await write(plain, 'p1');
    await write(other, 'o1');
    await commitAll(repo, 'one');
    for (const text of ['v2', 'v1', 'v3']) {
      await write(odd, text);
      await commitAll(repo, text);
    }
    await write(odd, 'uncommitted');

    const read = await readCommittedVersions([odd, plain, join(repo, 'tree', 'untracked.json')], { cwd: join(repo, 'tree'), depth: 3, tree: join(repo, 'tree') });

    // v3, v1, v2 are the last three commits touching it; v1 twice is one text. The glob `*` did not match `[a] x.json`.
    const at = (path: string) => (text: string) => ({ text, path });
    expect(read).toEqual({ shallow: false, versions: new Map([[odd, ['v3', 'v1', 'v2'].map(at('ops – Café/[a] *.json'))], [plain, [at('plain.json')('p1')]]]) });
  });

  it('a file reached through a symlinked directory is found by its real path; one whose real path leaves the repository is not', async () => {
    const repo = await tempDir();
    const outside = await tempDir();
    await write(join(repo, 'real dir', 'a.json'), 'a1');
    await write(join(outside, 'b.json'), 'b1');
    await symlink(join(repo, 'real dir'), join(repo, 'alias'));
    await symlink(join(outside, 'b.json'), join(repo, 'real dir', 'b.json'));
    await commitAll(repo);

    const read = await readCommittedVersions([join(repo, 'alias', 'a.json'), join(repo, 'alias', 'b.json')], { cwd: join(repo, 'alias'), depth: 5, tree: join(repo, 'alias') });

    expect(read?.versions).toEqual(new Map([[join(repo, 'alias', 'a.json'), [{ text: 'a1', path: 'a.json' }]]]));
  });

  it("a path's history ends where a commit deleted it: what it held before was another file", async () => {
    const repo = await tempDir();
    const file = join(repo, 'a.json');
    await write(file, 'old life');
    await commitAll(repo);
    await rm(file);
    await commitAll(repo);
    await write(file, 'new, untracked');

    expect(await readCommittedVersions([file], { cwd: repo, depth: 5, tree: repo })).toEqual({ shallow: false, versions: new Map() });
  });

  it('a depth-1 clone says it is shallow and has HEAD only', async () => {
    const repo = await tempDir();
    await write(join(repo, 'a.json'), 'a1');
    await commitAll(repo);
    await write(join(repo, 'a.json'), 'a2');
    await commitAll(repo);
    const clone = join(await tempDir(), 'clone');
    await git(repo, 'clone', '-q', '--depth', '1', `file://${repo}`, clone);

    expect(await readCommittedVersions([join(clone, 'a.json')], { cwd: clone, depth: 5, tree: clone })).toEqual({ shallow: true, versions: new Map([[join(clone, 'a.json'), [{ text: 'a2', path: 'a.json' }]]]) });
  });

  it('no evidence outside a repository, in one with no commit, or for no file', async () => {
    const plainDir = await tempDir();
    await write(join(plainDir, 'a.json'), 'a');
    expect(await readCommittedVersions([join(plainDir, 'a.json')], { cwd: plainDir, depth: 5, tree: plainDir })).toBeNull();

    await git(plainDir, 'init', '-q');
    expect(await readCommittedVersions([join(plainDir, 'a.json')], { cwd: plainDir, depth: 5, tree: plainDir })).toBeNull();
    expect(await readCommittedVersions([], { cwd: plainDir, depth: 5, tree: plainDir })).toBeNull();
  });

  it('no evidence when git is not installed (nothing on PATH)', async () => {
    const repo = await tempDir();
    await write(join(repo, 'a.json'), 'a');
    await commitAll(repo);
    const path = process.env.PATH;
    process.env.PATH = await tempDir();
    try {
      expect(await readCommittedVersions([join(repo, 'a.json')], { cwd: repo, depth: 5, tree: repo })).toBeNull();
    } finally {
      process.env.PATH = path;
    }
  });

  it('many files in one call: every one answered from one log and one cat-file', async () => {
    const repo = await tempDir();
    const files = Array.from({ length: 300 }, (_, i) => join(repo, 'd', `dash ${i}.json`));
    for (const [i, file] of files.entries()) await write(file, `{"n":${i}}`);
    await commitAll(repo, 'pull');
    for (const file of files.slice(0, 100)) await write(file, '{"edited":true}');
    await commitAll(repo, 'edit');

    const read = await readCommittedVersions(files, { cwd: repo, depth: 5, tree: repo });

    expect(read?.versions.size).toBe(300);
    expect(read?.versions.get(files[0]!)?.map((version) => version.text)).toEqual(['{"edited":true}', '{"n":0}']);
    expect(read?.versions.get(files[299]!)).toEqual([{ text: '{"n":299}', path: 'd/dash 299.json' }]);
  });

  it('renames are followed: a rename, a rename with an edit, a move to another directory; each version with the name it had', async () => {
    const repo = await tempDir();
    const body = (n: number) => JSON.stringify({ title: 'Classic', panels: Array.from({ length: 20 }, (_, id) => ({ id, type: 'stat' })), n }, null, 2);
    await write(join(repo, 'tree', 'shop', 'classic.json'), body(1));
    await write(join(repo, 'tree', 'other.json'), 'other');
    await commitAll(repo, 'bootstrap pull');
    await git(repo, 'mv', 'tree/shop/classic.json', 'tree/shop/classic-overview.json');
    await commitAll(repo, 'rename');
    await rm(join(repo, 'tree', 'shop', 'classic-overview.json'));
    await write(join(repo, 'tree', 'ops', 'overview.json'), body(2));
    await commitAll(repo, 'move to ops, with an edit');

    const read = await readCommittedVersions([join(repo, 'tree', 'ops', 'overview.json')], { cwd: repo, depth: 5, tree: join(repo, 'tree') });

    // The pure rename keeps the text: once under each name.
    expect(read?.versions.get(join(repo, 'tree', 'ops', 'overview.json'))).toEqual([
      { text: body(2), path: 'ops/overview.json' },
      { text: body(1), path: 'shop/classic-overview.json' },
      { text: body(1), path: 'shop/classic.json' },
    ]);
  });

  it('a rename from outside the tree is not followed (the history ends at the add), the rest of the tree is', async () => {
    const repo = await tempDir();
    await write(join(repo, 'elsewhere', 'a.json'), 'a1');
    await commitAll(repo);
    await git(repo, 'mv', 'elsewhere', 'tree');
    await commitAll(repo);

    expect((await readCommittedVersions([join(repo, 'tree', 'a.json')], { cwd: repo, depth: 5, tree: join(repo, 'tree') }))?.versions.get(join(repo, 'tree', 'a.json'))).toEqual([{ text: 'a1', path: 'a.json' }]);
    // Asked over the whole repository, the rename is seen.
    const whole = await readCommittedVersions([join(repo, 'tree', 'a.json')], { cwd: repo, depth: 5, tree: repo });
    expect(whole?.versions.get(join(repo, 'tree', 'a.json'))).toEqual([{ text: 'a1', path: 'tree/a.json' }, { text: 'a1', path: 'elsewhere/a.json' }]);
  });

  it('three git processes however many files and renames (git counted through a stand-in on PATH)', async () => {
    const repo = await tempDir();
    const files = Array.from({ length: 200 }, (_, i) => join(repo, 'd', `dash ${i}.json`));
    for (const [i, file] of files.entries()) await write(file, `{"n":${i},"padding":"${'x'.repeat(200)}"}`);
    await commitAll(repo, 'pull');
    await git(repo, 'mv', 'd', 'renamed');
    for (const [i, file] of files.entries()) await write(file.replace(join(repo, 'd'), join(repo, 'renamed')), `{"n":${i},"edited":true,"padding":"${'x'.repeat(200)}"}`);
    await commitAll(repo, 'rename the directory, edit every file');
    const bin = await tempDir();
    const calls = join(bin, 'calls');
    const real = (await git(repo, '--exec-path')).trim();
    await writeFile(join(bin, 'git'), `#!/bin/sh\necho "$*" >> '${calls}'\nexec '${real}/git' "$@"\n`);
    await chmod(join(bin, 'git'), 0o755);
    const path = process.env.PATH;
    process.env.PATH = `${bin}:${path}`;
    let read;
    try {
      read = await readCommittedVersions(files.map((file) => file.replace(`${join(repo, 'd')}`, join(repo, 'renamed'))), { cwd: repo, depth: 5, tree: repo });
    } finally {
      process.env.PATH = path;
    }

    expect(read?.versions.size).toBe(200);
    expect(read?.versions.get(join(repo, 'renamed', 'dash 7.json'))?.map((version) => version.path)).toEqual(['renamed/dash 7.json', 'd/dash 7.json']);
    expect((await readFile(calls, 'utf8')).trim().split('\n').map((line) => line.split(' ').find((word) => !word.startsWith('-') && !word.includes('=')))).toEqual(['rev-parse', 'log', 'cat-file']);
  });
});
