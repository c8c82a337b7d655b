import pLimit from 'p-limit';
import { GrafanaHttpError, PermissionError } from '../errors.js';
import type { DashboardSummary, GrafanaPort } from '../grafana/port.js';
import type { OnlyInGit } from './types.js';
import { compareCodeUnitsBy } from '../compare-code-units.js';

export interface UnlistedDashboards {
  /** There after all: the search index had not caught up with a create or a move. Pull them like any listed one. */
  found: DashboardSummary[];
  /** Reading them is refused (403): they exist, but these credentials cannot see them. */
  refused: Set<string>;
}

/**
 * Reads, one by one (at most `concurrency` at a time), the dashboards of the tree that the listing
 * did not show. On `/api` of Grafana 12 and later the listing is a search whose index lags behind
 * writes (grafana-api.md §4), so a dashboard created or moved seconds ago may be missing from it:
 * only a 404 proves one is gone. One stored as a v2 dashboard (406 on `/api`) is there too; it
 * keeps the tree's title and folder, and pulling it then says what to do.
 */
export async function confirmUnlistedDashboards(grafana: Pick<GrafanaPort, 'getDashboard'>, unlisted: readonly OnlyInGit[], concurrency: number): Promise<UnlistedDashboards> {
  const limit = pLimit(Math.max(1, concurrency));
  const found: DashboardSummary[] = [];
  const refused = new Set<string>();
  await Promise.all(
    unlisted.map((entry) =>
      limit(async () => {
        try {
          const live = await grafana.getDashboard(entry.uid);
          if (live !== null) found.push({ uid: entry.uid, title: liveTitle(live.model) ?? entry.title, folderUid: live.folderUid });
        } catch (error) {
          if (error instanceof PermissionError) refused.add(entry.uid);
          else if (error instanceof GrafanaHttpError && error.status === 406) found.push({ uid: entry.uid, title: entry.title, folderUid: entry.folderUid });
          else throw error;
        }
      }),
    ),
  );
  found.sort(compareCodeUnitsBy(({ uid }) => uid));
  return { found, refused };
}

function liveTitle(model: Record<string, unknown>): string | null {
  return typeof model.title === 'string' ? model.title : null;
}
