import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readFirstAdditions } from '../../../src/git/read-first-additions.js';
import { commitAll, git } from '../../pull/pull-fixture.js';
import { tempDir, write } from './temp-dir.js';

const head = async (repo: string) => (await git(repo, 'rev-parse', 'HEAD')).trim();
const dashboard = (title: string) => `${JSON.stringify({ panels: [], schemaVersion: 39, title, uid: 'cpu' }, null, 2)}\n`;
const SECOND = new Date(Date.UTC(2026, 11, 4, 12));

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
      new Map([['dashboards/cpu-old.json', { commit: original, order: 0 }], ['dashboards/cpu.json', { commit: copy, order: 1 }]]),
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
      new Map([['infra/cpu.json', { commit: original, order: 0 }], ['cpu-copy.json', { commit: copy, order: 1 }]]),
    );
    await git(repo, 'mv', 'tree/infra', 'tree/platform');
    await commitAll(repo, 'move the original', SECOND);
    await git(repo, 'mv', 'tree/platform/cpu.json', 'tree/cpu.json');
    expect(await readFirstAdditions(root, ['cpu-copy.json', 'cpu.json'])).toEqual(
      new Map([['cpu.json', { commit: original, order: 0 }], ['cpu-copy.json', { commit: copy, order: 1 }]]),
    );
    expect(await readFirstAdditions(root, ['cpu-copy.json', 'never.json'])).toEqual(new Map([['cpu-copy.json', { commit: copy, order: 0 }]]));
  });

  it('no commit yet: an empty map; no repository: null', async () => {
    const repo = await tempDir();
    expect(await readFirstAdditions(repo, ['a.json'])).toBeNull();
    await git(repo, 'init', '-q');
    expect(await readFirstAdditions(repo, ['a.json'])).toEqual(new Map());
  });
});
