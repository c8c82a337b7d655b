import { DASHSYNC_MARKER } from '../../config/render-commit-message.js';
import { isUninterruptedFailure } from '../../errors.js';
import { noteNamesListedSaver, notedPusher } from '../content-note.js';
import { readDashboardVersionSaver } from '../legacy/endpoints/dashboard-versions.js';
import { idOfTypedIdentity, isInternalId } from '../save-authorship.js';
import type { K8sContext } from './k8s-context.js';

/** One `/apis` history entry of dashboard `uid`: its message, who saved it (`user:<uid>`…), and its generation. */
interface HistoryEntrySave {
  message: string;
  savedBy: string;
  generation: number;
}

/** Whether the content note of a history entry names the identity that saved it; null where Grafana does not tell. */
export type NotedSaverCheck = (uid: string, entry: HistoryEntrySave) => Promise<boolean | null>;

/**
 * For the notes noteNamesSaver cannot compare with an `/apis` history's saver as written, what Grafana says of that saver
 * otherwise, so that a whole note copied into someone else's save does not count as dashsync's push, nor its commit as one
 * pushed from: a `by <digits>` note (a service account's internal id, as GET /api/user gives it) against the user table's id
 * the display list gives the entry's saver (internalIdsOf, asked once per identity and port); an `as <name>` note (a push
 * through `/api`, as `api: "auto"` makes classic ones) against the name `/api`'s own read of a version the saver made gives
 * it (GET …/versions/:generation), asked once per saver and port: the name is the identity's, whichever version names it.
 * The first of those reads that is refused, finds nothing or fails ends them for the port: every later `as <name>` note is
 * not told, without a request. So a history of a hundred pushes by a service account renamed since costs one request,
 * not a hundred (review-15 M-2). null where that cannot tell: no marker or note, no saver recorded, Grafana would not name
 * it, or `/api` names it `Anonymous`. Grafana names savers as they are now: a note made before its service account was
 * renamed reads as another saver's, as it does through `/api`.
 */
export function createNotedSaverCheck(context: Pick<K8sContext, 'http'>, internalIdsOf: (uids: readonly string[]) => Promise<Map<string, number>>): NotedSaverCheck {
  /** Saver (the typed identity's id) → the name `/api` gives it ('' when it gave none). */
  const listedNames = new Map<string, Promise<string>>();
  let versionReadsEnded = false;
  const listedNameOf = (saver: string, uid: string, generation: number): Promise<string> => {
    let listed = listedNames.get(saver);
    if (listed === undefined) {
      listed = versionReadsEnded ? Promise.resolve('') : readListedName(uid, generation);
      listedNames.set(saver, listed);
    }
    return listed;
  };
  const readListedName = async (uid: string, generation: number): Promise<string> => {
    try {
      const name = await readDashboardVersionSaver(context.http, uid, generation);
      if (name === null) versionReadsEnded = true;
      return name ?? '';
    } catch (error) {
      // A refusal or failure leaves it as it was: not told.
      if (isUninterruptedFailure(error)) {
        versionReadsEnded = true;
        return '';
      }
      throw error;
    }
  };
  return async (uid, { message, savedBy, generation }) => {
    const pusher = message.includes(DASHSYNC_MARKER) ? notedPusher(message) : null;
    const saver = idOfTypedIdentity(savedBy);
    if (pusher === null || saver === '') return null;
    if (pusher.form === 'name') {
      const listed = await listedNameOf(saver, uid, generation);
      return listed === '' ? null : noteNamesListedSaver(message, listed);
    }
    if (pusher.saver === '' || !isInternalId(pusher.saver)) return null;
    try {
      const id = isInternalId(saver) ? Number(saver) : (await internalIdsOf([saver])).get(saver);
      return id === undefined ? null : id === Number(pusher.saver);
    } catch (error) {
      // A refusal or failure leaves it as it was: not told.
      if (isUninterruptedFailure(error)) return null;
      throw error;
    }
  };
}
