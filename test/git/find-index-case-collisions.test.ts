import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findIndexCaseCollisions } from '../../src/git/find-index-case-collisions.js';
import { git, tempGitRepos } from '../helpers/temp-git-repo.js';

const repos = tempGitRepos('index-case-');
afterEach(repos.removeAll);
const repo = repos.repo;

/** A case-insensitive checkout's index: `file` committed in `dir`, and `twin` (its name in another case) added to the index, one file on disk. */
function indexWithCaseTwin(dir: string, file: string, twin: string, content: string): string {
  const root = repo();
  mkdirSync(join(root, dir));
  writeFileSync(join(root, dir, file), content);
  git(root, 'add', '.');
  git(root, 'commit', '-qm', 'one');
  const blob = git(root, 'hash-object', '-w', `${dir}/${file}`).trim();
  git(root, 'update-index', '--add', '--cacheinfo', `100644,${blob},${dir}/${twin}`);
  return root;
}

describe('findIndexCaseCollisions', () => {
  it('names no pair for one path that a conflicted merge lists once per stage (its file deleted on one side)', async () => {
    const root = repo();
    mkdirSync(join(root, 'team'));
    writeFileSync(join(root, 'team/board.json'), '{"uid":"b","title":"B"}\n');
    git(root, 'add', '.');
    git(root, 'commit', '-qm', 'base');
    git(root, 'checkout', '-qb', 'other');
    git(root, 'rm', '-q', 'team/board.json');
    git(root, 'commit', '-qm', 'remove');
    git(root, 'checkout', '-q', 'main');
    writeFileSync(join(root, 'team/board.json'), '{"uid":"b","title":"B2"}\n');
    git(root, 'commit', '-qam', 'edit');
    try {
      git(root, 'merge', 'other');
    } catch {
      // modify/delete: the index holds team/board.json at stages 1 and 2
    }
    rmSync(join(root, 'team/board.json'));
    expect(await findIndexCaseCollisions(root, new Set(['team/board.json']))).toEqual([]);
  });

  it('names no pair of .json files that are no dashboard of the tree (outside the selection)', async () => {
    const root = indexWithCaseTwin('schemas', 'Panel.json', 'panel.json', '{}\n');
    expect(await findIndexCaseCollisions(root, new Set())).toEqual([]);
  });
});

describe('findIndexCaseCollisions keeps', () => {
  it('a pair of tree files the checkout holds one of', async () => {
    const root = indexWithCaseTwin('team', 'Board.json', 'board.json', '{"uid":"b","title":"B"}\n');
    expect(await findIndexCaseCollisions(root, new Set(['team/board.json']))).toEqual([{ kind: 'files', paths: ['team/Board.json', 'team/board.json'], uids: ['b', 'b'], holds: 'team/Board.json' }]);
  });

  // nl-61b, the real walk (a FAT image): git merges Team/ and team/ into one directory without a word, and the plan moved
  // team's dashboards into Team's folder and pruned team's folder, saying only "removed, not committed yet".
  it('two directories of one name but for case, the checkout holding one: the files the index holds under the other', async () => {
    const root = repo();
    mkdirSync(join(root, 'Team'));
    writeFileSync(join(root, 'Team/x.json'), '{"uid":"x","title":"X"}\n');
    writeFileSync(join(root, 'Team/y.json'), '{"uid":"y","title":"Y"}\n');
    git(root, 'add', 'Team/x.json');
    const blob = git(root, 'hash-object', '-w', 'Team/y.json').trim();
    git(root, 'update-index', '--add', '--cacheinfo', `100644,${blob},team/y.json`);
    expect(await findIndexCaseCollisions(root, new Set(['team/x.json', 'team/y.json']))).toEqual([{ kind: 'dirs', held: 'Team', other: 'team', moved: ['team/y.json'] }]);
  });

  it('two files of different uids: whose content the checkout holds', async () => {
    const root = repo();
    writeFileSync(join(root, 'a.json'), '{"uid":"lower-a","title":"a"}\n');
    git(root, 'add', 'a.json');
    const blob = execFileSync('git', ['hash-object', '-w', '--stdin'], { cwd: root, input: '{"uid":"upper-a","title":"A"}\n', encoding: 'utf8' }).trim();
    git(root, 'update-index', '--add', '--cacheinfo', `100644,${blob},A.json`);
    expect(await findIndexCaseCollisions(root, new Set(['a.json']))).toEqual([{ kind: 'files', paths: ['A.json', 'a.json'], uids: ['upper-a', 'lower-a'], holds: 'a.json' }]);
  });

  // review-67b L4: a blob that begins with a byte-order mark (which the tree reader skips) gave no uid.
  it("reads each blob's uid past a byte-order mark", async () => {
    const root = indexWithCaseTwin('team', 'Board.json', 'board.json', '\uFEFF{"uid":"b","title":"B"}\n');
    expect(await findIndexCaseCollisions(root, new Set(['team/board.json']))).toEqual([{ kind: 'files', paths: ['team/Board.json', 'team/board.json'], uids: ['b', 'b'], holds: 'team/Board.json' }]);
  });
});
