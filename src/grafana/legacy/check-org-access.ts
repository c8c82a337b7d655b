import { ConfigError } from '../../errors.js';
import type { GrafanaApi } from './legacy-api.js';

/**
 * Grafana signs a basic-auth user into an org they are not a member of without a role: reads
 * come back empty and writes get 403, so a plan would show every dashboard as a create.
 * Refuse up front instead. (Service account tokens naming another org already get a 401.)
 */
export async function checkOrgAccess(api: GrafanaApi, orgIdFrom = '--org-id / GRAFANA_ORG_ID'): Promise<void> {
  if (api.orgId === undefined) return;
  const memberOf = await api.memberOrgIds();
  if (memberOf === null || memberOf.includes(api.orgId)) return;
  throw new ConfigError([
    `org ${api.orgId} (${orgIdFrom}): this user is not a member of it or it does not exist` +
      (memberOf.length > 0 ? `; the user belongs to org ${memberOf.join(', ')}` : ''),
  ]);
}
