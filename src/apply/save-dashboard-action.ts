import type { Settings } from '../config/types.js';
import { GrafanaHttpError, PlanFileError } from '../errors.js';
import type { GrafanaApi } from '../grafana/types.js';
import { normalizeDashboard } from '../normalize/normalize-dashboard.js';
import { readDesired } from '../plan/read-desired.js';
import type { DashboardAction } from '../plan/types.js';
import { diffDashboards } from '../diff/diff-dashboards.js';
import type { ApplyConflict } from './types.js';

export type SaveOutcome =
  | { kind: 'saved'; version: number }
  | { kind: 'conflict'; conflict: ApplyConflict }
  | { kind: 'refused'; message: string };

/**
 * Pushes one create/update/move: `id: null`, the intended folderUid, the planned version
 * with overwrite:false (or overwrite:true with --force). Grafana refuses a dashboard that
 * changed since the plan (412 version-mismatch; 409 on Grafana 13): that is a conflict.
 */
export async function saveDashboardAction(
  action: DashboardAction,
  context: { client: GrafanaApi; settings: Settings; message: string; force: boolean; uniqueTitles: boolean },
): Promise<SaveOutcome> {
  const { client, settings } = context;
  const desired = await readDesired(action.file ?? '', settings);
  if (desired.hash !== action.contentHash) {
    throw new PlanFileError(`${action.file} changed since the plan was made; run dashsync plan again and review the new plan`);
  }
  const dashboard: Record<string, unknown> = { ...desired.model, id: null };
  if (action.live) dashboard.version = action.live.version;
  let overwrite = false;
  if (context.force && action.action !== 'create') {
    const clash = context.uniqueTitles ? await findSameTitle(client, action) : null;
    if (clash) {
      return {
        kind: 'refused',
        message: `not forced: dashboard ${clash} in the target folder has the same title, and this Grafana (≤ 11.2) would overwrite it instead`,
      };
    }
    overwrite = true;
  }
  try {
    const saved = await client.saveDashboard({ dashboard, folderUid: action.folderUid ?? '', message: context.message, overwrite });
    return { kind: 'saved', version: saved.version };
  } catch (error) {
    if (!(error instanceof GrafanaHttpError) || !isVersionConflict(error)) throw error;
    return resolveConflict(action, desired.model, context);
  }
}

/** 412 version-mismatch (Grafana ≤ 12) or 409 (Grafana 13): the dashboard changed since the plan. */
export function isVersionConflict(error: GrafanaHttpError): boolean {
  return (error.status === 412 && error.grafanaStatus === 'version-mismatch') || error.status === 409;
}

/**
 * A refused save is a conflict unless Grafana already holds exactly what we wanted — as after
 * a retried POST whose first attempt did land, or a concurrent apply of the same commit.
 */
async function resolveConflict(
  action: DashboardAction,
  desired: Record<string, unknown>,
  context: { client: GrafanaApi; settings: Settings },
): Promise<SaveOutcome> {
  const live = await context.client.getDashboard(action.uid);
  if (live) {
    const normalized = normalizeDashboard(live.dashboard, { minRefreshInterval: context.settings.minRefreshInterval });
    const sameFolder = (live.meta.folderUid || null) === action.folderUid;
    if (sameFolder && diffDashboards(normalized, desired).length === 0) return { kind: 'saved', version: live.meta.version };
  }
  return {
    kind: 'conflict',
    conflict: {
      uid: action.uid,
      title: action.title,
      file: action.file,
      plannedVersion: action.live?.version ?? null,
      currentVersion: live?.meta.version ?? null,
      changedBy: live?.meta.updatedBy ?? null,
      changedAt: live?.meta.updated ?? null,
    },
  };
}

async function findSameTitle(client: GrafanaApi, action: DashboardAction): Promise<string | null> {
  const wanted = action.title.trim().toLowerCase();
  for await (const hit of client.search({ type: 'dash-db', query: action.title, folderUids: [action.folderUid ?? 'general'] })) {
    if (hit.uid !== action.uid && hit.title.trim().toLowerCase() === wanted && (hit.folderUid || null) === action.folderUid) return hit.uid;
  }
  return null;
}
