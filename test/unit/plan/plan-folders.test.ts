import { describe, expect, it } from 'vitest';
import { planFolderDeletes, planFolders } from '../../../src/plan/plan-folders.js';
import { folderEntry, liveFolder } from './builders.js';

const byUid = (...folders: ReturnType<typeof liveFolder>[]) => new Map(folders.map((f) => [f.uid, f]));

describe('planFolders', () => {
  it('creates missing folders parents first, updates a changed title or parent, leaves equal ones as noop', () => {
    const tree = [
      folderEntry({ uid: 'child', dir: 'team/child', title: 'Child', parentUid: 'team' }),
      folderEntry({ uid: 'team', dir: 'team', title: 'Team' }),
      folderEntry({ uid: 'ops', dir: 'ops', title: 'Operations' }),
      folderEntry({ uid: 'same', dir: 'same', title: 'Same' }),
      folderEntry({ uid: 'moved', dir: 'team/moved', title: 'Moved', parentUid: 'team' }),
    ];
    const live = byUid(liveFolder({ uid: 'ops', title: 'Ops', version: 4 }), liveFolder({ uid: 'same', title: 'Same' }), liveFolder({ uid: 'moved', title: 'Moved' }));

    const actions = planFolders(tree, live);

    expect(actions.map((a) => `${a.action} ${a.uid}`)).toEqual(['folder-update ops', 'folder-noop same', 'folder-create team', 'folder-create child', 'folder-update moved']);
    expect(actions[0]).toMatchObject({ live: { title: 'Ops', parentUid: null, version: 4 }, changes: [{ path: 'title', kind: 'changed', before: 'Ops', after: 'Operations' }] });
    expect(actions[4]!.changes).toEqual([{ path: 'parentUid', kind: 'changed', before: null, after: 'team' }]);
  });
});

describe('planFolderDeletes', () => {
  it('deletes only candidates that end up empty, children before parents', () => {
    const live = byUid(
      liveFolder({ uid: 'old', title: 'old' }),
      liveFolder({ uid: 'old-sub', title: 'sub', parentUid: 'old' }),
      liveFolder({ uid: 'busy', title: 'busy' }),
      liveFolder({ uid: 'keeper', title: 'keeper' }),
      liveFolder({ uid: 'handmade-sub', title: 'hand', parentUid: 'keeper' }),
    );
    const candidates = [live.get('old')!, live.get('old-sub')!, live.get('busy')!, live.get('keeper')!];

    const deletes = planFolderDeletes(candidates, new Map([['busy', 2]]), live);

    // busy still holds dashboards; keeper holds a folder that is not a candidate.
    expect(deletes.map((d) => d.uid)).toEqual(['old-sub', 'old']);
    expect(deletes[0]).toMatchObject({ action: 'folder-delete', dir: null, parentUid: 'old', live: { title: 'sub', parentUid: 'old', version: 1 } });
  });

  it('keeps a parent whose candidate child still holds dashboards', () => {
    const live = byUid(liveFolder({ uid: 'old' }), liveFolder({ uid: 'old-sub', parentUid: 'old' }));
    expect(planFolderDeletes([live.get('old')!, live.get('old-sub')!], new Map([['old-sub', 1]]), live)).toEqual([]);
  });
});
