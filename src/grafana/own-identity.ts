import { GrafanaHttpError, RequestInterruptedError } from '../errors.js';
import type { GrafanaRequester } from './http/request.js';
import { isObject, type JsonObject } from './http/response-fields.js';
import { idOfTypedIdentity } from './save-authorship.js';
import type { WriteTally } from './port.js';

/** Who these credentials are, as far as authorship needs it (save-authorship.ts). */
export interface OwnIdentity {
  /** The login; null when Grafana names none. */
  login: string | null;
  /** The names `/api`'s version history shows for this identity's saves (legacySaver); null = not known. */
  saverNames: string[] | null;
  /**
   * The id part of GET /api/user's `uid` (typed `service-account:…` for a non-user identity); null when none.
   * For a service account Grafana answers its internal numeric id there (GetSignedInUser: `GetID()`), which no
   * history records: k8sSaver and the content note treat an all-digit id as unknown (`/apis` looks the recorded
   * uid up: k8s/recorded-uid.ts).
   */
  uid: string | null;
  /** Whether GET /api/user's `uid` is typed `service-account:`. */
  serviceAccount: boolean;
}

/** One GET /api/user per run, shared by every question about the credentials (failures included: asked once). */
export interface IdentityLookup {
  /** The profile; rejects (every time, with the one error) when the request failed. For what cannot go on without it (the namespace). */
  profile(tally?: WriteTally): Promise<JsonObject>;
  /** The identity for authorship; a failed lookup gives an unknown identity (the marker decides), never an error. */
  identity(tally?: WriteTally): Promise<OwnIdentity>;
  /** Why the lookup failed (`HTTP 500`, `no response`), null when it did not fail or was not made. */
  failure(): string | null;
  /** The org these credentials act in when no org id is sent (GET /api/user's `orgId`); null when the lookup failed. */
  orgId(tally?: WriteTally): Promise<number | null>;
}

const UNKNOWN: OwnIdentity = { login: null, saverNames: null, uid: null, serviceAccount: false };

export function createIdentityLookup(http: GrafanaRequester): IdentityLookup {
  let answer: Promise<JsonObject> | undefined;
  let failed: string | null = null;
  const profile = (tally?: WriteTally) => {
    answer ??= http.send('GET', '/api/user', undefined, undefined, { tally }).then((body) => (isObject(body) ? body : {}));
    return answer;
  };
  return {
    profile,
    async identity(tally) {
      try {
        return identityFromProfile(await profile(tally));
      } catch (error) {
        // Ctrl-C is not an answer about the credentials.
        if (error instanceof RequestInterruptedError) throw error;
        failed = error instanceof GrafanaHttpError ? (error.status === 0 ? 'no response' : `HTTP ${error.status}`) : 'unreadable answer';
        return UNKNOWN;
      }
    },
    failure: () => failed,
    async orgId(tally) {
      try {
        const orgId = (await profile(tally)).orgId;
        return typeof orgId === 'number' && Number.isInteger(orgId) && orgId > 0 ? orgId : null;
      } catch (error) {
        if (error instanceof RequestInterruptedError) throw error;
        return null;
      }
    },
  };
}

/** Pure: GET /api/user's answer as authorship reads it. */
export function identityFromProfile(user: JsonObject): OwnIdentity {
  const login = typeof user.login === 'string' && user.login !== '' ? user.login : null;
  const typedUid = typeof user.uid === 'string' ? user.uid : '';
  const serviceAccount = typedUid.startsWith('service-account:');
  const name = typeof user.name === 'string' ? user.name : '';
  // Grafana 11.5+ shows a service account's saves by its name (getIdentityName), older releases `Anonymous`.
  const saverNames = login === null ? null : serviceAccount && name !== '' && name !== login ? [login, name] : [login];
  return { login, saverNames, uid: idOfTypedIdentity(typedUid) || null, serviceAccount };
}

/** Pure: the name `/api`'s version list shows for this identity's saves (a login; a service account's name, 11.5+); null when not known. */
export function listedSaverName(identity: OwnIdentity): string | null {
  return identity.saverNames?.at(-1) ?? null;
}
