import { describe, expect, it } from 'vitest';
import { findFolderDashboardClashes } from '../../../src/plan/find-folder-dashboard-clashes.js';
import { action, folderAction, hit, liveFolder } from './builders.js';

const uids = (warnings: { uid: string | null }[]) => warnings.map((warning) => warning.uid);

describe('findFolderDashboardClashes (Grafana ≤ 11.2: folders are dashboard rows)', () => {
  it('a folder the plan creates, retitles or moves meets the dashboards of its parent where they are now (by slug)', () => {
    const folders = [
      folderAction({ uid: 'made', action: 'create', title: 'CPU usage', parentUid: 'infra' }),
      folderAction({ uid: 'retitled', action: 'update', title: 'Memory', parentUid: null }),
      folderAction({ uid: 'kept', action: 'noop', title: 'Disk', parentUid: null }),
      folderAction({ uid: 'elsewhere', action: 'create', title: 'Network', parentUid: 'apps' }),
    ];
    // `leaving` moves away in this plan, but only after the folders are saved.
    const live = [hit({ uid: 'leaving', title: 'cpu-usage!', folderUid: 'infra' }), hit({ uid: 'mem', title: 'memory', folderUid: null }), hit({ uid: 'disk', title: 'Disk', folderUid: null }), hit({ uid: 'net', title: 'Network', folderUid: 'infra' })];
    const dashboards = [action({ uid: 'leaving', action: 'move', title: 'cpu-usage!', folderUid: 'apps' })];
    const warnings = findFolderDashboardClashes(folders, dashboards, new Map(), live);
    expect(uids(warnings)).toEqual(['made', 'retitled']);
    expect(warnings[0]).toMatchObject({ kind: 'other', message: expect.stringContaining('where dashboard leaving is titled "cpu-usage!"') });
  });

  it('a dashboard the plan saves meets every folder of the org as the plan leaves it, including folders it deletes later; noops and deletes are not saved', () => {
    const liveFolders = new Map([
      ['ops', liveFolder({ uid: 'ops', title: 'Old name', parentUid: 'deep' })],
      ['gone', liveFolder({ uid: 'gone', title: 'Gone', parentUid: null })],
    ]);
    const folders = [folderAction({ uid: 'ops', action: 'update', title: 'Operations', parentUid: 'deep' }), folderAction({ uid: 'gone', action: 'delete', title: 'Gone', parentUid: null })];
    const dashboards = [
      action({ uid: 'ops-board', action: 'update', title: 'operations', folderUid: 'elsewhere' }),
      action({ uid: 'old', action: 'create', title: 'Old name', folderUid: null }),
      action({ uid: 'gone-board', action: 'create', title: 'Gone', folderUid: null }),
      action({ uid: 'quiet', action: 'noop', title: 'Operations', folderUid: null }),
      action({ uid: 'pruned', action: 'delete', title: 'Operations', folderUid: null }),
    ];
    expect(uids(findFolderDashboardClashes(folders, dashboards, liveFolders, []))).toEqual(['ops-board', 'gone-board']);
  });

  it('warns a folder and a dashboard of the plan that meet once, on the folder', () => {
    const folders = [folderAction({ uid: 'f', action: 'create', title: 'Redis', parentUid: null })];
    const dashboards = [action({ uid: 'redis', action: 'update', title: 'Redis', folderUid: null })];
    expect(uids(findFolderDashboardClashes(folders, dashboards, new Map(), [hit({ uid: 'redis', title: 'Redis', folderUid: null })]))).toEqual(['f']);
  });
});
