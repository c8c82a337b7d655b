import type { GrafanaRequester } from '../../http/request.js';

/** GET /api/user/orgs: ids of the orgs the signed-in user belongs to. */
export async function fetchUserOrgIds(http: GrafanaRequester): Promise<number[]> {
  const orgs = await http.send('GET', '/api/user/orgs');
  if (!Array.isArray(orgs)) return [];
  return orgs.flatMap((org: unknown) =>
    typeof org === 'object' && org !== null && typeof (org as { orgId?: unknown }).orgId === 'number' ? [(org as { orgId: number }).orgId] : [],
  );
}
