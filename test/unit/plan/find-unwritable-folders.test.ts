import { describe, expect, it } from 'vitest';
import { findUnwritableFolders } from '../../../src/plan/find-unwritable-folders.js';
import { action, folderAction, liveState } from './builders.js';

// Folders: top (live, top level) > child (live) ; other (live, top level); made (created by the plan).
const folders = [
  folderAction({ uid: 'top', action: 'noop', title: 'Top' }),
  folderAction({ uid: 'child', action: 'noop', live: { title: 'Child', parentUid: 'top', revision: '1' } }),
  folderAction({ uid: 'other', action: 'noop', title: 'Other' }),
  folderAction({ uid: 'made', action: 'create' }),
];
const update = (uid: string, folderUid: string | null) => action({ uid, action: 'update', folderUid, live: liveState({ folderUid, folderTitle: folderUid ?? 'General' }) });
const folderUids = (permissions: Record<string, string[]>, actions = [update('a', 'child'), update('b', 'other'), update('c', null)]) =>
  findUnwritableFolders({ actions: [...folders, ...actions] }, permissions).map((warning) => (warning.kind === 'not-writable' ? warning.folderUid : 'x'));

describe('findUnwritableFolders', () => {
  it('a grant on a folder covers the folders below it; General needs folders:uid:general', () => {
    expect(folderUids({ 'dashboards:write': ['folders:uid:top'] })).toEqual(['other', null]);
    expect(folderUids({ 'dashboards:write': ['folders:uid:child', 'folders:uid:general'] })).toEqual(['other']);
  });

  it('wildcards and a grant on the dashboard itself count', () => {
    for (const scope of ['*', 'dashboards:*', 'folders:*', 'folders:uid:*']) expect(folderUids({ 'dashboards:write': [scope] })).toEqual([]);
    expect(folderUids({ 'dashboards:write': ['dashboards:uid:b', 'folders:uid:top', 'folders:uid:general'] })).toEqual([]);
  });

  it('a create needs dashboards:create where it goes, a move write where it is and create where it goes, a delete dashboards:delete', () => {
    const permissions = { 'dashboards:write': ['folders:uid:top'], 'dashboards:create': ['folders:uid:other'], 'dashboards:delete': ['folders:uid:other'] };
    const moved = action({ uid: 'm', action: 'move', folderUid: 'child', live: liveState({ folderUid: 'other' }) });
    const warnings = findUnwritableFolders({ actions: [...folders, moved, action({ uid: 'n', action: 'create', folderUid: 'top' }), action({ uid: 'd', action: 'delete', folderUid: 'top', live: liveState({ folderUid: 'top' }) })] }, permissions);
    expect(warnings).toEqual([
      { kind: 'not-writable', uid: null, folderUid: 'other', folderTitle: 'Other', changes: 1, permissions: ['dashboards:write'] },
      { kind: 'not-writable', uid: null, folderUid: 'child', folderTitle: 'Child', changes: 1, permissions: ['dashboards:create'] },
      { kind: 'not-writable', uid: null, folderUid: 'top', folderTitle: 'Top', changes: 2, permissions: ['dashboards:create', 'dashboards:delete'] },
    ]);
  });

  it('unsure is silent: a folder the plan creates, one whose parents it does not know', () => {
    const permissions = { 'dashboards:write': ['folders:uid:top'], 'dashboards:create': ['folders:uid:top'] };
    expect(folderUids(permissions, [action({ uid: 'n', action: 'create', folderUid: 'made' }), update('e', 'elsewhere')])).toEqual([]);
  });
});
