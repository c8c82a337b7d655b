import type { NotedPusher } from '../grafana/content-note.js';
import type { LibraryPanelSaver } from '../grafana/port.js';
import { isInternalId } from '../grafana/save-authorship.js';
import type { UncarriedCommit } from './find-uncarried-commit.js';
import type { PushNearPanel } from './find-dashsync-push-near-panel.js';

/**
 * The login prefix of Grafana's service accounts (pkg/services/serviceaccounts: `sa-<org id>-<name, lower-cased>`). `/api`'s
 * version list names a service account by its name (11.5+), the panel's meta by this login: the two cannot be compared.
 */
const SERVICE_ACCOUNT_LOGIN = 'sa-';

/** Why a push's identity could not be compared with a library panel's creator or last saver. */
export type UnmatchedBecause =
  /** The uid an `/apis` note records: Grafana's display list did not name it to these credentials (or this API cannot ask). */
  | 'uid-not-named'
  /** An `/api` note names a service account by its name; the panel's meta names it by login. */
  | 'service-account-name'
  /** The panel's meta names no login: the user is gone. */
  | 'saver-gone'
  /** The panel's creator and last saver were not read. */
  | 'savers-not-read';

/**
 * Why a `_library/` file's committed change is refused although neither the panel's creator nor its last saver is these
 * credentials' identity, or whose save that was: `pushed-with`, one of them is an identity that pushed a dashboard using the
 * panel for dashsync; `own-login`, one of them is the login these credentials use; `unmatched`, a push's identity could not
 * be compared with them; `unreadable`, a dashboard using it could not be read to tell; `outside-push`, `after-pushes` and `unconfirmed-push`, none
 * of them is such an identity, but no push of dashsync's on the dashboards using it is known to have carried the file's newest
 * commit (findUncarriedCommit).
 */
export type PanelSaverEvidence =
  | { kind: 'pushed-with'; saver: PanelSaverRole; login: string; dashboard: string }
  | { kind: 'own-login'; saver: PanelSaverRole; login: string }
  | { kind: 'unmatched'; dashboard: string; because: UnmatchedBecause }
  | { kind: 'unreadable' }
  /**
   * None of them is such an identity, and nothing shows that Grafana had the file's content: no push of dashsync's on those
   * dashboards, no record of a pull or apply of it (`record`: the record's directories read, as shown, for the line to name).
   */
  | { kind: 'unaccounted'; record: readonly string[] }
  | UncarriedCommit;

type PanelSaverRole = 'creator' | 'last saver';

/**
 * Pure: whether a library panel's creator or last saver (Grafana's user table ids and logins) is an identity that pushed a
 * dashboard using the panel for dashsync (`pushes`: their content notes). A note names a uid (`/apis`: `ids` gives the user
 * table's id Grafana's display list answered for it; digits are that id already) or a name (`/api`: a login, compared with
 * the meta's login). null: none of them is, and every push could be compared with both; else the first match, or the
 * first push that could not be compared.
 */
export function judgePanelSavers(
  savers: { created: LibraryPanelSaver; updated: LibraryPanelSaver } | undefined,
  pushes: readonly PushNearPanel[],
  ids: ReadonlyMap<string, number>,
): Exclude<PanelSaverEvidence, { kind: 'own-login' | 'unreadable' | UncarriedCommit['kind'] }> | null {
  if (savers === undefined) return pushes[0] ? { kind: 'unmatched', dashboard: pushes[0].dashboard, because: 'savers-not-read' } : null;
  let unmatched: (PanelSaverEvidence & { kind: 'unmatched' }) | null = null;
  for (const [saver, who] of [['last saver', savers.updated], ['creator', savers.created]] as const) {
    for (const push of pushes) {
      const same = sameIdentity(push.pusher, who, ids);
      if (same === true) return { kind: 'pushed-with', saver, login: who.login, dashboard: push.dashboard };
      if (same !== false) unmatched ??= { kind: 'unmatched', dashboard: push.dashboard, because: same };
    }
  }
  return unmatched;
}

/** Pure: whether a login Grafana gives is a service account's (`sa-<org id>-<name>`), which no one logs in as. */
export function isServiceAccountLogin(login: string): boolean {
  return login.startsWith(SERVICE_ACCOUNT_LOGIN);
}

function sameIdentity(pusher: NotedPusher, saver: LibraryPanelSaver, ids: ReadonlyMap<string, number>): boolean | UnmatchedBecause {
  if (pusher.form === 'uid') {
    const id = isInternalId(pusher.saver) ? Number(pusher.saver) : ids.get(pusher.saver);
    return id === undefined ? 'uid-not-named' : id === saver.id;
  }
  if (saver.login === '') return 'saver-gone';
  if (pusher.saver === saver.login) return true;
  return isServiceAccountLogin(saver.login) ? 'service-account-name' : false;
}
