import pLimit from 'p-limit';
import { GrafanaHttpError } from '../../errors.js';
import type { GrafanaPort, WriteTally } from '../port.js';

/**
 * What a dashboard Grafana connects to a library panel is now: `live` (Grafana gives it), `trashed` (Grafana 11's
 * "Recently deleted": its connections stay while a read answers 404), or `unreadable` (a read answers 403: a live
 * dashboard these credentials may not see, which still holds the panel — Grafana 11.6's delete looks holders up as
 * its service identity, so it does not let such a one go).
 */
export type LibraryPanelHolderState = { state: 'live'; title: string } | { state: 'trashed' } | { state: 'unreadable' };

/**
 * Reads each connected dashboard once, `concurrency` at a time, and says what it is (LibraryPanelHolderState). Only
 * where "Recently deleted" keeps connections (Capabilities.softDeleteTrash) does a 404 mean trashed; elsewhere the caller
 * has no reason to ask.
 */
export async function judgeLibraryPanelHolders(
  grafana: Pick<GrafanaPort, 'getDashboard'>,
  dashboardUids: readonly string[],
  options: { concurrency: number; tally?: WriteTally },
): Promise<Map<string, LibraryPanelHolderState>> {
  const limit = pLimit(Math.max(1, options.concurrency));
  const judged = await Promise.all(
    [...new Set(dashboardUids)].map((uid) =>
      limit(async (): Promise<[string, LibraryPanelHolderState]> => {
        try {
          const live = await grafana.getDashboard(uid, options.tally);
          return [uid, live ? { state: 'live', title: typeof live.model.title === 'string' ? live.model.title : '' } : { state: 'trashed' }];
        } catch (error) {
          if (error instanceof GrafanaHttpError && error.status === 403) return [uid, { state: 'unreadable' }];
          throw error;
        }
      }),
    ),
  );
  return new Map(judged);
}
