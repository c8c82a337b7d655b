import { describe, expect, it } from 'vitest';
import { findFolderDashboardClashes } from '../../../src/plan/find-folder-dashboard-clashes.js';
import { renderPlanText } from '../../../src/report/render-plan-text.js';
import { action, folderAction, hit, liveFolder, plan } from './builders.js';

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

  it('says the dashboard side in the wording check uses, on one line; a folder only Grafana has is named as such', () => {
    const liveFolders = new Map([['ops', liveFolder({ uid: 'ops', title: 'Ops\nboard', parentUid: null })]]);
    const folders = [folderAction({ uid: 'db', action: 'create', title: 'Databases', parentUid: 'platform', dir: 'platform/databases' })];
    const dashboards = [
      action({ uid: 'k8s-db', action: 'create', title: 'databases', folderUid: 'k8s' }),
      action({ uid: 'ops-board', action: 'update', title: 'OPS board', folderUid: null }),
    ];
    const warnings = findFolderDashboardClashes(folders, dashboards, liveFolders, []);
    const lines = renderPlanText(plan({ warnings }), { color: false }).split('\n').filter((line) => line.includes('title clash'));
    expect(lines).toEqual([expect.stringContaining('"databases"'), expect.stringContaining('is titled "Ops\\nboard"; Grafana')]);
    expect(warnings.map((warning) => ('message' in warning ? warning.message : ''))).toEqual([
      'title clash: dashboard k8s-db is titled "databases", and directory platform/databases (folder db) is titled "Databases"; Grafana 11.2 and older refuse to save a dashboard named like any folder of the org ("Dashboard name cannot be the same as folder"), so applying this tree to one of those would fail (12 and later allow it): rename the dashboard, or the folder',
      'title clash: dashboard ops-board is titled "OPS board", and folder ops (in Grafana, not in the tree) is titled "Ops\nboard"; Grafana 11.2 and older refuse to save a dashboard named like any folder of the org ("Dashboard name cannot be the same as folder"), so applying this tree to one of those would fail (12 and later allow it): rename the dashboard, or the folder',
    ]);
  });

  it('warns a folder and a dashboard of the plan that meet once, on the folder', () => {
    const folders = [folderAction({ uid: 'f', action: 'create', title: 'Redis', parentUid: null })];
    const dashboards = [action({ uid: 'redis', action: 'update', title: 'Redis', folderUid: null })];
    expect(uids(findFolderDashboardClashes(folders, dashboards, new Map(), [hit({ uid: 'redis', title: 'Redis', folderUid: null })]))).toEqual(['f']);
  });
});
