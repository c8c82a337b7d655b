import { GrafanaHttpError } from '../errors.js';
import type { GrafanaApi } from '../grafana/types.js';
import { driftFromVersion } from '../plan/detect-drift.js';
import type { LiveAuthor } from './decide-pull-file.js';

/** Who saved a live dashboard last, with what the report shows about it. */
export interface LiveAuthorship {
  author: LiveAuthor;
  /** The newest version; 0 when unknown. */
  version: number;
  /** Login and time of that save when someone else made it. */
  by?: string;
  at?: string;
}

export interface LiveAuthorReader {
  read(dashboard: { uid: string; title: string; version: number }): Promise<LiveAuthorship>;
}

/**
 * Reads the newest version of a dashboard (one request) and tells whether dashsync wrote it,
 * by the same rule as the plan's drift warning (the `dashsync:` marker; a first version made
 * by our own login). A 401/403 on the history (a Viewer token) is `unknown`, not a failure.
 */
export function createLiveAuthorReader(client: GrafanaApi): LiveAuthorReader {
  let ownLogin: Promise<string | null> | undefined;
  return {
    async read(dashboard) {
      let latest;
      try {
        [latest] = await client.listDashboardVersions(dashboard.uid, 1);
      } catch (error) {
        if (error instanceof GrafanaHttpError && (error.status === 401 || error.status === 403)) return { author: 'unknown', version: dashboard.version };
        throw error;
      }
      if (!latest) return { author: 'unknown', version: dashboard.version };
      if (latest.parentVersion === 0) ownLogin ??= client.currentLogin();
      const drift = driftFromVersion({ uid: dashboard.uid, title: dashboard.title, live: { version: dashboard.version } }, latest, latest.parentVersion === 0 ? await ownLogin! : null);
      if (!drift || drift.kind !== 'drift') return { author: 'dashsync', version: latest.version || dashboard.version };
      return { author: 'someone-else', version: drift.version, by: drift.updatedBy || 'unknown', at: drift.updated };
    },
  };
}
