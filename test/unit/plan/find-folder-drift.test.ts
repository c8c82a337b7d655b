import { describe, expect, it } from 'vitest';
import { findFolderDrift } from '../../../src/plan/find-folder-drift.js';
import type { FolderFileHistories } from '../../../src/git/read-folder-file-history.js';
import { folderAction } from './builders.js';

// The tree renames ops "Ops" → "Operations"; Grafana has "Ops".
const ops = folderAction({ uid: 'ops', action: 'update', title: 'Operations', parentUid: null, dir: 'ops', live: { title: 'Ops', parentUid: null, revision: '3' } });
const titleOf = (uid: string | null) => (uid === null ? 'the top level' : `folder ${uid}`);
const historyOf = (titles: string[], cut: FolderFileHistories['cut']): FolderFileHistories => ({ histories: new Map([['ops', { titles: new Set(titles), dirs: new Set(['ops']) }]]), cut });
const find = (histories: FolderFileHistories) => findFolderDrift([ops], histories, titleOf, (dir) => `dashboards/${dir}`);

describe('findFolderDrift: a folder title or place in Grafana that git never gave it (review-65b M2)', () => {
  it('a title some commit gave it, however long ago, is the tree\'s own: nothing said', () => {
    expect(find(historyOf(['Ops 1', 'Ops', 'Operations'], null))).toEqual([]);
  });

  it('a title no commit gave it, in a history git holds whole: drift, which an apply no one reviewed holds (rule folder-drift)', () => {
    expect(find(historyOf(['Operations'], null))).toEqual([expect.objectContaining({ kind: 'other', uid: 'ops', rule: 'folder-drift', file: 'dashboards/ops/_folder.json' })]);
  });

  it('a shallow clone: not checked, in both shells\' words, with no rule (no apply holds it)', () => {
    const [warning] = find(historyOf(['Operations'], 'shallow'));
    expect(warning).toEqual({
      kind: 'shallow-history',
      uid: 'ops',
      message: expect.stringMatching(/^folder drift not checked: folder ops "Operations" has the title "Ops" in Grafana, which dashboards\/ops\/_folder.json never said in this shallow clone's history .*; to check, fetch the full history \(git fetch --unshallow; .*\) and plan again$/),
      actionMessage: expect.stringMatching(/; to check, set fetch-depth: 0 on this job's actions\/checkout step and push that change$/),
    });
  });

  it('more commits of _folder.json files than were read: not checked, with no rule', () => {
    const [warning] = find(historyOf(['Operations'], 'limit'));
    expect(warning).toMatchObject({ kind: 'other', uid: 'ops', file: 'dashboards/ops/_folder.json' });
    expect(warning).not.toHaveProperty('rule');
    expect((warning as { message: string }).message).toBe(
      'folder drift not checked: folder ops "Operations" has the title "Ops" in Grafana, which the newest 1000 commits of the tree\'s _folder.json files do not show (an older one may have said so, or it was changed in Grafana); this plan renames it to "Operations" (so does an apply no one reviewed)',
    );
  });
});
