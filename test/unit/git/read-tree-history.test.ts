import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { deriveFolderUid } from '../../../src/files/folder-uid.js';
import { readTreeHistory } from '../../../src/git/read-tree-history.js';
import { knownFolderUids } from '../../../src/plan/known-folder-uids.js';
import { commitAll, git } from '../../pull/pull-fixture.js';
import { tempDir, write } from './temp-dir.js';

describe('readTreeHistory', () => {
  it("holds the tree's directories at HEAD and those deleted or moved away in its history, relative to the tree, with each _folder.json's last text", async () => {
    const repo = await tempDir();
    const tree = join(repo, 'dashboards');
    await write(join(tree, 'team-a/svc/api.json'), '{}');
    await write(join(tree, 'team-a/_folder.json'), '{"uid":"team-a","title":"Team A"}');
    await write(join(tree, 'old/x.json'), '{}');
    await write(join(repo, 'elsewhere/y.json'), '{}');
    await commitAll(repo, 'first');
    await git(repo, 'rm', '-q', '-r', 'dashboards/old');
    // A move, which git would show as a rename: its old path counts as deleted.
    await git(repo, 'mv', 'dashboards/team-a', 'dashboards/team-b');
    await commitAll(repo, 'second');

    const history = await readTreeHistory(tree);
    expect([...history!.dirs].sort()).toEqual(['old', 'team-a', 'team-a/svc', 'team-b', 'team-b/svc']);
    expect(history!.folderFiles.map((file) => file.path).sort()).toEqual(['team-a/_folder.json', 'team-b/_folder.json']);
    expect([...history!.holders!].sort()).toEqual(['old', 'team-a/svc', 'team-b/svc']);
    const known = knownFolderUids(history!);
    for (const uid of [deriveFolderUid('old'), deriveFolderUid('team-a/svc'), deriveFolderUid('team-b/svc')]) expect(known.has(uid), uid).toBe(true);
    // team-a only ever held its _folder.json and a subdirectory (as a pull of team-a/svc writes it): no evidence for its folder.
    for (const uid of ['team-a', deriveFolderUid('team-a'), deriveFolderUid('elsewhere')]) expect(known.has(uid), uid).toBe(false);
  });

  it('a directory that held a dashboard or a library panel directly, at HEAD or deleted, is evidence for the folder its _folder.json names', async () => {
    const repo = await tempDir();
    const tree = join(repo, 'dashboards');
    await write(join(tree, 'team-a/_folder.json'), '{"uid":"team-a","title":"Team A"}');
    await write(join(tree, 'team-a/overview.json'), '{}');
    await write(join(tree, 'team-a/svc/api.json'), '{}');
    await write(join(tree, 'shared/_folder.json'), '{"uid":"shared","title":"Shared"}');
    await write(join(tree, 'shared/_library/cpu.json'), '{}');
    await commitAll(repo, 'first');
    await git(repo, 'rm', '-q', 'dashboards/team-a/overview.json');
    await commitAll(repo, 'second');

    const history = await readTreeHistory(tree);
    expect([...history!.holders!].sort()).toEqual(['shared', 'team-a', 'team-a/svc']);
    const known = knownFolderUids(history!);
    for (const uid of ['team-a', 'shared', deriveFolderUid('team-a/svc')]) expect(known.has(uid), uid).toBe(true);
  });

  it('counts only what discovery reads: no dot-directory, node_modules or directory without a .json file, at HEAD or deleted', async () => {
    const repo = await tempDir();
    const tree = join(repo, 'dashboards');
    await write(join(tree, 'ops/a.json'), '{}');
    await write(join(tree, '.github/examples/ops/_folder.json'), '{"uid":"hidden-ops"}');
    await write(join(tree, 'node_modules/pkg/_folder.json'), '{"uid":"module-ops"}');
    await write(join(tree, 'notes/README.md'), 'not a folder');
    await write(join(tree, 'gone/.x/_folder.json'), '{"uid":"gone-hidden"}');
    await commitAll(repo, 'first');
    await git(repo, 'rm', '-q', '-r', 'dashboards/.github', 'dashboards/node_modules', 'dashboards/gone');
    await commitAll(repo, 'second');
    await write(join(tree, '.fixtures/kept/_folder.json'), '{"uid":"fixture-ops"}');
    await commitAll(repo, 'third');

    const history = await readTreeHistory(tree);
    expect([...history!.dirs].sort()).toEqual(['ops']);
    expect(history!.folderFiles).toEqual([]);
    const known = knownFolderUids(history!);
    for (const uid of ['hidden-ops', 'module-ops', 'gone-hidden', 'fixture-ops', deriveFolderUid('notes'), deriveFolderUid('node_modules/pkg')]) expect(known.has(uid), uid).toBe(false);
  });

  it('follows moves of the whole tree (a monorepo reorganised, twice): what it held at its old places is its own', async () => {
    const repo = await tempDir();
    await write(join(repo, 'services/grafana/dashboards/parent/_folder.json'), '{"title":"Parent"}');
    await write(join(repo, 'services/grafana/dashboards/parent/p1.json'), '{}');
    await write(join(repo, 'services/grafana/dashboards/parent/child/c1.json'), '{}');
    await write(join(repo, 'services/grafana/dashboards/gone/g1.json'), '{}');
    await write(join(repo, 'services/other/dashboards/elsewhere/e1.json'), '{}');
    await commitAll(repo, 'first');
    await git(repo, 'rm', '-q', '-r', 'services/grafana/dashboards/parent/p1.json', 'services/grafana/dashboards/gone');
    await commitAll(repo, 'remove p1 and gone');
    await mkdir(join(repo, 'platform'));
    await git(repo, 'mv', 'services/grafana', 'platform/grafana');
    await commitAll(repo, 'move the tree');
    await git(repo, 'mv', 'platform', 'infra');
    await commitAll(repo, 'move it again');
    // Another tree later at the old place is not this one's.
    await write(join(repo, 'services/grafana/dashboards/later/l1.json'), '{}');
    await commitAll(repo, 'a new tree at the old place');
    await git(repo, 'rm', '-q', '-r', 'services/grafana/dashboards/later');
    await commitAll(repo, 'and gone');

    const history = await readTreeHistory(join(repo, 'infra/grafana/dashboards'));
    expect([...history!.holders!].sort()).toEqual(['gone', 'parent', 'parent/child']);
    expect([...history!.dirs].sort()).toEqual(['gone', 'parent', 'parent/child']);
    expect(history!.removals!.get('gone')).toMatchObject({ commit: expect.stringMatching(/^[0-9a-f]{40}$/) });
    const known = knownFolderUids(history!);
    for (const uid of [deriveFolderUid('parent'), deriveFolderUid('gone')]) expect(known.has(uid), uid).toBe(true);
    for (const uid of [deriveFolderUid('later'), deriveFolderUid('elsewhere')]) expect(known.has(uid), uid).toBe(false);
  });

  it('follows a subdirectory moved within the tree: what it held before counts for its new path too; a move that leaves files behind moves only those files', async () => {
    const repo = await tempDir();
    const tree = join(repo, 'dashboards');
    await write(join(tree, 'team-a/_folder.json'), '{"title":"Team A"}');
    await write(join(tree, 'team-a/p1.json'), '{"p":1}');
    await write(join(tree, 'team-a/svc/s1.json'), '{"s":1}');
    await write(join(tree, 'team-c/c0.json'), '{"c":0}');
    await write(join(tree, 'team-c/c2.json'), '{"c":2}');
    await write(join(tree, 'team-c/sub/c1.json'), '{"c":1}');
    await commitAll(repo, 'first');
    await git(repo, 'rm', '-q', 'dashboards/team-a/p1.json', 'dashboards/team-c/c0.json');
    await commitAll(repo, 'remove p1 and c0');
    await mkdir(join(tree, 'platform'));
    await git(repo, 'mv', 'dashboards/team-a', 'dashboards/platform/team-a');
    await mkdir(join(tree, 'team-d'));
    await git(repo, 'mv', 'dashboards/team-c/sub', 'dashboards/team-d/sub');
    await commitAll(repo, 'move team-a, and team-c/sub without the rest of team-c');

    const history = await readTreeHistory(tree);
    // team-a's p1 counts for platform/team-a; c0 stays team-c's (c2 is still there): team-d holds only a subdirectory.
    expect([...history!.holders!].sort()).toEqual(['platform/team-a', 'platform/team-a/svc', 'team-a', 'team-a/svc', 'team-c', 'team-c/sub', 'team-d/sub']);
    const known = knownFolderUids(history!);
    for (const uid of [deriveFolderUid('platform/team-a'), deriveFolderUid('team-a'), deriveFolderUid('team-d/sub')]) expect(known.has(uid), uid).toBe(true);
    for (const uid of [deriveFolderUid('team-d'), deriveFolderUid('platform')]) expect(known.has(uid), uid).toBe(false);
  });

  it('follows a directory moved on a branch merged with --no-ff, and one moved only while resolving a merge (no first-parent commit of its own)', async () => {
    for (const onlyInMerge of [false, true]) {
      const repo = await tempDir();
      const tree = join(repo, 'dashboards');
      await write(join(tree, 'team-a/p1.json'), '{"p":1}');
      await write(join(tree, 'team-a/svc/s1.json'), '{"s":1}');
      await write(join(tree, 'keep/k.json'), '{"k":1}');
      await commitAll(repo, 'first');
      await git(repo, 'branch', '-M', 'main');
      await git(repo, 'rm', '-q', 'dashboards/team-a/p1.json');
      await commitAll(repo, 'remove p1');
      await git(repo, 'checkout', '-q', '-b', 'topic');
      if (!onlyInMerge) {
        await mkdir(join(tree, 'platform'));
        await git(repo, 'mv', 'dashboards/team-a', 'dashboards/platform/team-a');
      } else await write(join(tree, 'keep/k3.json'), '{"k":3}');
      await commitAll(repo, 'topic');
      await git(repo, 'checkout', '-q', 'main');
      await write(join(tree, 'keep/k2.json'), '{"k":2}');
      await commitAll(repo, 'main meanwhile');
      await git(repo, 'merge', '-q', '--no-ff', '--no-commit', 'topic');
      if (onlyInMerge) {
        await mkdir(join(tree, 'platform'));
        await git(repo, 'mv', 'dashboards/team-a', 'dashboards/platform/team-a');
      }
      await git(repo, 'commit', '-q', '-m', 'merge topic');

      const history = await readTreeHistory(tree);
      // p1, removed before the move, counts for platform/team-a, which holds only a subdirectory at HEAD; team-a/svc was the tree's.
      expect([...history!.holders!].sort(), `only in merge: ${onlyInMerge}`).toEqual(['keep', 'platform/team-a', 'platform/team-a/svc', 'team-a', 'team-a/svc']);
      expect([...history!.dirs].sort()).toEqual(['keep', 'platform', 'platform/team-a', 'platform/team-a/svc', 'team-a', 'team-a/svc']);
      expect(knownFolderUids(history!).has(deriveFolderUid('platform/team-a'))).toBe(true);
    }
  });

  it('is null without git history (no repository, or no commit)', async () => {
    const plain = await tempDir();
    expect(await readTreeHistory(plain)).toBeNull();
    await git(plain, 'init', '-q');
    expect(await readTreeHistory(plain)).toBeNull();
  });
});
