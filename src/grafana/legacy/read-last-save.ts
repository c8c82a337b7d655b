import { DASHSYNC_MARKER } from '../../config/render-commit-message.js';
import type { LastSave, LiveDashboard } from '../port.js';
import { isDashsyncSave, legacySaver } from '../save-authorship.js';
import type { DashboardVersion, GrafanaApi } from './legacy-api.js';

/**
 * The newest version of each dashboard asked about (one versions request each), with whether
 * dashsync saved it. Who these credentials are is read once, the first time it matters (a
 * version that carries the marker, or a first version); a failed lookup leaves it unknown (the marker decides).
 */
type Subject = Pick<LiveDashboard, 'uid' | 'version' | 'lastSave'>;

export function createLastSaveReader(api: GrafanaApi): (dashboard: Subject) => Promise<LastSave> {
  return async (dashboard) => {
    const [latest] = await api.listDashboardVersions(dashboard.uid, 1);
    if (latest && (latest.parentVersion === 0 || latest.message.includes(DASHSYNC_MARKER))) {
      return lastSaveFromVersion(dashboard, latest, (await api.ownIdentity()).saverNames);
    }
    return lastSaveFromVersion(dashboard, latest, null);
  };
}

/**
 * Pure. Every dashsync save carries the marker in its message, and counts as dashsync's when these
 * credentials saved it (save-authorship.ts: a copied message in someone else's save does not).
 * Grafana's versions list rewrites the message of a dashboard's first version to "Initial save"
 * (every release; grafana-api.md §6), so a dashboard dashsync created carries no marker: there the
 * author decides, our own names created it, anyone else did not; a creator Grafana does not name (`Anonymous`:
 * a service account before 11.5) or credentials not known: unknown. No history at all: unknown.
 */
export function lastSaveFromVersion(dashboard: Subject, latest: DashboardVersion | undefined, ownNames: readonly string[] | null): LastSave {
  if (!latest) return { ...dashboard.lastSave, byDashsync: null };
  const saver = legacySaver(latest.createdBy, ownNames);
  const firstVersion = latest.parentVersion === 0;
  const createdByUs = saver === 'unknown' ? null : saver === 'me';
  return {
    by: latest.createdBy,
    at: latest.created,
    message: latest.message,
    byDashsync: firstVersion ? createdByUs : isDashsyncSave(latest.message, saver),
    // Some 12.x history paths report version 0; the version GET returned is the same save.
    version: latest.version || dashboard.version,
  };
}
