import { diffDashboards } from '../diff/diff-dashboards.js';
import type { DashboardEntry } from '../files/types.js';
import { describeOwner, ownerBlocksUpdates } from '../grafana/ownership.js';
import type { DashboardModel, LiveDashboard } from '../grafana/port.js';
import { actionId, type DashboardAction, type LiveDashboardState, type PlanWarning } from './types.js';

export interface DashboardDecision {
  action: DashboardAction;
  /** Set when the owner rule kept a difference from being applied. */
  warning: PlanWarning | null;
}

/**
 * Pure: what apply must do to make one live dashboard match its file. `desired` and
 * `live.model` are both normalized; `contentHash` is the digest of the file, recorded for apply.
 * A dashboard its owner does not let others save (file provisioning without allowUiUpdates,
 * another tool) stays as it is, with a warning naming what was not applied.
 */
export function decideDashboard(entry: DashboardEntry, desired: DashboardModel, live: LiveDashboard | null, contentHash: string): DashboardDecision {
  const base = { kind: 'dashboard' as const, uid: entry.uid, title: entry.title, file: entry.file, folderUid: entry.folderUid, contentHash };
  const dependsOn = entry.folderUid === null ? [] : [actionId('folder', entry.folderUid)];
  if (!live) return { action: { ...base, action: 'create', live: null, changes: [], dependsOn }, warning: null };

  const state = toLiveState(live);
  const changes = diffDashboards(live.model, desired);
  const moved = state.folderUid !== entry.folderUid;
  const differs = moved || changes.length > 0;
  if (differs && ownerBlocksUpdates(live.owner)) {
    const owner = live.owner!;
    const why =
      owner.manager === 'provisioning'
        ? 'is provisioned in Grafana from a file that does not allow UI updates'
        : `is ${describeOwner(owner)}, which does not let others change it`;
    return {
      action: { ...base, action: 'noop', live: state, changes: [], dependsOn: [] },
      warning: {
        kind: 'provisioned',
        uid: entry.uid,
        title: entry.title,
        message: `${entry.uid} "${entry.title}" (${entry.file}) ${why}; dashsync leaves it untouched (${changes.length} difference(s) not applied)`,
      },
    };
  }
  const action = moved ? 'move' : changes.length > 0 ? 'update' : 'noop';
  return { action: { ...base, action, live: state, changes, dependsOn: action === 'noop' ? [] : dependsOn }, warning: null };
}

/** What a plan records of a live dashboard (no model). Pure. */
export function toLiveState(live: LiveDashboard): LiveDashboardState {
  return {
    revision: live.revision,
    version: live.version,
    folderUid: live.folderUid,
    folderTitle: live.folderTitle,
    title: typeof live.model.title === 'string' ? live.model.title.trim() : '',
    updated: live.lastSave.at,
    updatedBy: live.lastSave.by,
    owner: live.owner,
  };
}
