import type { Identity } from './authenticate.js';
import type { EraRules } from './era.js';

/**
 * The typed identity Grafana writes into grafana.app/createdBy and updatedBy (authlib claims.NewTypeID):
 * `user:<uid>`, `service-account:<uid>`; file provisioning (created_by -1) is `provisioning:`. Legacy SQL
 * storage (`storage: 'legacy'`) builds it from the row's user column: `user:<uid>` for every saver of the user
 * table, service accounts included (pkg/registry/apis/dashboard/legacy/sql_dashboards.go getUserID).
 */
export function identityRef(identity: Pick<Identity, 'kind' | 'uid'>, storage: 'legacy' | 'unified' = 'unified'): string {
  return `${identity.kind === 'service-account' && storage === 'unified' ? 'service-account' : 'user'}:${identity.uid}`;
}

/**
 * Who `/api` says saved a dashboard (meta.createdBy/updatedBy, the versions' createdBy): a user's login; a service
 * account by era.serviceAccountSaver (its name, or `Anonymous` on 11.2), as named at the save. Grafana looks the
 * saver up at every read, and so does the sandbox (saver-names.ts saverNameNow, from the recorded user id): this is
 * only its fallback for records without one (older state files).
 */
function legacySaverName(identity: Pick<Identity, 'kind' | 'login' | 'name'>, era: Pick<EraRules, 'serviceAccountSaver'>): string {
  if (identity.kind !== 'service-account') return identity.login;
  return era.serviceAccountSaver === 'name' ? identity.name : 'Anonymous';
}

export const PROVISIONING_REF = 'provisioning:';

/** The user id the legacy dashboard store records for file provisioning, and for any caller it has no user id for. */
const PROVISIONING_USER_ID = -1;

/** What a dashboard save records of its saver: the user-table id, `/api`'s name at the save, the typed identity `/apis` shows. */
interface RecordedSaver {
  userId: number;
  name: string;
  ref: string;
}

/**
 * The saver a dashboard save records. 12.0–12.2 on legacy storage (era.serviceAccountSavedAsProvisioning) store a
 * service account's save as user -1, file provisioning's id: `/api` names it `Anonymous`, `/apis` `provisioning:`.
 */
export function recordedSaver(
  identity: Pick<Identity, 'kind' | 'uid' | 'id' | 'login' | 'name'>,
  era: Pick<EraRules, 'serviceAccountSaver' | 'serviceAccountSavedAsProvisioning'>,
  storage: 'legacy' | 'unified',
): RecordedSaver {
  if (storage === 'legacy' && identity.kind === 'service-account' && era.serviceAccountSavedAsProvisioning) {
    return { userId: PROVISIONING_USER_ID, name: 'Anonymous', ref: PROVISIONING_REF };
  }
  return { userId: identity.id, name: legacySaverName(identity, era), ref: identityRef(identity, storage) };
}

/** The name a Kubernetes user.Info gives the caller (identity.StaticRequester.GetName: name, else login, else email). */
export function k8sUserName(identity: Pick<Identity, 'name' | 'login' | 'email'>): string {
  return identity.name || identity.login || identity.email;
}
