import { describe, expect, it } from 'vitest';
import type { PruneScope } from '../../../src/config/types.js';
import { findUnprunedRestores } from '../../../src/plan/find-unpruned-restores.js';

const tree = { treeDirs: new Map([['team-stage', 'stage'], ['team-dev', 'dev']]), treeFiles: ['stage/s1.json', 'dev/d1.json'] };
const orphan = { uid: 'old-stage', title: 'Old stage board', folderUid: 'team-stage' };
const org = (dev: { include: string[]; prune: PruneScope }, stagePrune: PruneScope) =>
  [
    ['dev', { include: dev.include, exclude: [], prune: dev.prune }],
    ['stage', { include: ['stage'], exclude: [], prune: stagePrune }],
  ] as [string, { include: string[]; exclude: string[]; prune: PruneScope }][];

describe('restored dashboards no plan of the org deletes again', () => {
  it('one in the folder stage deploys with prune off, which dev (prune on) leaves to stage: named with stage', () => {
    expect([...findUnprunedRestores([orphan], org({ include: ['dev'], prune: 'folders' }, false), tree)]).toEqual([['old-stage', ['stage']]]);
  });

  it("not where a prune deletes it: stage's own prune on, dev selecting its file, nobody pruning (a --prune may), or outside stage's folder", () => {
    expect(findUnprunedRestores([orphan], org({ include: ['dev'], prune: 'folders' }, 'folders'), tree).size).toBe(0);
    expect(findUnprunedRestores([orphan], org({ include: ['dev', 'stage'], prune: 'folders' }, false), tree).size).toBe(0);
    expect(findUnprunedRestores([orphan], org({ include: ['dev'], prune: false }, false), tree).size).toBe(0);
    expect(findUnprunedRestores([{ ...orphan, folderUid: 'team-dev' }], org({ include: ['dev'], prune: 'folders' }, false), tree).size).toBe(0);
  });

  it("a file git last held it in that dev selects is dev's to prune, though it sits in stage's folder", () => {
    const removed = { ...orphan, removedFile: 'dev/old.json' };
    expect(findUnprunedRestores([removed], org({ include: ['dev'], prune: 'folders' }, false), tree).size).toBe(0);
  });
});
