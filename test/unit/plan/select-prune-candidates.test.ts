import { describe, expect, it } from 'vitest';
import { claimedDashboardUids, claimedLibraryPanelUids, selectPruneCandidates } from '../../../src/plan/select-prune-candidates.js';
import { entry, hit } from './builders.js';

describe('selectPruneCandidates', () => {
  const live = [
    hit({ uid: 'in-tree', folderUid: 'infra' }),
    hit({ uid: 'stray-infra', folderUid: 'infra' }),
    hit({ uid: 'stray-root', folderUid: null }),
    hit({ uid: 'stray-other', folderUid: 'other' }),
  ];
  const treeUids = new Set(['in-tree']);
  const managed = new Set(['infra']);

  it('selects nothing when prune is off', () => {
    expect(selectPruneCandidates(live, treeUids, false, managed)).toEqual([]);
  });

  it('folders scope: only dashboards without a file inside managed folders, never the General level', () => {
    expect(selectPruneCandidates(live, treeUids, 'folders', managed).map((h) => h.uid)).toEqual(['stray-infra']);
  });

  it('all scope: every dashboard without a file, sorted by uid', () => {
    expect(selectPruneCandidates(live, treeUids, 'all', managed).map((h) => h.uid)).toEqual(['stray-infra', 'stray-other', 'stray-root']);
  });

  it('a uid held by a file outside the selection is claimed like one the run plans', () => {
    const outsideSelection = { dashboardUids: new Set(['stray-infra']), libraryPanelUids: new Set(['lp-out']) };
    const claimed = claimedDashboardUids({ dashboards: [entry({ uid: 'in-tree' })], outsideSelection });
    expect(selectPruneCandidates(live, claimed, 'all', managed).map((h) => h.uid)).toEqual(['stray-other', 'stray-root']);
    expect([...claimedLibraryPanelUids({ libraryPanels: [], outsideSelection })]).toEqual(['lp-out']);
    expect([...claimedDashboardUids({ dashboards: [entry({ uid: 'in-tree' })] })]).toEqual(['in-tree']);
  });
});
