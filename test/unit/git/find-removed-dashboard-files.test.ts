import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findRemovedTreeFiles } from '../../../src/git/find-removed-dashboard-files.js';
import { commitAll, git } from '../../pull/pull-fixture.js';
import { mergeDeleting } from './merge-deleting.js';
import { tempDir, write } from './temp-dir.js';

describe('findRemovedTreeFiles (dashboards)', () => {
  it('finds a file deleted only in a merge commit (while resolving it), naming the merge, as well as one a plain commit deleted, each with the text it had', async () => {
    const repo = await tempDir();
    const tree = join(repo, 'dashboards');
    await write(join(tree, 'team/a.json'), '{"uid":"a","title":"A","panels":[]}');
    await write(join(tree, 'team/b.json'), '{"uid":"b","title":"B","panels":[]}');
    await write(join(repo, 'elsewhere/e.json'), '{"uid":"e","title":"E","panels":[]}');
    await commitAll(repo, 'first');
    await git(repo, 'branch', '-M', 'main');
    await git(repo, 'rm', '-q', 'dashboards/team/b.json');
    await commitAll(repo, 'remove b');
    const removeB = (await git(repo, 'rev-parse', 'HEAD')).trim();
    const merge = await mergeDeleting(repo, tree, ['dashboards/team/a.json', 'elsewhere/e.json']);

    const found = (await findRemovedTreeFiles(tree, { dashboards: ['a', 'b', 'e'], libraryPanels: [] })).dashboards;
    expect(Object.fromEntries(found)).toEqual({
      a: { path: 'team/a.json', removal: { kind: 'commit', commit: merge, subject: 'merge topic without a' }, taken: false, text: '{"uid":"a","title":"A","panels":[]}' },
      b: { path: 'team/b.json', removal: { kind: 'commit', commit: removeB, subject: 'remove b' }, taken: false, text: '{"uid":"b","title":"B","panels":[]}' },
    });
  });
});
