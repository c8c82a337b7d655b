import { spawn } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readFileHistories } from '../../../src/git/read-file-histories.js';
import { renameDetectionSkipped } from '../../../src/git/rename-limit.js';
import { commitAll, git } from '../../pull/pull-fixture.js';
import { tempDir, write } from './temp-dir.js';

describe('renameDetectionSkipped (git\'s too_many_rename_candidates, from a commit\'s listing)', () => {
  it('gives up when the added × deleted files left over exceed the limit squared; a limit of 0 or less counts as 32767', () => {
    expect(renameDetectionSkipped(3, 3, 2)).toBe(true);
    expect(renameDetectionSkipped(3, 3, 3)).toBe(false);
    expect(renameDetectionSkipped(5001, 5001, 5000)).toBe(true);
    expect(renameDetectionSkipped(100_000, 0, 5000)).toBe(false);
    expect(renameDetectionSkipped(40_000, 40_000, 0)).toBe(true);
    expect(renameDetectionSkipped(30_000, 30_000, -1)).toBe(false);
  });
});

describe('readFileHistories: renames git skipped (a real repository)', () => {
  /**
   * Three files moved to other names and edited in one commit, after `older` commits of another file
   * (written by git fast-import: 3,000 in about two seconds) that the walk would go on to: git is
   * still walking them when dashsync stops it, so git's own warning, written at the end, never comes.
   */
  async function movedAndEdited(older: number): Promise<string> {
    const repo = await tempDir();
    await git(repo, 'init', '-q');
    let stream = '';
    for (let i = 1; i <= older; i += 1) {
      const text = `{"older": ${i}}\n`;
      stream += `commit refs/heads/main\ncommitter T <t@dashsync.invalid> ${1_700_000_000 + i} +0000\ndata 0\nM 100644 inline older.json\ndata ${text.length}\n${text}\n`;
    }
    await fastImport(repo, stream);
    await git(repo, 'reset', '-q', '--hard');
    const body = (i: number, edited: boolean) => `{\n"n": ${i},\n"a": "a${i}",\n"b": "b${i}",\n"c": "c${i}"${edited ? ',\n"edited": true' : ''}\n}\n`;
    for (let i = 1; i <= 3; i += 1) await write(join(repo, 'd', `f${i}.json`), body(i, false));
    await commitAll(repo, 'one');
    await rm(join(repo, 'd'), { recursive: true });
    for (let i = 1; i <= 3; i += 1) await write(join(repo, 'e', `g${i}.json`), body(i, true));
    await commitAll(repo, 'move and edit');
    return repo;
  }

  it('a history that ends at an add because git gave up on renames says so, though the walk stops before git warns', async () => {
    const repo = await movedAndEdited(3_000);

    // Depth 1: the history is whole at that first version, so the walk stops there (an add with room for more would be
    // walked on past, to look for a deletion before it, until git's own warning came at the end).
    const skipped = await readFileHistories(repo, ['e/g1.json'], { depth: 1, within: '', renameLimit: 2 });
    const followed = await readFileHistories(repo, ['e/g1.json'], { depth: 5, within: '', renameLimit: 3 });

    // 3 added × 3 deleted > 2²: the move reads as an add, and the history ends there.
    expect(skipped?.histories.get('e/g1.json')?.map((version) => [version.path, version.added])).toEqual([['e/g1.json', true]]);
    expect(skipped?.renamesSkipped).toBe(true);
    expect(followed?.histories.get('e/g1.json')?.map((version) => version.path)).toEqual(['e/g1.json', 'd/f1.json']);
    expect(followed?.renamesSkipped).toBe(false);
  });
});

describe('readFileHistories: a history across a merge whose side is dated before the commit it starts from (real git)', () => {
  const hour = (n: number) => new Date(Date.UTC(2026, 11, 1, n));

  // pull-48: git's default order is by committer date alone. Here a.json's adding commit (its committer's clock 8 hours
  // ahead) is dated after the edit made on a branch from it, so git listed the add first, the walk stopped there, and the
  // file looked as if git held one version (pull's "one version ever" rule then took Grafana's).
  it("lists the branch's edit before the add it starts from, and reads on to the add", async () => {
    const repo = await tempDir();
    await write(join(repo, 'other.json'), '{"n": 0}\n');
    await commitAll(repo, 'root', hour(1));
    await write(join(repo, 'a.json'), '{"a": 1}\n');
    await commitAll(repo, 'add a', hour(10));
    const add = (await git(repo, 'rev-parse', 'HEAD')).trim();
    await git(repo, 'checkout', '-q', '-b', 'edit');
    await write(join(repo, 'a.json'), '{"a": 2}\n');
    await commitAll(repo, 'edit a', hour(2));
    const edit = (await git(repo, 'rev-parse', 'HEAD')).trim();
    await git(repo, 'checkout', '-q', 'main');
    await write(join(repo, 'other.json'), '{"n": 1}\n');
    await commitAll(repo, 'main moves on', hour(3));
    await git(repo, 'merge', '-q', '--no-ff', '--no-edit', 'edit');

    const read = await readFileHistories(repo, ['a.json'], { depth: 5, within: '', renameLimit: 100 });

    expect(read?.histories.get('a.json')?.map((version) => [version.commit, version.subject])).toEqual([
      [edit, 'edit a'],
      [add, 'add a'],
    ]);
  });
});

function fastImport(repo: string, stream: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', ['fast-import', '--quiet'], { cwd: repo, stdio: ['pipe', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => void (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`git fast-import: ${stderr}`))));
    child.stdin.end(stream);
  });
}
