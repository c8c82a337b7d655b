import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readPathsHeldBefore } from '../../../src/git/read-paths-held-before.js';
import { shareHistoryDeletions } from '../../../src/git/read-history-deletions.js';
import { commitAll, git } from '../../pull/pull-fixture.js';
import { mergeDeleting } from './merge-deleting.js';
import { tempDir, write } from './temp-dir.js';

describe('readPathsHeldBefore (history deletions)', () => {
  it('holds a file put back under another name after a merge deleted it (while resolving it), from a tree below the top, and not a new uid', async () => {
    const repo = await tempDir();
    const tree = join(repo, 'grafana/dashboards');
    await write(join(tree, 'team/a.json'), '{"uid":"a","title":"A","panels":[]}');
    await write(join(tree, 'team/b.json'), '{"uid":"b","title":"B","panels":[]}');
    await commitAll(repo, 'first');
    await git(repo, 'branch', '-M', 'main');
    await mergeDeleting(repo, tree, ['grafana/dashboards/team/a.json']);
    await write(join(tree, 'other/a-again.json'), '{"uid":"a","title":"A","panels":[]}');
    await write(join(tree, 'team/new.json'), '{"uid":"new","title":"New","panels":[]}');
    await commitAll(repo, 'a put back elsewhere, and a new one');

    const creates = [
      { file: 'grafana/dashboards/other/a-again.json', uid: 'a' },
      { file: 'grafana/dashboards/team/new.json', uid: 'new' },
    ];
    const shared = shareHistoryDeletions();
    const held = await readPathsHeldBefore(repo, 'grafana/dashboards', creates, shared);
    expect(held).toEqual({ held: new Set(['grafana/dashboards/other/a-again.json']), deleted: new Set(['grafana/dashboards/other/a-again.json']), notShown: null });
    // The plan's walk is made once: a second reader is given the same answer, not a second git log.
    expect(shared(tree)).toBe(shared(join(repo, 'grafana', '.', 'dashboards')));
  });
});
