import { describe, expect, it } from 'vitest';
import { decideFolderDeletes, decideFolders } from '../../../src/plan/decide-folders.js';
import { folderEntry, liveFolder } from './builders.js';
import { describeFolderChange } from '../../../src/report/describe-folder-change.js';
import { folderNames } from '../../../src/report/folder-names.js';

const byUid = (...folders: ReturnType<typeof liveFolder>[]) => new Map(folders.map((f) => [f.uid, f]));

describe('decideFolders', () => {
  it('creates missing folders parents first, updates a changed title or parent, leaves equal ones as noop', () => {
    const tree = [
      folderEntry({ uid: 'child', dir: 'team/child', title: 'Child', parentUid: 'team' }),
      folderEntry({ uid: 'team', dir: 'team', title: 'Team' }),
      folderEntry({ uid: 'ops', dir: 'ops', title: 'Operations' }),
      folderEntry({ uid: 'same', dir: 'same', title: 'Same' }),
      folderEntry({ uid: 'moved', dir: 'team/moved', title: 'Moved', parentUid: 'team' }),
    ];
    const live = byUid(liveFolder({ uid: 'ops', title: 'Ops', revision: '4' }), liveFolder({ uid: 'same', title: 'Same' }), liveFolder({ uid: 'moved', title: 'Moved' }));

    const actions = decideFolders(tree, live);

    expect(actions.map((a) => `${a.kind}-${a.action} ${a.uid}`)).toEqual(['folder-update ops', 'folder-noop same', 'folder-create team', 'folder-create child', 'folder-update moved']);
    expect(actions[0]).toMatchObject({ live: { title: 'Ops', parentUid: null, revision: '4' }, changes: [{ path: 'title', kind: 'changed', before: 'Ops', after: 'Operations' }] });
    expect(actions[4]!.changes).toEqual([{ path: 'parentUid', kind: 'changed', before: null, after: 'team' }]);
    // Each waits for its parent's action; a folder with nothing to do waits for nothing.
    expect(actions.map((a) => a.dependsOn)).toEqual([[], [], [], ['folder:team'], ['folder:team']]);
  });
});

describe('a folder move whose old parent has no action in the plan (its directory holds no dashboard file)', () => {
  it('names the old parent by its title in Grafana, not by its uid alone (walk-71 L4)', () => {
    const tree = [folderEntry({ uid: 'apps', dir: 'apps', title: 'Applications' }), folderEntry({ uid: 'replicas', dir: 'apps/replicas', title: 'Replicas', parentUid: 'apps' })];
    const live = byUid(
      liveFolder({ uid: 'apps', title: 'Applications' }),
      liveFolder({ uid: 'databases', title: 'Databases' }),
      liveFolder({ uid: 'replicas', title: 'Replicas', parentUid: 'databases' }),
    );
    const actions = decideFolders(tree, live);
    const moved = actions.find((action) => action.uid === 'replicas')!;
    expect(moved.live).toMatchObject({ parentUid: 'databases', parentTitle: 'Databases' });
    expect(describeFolderChange(moved, folderNames({ actions }))).toBe('from "Databases" (databases) into "Applications" (apps)');
    // Not a move: no parent title recorded.
    expect(actions.find((action) => action.uid === 'apps')!.live).not.toHaveProperty('parentTitle');
    // A plan saved before parentTitle was recorded still names it by its uid.
    expect(describeFolderChange({ ...moved, live: { ...moved.live!, parentTitle: undefined } }, folderNames({ actions }))).toBe('from folder databases into "Applications" (apps)');
  });
});

describe('decideFolderDeletes', () => {
  it('deletes only candidates that end up empty, children before parents', () => {
    const live = byUid(
      liveFolder({ uid: 'old', title: 'old' }),
      liveFolder({ uid: 'old-sub', title: 'sub', parentUid: 'old' }),
      liveFolder({ uid: 'busy', title: 'busy' }),
      liveFolder({ uid: 'keeper', title: 'keeper' }),
      liveFolder({ uid: 'handmade-sub', title: 'hand', parentUid: 'keeper' }),
    );
    const candidates = [live.get('old')!, live.get('old-sub')!, live.get('busy')!, live.get('keeper')!];

    const deletes = decideFolderDeletes(candidates, new Map([['busy', 2]]), live, new Map([['dashboard:gone-dashboard', 'old-sub']]));

    // busy still holds dashboards; keeper holds a folder that is not a candidate.
    expect(deletes.map((d) => d.uid)).toEqual(['old-sub', 'old']);
    expect(deletes[0]).toMatchObject({ kind: 'folder', action: 'delete', dir: null, parentUid: 'old', live: { title: 'sub', parentUid: 'old', revision: '1' } });
    // Children and the dashboards leaving a folder go first.
    expect(deletes.map((d) => d.dependsOn)).toEqual([['dashboard:gone-dashboard'], ['folder:old-sub']]);
  });

  it('keeps a parent whose candidate child still holds dashboards', () => {
    const live = byUid(liveFolder({ uid: 'old' }), liveFolder({ uid: 'old-sub', parentUid: 'old' }));
    expect(decideFolderDeletes([live.get('old')!, live.get('old-sub')!], new Map([['old-sub', 1]]), live, new Map())).toEqual([]);
  });
});
