import { rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readFirstAdditions, type FirstAddition } from '../../../src/git/read-first-additions.js';
import { keepOutsideGit } from '../../helpers/outside-git.js';
import { countGitCalls, gitCommandOf } from '../../helpers/count-git-calls.js';
import { commitAll, git } from '../../pull/pull-fixture.js';
import { tempDir, write } from './temp-dir.js';

const head = async (repo: string) => (await git(repo, 'rev-parse', 'HEAD')).trim();
const dashboard = (title: string) => `${JSON.stringify({ panels: [], schemaVersion: 39, title, uid: 'cpu' }, null, 2)}\n`;
const SECOND = new Date(Date.UTC(2026, 11, 4, 12));
const added = (entries: [string, FirstAddition][]) => ({ ok: true, added: new Map(entries) });

describe('readFirstAdditions (the commit that first added each file, renames followed back; real git)', () => {
  // review-mend-51b: main walked past a rename away from the name to the older file that had it, and said the copy put
  // there later was added with the original ("git added this file and … in one commit").
  it('a name renamed away and given to a copy later: the copy was added later, the moved original first', async () => {
    const repo = await tempDir();
    await write(join(repo, 'dashboards/cpu.json'), dashboard('CPU'));
    await commitAll(repo, 'original');
    const original = await head(repo);
    await git(repo, 'mv', 'dashboards/cpu.json', 'dashboards/cpu-old.json');
    await commitAll(repo, 'move the original');
    await write(join(repo, 'dashboards/cpu.json'), dashboard('CPU copy'));
    await commitAll(repo, 'a copy at the old name');
    const copy = await head(repo);
    expect(await readFirstAdditions(repo, ['dashboards/cpu-old.json', 'dashboards/cpu.json'])).toEqual(
      added([['dashboards/cpu-old.json', { commit: original, order: 0 }], ['dashboards/cpu.json', { commit: copy, order: 1 }]]),
    );
  });

  it('commits of one second (a rebase, a script) are ordered by ancestry; a staged rename and moves below a subdirectory root are followed', async () => {
    const repo = await tempDir();
    await write(join(repo, 'tree/infra/cpu.json'), dashboard('CPU'));
    await commitAll(repo, 'original', SECOND);
    const original = await head(repo);
    await write(join(repo, 'tree/cpu-copy.json'), dashboard('CPU copy'));
    await commitAll(repo, 'copy', SECOND);
    const copy = await head(repo);
    const root = join(repo, 'tree');
    expect(await readFirstAdditions(root, ['cpu-copy.json', 'infra/cpu.json'])).toEqual(
      added([['infra/cpu.json', { commit: original, order: 0 }], ['cpu-copy.json', { commit: copy, order: 1 }]]),
    );
    await git(repo, 'mv', 'tree/infra', 'tree/platform');
    await commitAll(repo, 'move the original', SECOND);
    await git(repo, 'mv', 'tree/platform/cpu.json', 'tree/cpu.json');
    expect(await readFirstAdditions(root, ['cpu-copy.json', 'cpu.json'])).toEqual(
      added([['cpu.json', { commit: original, order: 0, moved: { from: 'platform/cpu.json', how: 'staged' } }], ['cpu-copy.json', { commit: copy, order: 1 }]]),
    );
    expect(await readFirstAdditions(root, ['cpu-copy.json', 'never.json'])).toEqual(added([['cpu-copy.json', { commit: copy, order: 0 }]]));
  });

  it('no commit yet: an empty map; no repository: why', async () => {
    const repo = keepOutsideGit(await tempDir());
    expect(await readFirstAdditions(repo, ['a.json'])).toEqual({ ok: false, failure: 'not-a-repository', error: 'not a git repository' });
    await git(repo, 'init', '-q');
    expect(await readFirstAdditions(repo, ['a.json'])).toEqual(added([]));
  });

  // pull-check-52: main walked the history again for each rename's old name (2 logs and 2 --no-walk -M logs, then one to
  // order the commits: 6 git processes with the staged diff); git mv's exact renames are read from the one log now.
  it('renames followed back cost no git process more: the work tree diff and one log (and a rev-parse); a move edited in its commit one more', async () => {
    const repo = await tempDir();
    await write(join(repo, 'dashboards/infra/cpu.json'), dashboard('CPU'));
    await commitAll(repo, 'original');
    const original = await head(repo);
    await write(join(repo, 'dashboards/cpu-copy.json'), dashboard('CPU copy'));
    await commitAll(repo, 'copy');
    const copy = await head(repo);
    await git(repo, 'mv', 'dashboards/infra', 'dashboards/platform');
    await commitAll(repo, 'move the original');
    await git(repo, 'mv', 'dashboards/platform/cpu.json', 'dashboards/cpu.json');
    await commitAll(repo, 'and again');
    const expected = added([['dashboards/cpu.json', { commit: original, order: 0 }], ['dashboards/cpu-copy.json', { commit: copy, order: 1 }]]);
    const exact = await countGitCalls(() => readFirstAdditions(repo, ['dashboards/cpu.json', 'dashboards/cpu-copy.json']));
    expect(exact.result).toEqual(expected);
    // The original's commit is the repository's first (no parent): whether that is a shallow clone's edge, one rev-parse asks.
    expect(exact.calls.map(gitCommandOf).sort()).toEqual(['diff', 'log', 'rev-parse']);
    // Moved and edited in one commit: git's similarity tells the rename (one --no-walk -M of that commit).
    await git(repo, 'mv', 'dashboards/cpu.json', 'dashboards/cpu-main.json');
    await write(join(repo, 'dashboards/cpu-main.json'), dashboard('CPU main'));
    await commitAll(repo, 'moved and renamed');
    const similar = await countGitCalls(() => readFirstAdditions(repo, ['dashboards/cpu-main.json', 'dashboards/cpu-copy.json']));
    expect(similar.result).toEqual(added([['dashboards/cpu-main.json', { commit: original, order: 0 }], ['dashboards/cpu-copy.json', { commit: copy, order: 1 }]]));
    expect(similar.calls.map(gitCommandOf).sort()).toEqual(['diff', 'log', 'log', 'rev-parse']);
  });

  // pull-check-53: moved and edited before staging, the original read as a file git never held (the copy "held first").
  it('a file moved without git (mv): followed back by its bytes, or, edited too, by the uid the deleted file held; said moved', async () => {
    const repo = await tempDir();
    await write(join(repo, 'dashboards/infra/cpu.json'), dashboard('CPU'));
    await commitAll(repo, 'original');
    const original = await head(repo);
    await write(join(repo, 'dashboards/cpu-copy.json'), dashboard('CPU copy'));
    await commitAll(repo, 'copy');
    const copy = await head(repo);
    await rename(join(repo, 'dashboards/infra/cpu.json'), join(repo, 'dashboards/cpu.json'));
    expect(await readFirstAdditions(join(repo, 'dashboards'), ['cpu.json', 'cpu-copy.json'])).toEqual(
      added([['cpu.json', { commit: original, order: 0, moved: { from: 'infra/cpu.json', how: 'untracked' } }], ['cpu-copy.json', { commit: copy, order: 1 }]]),
    );
    // Edited as well: not the same bytes, so a new file to git; the deleted file held its uid, so it is that file.
    await write(join(repo, 'dashboards/cpu.json'), dashboard('CPU edited'));
    const root = join(repo, 'dashboards');
    expect(await readFirstAdditions(root, ['cpu.json', 'cpu-copy.json'])).toEqual(added([['cpu-copy.json', { commit: copy, order: 0 }]]));
    const uids = { of: new Map([['cpu.json', 'cpu'], ['cpu-copy.json', 'cpu']]), inText: (text: string) => (JSON.parse(text) as { uid: string }).uid };
    expect(await readFirstAdditions(root, ['cpu.json', 'cpu-copy.json'], uids)).toEqual(
      added([['cpu.json', { commit: original, order: 0, moved: { from: 'infra/cpu.json', how: 'edited' } }], ['cpu-copy.json', { commit: copy, order: 1 }]]),
    );
    // Two files git does not hold with that uid: which one moved is not known, so neither is followed.
    await write(join(repo, 'dashboards/cpu-other.json'), dashboard('CPU other'));
    const rivals = { ...uids, of: new Map([...uids.of, ['cpu-other.json', 'cpu']]) };
    expect(await readFirstAdditions(root, ['cpu.json', 'cpu-copy.json', 'cpu-other.json'], rivals)).toEqual(added([['cpu-copy.json', { commit: copy, order: 0 }]]));
    // Staged, git pairs them itself (alike enough): a staged move.
    await rm(join(repo, 'dashboards/cpu-other.json'));
    await git(repo, 'add', '-A');
    expect(await readFirstAdditions(root, ['cpu.json', 'cpu-copy.json'], uids)).toEqual(
      added([['cpu.json', { commit: original, order: 0, moved: { from: 'infra/cpu.json', how: 'staged' } }], ['cpu-copy.json', { commit: copy, order: 1 }]]),
    );
  });

  it("a shallow clone's oldest commit is marked: files there may be older", async () => {
    const origin = await tempDir();
    await write(join(origin, 'a.json'), dashboard('A'));
    await commitAll(origin, 'a');
    await write(join(origin, 'b.json'), dashboard('B'));
    await commitAll(origin, 'b');
    const b = await head(origin);
    const clone = await tempDir();
    await git(clone, 'clone', '-q', '--depth=1', `file://${origin}`, '.');
    expect(await readFirstAdditions(clone, ['a.json', 'b.json'])).toEqual(
      added([['a.json', { commit: b, order: 0, atShallowEdge: true }], ['b.json', { commit: b, order: 0, atShallowEdge: true }]]),
    );
    // A repository's own first commit has no parent either, and is no edge.
    const own = await readFirstAdditions(origin, ['a.json']);
    expect(own.ok && own.added.get('a.json')).toEqual({ commit: expect.stringMatching(/^[0-9a-f]{40}$/), order: 0 });
  });
});
