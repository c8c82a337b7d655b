import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readPathsHeldBefore } from '../../../src/git/read-paths-held-before.js';
import { shareHistoryDeletions } from '../../../src/git/read-history-deletions.js';
import { commitAll, git } from '../../pull/pull-fixture.js';
import { tempDir, write } from './temp-dir.js';

describe('readPathsHeldBefore (history deletions)', () => {
  it('holds a file put back under another name after a merge deleted it (while resolving it), from a tree below the top, and not a new uid', async () => {
    const repo = await tempDir();
    const tree = join(repo, 'grafana/dashboards');
    await write(join(tree, 'team/a.json'), '{"uid":"a","title":"A","panels":[]}');
    await write(join(tree, 'team/b.json'), '{"uid":"b","title":"B","panels":[]}');
    await commitAll(repo, 'first');
    await git(repo, 'branch', '-M', 'main');
    await git(repo, 'checkout', '-q', '-b', 'topic');
    await write(join(tree, 'team/c.json'), '{"uid":"c","title":"C","panels":[]}');
    await commitAll(repo, 'topic');
    await git(repo, 'checkout', '-q', 'main');
    await write(join(tree, 'team/d.json'), '{"uid":"d","title":"D","panels":[]}');
    await commitAll(repo, 'main meanwhile');
    await git(repo, 'merge', '-q', '--no-ff', '--no-commit', 'topic');
    await git(repo, 'rm', '-q', 'grafana/dashboards/team/a.json');
    await git(repo, 'commit', '-q', '-m', 'merge topic without a');
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
