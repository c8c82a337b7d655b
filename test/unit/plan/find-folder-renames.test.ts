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

  it('two directories renamed at once, their moves interleaved with other dashboards: each gets the note of its own live folder', () => {
    const b = folderAction({ uid: 'ds-team-b-new', action: 'create', title: 'team-b', dir: 'team-b' });
    const c = folderAction({ uid: 'ds-team-c-new', action: 'create', title: 'team-c', dir: 'team-c' });
    const moves = [
      action({ uid: 'b1', action: 'move', folderUid: 'ds-team-b-new', live: liveState({ folderUid: 'old-b' }) }),
      action({ uid: 'c1', action: 'move', folderUid: 'ds-team-c-new', live: liveState({ folderUid: 'old-c' }) }),
      action({ uid: 'g1', action: 'noop', folderUid: null }),
      action({ uid: 'b2', action: 'move', folderUid: 'ds-team-b-new', live: liveState({ folderUid: 'old-b' }) }),
      action({ uid: 'c2', action: 'move', folderUid: 'ds-team-c-new', live: liveState({ folderUid: 'elsewhere' }) }),
    ];
    const live = {
      folders: new Map(['old-b', 'old-c', 'elsewhere'].map((uid) => [uid, liveFolder({ uid, title: uid })])),
      dashboards: [hit({ uid: 'b1', folderUid: 'old-b' }), hit({ uid: 'b2', folderUid: 'old-b' }), hit({ uid: 'c1', folderUid: 'old-c' }), hit({ uid: 'c2', folderUid: 'elsewhere' })],
    };
    // team-c takes dashboards from two live folders: not a rename of either.
    expect(findFolderRenames([b, c], moves, live, 'dashboards').map((note) => ('message' in note ? note.message : ''))).toEqual([
      'folder "team-b" (ds-team-b-new) looks like a rename of "old-b" (old-b): to keep its uid (and its permissions) add dashboards/team-b/_folder.json {"uid":"old-b","title":"old-b"}, which keeps the folder as it is ("title": "team-b" there would rename it)',
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

  it("gdg's nested folders: the note gives the decoded title, and the new parent directory gets the live parent's uid (audit-ux-11 A6)", () => {
    const parent = folderAction({ uid: 'ds-ops-26-sre-f31add90', action: 'create', title: 'Ops+%26+SRE', dir: 'Ops+%26+SRE' });
    const child = folderAction({ uid: 'ds-team-a-b482b607', action: 'create', title: 'Team+A', parentUid: 'ds-ops-26-sre-f31add90', dir: 'Ops+%26+SRE/Team+A' });
    const moved = action({ uid: 'gdg-1', action: 'move', folderUid: 'ds-team-a-b482b607', live: liveState({ folderUid: 'team-a-gdg' }) });
    const live = {
      folders: new Map([
        ['ops-sre', liveFolder({ uid: 'ops-sre', title: 'Ops & SRE' })],
        ['team-a-gdg', liveFolder({ uid: 'team-a-gdg', title: 'Team A', parentUid: 'ops-sre' })],
      ]),
      dashboards: [hit({ uid: 'gdg-1', folderUid: 'team-a-gdg' })],
    };
    const notes = findFolderRenames([parent, child], [moved], live, 'dashboards');
    expect(notes.map((note) => ('message' in note ? note.message : ''))).toEqual([
      'folder "Ops+%26+SRE" (ds-ops-26-sre-f31add90) looks like "Ops & SRE" (ops-sre), the live parent of the folder noted for Ops+%26+SRE/Team+A: ' +
        'to keep its uid (and its permissions) add dashboards/Ops+%26+SRE/_folder.json {"uid":"ops-sre","title":"Ops & SRE"}',
      'folder "Team+A" (ds-team-a-b482b607) looks like a move of "Team A" (team-a-gdg): to keep its uid (and its permissions) add dashboards/Ops+%26+SRE/Team+A/_folder.json {"uid":"team-a-gdg","title":"Team A"}',
    ]);
  });
});

describe('findFolderRenames: the title the _folder.json is given (audit-ux-13 MEDIUM-2)', () => {
  const created = folderAction({ uid: 'ds-gcx-13c9c5a3', action: 'create', title: 'gcx', dir: 'gcx' });
  const moved = action({ uid: 'gcx-dash', action: 'move', folderUid: 'ds-gcx-13c9c5a3', live: liveState({ folderUid: 'gcx-folder' }) });
  const live = { folders: new Map([['gcx-folder', liveFolder({ uid: 'gcx-folder', title: 'GCX Folder' })]]), dashboards: [hit({ uid: 'gcx-dash', folderUid: 'gcx-folder' })] };

  it("another tool's folder keeps its live title, and the note says how to rename it", () => {
    const notes = findFolderRenames([created], [moved], live, 'dashboards');
    expect(notes.map((note) => ('message' in note ? note.message : ''))).toEqual([
      'folder "gcx" (ds-gcx-13c9c5a3) looks like a rename of "GCX Folder" (gcx-folder): to keep its uid (and its permissions) add dashboards/gcx/_folder.json {"uid":"gcx-folder","title":"GCX Folder"}, ' +
        'which keeps the folder as it is ("title": "gcx" there would rename it)',
    ]);
  });

  it("a folder this tree's git history held (a directory renamed) takes the directory's name, as a derived uid does", () => {
    const notes = findFolderRenames([created], [moved], live, 'dashboards', { knownFolders: new Set(['gcx-folder']) });
    expect(notes.map((note) => ('message' in note ? note.message : ''))).toEqual([
      'folder "gcx" (ds-gcx-13c9c5a3) looks like a rename of "GCX Folder" (gcx-folder): to keep its uid (and its permissions) add dashboards/gcx/_folder.json {"uid":"gcx-folder","title":"gcx"}',
    ]);
  });
});
