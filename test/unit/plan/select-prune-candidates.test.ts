import { describe, expect, it } from 'vitest';
import { deriveFolderUid } from '../../../src/files/folder-uid.js';
import { managedFolderUids, selectPruneCandidates } from '../../../src/plan/select-prune-candidates.js';
import { folderEntry, hit, liveFolder } from './builders.js';

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
});

describe('managedFolderUids', () => {
  it('manages tree folders and live folders whose uid is derived from the directory they would have', () => {
    const tree = [folderEntry({ uid: 'platform-team', dir: 'platform', title: 'Platform Team' })];
    const gone = deriveFolderUid('old-team');
    const goneUnderFolderFile = deriveFolderUid('platform/kubernetes');
    const live = new Map(
      [
        liveFolder({ uid: 'platform-team', title: 'Platform Team' }),
        liveFolder({ uid: gone, title: 'old-team' }),
        // Its parent's title differs from the parent's directory: the directory decides.
        liveFolder({ uid: goneUnderFolderFile, title: 'kubernetes', parentUid: 'platform-team' }),
        liveFolder({ uid: 'handmade', title: 'old-team' }),
      ].map((f) => [f.uid, f]),
    );

    expect([...managedFolderUids(tree, live)].sort()).toEqual([gone, goneUnderFolderFile, 'platform-team'].sort());
  });
});
