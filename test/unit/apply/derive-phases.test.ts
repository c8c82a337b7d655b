import { describe, expect, it } from 'vitest';
import { derivePhases } from '../../../src/apply/derive-phases.js';
import { PlanFileError } from '../../../src/errors.js';
import type { LibraryPanelAction } from '../../../src/plan/types.js';
import { action, folderAction } from '../plan/builders.js';

const ids = (phases: ReturnType<typeof derivePhases>) => phases.map((phase) => phase.map((a) => `${a.kind} ${a.action} ${a.uid}`));

describe('derivePhases: apply\'s order from the plan\'s dependencies', () => {
  it('folders before the dashboards in them, dashboard deletes before the folders they leave; noops are not work', () => {
    const phases = derivePhases([
      folderAction({ uid: 'team', action: 'create' }),
      folderAction({ uid: 'sub', action: 'create', parentUid: 'team', dependsOn: ['folder:team'] }),
      folderAction({ uid: 'same', action: 'noop' }),
      action({ uid: 'root', action: 'create' }),
      action({ uid: 'inside', action: 'update', folderUid: 'sub', dependsOn: ['folder:sub'] }),
      action({ uid: 'same', action: 'noop' }),
      action({ uid: 'gone', action: 'delete' }),
      folderAction({ uid: 'old', action: 'delete', dependsOn: ['dashboard:gone'] }),
    ]);
    expect(ids(phases)).toEqual([
      ['folder create team', 'folder create sub'],
      ['dashboard create root', 'dashboard update inside'],
      ['dashboard delete gone'],
      ['folder delete old'],
    ]);
  });

  it('a group with no dependency between it and another keeps the plan\'s order', () => {
    expect(ids(derivePhases([action({ uid: 'gone', action: 'delete' }), action({ uid: 'new', action: 'create' })]))).toEqual([
      ['dashboard delete gone'],
      ['dashboard create new'],
    ]);
  });

  it('a delete a dashboard waits for (it takes its title, Grafana ≤ 11.2) goes before the writes; every other delete stays after them', () => {
    const phases = derivePhases([
      folderAction({ uid: 'team', action: 'create' }),
      action({ uid: 'other', action: 'update', folderUid: 'team', dependsOn: ['folder:team'] }),
      action({ uid: 'taker', action: 'create', folderUid: 'team', dependsOn: ['folder:team', 'dashboard:holder'] }),
      action({ uid: 'gone', action: 'delete' }),
      action({ uid: 'holder', action: 'delete', folderUid: 'team' }),
      folderAction({ uid: 'old', action: 'delete', dependsOn: ['dashboard:gone'] }),
    ]);
    expect(ids(phases)).toEqual([
      ['folder create team'],
      ['dashboard delete holder'],
      ['dashboard update other', 'dashboard create taker'],
      ['dashboard delete gone'],
      ['folder delete old'],
    ]);
  });

  it('a library panel delete a library panel write waits for (it takes its name) goes before the panel writes; dashboard deletes stay after every write', () => {
    const panel = (uid: string, act: LibraryPanelAction['action'], dependsOn: string[] = []): LibraryPanelAction => ({
      kind: 'library-panel', uid, title: 'CPU', action: act, file: null, folderUid: 'team', live: null, contentHash: null, usedBy: [], changes: [], dependsOn,
    });
    const phases = derivePhases([
      folderAction({ uid: 'team', action: 'create' }),
      panel('taker', 'create', ['folder:team', 'library-panel:holder']),
      action({ uid: 'user', action: 'update', folderUid: 'team', dependsOn: ['library-panel:taker'] }),
      action({ uid: 'gone', action: 'delete' }),
      panel('holder', 'delete'),
      panel('stray', 'delete'),
    ]);
    expect(ids(phases)).toEqual([
      ['folder create team'],
      ['library-panel delete holder'],
      ['library-panel create taker'],
      ['dashboard update user'],
      ['dashboard delete gone'],
      ['library-panel delete stray'],
    ]);
  });

  it('the dashboard deletes a handing-over library panel delete waits for (they disconnect it) go before it; the other deletes stay after every write', () => {
    const panel = (uid: string, act: LibraryPanelAction['action'], dependsOn: string[] = []): LibraryPanelAction => ({
      kind: 'library-panel', uid, title: 'CPU', action: act, file: null, folderUid: 'team', live: null, contentHash: null, usedBy: [], changes: [], dependsOn,
    });
    const phases = derivePhases([
      panel('taker', 'create', ['library-panel:holder']),
      action({ uid: 'user', action: 'update', folderUid: 'team', dependsOn: ['library-panel:taker'] }),
      action({ uid: 'gone', action: 'delete' }),
      action({ uid: 'outside', action: 'delete', folderUid: 'team' }),
      panel('holder', 'delete', ['dashboard:outside']),
      panel('stray', 'delete', ['dashboard:gone']),
      folderAction({ uid: 'old', action: 'delete', dependsOn: ['dashboard:gone'] }),
    ]);
    expect(ids(phases)).toEqual([
      ['dashboard delete outside'],
      ['library-panel delete holder'],
      ['library-panel create taker'],
      ['dashboard update user'],
      ['dashboard delete gone'],
      ['library-panel delete stray'],
      ['folder delete old'],
    ]);
  });

  it('refuses a plan whose dependencies go round in a circle', () => {
    const circle = () =>
      derivePhases([
        folderAction({ uid: 'a', action: 'create', dependsOn: ['folder:b'] }),
        folderAction({ uid: 'b', action: 'create', dependsOn: ['folder:a'] }),
      ]);
    expect(circle).toThrow(PlanFileError);
    expect(circle).toThrow("the plan's dependencies form a cycle (folder:a, folder:b). Run dashsync plan again");
  });
});
