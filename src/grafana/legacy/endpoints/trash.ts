import { AnswerCutOffError, GrafanaHttpError, TrashFolderGoneError, isUninterruptedFailure } from '../../../errors.js';
import type { GrafanaRequester } from '../../http/request.js';
import type { TrashRestore, WriteTally } from '../../port.js';
import { segment } from '../../http/response-fields.js';
import { scopedTally } from '../../write-tally-scope.js';
import type { SearchHit, SearchParams } from '../legacy-api.js';

/** Releases without the trash routes (12+) answer 404 (405 from some proxies): "no trash here", not an error. */
const NO_SUCH_ROUTE_OR_ENTRY = [404, 405] as const;

/** DELETE /api/dashboards/uid/:uid/trash (11.x soft delete): false when there is nothing to purge. */
export async function purgeFromTrash(http: GrafanaRequester, uid: string, tally?: WriteTally): Promise<boolean> {
  const body = await http.send('DELETE', `/api/dashboards/uid/${segment(uid)}/trash`, undefined, NO_SUCH_ROUTE_OR_ENTRY, { tally });
  return body !== undefined;
}

/**
 * PATCH /api/dashboards/uid/:uid/trash, optionally into another folder; no entry to restore is `not-restored`, or
 * `unconfirmed` when the PATCH had been sent before (a lost answer, a 502…): that send may have restored it, or when
 * Grafana answered it 2xx and the answer was cut off mid-body (it did: the caller reads it back).
 * Into a folder that no longer exists: TrashFolderGoneError (RestoreDashboard's ErrFolderRestoreNotFound, a 400).
 */
export async function restoreFromTrash(http: GrafanaRequester, uid: string, folderUid?: string): Promise<TrashRestore> {
  const request = folderUid === undefined ? {} : { folderUid };
  // Counts the sends: a 404 to the second one does not say the first went nowhere. Into the restore's own tally where
  // there is one (countWritesInto): Ctrl-C then knows this PATCH went out, and its retries name the uid.
  const tally: WriteTally = scopedTally() ?? { sent: 0 };
  const before = tally.sent;
  try {
    const body = await http.send('PATCH', `/api/dashboards/uid/${segment(uid)}/trash`, request, NO_SUCH_ROUTE_OR_ENTRY, { tally });
    if (body !== undefined) return 'restored';
    return tally.sent - before > 1 ? 'unconfirmed' : 'not-restored';
  } catch (error) {
    if (error instanceof AnswerCutOffError) return 'unconfirmed';
    if (error instanceof GrafanaHttpError && error.status === 400 && /restoring folder not found/i.test(error.grafanaMessage)) {
      throw new TrashFolderGoneError(error.method, error.path, error.status, error.grafanaMessage, error.grafanaStatus, error.attempts);
    }
    throw error;
  }
}

/**
 * The dashboards in 11.x's "Recently deleted" (`GET /api/search?deleted=true`, which only org Admins may ask: others get 401;
 * with the toggle off it lists nothing). null when the listing cannot be read: refused (401, 403), no such search (404),
 * or any other failed answer (a 5xx, a proxy's error, no answer) — it only ever informs a warning or a message, so it
 * never fails the run that asked. Ctrl-C still stops the run.
 */
export async function listTrashed(search: (params: SearchParams) => AsyncIterable<SearchHit>): Promise<SearchHit[] | null> {
  const listed = await readTrash(search);
  return listed === 'refused' ? null : listed;
}

/** listTrashed, telling a refusal (401, 403: the credentials are not an org Admin's) from the other failures (null). */
export async function readTrash(search: (params: SearchParams) => AsyncIterable<SearchHit>): Promise<SearchHit[] | 'refused' | null> {
  const hits: SearchHit[] = [];
  try {
    for await (const hit of search({ type: 'dash-db', deleted: true })) hits.push(hit);
  } catch (error) {
    if (isUninterruptedFailure(error)) return error.status === 401 || error.status === 403 ? 'refused' : null;
    throw error;
  }
  return hits;
}
