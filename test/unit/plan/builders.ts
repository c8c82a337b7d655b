import type { DashboardEntry, FolderEntry } from '../../../src/files/types.js';
import type { DashboardMeta, DashboardVersion, Folder, SearchHit } from '../../../src/grafana/types.js';
import type { DashboardAction, LiveDashboardState, Plan, PlanSummary } from '../../../src/plan/types.js';

/** Small builders for the pure planner: every field a sensible default, overrides win. */
export function entry(overrides: Partial<DashboardEntry> & { uid: string }): DashboardEntry {
  return {
    file: `dashboards/${overrides.uid}.json`,
    absPath: `/repo/dashboards/${overrides.uid}.json`,
    dir: '',
    folderUid: null,
    title: overrides.uid,
    contentHash: 'sha256:0',
    ...overrides,
  };
}

export function meta(overrides: Partial<DashboardMeta> = {}): DashboardMeta {
  return {
    version: 3,
    folderUid: '',
    folderTitle: 'General',
    created: '2026-01-01T00:00:00Z',
    createdBy: 'admin',
    updated: '2026-02-01T10:00:00Z',
    updatedBy: 'admin',
    provisioned: false,
    provisionedExternalId: '',
    url: '/d/x/x',
    ...overrides,
  };
}

export function folderEntry(overrides: Partial<FolderEntry> & { uid: string }): FolderEntry {
  return { dir: overrides.uid, title: overrides.uid, parentUid: null, source: 'folder-file', ...overrides };
}

export function liveFolder(overrides: Partial<Folder> & { uid: string }): Folder {
  return { title: overrides.uid, parentUid: null, version: 1, url: `/dashboards/f/${overrides.uid}/`, ...overrides };
}

export function hit(overrides: Partial<SearchHit> & { uid: string }): SearchHit {
  return { title: overrides.uid, type: 'dash-db', folderUid: '', folderTitle: '', tags: [], url: `/d/${overrides.uid}`, ...overrides };
}

export function liveState(overrides: Partial<LiveDashboardState> = {}): LiveDashboardState {
  return { version: 3, folderUid: null, folderTitle: 'General', title: 'x', updated: '2026-02-01T10:00:00Z', updatedBy: 'admin', provisioned: false, ...overrides };
}

export function action(overrides: Partial<DashboardAction> & { uid: string; action: DashboardAction['action'] }): DashboardAction {
  return {
    title: overrides.uid,
    file: overrides.action === 'delete' ? null : `dashboards/${overrides.uid}.json`,
    folderUid: null,
    live: overrides.action === 'create' ? null : liveState({ title: overrides.title ?? overrides.uid }),
    changes: [],
    contentHash: overrides.action === 'delete' ? null : 'sha256:0',
    ...overrides,
  };
}

export function version(overrides: Partial<DashboardVersion> = {}): DashboardVersion {
  return { version: 4, parentVersion: 3, restoredFrom: 0, created: '2026-03-04T05:06:07Z', createdBy: 'jane', message: '', ...overrides };
}

const EMPTY_SUMMARY: PlanSummary = { create: 0, update: 0, move: 0, delete: 0, unchanged: 0, folderCreate: 0, folderUpdate: 0, folderDelete: 0 };

export function plan(overrides: Partial<Plan> = {}): Plan {
  return {
    formatVersion: 1,
    createdAt: '2026-03-04T05:06:07.000Z',
    tool: { name: 'dashsync', version: '0.1.0' },
    target: { url: 'https://grafana.example.com', orgId: null, grafanaVersion: '12.3.2', environment: null },
    git: { sha: null, subject: null, actor: null },
    root: 'dashboards',
    prune: false,
    deleteMode: 'soft',
    folders: [],
    dashboards: [],
    warnings: [],
    summary: EMPTY_SUMMARY,
    ...overrides,
  };
}
