import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findRemovedTreeFiles } from '../../../src/git/find-removed-dashboard-files.js';
import { readRemovedFileVersions } from '../../../src/git/read-removed-file-versions.js';
import { commitAll, git } from '../../pull/pull-fixture.js';
import { tempDir, write } from './temp-dir.js';

const board = (description: string) => `{"uid":"a","title":"A","description":"${description}","panels":[]}`;

/** A repository whose tree `dashboards/` gets dashboard a at `path` in a first commit, beside a file that keeps the tree there once a is gone. */
async function treeAdding(path: string): Promise<{ repo: string; tree: string }> {
  const repo = await tempDir();
  const tree = join(repo, 'dashboards');
  await write(join(tree, 'kept/b.json'), '{"uid":"b","title":"B","panels":[]}');
  await write(join(tree, path), board('added'));
  await commitAll(repo, 'add a');
  return { repo, tree };
}

/** Dashboard a's removed file's versions read from `tree` (at most five), each as [description, path, subject]. */
async function describedVersions(tree: string): Promise<string[][]> {
  const removed = (await findRemovedTreeFiles(tree, { dashboards: ['a'], libraryPanels: [] })).dashboards;
  return (await readRemovedFileVersions(tree, removed, 5)).get('a')!.map((version) => [JSON.parse(version.text).description, version.path, version.subject!]);
}

// tidy-57: a removed file's versions are compared as an update's file is (its last five commits, renames followed), not its
// last committed text only.
describe('readRemovedFileVersions', () => {
  it("gives a removed file's last committed versions before its removal, newest first, under its earlier name too, with their commits", async () => {
    const { repo, tree } = await treeAdding('old/a.json');
    await git(repo, 'mv', 'dashboards/old', 'dashboards/team');
    await commitAll(repo, 'rename the directory');
    await write(join(tree, 'team/a.json'), board('pulled'));
    await commitAll(repo, 'pull a');
    const pulled = (await git(repo, 'rev-parse', 'HEAD')).trim();
    await write(join(tree, 'team/a.json'), board('edited again'));
    await commitAll(repo, 'edit a');
    await git(repo, 'rm', '-q', 'dashboards/team/a.json');
    await commitAll(repo, 'remove a');

    const removed = (await findRemovedTreeFiles(tree, { dashboards: ['a'], libraryPanels: [] })).dashboards;
    const versions = (await readRemovedFileVersions(tree, removed, 5)).get('a')!;

    expect(versions.map((version) => [JSON.parse(version.text).description, version.path, version.subject])).toEqual([
      ['edited again', 'team/a.json', 'edit a'],
      ['pulled', 'team/a.json', 'pull a'],
      ['added', 'team/a.json', 'rename the directory'],
      ['added', 'old/a.json', 'add a'],
    ]);
    expect(versions[1]!.commit).toBe(pulled);
    expect((await readRemovedFileVersions(tree, removed, 2)).get('a')!.map((version) => version.subject)).toEqual(['edit a', 'pull a']);
  });

  it('starts from HEAD for a file removed with git rm and not committed yet', async () => {
    const { repo, tree } = await treeAdding('team/a.json');
    await write(join(tree, 'team/a.json'), board('pulled'));
    await commitAll(repo, 'pull a');
    await git(repo, 'rm', '-q', 'dashboards/team/a.json');

    const removed = (await findRemovedTreeFiles(tree, { dashboards: ['a'], libraryPanels: [] })).dashboards;
    expect((await readRemovedFileVersions(tree, removed, 5)).get('a')!.map((version) => JSON.parse(version.text).description)).toEqual(['pulled', 'added']);
  });

  // tidy-58: the path is a literal pathspec.
  it('reads the versions of a file whose name is also a glob, not those of the files the glob matches', async () => {
    const { repo, tree } = await treeAdding('team/a*.json');
    await write(join(tree, 'team/a*.json'), board('pulled'));
    await commitAll(repo, 'pull a');
    for (const edit of ['one', 'two']) {
      await write(join(tree, 'team/ab.json'), `{"uid":"ab","title":"AB","description":"${edit}","panels":[]}`);
      await commitAll(repo, `edit ab ${edit}`);
    }
    await git(repo, '--literal-pathspecs', 'rm', '-q', 'dashboards/team/a*.json');
    await commitAll(repo, 'remove a');

    expect(await describedVersions(tree)).toEqual([
      ['pulled', 'team/a*.json', 'pull a'],
      ['added', 'team/a*.json', 'add a'],
    ]);
  });
});
