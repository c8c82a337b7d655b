import { DASHSYNC_MARKER } from '../../config/render-commit-message.js';
import type { LastSave, LiveDashboard } from '../port.js';
import type { DashboardVersion, GrafanaApi } from './legacy-api.js';

/**
 * The newest version of each dashboard asked about (one versions request each), with whether
 * dashsync saved it. The login of the credentials is read once, the first time it matters.
 */
type Subject = Pick<LiveDashboard, 'uid' | 'version' | 'lastSave'>;

export function createLastSaveReader(api: GrafanaApi): (dashboard: Subject) => Promise<LastSave> {
  let ownLogin: Promise<string | null> | undefined;
  return async (dashboard) => {
    const [latest] = await api.listDashboardVersions(dashboard.uid, 1);
    if (latest?.parentVersion === 0 && !latest.message.includes(DASHSYNC_MARKER)) {
      ownLogin ??= api.currentLogin();
      return lastSaveFromVersion(dashboard, latest, await ownLogin);
    }
    return lastSaveFromVersion(dashboard, latest, null);
  };
}

/**
 * Pure. Every dashsync save carries the marker in its message, but Grafana's versions list
 * rewrites the message of a dashboard's first version to "Initial save" (every release;
 * grafana-api.md §6), so a dashboard dashsync created carries no marker. There the author
 * decides: our own login created it, anyone else did not. No history at all: unknown.
 */
export function lastSaveFromVersion(dashboard: Subject, latest: DashboardVersion | undefined, ownLogin: string | null): LastSave {
  if (!latest) return { ...dashboard.lastSave, byDashsync: null };
  const marked = latest.message.includes(DASHSYNC_MARKER);
  const createdByUs = latest.parentVersion === 0 && ownLogin !== null && latest.createdBy === ownLogin;
  return {
    by: latest.createdBy,
    at: latest.created,
    message: latest.message,
    byDashsync: marked || createdByUs,
    // Some 12.x history paths report version 0; the version GET returned is the same save.
    version: latest.version || dashboard.version,
  };
}
