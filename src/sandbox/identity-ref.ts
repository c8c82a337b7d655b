import type { Identity } from './authenticate.js';

/**
 * The typed identity Grafana writes into grafana.app/createdBy and updatedBy (authlib claims.NewTypeID):
 * `user:<uid>`, `service-account:<uid>`; file provisioning (created_by -1) is `provisioning:`.
 */
export function identityRef(identity: Pick<Identity, 'kind' | 'uid'>): string {
  return `${identity.kind === 'service-account' ? 'service-account' : 'user'}:${identity.uid}`;
}

export const PROVISIONING_REF = 'provisioning:';

/** The name a Kubernetes user.Info gives the caller (identity.StaticRequester.GetName: name, else login, else email). */
export function k8sUserName(identity: Pick<Identity, 'name' | 'login' | 'email'>): string {
  return identity.name || identity.login || identity.email;
}
