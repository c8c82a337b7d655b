import type { DeleteMode, PruneScope } from '../config/types.js';
import type { FieldChange } from '../diff/types.js';

/**
 * The saved plan: a versioned, serialisable document. It records what it was computed
 * against (URL, org, each dashboard's live version) so apply can refuse a stale one.
 * It never holds credentials or library objects.
 */
export const PLAN_FORMAT_VERSION = 1;

export type DashboardActionKind = 'create' | 'update' | 'move' | 'delete' | 'noop';
export type FolderActionKind = 'folder-create' | 'folder-update' | 'folder-delete' | 'folder-noop';

/** What the plan saw in Grafana for one dashboard. */
export interface LiveDashboardState {
  version: number;
  /** null = General. */
  folderUid: string | null;
  folderTitle: string;
  title: string;
  updated: string;
  updatedBy: string;
  provisioned: boolean;
}

export interface DashboardAction {
  action: DashboardActionKind;
  uid: string;
  title: string;
  /** Source file (relative to the working directory); null for deletes. */
  file: string | null;
  /** Target folder uid; null = General. For deletes, the live folder. */
  folderUid: string | null;
  /** Live state at plan time; null for creates. */
  live: LiveDashboardState | null;
  /** Field-level changes live → desired (creates: empty; deletes: empty). */
  changes: FieldChange[];
  /** `sha256:` of the file's bytes at plan time, re-checked at apply: what is pushed is what was reviewed. */
  contentHash: string | null;
}

export interface FolderAction {
  action: FolderActionKind;
  uid: string;
  title: string;
  /** null = top level. */
  parentUid: string | null;
  /** Directory relative to the root; null for folders that left the tree. */
  dir: string | null;
  live: { title: string; parentUid: string | null; version: number } | null;
  changes: FieldChange[];
}

export type PlanWarning =
  | {
      kind: 'drift';
      uid: string;
      title: string;
      /** The live version that was not written by dashsync. */
      version: number;
      updatedBy: string;
      updated: string;
      message: string;
    }
  | { kind: 'title-clash'; uid: string; title: string; folderUid: string | null; otherUid: string }
  | { kind: 'provisioned'; uid: string; title: string; message: string }
  | { kind: 'other'; uid: string | null; message: string };

export interface PlanSummary {
  create: number;
  update: number;
  move: number;
  delete: number;
  unchanged: number;
  folderCreate: number;
  folderUpdate: number;
  folderDelete: number;
}

export interface Plan {
  formatVersion: typeof PLAN_FORMAT_VERSION;
  createdAt: string;
  tool: { name: 'dashsync'; version: string };
  /**
   * What the plan was computed against. `environment` is the config environment (`--env`),
   * null when none was selected; apply refuses a plan made for another one.
   */
  target: { url: string; orgId: number | null; grafanaVersion: string | null; environment: string | null };
  git: { sha: string | null; subject: string | null; actor: string | null };
  /** Tree root relative to the working directory. */
  root: string;
  prune: PruneScope;
  deleteMode: DeleteMode;
  /** `sha256:` of the config's `inputs` map and minRefreshInterval (hashContentSettings); apply refuses when they changed. */
  contentSettingsHash?: string;
  folders: FolderAction[];
  dashboards: DashboardAction[];
  warnings: PlanWarning[];
  summary: PlanSummary;
}
