import type { FieldChange } from '../diff/types.js';
import type { DashboardOwner } from '../grafana/port.js';
import { folderActionLabel, type FolderActionLabel } from './describe-folder-change.js';
import { escapeJsonOutput } from './escape-untrusted.js';
import { toRetriedJson, type RetriedJson, type RetrySummary } from './retry-count.js';
import {
  dashboardActions,
  folderActions,
  libraryPanelActions,
  PLAN_JSON_OUTPUT,
  type DeployedElsewhere,
  type LibraryPanelUser,
  type LiveLibraryPanelState,
  type Plan,
  type PlanSummary,
  type PlanWarning,
} from '../plan/types.js';

/**
 * The public JSON of a plan (`dashsync plan --format json`), documented in docs/plan-json.md
 * and versioned on its own: the saved plan (`--out`) is apply's input and may change with
 * any release; this document changes only with its `formatVersion`.
 */
const PLAN_JSON_FORMAT_VERSION = 1;

export interface PlanJson {
  formatVersion: typeof PLAN_JSON_FORMAT_VERSION;
  output: typeof PLAN_JSON_OUTPUT;
  createdAt: string;
  tool: { name: string; version: string };
  /**
   * `environment`: the config environment (`--env`) the plan was made for, null when none. `credentialsOrgId`: with no
   * org id given, the credentials' own org as Grafana named it (absent when it would not say).
   */
  target: { url: string; orgId: number | null; credentialsOrgId?: number; grafanaVersion: string | null; api: 'legacy' | 'k8s'; environment: string | null };
  git: { sha: string | null; subject: string | null; actor: string | null };
  root: string;
  /** `one-step` on a plan file the Action's one-step apply saved (`dashsync show`): no one reviewed it. Absent otherwise. */
  unreviewed?: 'one-step';
  prune: false | 'folders' | 'all';
  deleteMode: 'soft' | 'hard';
  folders: {
    /** `folder-move`: an update that changes the parent (renamed too or not); `folder-update` renames only. */
    action: FolderActionLabel;
    uid: string;
    title: string;
    parentUid: string | null;
    dir: string | null;
    live: { title: string; parentUid: string | null; revision: string | null } | null;
    changes: FieldChange[];
  }[];
  dashboards: {
    uid: string;
    title: string;
    file: string | null;
    folderUid: string | null;
    contentHash: string | null;
    action: 'create' | 'update' | 'move' | 'delete' | 'noop';
    live: {
      version: number;
      revision: string;
      folderUid: string | null;
      folderTitle: string;
      title: string;
      updated: string;
      updatedBy: string;
      /** Provisioned from a file that does not allow UI updates (never written or deleted). */
      provisioned: boolean;
      owner: DashboardOwner | null;
    } | null;
    changes: FieldChange[];
    /** A delete of the uid a file held before its uid was changed in place: that file and the uid it holds now (absent otherwise). */
    replacedBy?: { file: string; uid: string };
    /** A create the apply does not make: the uid its file held before, whose delete prune holds (counted as summary.uidChangesHeld). */
    replacesHeld?: string;
    deployedElsewhere?: DeployedElsewhere;
    /**
     * A delete in the folder of a directory this run's include/exclude leave out: that directory as shown and the lists that
     * leave it out.
     */
    leftOutDirectory?: { dir: string; lists: string };
    /**
     * A move out of the folder of a directory this run's include/exclude leave out (another environment's): that directory as
     * shown, the lists that leave it out and the folder's title as Grafana has it.
     */
    liveDirectoryLeftOut?: { dir: string; lists: string; folderTitle: string };
    /** A prune delete of a dashboard dashsync never pushed: who saved it last in Grafana, and when. */
    madeInGrafana?: { by: string; at: string };
    /** A prune delete whose owner the plan could not judge (api "legacy" on Grafana 12+, a history these credentials may not read): the apply deletes it only if dashsync saved it last (absent otherwise). */
    ownerNotJudged?: true;
  }[];
  /** Library panels (kind 1 library elements); `usedBy`: the dashboards a change reaches. */
  libraryPanels: {
    uid: string;
    name: string;
    file: string | null;
    folderUid: string | null;
    contentHash: string | null;
    action: 'create' | 'update' | 'move' | 'delete' | 'noop';
    live: LiveLibraryPanelState | null;
    usedBy: LibraryPanelUser[];
    changes: FieldChange[];
    /** A delete renamed first so that panel `to` takes its name, while dashboards the plan saves still hold it (absent otherwise). */
    handsNameOver?: { to: string; renameTo: string };
    /** A delete while dashboards in Grafana's "Recently deleted" use it, which Grafana no longer counts (absent otherwise). */
    inRecentlyDeleted?: LibraryPanelUser[];
    /** A move out of the folder of a directory this run's include/exclude leave out, as a dashboard's. */
    liveDirectoryLeftOut?: { dir: string; lists: string; folderTitle: string };
  }[];
  warnings: PlanWarning[];
  summary: PlanSummary;
  /** The requests of the run that made the plan which had to be sent again (absent when none); a plan only reads, so no write was resent. */
  retried?: RetriedJson;
}

export function toPlanJson(plan: Plan, retried: RetrySummary | null = null): PlanJson {
  return {
    formatVersion: PLAN_JSON_FORMAT_VERSION,
    output: PLAN_JSON_OUTPUT,
    createdAt: plan.createdAt,
    tool: plan.tool,
    target: { url: plan.target.url, orgId: plan.target.orgId, ...(plan.target.credentialsOrgId === undefined ? {} : { credentialsOrgId: plan.target.credentialsOrgId }), grafanaVersion: plan.target.grafanaVersion, api: plan.target.api ?? 'legacy', environment: plan.target.environment },
    git: plan.git,
    root: plan.root,
    ...(plan.unreviewed !== undefined && { unreviewed: plan.unreviewed }),
    prune: plan.prune,
    deleteMode: plan.deleteMode,
    folders: folderActions(plan).map((folder) => ({
      action: folderActionLabel(folder),
      uid: folder.uid,
      title: folder.title,
      parentUid: folder.parentUid,
      dir: folder.dir,
      // Which folder it was (its internal id) is the saved plan's, as a dashboard's is: the public JSON keeps to what people read.
      live: folder.live && { title: folder.live.title, parentUid: folder.live.parentUid, revision: folder.live.revision },
      changes: folder.changes,
    })),
    dashboards: dashboardActions(plan).map((dashboard) => ({
      uid: dashboard.uid,
      title: dashboard.title,
      file: dashboard.file,
      folderUid: dashboard.folderUid,
      contentHash: dashboard.contentHash,
      action: dashboard.action,
      live: dashboard.live && {
        version: dashboard.live.version,
        revision: dashboard.live.revision,
        folderUid: dashboard.live.folderUid,
        folderTitle: dashboard.live.folderTitle,
        title: dashboard.live.title,
        updated: dashboard.live.updated,
        updatedBy: dashboard.live.updatedBy,
        provisioned: dashboard.live.owner?.manager === 'provisioning' && !dashboard.live.owner.allowsUpdates,
        owner: dashboard.live.owner,
      },
      changes: dashboard.changes,
      ...(dashboard.replacedBy === undefined ? {} : { replacedBy: dashboard.replacedBy }),
      ...(dashboard.replacesHeld === undefined ? {} : { replacesHeld: dashboard.replacesHeld }),
      ...(dashboard.deployedElsewhere === undefined ? {} : { deployedElsewhere: dashboard.deployedElsewhere }),
      ...(dashboard.leftOutDirectory === undefined ? {} : { leftOutDirectory: dashboard.leftOutDirectory }),
      ...(dashboard.liveDirectoryLeftOut === undefined ? {} : { liveDirectoryLeftOut: dashboard.liveDirectoryLeftOut }),
      ...(dashboard.madeInGrafana === undefined ? {} : { madeInGrafana: dashboard.madeInGrafana }),
      ...(dashboard.ownerNotJudged === undefined ? {} : { ownerNotJudged: dashboard.ownerNotJudged }),
    })),
    libraryPanels: libraryPanelActions(plan).map((panel) => ({
      uid: panel.uid,
      name: panel.title,
      file: panel.file,
      folderUid: panel.folderUid,
      contentHash: panel.contentHash,
      action: panel.action,
      live: panel.live,
      usedBy: panel.usedBy,
      changes: panel.changes,
      ...(panel.handsNameOver === undefined ? {} : { handsNameOver: panel.handsNameOver }),
      ...(panel.inRecentlyDeleted === undefined ? {} : { inRecentlyDeleted: panel.inRecentlyDeleted }),
      ...(panel.liveDirectoryLeftOut === undefined ? {} : { liveDirectoryLeftOut: panel.liveDirectoryLeftOut }),
    })),
    warnings: plan.warnings,
    summary: plan.summary,
    ...(retried === null ? {} : { retried: toRetriedJson(retried) }),
  };
}

export function renderPlanJson(plan: Plan, retried: RetrySummary | null = null): string {
  return `${escapeJsonOutput(JSON.stringify(toPlanJson(plan, retried), null, 2))}\n`;
}
