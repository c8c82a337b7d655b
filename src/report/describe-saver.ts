import { ANONYMOUS } from '../grafana/save-authorship.js';

/** What Grafana's legacy SQL storage records in `grafana.app/updatedBy` for a save by user id -1 (getUserID). */
const PROVISIONING = 'provisioning:';

/** A saver `/apis` records and nameSavers looks up (k8s name-savers.ts): `user:<uid or id>`, `service-account:<uid>`. */
const TYPED_IDENTITY = /^(user|service-account):\S+$/;

/** Whether `by` is a typed identity (`user:<uid>`, `service-account:<uid>`), as `/apis` records a saver. */
export function isTypedIdentity(by: string): boolean {
  return TYPED_IDENTITY.test(by);
}

/**
 * Pure: the saver a drift line names, as Grafana recorded it (a login or name on `/api`, a name or typed identity on `/apis`),
 * with what it stands for where Grafana names nobody. Grafana's own words stay (people find them in its version history),
 * but none of them says who it was: `Anonymous` (`/api`'s name for user id -1 or an id gone from the user table: file
 * provisioning, a deleted account, a service account on 11.2–11.5 (11.0–11.1 unread) and on 12.0–12.2), `provisioning:` (`/apis` on
 * legacy storage for id -1: file provisioning, and a service account's save on 12.0–12.2), and no saver at all (`/apis` on
 * legacy storage once the saver's account is deleted). A typed identity left as recorded (`service-account:<uid>`,
 * `user:<uid>`) is one Grafana's display list did not name: on unified storage (13) a deleted account's saves keep it;
 * a display list that failed (a 500, a refusal) names nobody either.
 * `lookup: 'through-api'`: the run reads Grafana through `/api`, which has no display list, so a typed identity (recorded
 * through `/apis`, in a restore's note) was not looked up at all.
 * `of`: whose saver it is; a library panel has no history, and names a deleted account '' (its `meta.updatedBy.name`: the
 * user table's login, joined: libraryelements/database.go).
 */
export function describeSaver(by: string, of: 'dashboard' | 'library panel' = 'dashboard', lookup: 'asked' | 'through-api' = 'asked'): string {
  if (by === '' && of === 'library panel') return 'a saver Grafana no longer names (an account deleted since, say)';
  if (by === '') return "a saver Grafana's history does not name (an account deleted since, say)";
  const typed = TYPED_IDENTITY.exec(by);
  const kind = typed?.[1] === 'user' ? 'user' : 'service account';
  // Recorded by a run through /apis (a restore's note), read by one through /api, which has no display list to ask (review-68a L6).
  if (typed && lookup === 'through-api') return `${by} (a ${kind} as Grafana's /apis records it, which this run through /api cannot look up: run through /apis, api auto or k8s, to see the name)`;
  if (typed) return `${by} (a ${kind} Grafana's display list did not name: deleted since, or the list could not be read)`;
  if (by === PROVISIONING) return '"provisioning:" (file provisioning, or a service account on Grafana 12.0–12.2)';
  if (by === ANONYMOUS) return 'Anonymous (a saver Grafana cannot name: file provisioning, an account deleted since, or a service account on Grafana 11.2–11.5 or 12.0–12.2)';
  return by;
}
