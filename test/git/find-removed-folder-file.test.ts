import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findRemovedFolderFile } from '../../src/git/find-removed-folder-file.js';
import { git, tempGitRepos } from '../helpers/temp-git-repo.js';

const repos = tempGitRepos('removed-folder-');
afterEach(repos.removeAll);

/** A tree whose `ops/_folder.json` names folder `ops-uid`, committed; `team/` a directory without one. */
function tree(): string {
  const root = repos.repo();
  mkdirSync(join(root, 'ops'));
  mkdirSync(join(root, 'team'));
  writeFileSync(join(root, 'ops/_folder.json'), '{ "uid": "ops-uid", "title": "Ops" }\n');
  writeFileSync(join(root, 'team/board.json'), '{ "uid": "board", "title": "Board" }\n');
  git(root, 'add', '.');
  git(root, 'commit', '-qm', 'add');
  return root;
}

// review-67a L3: restore's note on a folder uid names a _folder.json only where git shows one removed.
describe('findRemovedFolderFile', () => {
  it('names the commit that removed the _folder.json holding the uid, and that file', async () => {
    const root = tree();
    git(root, 'rm', '-q', 'ops/_folder.json');
    git(root, 'commit', '-qm', 'remove ops');
    const commit = git(root, 'rev-parse', '--short', 'HEAD').trim();
    expect(await findRemovedFolderFile(root, 'ops-uid')).toEqual({ commit, file: 'ops/_folder.json' });
  });

  it('null where it is still there, where no _folder.json ever held the uid, and outside git', async () => {
    const root = tree();
    expect(await findRemovedFolderFile(root, 'ops-uid')).toBeNull();
    git(root, 'rm', '-q', 'team/board.json');
    git(root, 'commit', '-qm', 'remove board');
    // A dashboard file that held the uid is no folder file.
    expect(await findRemovedFolderFile(root, 'board')).toBeNull();
    const outside = mkdtempSync(join(tmpdir(), 'no-git-'));
    try {
      expect(await findRemovedFolderFile(outside, 'ops-uid')).toBeNull();
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });
});
