import type { GrafanaRequester } from '../../http/request.js';
import { asObject, isObject, segment } from '../../http/response-fields.js';

/** One entry of Grafana's display list: the identity and the name people see for it. */
export interface IdentityDisplay {
  type: string;
  name: string;
  displayName: string;
  /** The legacy numeric id; 0 when Grafana gives none. */
  internalId: number;
}

/**
 * `GET /apis/iam.grafana.app/v0alpha1/namespaces/<ns>/display?key=…` (pkg/registry/apis/iam/display):
 * the names Grafana's own UI shows for typed identities (`user:<uid>`, `service-account:<uid>`).
 * Entries it cannot read are skipped; which key each answers is the caller's to match.
 */
export async function fetchDisplay(http: GrafanaRequester, namespace: string, keys: readonly string[]): Promise<IdentityDisplay[]> {
  const query = keys.map((key) => `key=${encodeURIComponent(key)}`).join('&');
  const body = asObject(await http.send('GET', `/apis/iam.grafana.app/v0alpha1/namespaces/${segment(namespace)}/display?${query}`));
  const entries = Array.isArray(body.display) ? body.display : [];
  return entries.flatMap((entry): IdentityDisplay[] => {
    if (!isObject(entry) || !isObject(entry.identity) || typeof entry.displayName !== 'string') return [];
    const { type, name } = entry.identity;
    if (typeof type !== 'string') return [];
    return [{ type, name: typeof name === 'string' ? name : '', displayName: entry.displayName, internalId: typeof entry.internalId === 'number' ? entry.internalId : 0 }];
  });
}
