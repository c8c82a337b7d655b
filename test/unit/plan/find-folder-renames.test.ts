import { describe, expect, it } from 'vitest';
import { findFolderRenames } from '../../../src/plan/find-folder-renames.js';
import { action, folderAction, hit, liveFolder, liveState } from './builders.js';

describe('findFolderRenames', () => {
  it('a directory moved under another without _folder.json gets the note a rename in place gets (audit-ux-7 F17)', () => {
    const created = folderAction({ uid: 'ds-team-b-8ca3fc7c', action: 'create', title: 'team-b', parentUid: 'platform', dir: 'platform/team-b' });
    const moved = action({ uid: 'b1', action: 'move', folderUid: 'ds-team-b-8ca3fc7c', live: liveState({ folderUid: 'ds-team-b-e618ceaa' }) });
    const live = {
      folders: new Map([['ds-team-b-e618ceaa', liveFolder({ uid: 'ds-team-b-e618ceaa', title: 'team-b' })], ['platform', liveFolder({ uid: 'platform' })]]),
      dashboards: [hit({ uid: 'b1', folderUid: 'ds-team-b-e618ceaa' })],
    };
    const notes = findFolderRenames([created, folderAction({ uid: 'platform', action: 'noop', dir: 'platform' })], [moved], live, 'dashboards');
    expect(notes.map((note) => ('message' in note ? note.message : ''))).toEqual([
      'folder "team-b" (ds-team-b-8ca3fc7c) looks like a move of "team-b" (ds-team-b-e618ceaa): to keep its uid (and its permissions) add dashboards/platform/team-b/_folder.json {"uid":"ds-team-b-e618ceaa","title":"team-b"}',
    ]);
  });
});
