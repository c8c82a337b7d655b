import type { Settings } from '../config/types.js';
import { diffDashboards } from '../diff/diff-dashboards.js';
import { GrafanaHttpError, PlanFileError } from '../errors.js';
import type { GrafanaApi } from '../grafana/types.js';
import { normalizeDashboard } from '../normalize/normalize-dashboard.js';
import { readDesired, type DesiredDashboard } from '../plan/read-desired.js';
import type { DashboardAction } from '../plan/types.js';
import type { ApplyConflict } from './types.js';

export type SaveOutcome =
  | { kind: 'saved'; version: number }
  | { kind: 'conflict'; conflict: ApplyConflict }
  | { kind: 'refused'; message: string };

export interface SaveContext {
  client: GrafanaApi;
  settings: Pick<Settings, 'cwd' | 'inputs' | 'minRefreshInterval'>;
  message: string;
  force: boolean;
  /** Set with --force on a Grafana that enforces unique titles (≤ 11.2): the uid of a dashboard an overwrite would take over. */
  findTakeover: ((uid: string, title: string, folderUid: string | null) => Promise<string | null>) | null;
}

/**
 * Pushes one create/update/move: `id: null`, the intended folderUid, the planned version
 * with overwrite:false (overwrite:true with --force). Grafana refuses a dashboard that
 * changed since the plan (412 version-mismatch; 409 on Grafana 13): that is a conflict.
 */
export async function saveDashboardAction(action: DashboardAction, context: SaveContext): Promise<SaveOutcome> {
  const { client } = context;
  if (!action.file) throw new PlanFileError(`the plan has no file for ${action.uid}; run dashsync plan again`);
  const desired = await readDesired(action.file, context.settings);
  if (desired.hash !== action.contentHash) {
    throw new PlanFileError(`${action.file} changed since the plan was made; run dashsync plan again and review the new plan`);
  }
  const dashboard: Record<string, unknown> = { ...desired.model, id: null };
  if (action.live) dashboard.version = action.live.version;
  let overwrite = false;
  if (context.force) {
    const other = context.findTakeover ? await context.findTakeover(action.uid, action.title, action.folderUid) : null;
    if (other) {
      return {
        kind: 'refused',
        message: `not forced: dashboard ${other} in the target folder has the same title, and this Grafana (≤ 11.2) would overwrite ${other} instead; rename one of them`,
      };
    }
    overwrite = true;
  }
  try {
    const saved = await client.saveDashboard({ dashboard, folderUid: action.folderUid ?? '', message: context.message, overwrite });
    return { kind: 'saved', version: saved.version };
  } catch (error) {
    if (!(error instanceof GrafanaHttpError) || !isVersionConflict(error)) throw error;
    return resolveConflict(action, desired, context);
  }
}

/** 412 version-mismatch (Grafana ≤ 12) or 409 (Grafana 13): the dashboard changed since the plan. */
export function isVersionConflict(error: GrafanaHttpError): boolean {
  return (error.status === 412 && error.grafanaStatus === 'version-mismatch') || error.status === 409;
}

/**
 * A refused save is a conflict unless Grafana already holds exactly what we wanted in the
 * intended folder — as after a POST retried on a dropped connection whose first attempt did
 * land, or a concurrent apply of the same commit.
 */
async function resolveConflict(action: DashboardAction, desired: DesiredDashboard, context: SaveContext): Promise<SaveOutcome> {
  const live = await context.client.getDashboard(action.uid);
  if (live) {
    const normalized = normalizeDashboard(live.dashboard, { minRefreshInterval: context.settings.minRefreshInterval });
    const sameFolder = (live.meta.folderUid || null) === action.folderUid;
    if (sameFolder && diffDashboards(normalized, desired.model).length === 0) return { kind: 'saved', version: live.meta.version };
  }
  return {
    kind: 'conflict',
    conflict: {
      uid: action.uid,
      title: action.title,
      action: action.action,
      file: action.file,
      plannedVersion: action.live?.version ?? null,
      currentVersion: live?.meta.version ?? null,
      changedBy: live?.meta.updatedBy ?? null,
      changedAt: live?.meta.updated ?? null,
    },
  };
}
