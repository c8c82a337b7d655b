import { diffDashboards } from '../diff/diff-dashboards.js';
import type { DashboardEntry } from '../files/types.js';
import { contentHash as contentHashOf } from '../normalize/content-hash.js';
import type { DashboardMeta, DashboardModel } from '../grafana/types.js';
import type { DashboardAction, LiveDashboardState } from './types.js';

export interface NormalizedLive {
  dashboard: DashboardModel;
  meta: DashboardMeta;
}

/**
 * Pure: what apply must do to make one live dashboard match its file. Both models are
 * normalized; `contentHash` is the desired model's. Equal hashes mean equal canonical forms,
 * so the field diff (the costly part of planning an unchanged dashboard) is skipped.
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
  const changes = contentHashOf(live.dashboard) === contentHash ? [] : diffDashboards(live.dashboard, desired);
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
