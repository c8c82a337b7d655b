import { GrafanaHttpError } from '../../errors.js';
import type { GrafanaApi } from './legacy-api.js';
import { readEach } from './read-each.js';

/** Reads in flight while looking: the answers are taken as bytes and never parsed. */
const CONCURRENCY = 4;

/**
 * Whether the org holds a dashboard stored as v2: `/api` answers its GET with 406 (it cannot give a v2 dashboard),
 * so there is no reading which library panels it uses. Every dashboard the search lists is asked for (its answer
 * is not parsed); stops at the first 406.
 */
export async function anyStoredAsV2(api: Pick<GrafanaApi, 'search' | 'receiveDashboard'>): Promise<boolean> {
  const uids: string[] = [];
  for await (const hit of api.search({ type: 'dash-db' })) uids.push(hit.uid);
  const read = async (uid: string): Promise<boolean> => {
    try {
      await api.receiveDashboard(uid);
      return false;
    } catch (error) {
      if (error instanceof GrafanaHttpError && error.status === 406) return true;
      throw error;
    }
  };
  for await (const v2 of readEach(uids, CONCURRENCY, read)) if (v2) return true;
  return false;
}
