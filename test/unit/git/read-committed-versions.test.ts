import { execFile } from 'node:child_process';
import { chmod, mkdir, readFile, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCommittedVersions } from '../../../src/git/read-committed-versions.js';
import { readConfiguredRenameLimit, renameLimitFor, renameLimitReached } from '../../../src/git/rename-limit.js';
import { countGitCalls, gitCommandOf } from '../../helpers/count-git-calls.js';
import { commitAll, git } from '../../pull/pull-fixture.js';
import { tempDir, write } from './temp-dir.js';

/** Each version names the commit that holds it (pull's unapplied-commit check reads it), the moving commit's parent for the version just before a move into the tree. */
const SHA = expect.stringMatching(/^[0-9a-f]{40}$/);
/** And that commit's subject (the plan's edit-in-git note quotes it); absent for the version just before a move into the tree. */
const SUBJECT = expect.any(String);
/** The version of the commit that added the file says so (the plan gives no edit-in-git note for an adopted dashboard). */
const ADDED = { added: true };

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
    const at = (path: string) => (text: string) => ({ text, path, repoPath: `tree/${path}`, commit: SHA, subject: SUBJECT });
    expect(read).toEqual({ shallow: false, renamesSkipped: false, renameLimit: 5000, versions: new Map([[odd, ['v3', 'v1', 'v2'].map(at('ops – Café/[a] *.json'))], [plain, [{ ...at('plain.json')('p1'), ...ADDED }]]]) });
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

    expect(read?.versions).toEqual(new Map([[join(repo, 'alias', 'a.json'), [{ text: 'a1', path: 'a.json', repoPath: 'real dir/a.json', commit: SHA, subject: SUBJECT, ...ADDED }]]]));
  });

  it("a path's history ends where a commit deleted it: what it held before was another file", async () => {
    const repo = await tempDir();
    const file = join(repo, 'a.json');
    await write(file, 'old life');
    await commitAll(repo);
    await rm(file);
    await commitAll(repo);
    await write(file, 'new, untracked');

    expect(await readCommittedVersions([file], { cwd: repo, depth: 5, tree: repo })).toEqual({ shallow: false, renamesSkipped: false, renameLimit: 5000, versions: new Map() });
  });

  // walk-68 M2: a deletion git itself undid (`git revert`, a restore committed) keeps the file's earlier commits as evidence.
  it('a deletion a later commit undid (the same uid back at the path): the history goes on past it; another uid there: it ends at that add', async () => {
    const repo = await tempDir();
    const same = join(repo, 'd', 'same.json');
    const other = join(repo, 'd', 'other.json');
    await write(same, '{"uid":"a","title":"bootstrap"}');
    await write(other, '{"uid":"b","title":"old life"}');
    await commitAll(repo, 'bootstrap');
    await write(same, '{"uid":"a","title":"edited in git"}');
    await commitAll(repo, 'edit');
    await git(repo, 'rm', '-q', same, other);
    await commitAll(repo, 'drop both');
    await git(repo, 'revert', '--no-edit', 'HEAD');
    await git(repo, 'rm', '-q', other);
    await commitAll(repo, 'drop other');
    await write(other, '{"uid":"c","title":"another dashboard"}');
    await commitAll(repo, 'a new file at the old path');

    const { result: read, calls } = await countGitCalls(() => readCommittedVersions([same, other], { cwd: repo, depth: 5, tree: repo }));

    const texts = (file: string) => read?.versions.get(file)?.map((version) => [JSON.parse(version.text).title, version.added === true]);
    // "edited in git" once: the revert brought back the edit's text.
    expect(texts(same)).toEqual([['edited in git', false], ['bootstrap', true]]);
    expect(texts(other)).toEqual([['another dashboard', true]]);
    // The walk that reads the histories finds the re-adds and goes past them: no git process more (perf-69a; it was two more).
    expect(calls.map(gitCommandOf).slice(2)).toEqual(['diff', 'log', 'cat-file']);
  });

  it('a file moved away, then brought back at its path: the move was its deletion there, so the history goes on past it', async () => {
    const repo = await tempDir();
    const file = join(repo, 'd', 'kept.json');
    await write(file, '{"uid":"k","title":"bootstrap"}');
    await commitAll(repo, 'bootstrap');
    await write(file, '{"uid":"k","title":"edited in git"}');
    await commitAll(repo, 'edit');
    await git(repo, 'mv', file, join(repo, 'd', 'moved.json'));
    await commitAll(repo, 'move it away');
    await git(repo, 'checkout', 'HEAD~1', '--', file);
    await commitAll(repo, 'bring it back');

    const read = await readCommittedVersions([file], { cwd: repo, depth: 5, tree: repo });

    expect(read?.versions.get(file)?.map((version) => [JSON.parse(version.text).title, version.added === true, version.readded === true])).toEqual([
      ['edited in git', false, true],
      ['bootstrap', true, false],
    ]);
  });

  it('a depth-1 clone says it is shallow and has HEAD only', async () => {
    const repo = await tempDir();
    await write(join(repo, 'a.json'), 'a1');
    await commitAll(repo);
    await write(join(repo, 'a.json'), 'a2');
    await commitAll(repo);
    const clone = join(await tempDir(), 'clone');
    await git(repo, 'clone', '-q', '--depth', '1', `file://${repo}`, clone);

    expect(await readCommittedVersions([join(clone, 'a.json')], { cwd: clone, depth: 5, tree: clone })).toEqual({ shallow: true, renamesSkipped: false, renameLimit: 5000, versions: new Map([[join(clone, 'a.json'), [{ text: 'a2', path: 'a.json', repoPath: 'a.json', commit: SHA, subject: SUBJECT, ...ADDED }]]]) });
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
    expect(read?.versions.get(files[299]!)).toEqual([{ text: '{"n":299}', path: 'd/dash 299.json', repoPath: 'd/dash 299.json', commit: SHA, subject: SUBJECT, ...ADDED }]);
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
      { text: body(2), path: 'ops/overview.json', repoPath: 'tree/ops/overview.json', commit: SHA, subject: SUBJECT },
      { text: body(1), path: 'shop/classic-overview.json', repoPath: 'tree/shop/classic-overview.json', commit: SHA, subject: SUBJECT },
      { text: body(1), path: 'shop/classic.json', repoPath: 'tree/shop/classic.json', commit: SHA, subject: SUBJECT, ...ADDED },
    ]);
  });

  it('a move into the tree from elsewhere in the repository: the version just before the move, not older ones (only the tree is walked); over the whole repository, all of them', async () => {
    const repo = await tempDir();
    const body = (n: number) => JSON.stringify({ title: 'Moved in', panels: Array.from({ length: 20 }, (_, id) => ({ id, type: 'stat' })), n }, null, 2);
    await write(join(repo, 'elsewhere', 'a.json'), body(1));
    await commitAll(repo);
    await write(join(repo, 'elsewhere', 'a.json'), body(2));
    await commitAll(repo);
    await git(repo, 'mv', 'elsewhere', 'tree');
    await write(join(repo, 'tree', 'a.json'), body(3));
    await commitAll(repo, 'move into the tree, with an edit');

    const [moving, before] = (await git(repo, 'rev-list', '-2', 'HEAD')).trim().split('\n');

    // The old code saw an add: [body(3)] only. The version before the move is named by the commit that holds it (not `<moving>^`, which a 12-digit abbreviation would turn into the moving commit).
    const read = await readCommittedVersions([join(repo, 'tree', 'a.json')], { cwd: repo, depth: 5, tree: join(repo, 'tree') });
    expect(read?.versions.get(join(repo, 'tree', 'a.json'))).toEqual([{ text: body(3), path: 'a.json', repoPath: 'tree/a.json', commit: moving, subject: 'move into the tree, with an edit' }, { text: body(2), path: '../elsewhere/a.json', repoPath: 'elsewhere/a.json', commit: before }]);
    // Asked over the whole repository, the rename is followed to the start.
    const whole = await readCommittedVersions([join(repo, 'tree', 'a.json')], { cwd: repo, depth: 5, tree: repo });
    expect(whole?.versions.get(join(repo, 'tree', 'a.json'))?.map((version) => version.text)).toEqual([body(3), body(2), body(1)]);
  });

  it('renames not committed yet: staged (git mv, then edited), and moved in from outside the tree; a new file where one was moved away has no history', async () => {
    const repo = await tempDir();
    const body = (name: string, n: number) => JSON.stringify({ title: name, panels: Array.from({ length: 20 }, (_, id) => ({ id, type: 'stat' })), n }, null, 2);
    await write(join(repo, 'tree', 'shop', 'classic.json'), body('classic', 1));
    await write(join(repo, 'elsewhere', 'outside.json'), body('outside', 1));
    await commitAll(repo);
    await write(join(repo, 'tree', 'shop', 'classic.json'), body('classic', 2));
    await commitAll(repo);
    await mkdir(join(repo, 'tree', 'ops'));
    await git(repo, 'mv', 'tree/shop/classic.json', 'tree/ops/overview.json');
    await write(join(repo, 'tree', 'ops', 'overview.json'), body('classic', 3));
    await write(join(repo, 'tree', 'shop', 'classic.json'), body('another', 1));
    await git(repo, 'mv', 'elsewhere/outside.json', 'tree/outside.json');

    const asked = [join(repo, 'tree', 'ops', 'overview.json'), join(repo, 'tree', 'shop', 'classic.json'), join(repo, 'tree', 'outside.json')];
    const read = await readCommittedVersions(asked, { cwd: repo, depth: 5, tree: join(repo, 'tree') });

    // The old code found nothing for the moved files, and gave the new classic.json the moved one's history.
    expect(read?.versions).toEqual(
      new Map([
        [asked[0], [{ text: body('classic', 2), path: 'shop/classic.json', repoPath: 'tree/shop/classic.json', commit: SHA, subject: SUBJECT }, { text: body('classic', 1), path: 'shop/classic.json', repoPath: 'tree/shop/classic.json', commit: SHA, subject: SUBJECT, ...ADDED }]],
        [asked[2], [{ text: body('outside', 1), path: '../elsewhere/outside.json', repoPath: 'elsewhere/outside.json', commit: SHA, subject: SUBJECT, ...ADDED }]],
      ]),
    );
  });

  it('a move git was not told of (mv, the new path untracked): followed when the bytes are the deleted file\'s, not when edited; a file taken out of the index keeps its history', async () => {
    const repo = await tempDir();
    await write(join(repo, 'a.json'), 'a1');
    await write(join(repo, 'b.json'), 'b1');
    await write(join(repo, 'c.json'), 'c1');
    await commitAll(repo);
    await write(join(repo, 'a.json'), 'a2');
    await commitAll(repo);
    await rename(join(repo, 'a.json'), join(repo, 'a-moved.json'));
    await rm(join(repo, 'b.json'));
    await write(join(repo, 'b-edited.json'), 'b2');
    // Taken out of the index and edited, left in place: still that path's file.
    await git(repo, 'rm', '-q', '--cached', 'c.json');
    await write(join(repo, 'c.json'), 'c2');

    const read = await readCommittedVersions([join(repo, 'a-moved.json'), join(repo, 'b-edited.json'), join(repo, 'c.json')], { cwd: repo, depth: 5, tree: repo });

    expect(read?.versions).toEqual(
      new Map([
        [join(repo, 'a-moved.json'), [{ text: 'a2', path: 'a.json', repoPath: 'a.json', commit: SHA, subject: SUBJECT }, { text: 'a1', path: 'a.json', repoPath: 'a.json', commit: SHA, subject: SUBJECT, ...ADDED }]],
        [join(repo, 'c.json'), [{ text: 'c1', path: 'c.json', repoPath: 'c.json', commit: SHA, subject: SUBJECT, ...ADDED }]],
      ]),
    );
  });

  it('a companion file is read in each version\'s own commit (null where that commit has none), only where asked for', async () => {
    const repo = await tempDir();
    await write(join(repo, 'tree', 'shop', '_folder.json'), 'shop v1');
    await write(join(repo, 'tree', 'shop', 'a.json'), 'a1');
    await commitAll(repo, 'one');
    await write(join(repo, 'tree', 'shop', '_folder.json'), 'shop v2');
    await write(join(repo, 'tree', 'shop', 'a.json'), 'a2');
    await commitAll(repo, 'two');
    await mkdir(join(repo, 'tree', 'ops'));
    await git(repo, 'mv', 'tree/shop/a.json', 'tree/ops/a.json');
    await git(repo, 'rm', '-q', 'tree/shop/_folder.json');
    await commitAll(repo, 'move, shop gone');
    const file = join(repo, 'tree', 'ops', 'a.json');
    const asked: [string, string][] = [];

    const read = await readCommittedVersions([file], { cwd: repo, depth: 5, tree: join(repo, 'tree'), companionOf: (of, path) => (asked.push([of, path]), `${path.slice(0, path.lastIndexOf('/'))}/_folder.json`) });

    expect(asked).toEqual([[file, 'ops/a.json'], [file, 'shop/a.json'], [file, 'shop/a.json']]);
    expect(read?.versions.get(file)).toEqual([
      { text: 'a2', path: 'ops/a.json', repoPath: 'tree/ops/a.json', companion: null, commit: SHA, subject: SUBJECT },
      { text: 'a2', path: 'shop/a.json', repoPath: 'tree/shop/a.json', companion: 'shop v2', commit: SHA, subject: SUBJECT },
      { text: 'a1', path: 'shop/a.json', repoPath: 'tree/shop/a.json', companion: 'shop v1', commit: SHA, subject: SUBJECT, ...ADDED },
    ]);
  });

  it('a commit moving and editing more files than git\'s default rename limit (1000) is still followed', async () => {
    const repo = await tempDir();
    const count = 1100;
    const body = (i: number, edited: boolean) => JSON.stringify({ n: i, edited, lines: Array.from({ length: 12 }, (_, line) => `line ${line} of ${i}`) }, null, 2);
    await Promise.all(Array.from({ length: count }, (_, i) => write(join(repo, 'd', `f${i}.json`), body(i, false))));
    await commitAll(repo);
    await rm(join(repo, 'd'), { recursive: true });
    await Promise.all(Array.from({ length: count }, (_, i) => write(join(repo, 'e', `g${i}.json`), body(i, true))));
    await commitAll(repo);

    const read = await readCommittedVersions([join(repo, 'e', 'g7.json')], { cwd: repo, depth: 5, tree: repo });

    // The old code (git's default limit) saw 1100 adds: HEAD's version only.
    expect(read?.versions.get(join(repo, 'e', 'g7.json'))?.map((version) => version.path)).toEqual(['e/g7.json', 'd/f7.json']);
    expect(read?.renamesSkipped).toBe(false);
  });

  it('a larger diff.renameLimit in the repository\'s config is used: a commit moving and editing more files than RENAME_LIMIT (5000) is followed', { timeout: 240_000 }, async () => {
    const repo = await tempDir();
    // Distinct small files: git compares 5001 × 5001 pairs (a few seconds of CPU), the least that goes over 5000.
    const count = 5001;
    const body = (i: number, edited: boolean) => `{\n"n": ${i},\n"a": "a${i}",\n"b": "b${i}",\n"c": "c${i}"${edited ? ',\n"edited": true' : ''}\n}\n`;
    await mkdir(join(repo, 'd'));
    for (let i = 0; i < count; i += 1) await writeFile(join(repo, 'd', `f${i}.json`), body(i, false));
    await commitAll(repo);
    await rm(join(repo, 'd'), { recursive: true });
    await mkdir(join(repo, 'e'));
    for (let i = 0; i < count; i += 1) await writeFile(join(repo, 'e', `g${i}.json`), body(i, true));
    await commitAll(repo);
    const file = join(repo, 'e', 'g7.json');

    const defaults = await readCommittedVersions([file], { cwd: repo, depth: 5, tree: repo });
    // The history ends at the add, and the plan is told why (git's own warning comes at the end of a walk dashsync stops first).
    expect(defaults?.versions.get(file)?.map((version) => version.path)).toEqual(['e/g7.json']);
    expect(defaults).toMatchObject({ renamesSkipped: true, renameLimit: 5000 });

    await git(repo, 'config', 'diff.renameLimit', '20000');
    const configured = await readCommittedVersions([file], { cwd: repo, depth: 5, tree: repo });

    // The old code passed -l5000 over the user's 20000: HEAD's version only, and renames skipped.
    expect(configured?.versions.get(file)?.map((version) => version.path)).toEqual(['e/g7.json', 'd/f7.json']);
    expect(configured).toMatchObject({ renamesSkipped: false, renameLimit: 20000 });
  });

  it('the rename limit: diff.renameLimit as git reads it (20k, unset, not a number), the larger of it and 5000, 0 or less for none', async () => {
    const repo = await tempDir();
    await git(repo, 'init', '-q');
    const configured = async (value: string | null) => {
      if (value === null) await git(repo, 'config', '--unset-all', 'diff.renameLimit').catch(() => '');
      else await git(repo, 'config', 'diff.renameLimit', value);
      return readConfiguredRenameLimit(repo);
    };

    expect(await configured(null)).toBeNull();
    expect(await configured('20k')).toBe(20480);
    expect(await configured('many')).toBeNull();
    expect(await configured('-1')).toBe(-1);
    expect([null, 1000, 5000, 20480, 0, -1].map(renameLimitFor)).toEqual([5000, 5000, 5000, 20480, 0, 0]);
  });

  it("renameLimitReached knows git's warning when it gives up detecting renames", async () => {
    const repo = await tempDir();
    for (let i = 0; i < 3; i += 1) await write(join(repo, 'd', `f${i}.json`), `{"n":${i},"lines":"${'x'.repeat(100)}"}`);
    await commitAll(repo);
    for (let i = 0; i < 3; i += 1) {
      await rm(join(repo, 'd', `f${i}.json`));
      await write(join(repo, 'e', `g${i}.json`), `{"n":${i},"edited":1,"lines":"${'x'.repeat(100)}"}`);
    }
    await commitAll(repo);
    const stderr = await new Promise<string>((done) => execFile('git', ['log', '-M', '-l1', '--name-status', '-1'], { cwd: repo }, (_error, _stdout, text) => done(text)));

    expect(renameLimitReached(stderr)).toBe(true);
    expect(renameLimitReached('')).toBe(false);
  });

  it('five git processes however many files and renames (git counted through a stand-in on PATH)', async () => {
    const repo = await tempDir();
    const files = Array.from({ length: 200 }, (_, i) => join(repo, 'd', `dash ${i}.json`));
    for (const [i, file] of files.entries()) await write(file, `{"n":${i},"padding":"${'x'.repeat(200)}"}`);
    await commitAll(repo, 'pull');
    await git(repo, 'mv', 'd', 'renamed');
    for (const [i, file] of files.entries()) await write(file.replace(join(repo, 'd'), join(repo, 'renamed')), `{"n":${i},"edited":true,"padding":"${'x'.repeat(200)}"}`);
    await commitAll(repo, 'rename the directory, edit every file');
    const { result: read, calls } = await countGitCalls(() => readCommittedVersions(files.map((file) => file.replace(`${join(repo, 'd')}`, join(repo, 'renamed'))), { cwd: repo, depth: 5, tree: repo }));

    expect(read?.versions.size).toBe(200);
    expect(read?.versions.get(join(repo, 'renamed', 'dash 7.json'))?.map((version) => version.path)).toEqual(['renamed/dash 7.json', 'd/dash 7.json']);
    const commands = calls.map(gitCommandOf);
    // rev-parse and config run side by side: either may start first.
    // The histories end at the files' adds: the same walk looks on for a deletion before each (a re-add), finds none.
    expect([...commands.slice(0, 2).sort(), ...commands.slice(2)]).toEqual(['config', 'rev-parse', 'diff', 'log', 'cat-file']);
  });
});
