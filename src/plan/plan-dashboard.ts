import { diffDashboards } from '../diff/diff-dashboards.js';
import type { DashboardEntry } from '../files/types.js';
import type { DashboardMeta, DashboardModel } from '../grafana/types.js';
import type { DashboardAction, LiveDashboardState } from './types.js';

export interface NormalizedLive {
  dashboard: DashboardModel;
  meta: DashboardMeta;
}

/**
 * Pure: what apply must do to make one live dashboard match its file. Both models are
 * normalized; `contentHash` is the digest of the file, recorded for apply.
 */
export function planDashboard(entry: DashboardEntry, desired: DashboardModel, live: NormalizedLive | null, contentHash: string): DashboardAction {
  const base = {
    uid: entry.uid,
    title: entry.title,
    file: entry.file,
    folderUid: entry.folderUid,
    contentHash,
  };
  if (!live) return { ...base, action: 'create', live: null, changes: [] };

  const liveState = toLiveState(live);
  const changes = diffDashboards(live.dashboard, desired);
  const moved = liveState.folderUid !== entry.folderUid;
  const action = moved ? 'move' : changes.length > 0 ? 'update' : 'noop';
  return { ...base, action, live: liveState, changes };
}

export function toLiveState(live: NormalizedLive): LiveDashboardState {
  return {
    version: live.meta.version,
    folderUid: live.meta.folderUid === '' ? null : live.meta.folderUid,
    folderTitle: live.meta.folderTitle,
    title: typeof live.dashboard.title === 'string' ? live.dashboard.title : '',
    updated: live.meta.updated,
    updatedBy: live.meta.updatedBy,
    provisioned: live.meta.provisioned,
  };
}
