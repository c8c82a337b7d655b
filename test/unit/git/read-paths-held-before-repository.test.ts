import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readPathsHeldBefore } from '../../../src/git/read-paths-held-before.js';
import { commitAll, git } from '../../pull/pull-fixture.js';
import { tempDir, write } from './temp-dir.js';

const model = (uid: string) => `${JSON.stringify({ uid, title: uid, panels: [] })}\n`;

// rev-70c L4: the walk ran in the tree's repository, HEAD~ and the deleted files were read in cwd's: a tree in a repository
// of its own (a config outside it, a submodule) held nothing. fixh-70 left: a uid HEAD~ held at a path still there (moved
// aside, another dashboard in its place) was not held either.
describe('readPathsHeldBefore in a tree that is a repository of its own below cwd\'s', () => {
  it('reads HEAD~ and the deleted files in the tree\'s repository: a put-back under another name and a file moved aside are held, a new one not', async () => {
    const cwd = await tempDir();
    await write(join(cwd, '.gitignore'), 'grafana/\n');
    await commitAll(cwd, 'outer');
    await commitAll(cwd, 'outer again');
    const tree = join(cwd, 'grafana/dashboards');
    await write(join(tree, 'team/a.json'), model('a'));
    await write(join(tree, 'team/b.json'), model('b'));
    await commitAll(tree, 'a and b');
    await git(tree, 'rm', '-q', 'team/a.json');
    await commitAll(tree, 'a removed');
    await write(join(tree, 'team/a-back.json'), model('a'));
    await git(tree, 'mv', 'team/b.json', 'team/b-old.json');
    await write(join(tree, 'team/b.json'), model('c'));
    await write(join(tree, 'team/new.json'), model('new'));
    await commitAll(tree, 'a back, b moved aside for c, and a new one');

    const creates = [
      { file: 'grafana/dashboards/team/a-back.json', uid: 'a' },
      { file: 'grafana/dashboards/team/b-old.json', uid: 'b' },
      { file: 'grafana/dashboards/team/b.json', uid: 'c' },
      { file: 'grafana/dashboards/team/new.json', uid: 'new' },
    ];
    const held = await readPathsHeldBefore(cwd, 'grafana/dashboards', creates);
    expect(held).toEqual({
      held: new Set(['grafana/dashboards/team/a-back.json', 'grafana/dashboards/team/b-old.json']),
      deleted: new Set(['grafana/dashboards/team/a-back.json']),
      notShown: null,
    });
  });

  it('a change not committed yet counts against HEAD~ too: a file moved aside in the working tree', async () => {
    const tree = await tempDir();
    await write(join(tree, 'b.json'), model('b'));
    await commitAll(tree, 'b');
    await write(join(tree, 'other.json'), model('other'));
    await commitAll(tree, 'other');
    await git(tree, 'mv', 'b.json', 'b-old.json');
    await write(join(tree, 'b.json'), model('c'));

    const held = await readPathsHeldBefore(tree, '.', [{ file: 'b-old.json', uid: 'b' }, { file: 'b.json', uid: 'c' }]);
    expect(held.held).toEqual(new Set(['b-old.json']));
  });

  it('a deleted file that writes the uid with an escape (\\u0063 for c) still holds it: the texts skipped unparsed are only those that cannot', async () => {
    const tree = await tempDir();
    await write(join(tree, 'cpu.json'), '{"uid":"\\u0063pu","title":"CPU","panels":[]}\n');
    await write(join(tree, 'mem.json'), model('mem'));
    await commitAll(tree, 'cpu and mem');
    await git(tree, 'rm', '-q', 'cpu.json', 'mem.json');
    await commitAll(tree, 'both removed');
    await write(join(tree, 'other.json'), model('other'));
    await commitAll(tree, 'other');
    await write(join(tree, 'cpu-back.json'), model('cpu'));
    await write(join(tree, 'mem-back.json'), model('mem'));
    await commitAll(tree, 'both back');

    const held = await readPathsHeldBefore(tree, '.', [{ file: 'cpu-back.json', uid: 'cpu' }, { file: 'mem-back.json', uid: 'mem' }]);
    expect(held.deleted).toEqual(new Set(['cpu-back.json', 'mem-back.json']));
  });
});
