import { DASHSYNC_MARKER } from '../config/render-commit-message.js';
import type { GrafanaApi } from '../grafana/types.js';
import type { PlanWarning } from './types.js';

/**
 * A drift warning when the newest live version of a dashboard was not saved by dashsync:
 * someone edited it in Grafana, and applying will overwrite that edit.
 *
 * Grafana rewrites the message of a dashboard's first version to "Initial save", so a
 * dashboard dashsync created carries no marker; there the author decides (our own login).
 */
export async function detectDrift(
  client: GrafanaApi,
  dashboard: { uid: string; title: string },
  ownLogin: () => Promise<string | null>,
): Promise<PlanWarning | null> {
  const [latest] = await client.listDashboardVersions(dashboard.uid, 1);
  if (!latest) return null;
  if (latest.message.includes(DASHSYNC_MARKER)) return null;
  if (latest.parentVersion === 0 && latest.createdBy === (await ownLogin())) return null;
  return {
    kind: 'drift',
    uid: dashboard.uid,
    title: dashboard.title,
    version: latest.version,
    updatedBy: latest.createdBy,
    updated: latest.created,
    message: latest.message,
  };
}
