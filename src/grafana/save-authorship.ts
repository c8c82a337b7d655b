import { DASHSYNC_MARKER } from '../config/render-commit-message.js';

/** What `/api` shows where it cannot name a saver (pkg/api: anonString). */
export const ANONYMOUS = 'Anonymous';

/** Who saved a version, measured against the identity of these credentials. */
export type Saver = 'me' | 'someone-else' | 'unknown';

/**
 * The one rule for "did dashsync make this save" (README "Plan", drift; docs/plan.md). The marker in the version
 * message says a dashsync push wrote it, but anyone can copy a message; so a marked save counts as dashsync's
 * only when Grafana records these credentials as its saver. Where dashsync cannot tell who saved it (its own
 * identity unknown, or Grafana names no saver: `Anonymous`, an empty `updatedBy`), the marker alone decides,
 * as before. A save by another identity is someone else's here; a push through `/apis` carries a content note naming
 * its own identity, which settles it for any credentials first (content-note.ts noteNamesSaver). Pure.
 */
export function isDashsyncSave(message: string, saver: Saver): boolean {
  return message.includes(DASHSYNC_MARKER) && saver !== 'someone-else';
}

/**
 * `/api`: a version's `createdBy` against the names these credentials' saves are shown by (ownNames: the login,
 * and a service account's name, which Grafana 11.5+ shows instead of its login); null = not known. Grafana shows
 * `Anonymous` where it cannot name the saver (11.x for every service account, provisioning). Pure.
 */
export function legacySaver(createdBy: string, ownNames: readonly string[] | null): Saver {
  if (ownNames === null || ownNames.length === 0 || createdBy === '' || createdBy === ANONYMOUS) return 'unknown';
  return ownNames.includes(createdBy) ? 'me' : 'someone-else';
}

/**
 * `/apis`: a typed identity (`user:<uid>`, `service-account:<uid>`) against the uid of these credentials (null =
 * not known). Compared by uid alone: legacy SQL storage records every saver as `user:<uid>`, service accounts
 * included. No uid (`provisioning:`, an empty annotation): unknown. An own id of digits only is what GET /api/user
 * answers for a service account (its internal id, not the uid histories record): it cannot be compared, unknown. Pure.
 */
export function k8sSaver(savedBy: string, ownUid: string | null): Saver {
  const uid = idOfTypedIdentity(savedBy);
  if (ownUid === null || isInternalId(ownUid) || uid === '') return 'unknown';
  return uid === ownUid ? 'me' : 'someone-else';
}

/** Who saved an `/apis` history entry: its `updatedBy`, or for the first generation its `createdBy` (an empty updatedBy of a later one is unknown, not the creator). Pure. */
export function k8sSavedBy(generation: number, createdBy: string, updatedBy: string): string {
  return generation > 1 ? updatedBy : updatedBy || createdBy;
}

/** Pure: the id part of a typed identity (`user:<uid>` → `<uid>`; an untyped one as it is). */
export function idOfTypedIdentity(typed: string): string {
  return typed.slice(typed.indexOf(':') + 1);
}

/** GET /api/user's id for a service account: its internal numeric id (or empty: none). */
export function isInternalId(id: string): boolean {
  return /^\d*$/.test(id);
}
