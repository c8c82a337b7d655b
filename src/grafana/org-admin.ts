import { RequestInterruptedError } from '../errors.js';
import type { UserOrg } from './legacy/endpoints/user-orgs.js';

/**
 * Whether these credentials are an org Admin in the org they act in. Known only for a basic-auth user (`userOrgs`: GET
 * /api/user/orgs names the role in each org); null for a token (Grafana shows a service account its role nowhere it may
 * read), or when Grafana would not say.
 */
export async function isOrgAdmin(userOrgs: (() => Promise<UserOrg[]>) | null, actingOrgId: () => Promise<number | null>): Promise<boolean | null> {
  if (userOrgs === null) return null;
  try {
    const orgId = await actingOrgId();
    const org = orgId === null ? undefined : (await userOrgs()).find((member) => member.orgId === orgId);
    return org === undefined ? null : org.role === 'Admin';
  } catch (error) {
    if (error instanceof RequestInterruptedError) throw error;
    return null;
  }
}
