import type { ApplyConflict } from '../../../src/apply/types.js';
import type { DashboardEntry, DesiredContent, FolderEntry, Tree } from '../../../src/files/types.js';
import type { DashboardOwner, DashboardSummary, LastSave, LiveDashboard, LiveFolder, WriteTarget } from '../../../src/grafana/port.js';
import { decideDashboard, type DashboardDecision } from '../../../src/plan/decide-dashboard.js';
import type { DashboardAction, FolderAction, LiveDashboardState, Plan, PlanSummary } from '../../../src/plan/types.js';

/** Small builders for the pure planner: every field a sensible default, overrides win. */
export function entry(overrides: Partial<DashboardEntry> & { uid: string }): DashboardEntry {
  return {
    file: `dashboards/${overrides.uid}.json`,
    absPath: `/repo/dashboards/${overrides.uid}.json`,
    dir: '',
    folderUid: null,
    title: overrides.uid,
    contentHash: 'sha256:0',
    form: 'model',
    schema: 'v1',
    apiVersion: null,
    metadata: { labels: {}, annotations: {} },
    libraryPanels: [],
    ...overrides,
  } as DashboardEntry;
}

/** A file's canonical content (a classic model unless told otherwise) with the digest of its bytes. */
export function desired(spec: Record<string, unknown>, overrides: Partial<DesiredContent> & { hash?: string } = {}): DesiredContent & { hash: string } {
  return { uid: String(spec.uid ?? ''), schema: 'v1', apiVersion: null, spec, metadata: { labels: {}, annotations: {} }, hash: 'sha256:0', ...overrides };
}

export const LEGACY_WRITE: WriteTarget = { api: 'legacy', apiVersion: null };

/** decideDashboard for a classic model written through /api. */
export function decide(file: DashboardEntry, model: Record<string, unknown>, current: LiveDashboard | null, hash: string): DashboardDecision {
  return decideDashboard(file, desired(model, { hash }), current, LEGACY_WRITE);
}

export function tree(overrides: Partial<Tree> = {}): Tree {
  return { root: '/repo/dashboards', folders: [], idleFolders: [], dashboards: [], libraryPanels: [], ...overrides } as Tree;
}

export function lastSave(overrides: Partial<LastSave> = {}): LastSave {
  return { by: 'admin', at: '2026-02-01T10:00:00Z', message: null, byDashsync: null, version: 3, ...overrides };
}

/** A live dashboard as the port returns it (version 3 in General unless told otherwise). */
export function live(model: Record<string, unknown>, overrides: Partial<LiveDashboard> = {}): LiveDashboard {
  const version = overrides.version ?? 3;
  return {
    uid: String(model.uid),
    model,
    schema: 'v1',
    apiVersion: null,
    metadata: { labels: {}, annotations: {} },
    pushed: null,
    folderUid: null,
    folderTitle: 'General',
    revision: String(version),
    version,
    owner: null,
    lastSave: lastSave({ version }),
    internalId: typeof model.id === 'number' ? model.id : null,
    ...overrides,
  };
}

export const PROVISIONED: DashboardOwner = { manager: 'provisioning', id: 'team/cpu.json', allowsUpdates: false };

export function folderEntry(overrides: Partial<FolderEntry> & { uid: string }): FolderEntry {
  return { dir: overrides.uid, title: overrides.uid, parentUid: null, source: 'folder-file', ...overrides };
}

export function liveFolder(overrides: Partial<LiveFolder> & { uid: string }): LiveFolder {
  return { title: overrides.uid, parentUid: null, revision: '1', ...overrides };
}

export function hit(overrides: Partial<DashboardSummary> & { uid: string }): DashboardSummary {
  return { title: overrides.uid, folderUid: null, ...overrides };
}

export function liveState(overrides: Partial<LiveDashboardState> = {}): LiveDashboardState {
  return {
    revision: '3',
    version: 3,
    folderUid: null,
    folderTitle: 'General',
    title: 'x',
    updated: '2026-02-01T10:00:00Z',
    updatedBy: 'admin',
    owner: null,
    ...overrides,
  };
}

export function action(overrides: Partial<DashboardAction> & { uid: string; action: DashboardAction['action'] }): DashboardAction {
  return {
    kind: 'dashboard',
    title: overrides.uid,
    file: overrides.action === 'delete' ? null : `dashboards/${overrides.uid}.json`,
    folderUid: null,
    live: overrides.action === 'create' ? null : liveState({ title: overrides.title ?? overrides.uid }),
    changes: [],
    contentHash: overrides.action === 'delete' ? null : 'sha256:0',
    dependsOn: [],
    ...overrides,
  };
}

export function folderAction(overrides: Partial<FolderAction> & { uid: string; action: FolderAction['action'] }): FolderAction {
  return {
    kind: 'folder',
    title: overrides.uid,
    parentUid: null,
    dir: overrides.action === 'delete' ? null : overrides.uid,
    live: overrides.action === 'create' ? null : { title: overrides.title ?? overrides.uid, parentUid: null, revision: '1' },
    changes: [],
    dependsOn: [],
    ...overrides,
  };
}

const EMPTY_SUMMARY: PlanSummary = { create: 0, update: 0, move: 0, delete: 0, unchanged: 0, folderCreate: 0, folderUpdate: 0, folderMove: 0, folderDelete: 0, libraryPanelCreate: 0, libraryPanelUpdate: 0, libraryPanelMove: 0, libraryPanelDelete: 0 };

export function plan(overrides: Partial<Plan> = {}): Plan {
  return {
    formatVersion: 2,
    createdAt: '2026-03-04T05:06:07.000Z',
    tool: { name: 'dashsync', version: '0.1.0' },
    target: { url: 'https://grafana.example.com', orgId: null, grafanaVersion: '12.3.2', environment: null },
    git: { sha: null, subject: null, actor: null },
    root: 'dashboards',
    prune: false,
    managedFolders: [],
    deleteMode: 'soft',
    settingsHash: 'sha256:settings',
    actions: [],
    warnings: [],
    summary: EMPTY_SUMMARY,
    ...overrides,
  };
}

/** A folder's update an apply no one reviewed kept as a conflict (its `why`: `--auto-approve` or the Action's one step). */
export function heldFolderUpdate(overrides: Partial<ApplyConflict> & { uid: string; title: string }): ApplyConflict {
  return {
    action: 'folder-update',
    file: null,
    plannedVersion: null,
    currentVersion: null,
    changedBy: null,
    changedAt: null,
    unreviewedDrift: true,
    unreviewedWhy: 'auto-approve',
    ...overrides,
  };
}
