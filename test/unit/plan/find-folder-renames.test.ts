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

  it('says when the two names differ only in Unicode normalization, which looks like no change on screen (audit-ux-7 F10)', () => {
    const decomposed = 'e\u0301quipe';
    const created = folderAction({ uid: 'ds-equipe-d19482a7', action: 'create', title: decomposed, dir: decomposed });
    const moved = action({ uid: 'e1', action: 'move', folderUid: 'ds-equipe-d19482a7', live: liveState({ folderUid: 'ds-equipe-8caf821e' }) });
    const live = { folders: new Map([['ds-equipe-8caf821e', liveFolder({ uid: 'ds-equipe-8caf821e', title: '\u00e9quipe' })]]), dashboards: [hit({ uid: 'e1', folderUid: 'ds-equipe-8caf821e' })] };
    const [note] = findFolderRenames([created], [moved], live, 'dashboards');
    expect(note && 'message' in note ? note.message : '').toBe(
      `folder "${decomposed}" (ds-equipe-d19482a7) looks like a rename of "\u00e9quipe" (ds-equipe-8caf821e): to keep its uid (and its permissions) ` +
        `add dashboards/${decomposed}/_folder.json {"uid":"ds-equipe-8caf821e","title":"${decomposed}"}. The two names differ only in Unicode normalization: ` +
        "the directory's is decomposed (not NFC), the folder's precomposed (NFC); renaming the directory to the folder's form also keeps it",
    );
  });
});
