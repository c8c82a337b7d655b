import { GrafanaHttpError } from '../../errors.js';
import type { V2LibraryPanelUsersOptions } from '../port.js';
import type { GrafanaApi } from './legacy-api.js';
import { readEach } from './read-each.js';

/**
 * Whether the org holds a dashboard stored as v2: `/api` answers its GET with 406 (it cannot give a v2 dashboard),
 * so there is no reading which library panels it uses. Every dashboard the search lists is asked for (its answer
 * is not parsed), `concurrency` at a time, but those `readAsV1` names (already read as v1 by the caller); stops at
 * the first 406, or when `signal` aborts.
 */
export async function anyStoredAsV2(api: Pick<GrafanaApi, 'search' | 'receiveDashboard'>, options: V2LibraryPanelUsersOptions = {}): Promise<boolean> {
  const uids: string[] = [];
  for await (const hit of api.search({ type: 'dash-db' })) if (!options.readAsV1?.has(hit.uid)) uids.push(hit.uid);
  const read = async (uid: string): Promise<boolean> => {
    try {
      await api.receiveDashboard(uid);
      return false;
    } catch (error) {
      if (error instanceof GrafanaHttpError && error.status === 406) return true;
      throw error;
    }
  };
  for await (const v2 of readEach(uids, options.concurrency ?? DEFAULT_CONCURRENCY, read, options.signal)) if (v2) return true;
  return false;
}

/** Reads in flight when the caller names none. */
const DEFAULT_CONCURRENCY = 4;
