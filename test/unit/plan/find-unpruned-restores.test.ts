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
    expect([...findUnprunedRestores([orphan], org({ include: ['dev'], prune: 'folders' }, false), tree)]).toEqual([[orphan, ['stage']]]);
  });

  it("not where a prune deletes it: stage's own prune on, dev selecting its file, nobody pruning (a --prune may), or outside stage's folder", () => {
    expect(findUnprunedRestores([orphan], org({ include: ['dev'], prune: 'folders' }, 'folders'), tree).size).toBe(0);
    expect(findUnprunedRestores([orphan], org({ include: ['dev', 'stage'], prune: 'folders' }, false), tree).size).toBe(0);
    expect(findUnprunedRestores([orphan], org({ include: ['dev'], prune: false }, false), tree).size).toBe(0);
    expect(findUnprunedRestores([{ ...orphan, folderUid: 'team-dev' }], org({ include: ['dev'], prune: 'folders' }, false), tree).size).toBe(0);
  });

  it("a dashboard and a library panel of one uid are each judged as their own (Grafana's uid spaces are apart)", () => {
    const panel = { uid: 'old-stage', name: 'Dev panel', folderUid: 'team-dev' };
    expect([...findUnprunedRestores([orphan, panel], org({ include: ['dev'], prune: 'folders' }, false), tree)]).toEqual([[orphan, ['stage']]]);
  });

  it('a library panel in that folder too, judged by its _library/ file', () => {
    const panel = { uid: 'lp-stage', name: 'Stage panel', folderUid: 'team-stage' };
    expect([...findUnprunedRestores([panel], org({ include: ['dev'], prune: 'folders' }, false), tree)]).toEqual([[panel, ['stage']]]);
    expect(findUnprunedRestores([panel], org({ include: ['dev', 'stage/_library'], prune: 'folders' }, false), tree).size).toBe(0);
  });

  it('not in a folder dev deploys a file in too (env-57): dev prunes a dashboard made by hand there', () => {
    // One directory, each environment naming its own files.
    const shared = { treeDirs: tree.treeDirs, treeFiles: ['stage/s1.json', 'stage/d2.json', 'dev/d1.json'] };
    const both = (devFiles: string[]) =>
      [
        ['dev', { include: ['dev', ...devFiles], exclude: [], prune: 'folders' }],
        ['stage', { include: ['stage/s*.json'], exclude: [], prune: false }],
      ] as [string, { include: string[]; exclude: string[]; prune: PruneScope }][];
    expect([...findUnprunedRestores([orphan], both([]), shared)]).toEqual([[orphan, ['stage']]]);
    expect(findUnprunedRestores([orphan], both(['stage/d2.json']), shared).size).toBe(0);
    // But for one whose file, the one git last held it in, stage selects.
    expect([...findUnprunedRestores([{ ...orphan, removedFile: 'stage/s0.json' }], both(['stage/d2.json']), shared)]).toEqual([[expect.objectContaining({ uid: 'old-stage' }), ['stage']]]);
  });

  it("a file git last held it in that dev selects is dev's to prune, though it sits in stage's folder", () => {
    const removed = { ...orphan, removedFile: 'dev/old.json' };
    expect(findUnprunedRestores([removed], org({ include: ['dev'], prune: 'folders' }, false), tree).size).toBe(0);
  });
});
