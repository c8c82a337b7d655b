import { DASHSYNC_MARKER } from '../config/render-commit-message.js';
import { GrafanaHttpError } from '../errors.js';
import type { DashboardVersion, GrafanaApi } from '../grafana/types.js';
import type { PlanWarning } from './types.js';

/**
 * Pure: a drift warning when the newest live version of a dashboard was not saved by
 * dashsync — someone edited it in Grafana, and applying will overwrite that edit.
 *
 * Grafana's versions list rewrites the message of a dashboard's first version to
 * "Initial save" (every release; grafana-api.md §6), so a dashboard dashsync created
 * carries no marker. There the author decides: our own login created it, anyone else did not.
 */
export function driftFromVersion(
  dashboard: DriftSubject,
  latest: DashboardVersion | undefined,
  ownLogin: string | null,
): PlanWarning | null {
  if (!latest) return null;
  if (latest.message.includes(DASHSYNC_MARKER)) return null;
  if (latest.parentVersion === 0 && ownLogin !== null && latest.createdBy === ownLogin) return null;
  return {
    kind: 'drift',
    uid: dashboard.uid,
    // The title people see in Grafana now, which the edit may have changed.
    title: dashboard.live?.title || dashboard.title,
    // Some 12.x history paths report version 0; the version GET returned is the same save.
    version: latest.version || (dashboard.live?.version ?? 0),
    updatedBy: latest.createdBy,
    updated: latest.created,
    message: latest.message,
  };
}

/** The dashboard a drift check is about: uid, title and, when known, the live version seen. */
export interface DriftSubject {
  uid: string;
  title: string;
  live?: { version: number; title?: string } | null;
}

export interface DriftChecker {
  /** One versions request (newest version only); null when dashsync saved it last. */
  check(dashboard: DriftSubject): Promise<PlanWarning | null>;
  /** A warning when the version history could not be read for some dashboards. */
  notes(): PlanWarning[];
}

/**
 * Reads the newest version of each dashboard that differs. The versions API needs
 * `dashboards:write`: a read-only token (Viewer) gets 403 there, which must not fail the
 * plan — those dashboards are listed once as "drift not checked" instead.
 */
export function createDriftChecker(client: GrafanaApi): DriftChecker {
  let ownLogin: Promise<string | null> | undefined;
  const denied: string[] = [];
  return {
    async check(dashboard) {
      let latest: DashboardVersion | undefined;
      try {
        [latest] = await client.listDashboardVersions(dashboard.uid, 1);
      } catch (error) {
        if (error instanceof GrafanaHttpError && (error.status === 403 || error.status === 401)) {
          denied.push(dashboard.uid);
          return null;
        }
        throw error;
      }
      if (latest?.parentVersion === 0 && !latest.message.includes(DASHSYNC_MARKER)) {
        ownLogin ??= client.currentLogin();
        return driftFromVersion(dashboard, latest, await ownLogin);
      }
      return driftFromVersion(dashboard, latest, null);
    },
    notes() {
      if (denied.length === 0) return [];
      const sorted = [...denied].sort();
      const shown = sorted.slice(0, 5).join(', ') + (sorted.length > 5 ? `, … (${sorted.length - 5} more)` : '');
      return [
        {
          kind: 'other',
          uid: null,
          message:
            `drift not checked for ${sorted.length} dashboard(s) (${shown}): these credentials may not read version history ` +
            '(Grafana answers 403; it needs dashboards:write), so edits made in Grafana cannot be detected; plan with an Editor token to see them',
        },
      ];
    },
  };
}
